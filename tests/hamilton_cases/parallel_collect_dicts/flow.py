"""Each item produces a dict; Collect gathers a list of dicts."""

from hamilton.htypes import Collect, Parallelizable


def record(names: list) -> Parallelizable[str]:
    yield from names


def profile(record: str) -> dict:
    return {"name": record, "length": len(record), "vowels": sum(c in "aeiou" for c in record)}


def profiles(profile: Collect[dict]) -> list:
    return list(profile)


def by_name(profiles: list) -> dict:
    return {p["name"]: p["vowels"] for p in profiles}
