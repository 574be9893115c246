from hamilton.function_modifiers import parameterized_inputs


def left() -> int:
    return 3


def right() -> int:
    return 10


@parameterized_inputs(left_plus=dict(value="left"), right_plus=dict(value="right"))
def plus_one(value: int, step: int = 1) -> int:
    return value + step
