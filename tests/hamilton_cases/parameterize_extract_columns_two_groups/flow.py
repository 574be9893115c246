import pandas as pd
from hamilton.function_modifiers import (
    ParameterizedExtract,
    parameterize_extract_columns,
    source,
    value,
)


@parameterize_extract_columns(
    ParameterizedExtract(
        ("north_low", "north_high"), {"readings": source("north"), "spread": value(0.5)}
    ),
    ParameterizedExtract(
        ("south_low", "south_high"), {"readings": source("south"), "spread": value(2.0)}
    ),
)
def bands(readings: list, spread: float) -> pd.DataFrame:
    series = pd.Series(readings)
    return pd.DataFrame({"lo": series - spread, "hi": series + spread})
