"""config.when picks which @parameterize'd function makes the nodes."""

from hamilton.function_modifiers import config, parameterize, source, value


@parameterize(
    short_window={"series": source("prices"), "n": value(2)},
    long_window={"series": source("prices"), "n": value(4)},
)
@config.when(avg="mean")
def window__mean(series: list, n: int) -> float:
    tail = series[-n:]
    return sum(tail) / len(tail)


@parameterize(
    short_window={"series": source("prices"), "n": value(2)},
    long_window={"series": source("prices"), "n": value(4)},
)
@config.when(avg="max")
def window__max(series: list, n: int) -> float:
    return float(max(series[-n:]))


def spread(short_window: float, long_window: float) -> float:
    return short_window - long_window
