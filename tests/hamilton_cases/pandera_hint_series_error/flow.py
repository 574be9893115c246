import pandas as pd
from pandera.typing.pandas import Series
from plugins import h_pandera


@h_pandera.check_output()
def ages() -> Series[int]:
    return pd.Series([1, 2])
