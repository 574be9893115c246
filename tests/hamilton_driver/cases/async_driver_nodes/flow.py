import asyncio


async def fetched(x: int) -> int:
    await asyncio.sleep(0.3)
    return x + 1


async def other(x: int) -> int:
    await asyncio.sleep(0.3)
    return x * 2


def total(fetched: int, other: int) -> int:
    return fetched + other


async def doubled(total: int) -> int:
    await asyncio.sleep(0)
    return total * 2


def plain(x: int) -> int:
    return x - 1


async def opened(gate: asyncio.Event) -> str:
    await gate.wait()
    return "opened"


async def failing(x: int) -> int:
    await asyncio.sleep(0)
    raise ValueError(f"bad x: {x}")


def after_failing(failing: int) -> int:
    return failing + 1
