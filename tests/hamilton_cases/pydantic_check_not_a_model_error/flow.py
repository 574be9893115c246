from plugins import h_pydantic


@h_pydantic.check_output()
def point() -> dict:
    return {"x": 1, "y": 2}
