"""A small flow of async def and def nodes for the async driver's unit tests."""

import asyncio

from dagrun.hamilton.function_modifiers import extract_fields


async def a(x: int) -> int:
    await asyncio.sleep(0)
    return x + 1


def b(a: int) -> int:
    return a * 10


@extract_fields({"low": int, "high": int})
async def bounds(b: int, *, spread: int = 1) -> dict:
    await asyncio.sleep(0)
    return {"low": b - spread, "high": b + spread}


async def waits(gate: asyncio.Event) -> str:
    await gate.wait()
    return "opened"
