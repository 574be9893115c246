from hamilton.function_modifiers import ParameterizedExtract, parameterize_extract_columns, source


@parameterize_extract_columns(ParameterizedExtract(("a", "b"), {"count": source("n")}))
def bands(count: int) -> dict:
    return {"a": count, "b": count}
