import speeds
from hamilton.function_modifiers import configuration, subdag, value


@subdag(speeds, config={"mode": configuration("outer_mode")}, external_inputs=[])
def fast_one(speed: int, described: str) -> str:
    return f"{described}:{speed}"


@subdag(speeds, config={"mode": value("slow")})
def slow_one(speed: int, described: str) -> str:
    return f"{described}:{speed}"
