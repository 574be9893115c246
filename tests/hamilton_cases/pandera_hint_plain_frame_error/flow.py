import pandas as pd
from plugins import h_pandera


@h_pandera.check_output()
def people() -> pd.DataFrame:
    return pd.DataFrame({"age": [1]})
