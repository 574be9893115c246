"""mutate on several targets: apply_to(...).named/.when/.on_output, joining a pipe_output."""

from hamilton.function_modifiers import apply_to, extract_fields, mutate, pipe_output, step


def _plus_five(x: int) -> int:
    return x + 5


def base() -> int:
    return 2


def a(base: int) -> int:
    return base + 1


@pipe_output(step(_plus_five))
def b(base: int) -> int:
    return base * 10


@extract_fields({"f1": int, "f2": int})
def c(base: int) -> dict[str, int]:
    return {"f1": base, "f2": base * 2}


@mutate(a, b)
def double(x: int) -> int:
    return x * 2


@mutate(apply_to(a).named("tripled"), apply_to(c).on_output("f2"))
def _triple(x: int) -> int:
    return x * 3


@mutate(apply_to(b).when(mode="neg"), apply_to(a).when_not(mode="neg"))
def _negate(x: int) -> int:
    return -x


@mutate(apply_to(a).when_in(mode=["neg", "other"]).named("minus_one", namespace=None))
def _dec(x: int) -> int:
    return x - 1
