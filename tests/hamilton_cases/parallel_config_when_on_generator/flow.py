from hamilton.function_modifiers import config
from hamilton.htypes import Collect, Parallelizable


@config.when(order="rev")
def item__rev(items: list) -> Parallelizable[int]:
    yield from reversed(items)


@config.when(order="fwd")
def item__fwd(items: list) -> Parallelizable[int]:
    yield from items


def labelled(item: int) -> str:
    return str(item)


def joined(labelled: Collect[str]) -> str:
    return ",".join(labelled)
