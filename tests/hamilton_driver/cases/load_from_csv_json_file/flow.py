import pandas as pd
from hamilton.function_modifiers import load_from, source, value


@load_from.csv(path=source("csv_path"))
def frame(raw: pd.DataFrame) -> pd.DataFrame:
    return raw.assign(total=raw["a"] + raw["b"])


@load_from.json(path=source("json_path"), inject_="data")
def keys(data: dict, extra: int) -> list:
    return [*sorted(data), extra]


@load_from.json(path=source("json_path"), inject_="first")
@load_from.json(path=source("other_json_path"), inject_="second")
def merged(first: dict, second: dict) -> dict:
    return {**first, **second}


@load_from.file(path=value("TEXT_PATH"))
def words(text: str) -> list:
    return text.split()


@load_from.pickle(path=source("pickle_path"))
def unpickled(thing: object) -> list:
    return sorted(thing)
