import speeds
from hamilton.function_modifiers import source, subdag


@subdag(speeds, config={"mode": source("outer_mode")})
def fast_one(speed: int, described: str) -> str:
    return f"{described}:{speed}"
