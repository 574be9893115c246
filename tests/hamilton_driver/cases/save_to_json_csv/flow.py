import pandas as pd
from hamilton.function_modifiers import save_to, source, value


def data() -> dict:
    return {"b": 2, "a": 1}


@save_to.json(path=source("out_path"), output_name_="saved_mapping")
def mapping(data: dict) -> dict:
    return {"keys": sorted(data)}


@save_to.csv(path=value("CSV_PATH"))
def table(data: dict) -> pd.DataFrame:
    return pd.DataFrame({"k": list(data), "v": list(data.values())})
