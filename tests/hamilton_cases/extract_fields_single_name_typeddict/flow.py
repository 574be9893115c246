"""@extract_fields('name') with one field name (a string) and a TypedDict return."""

from typing import TypedDict

from hamilton.function_modifiers import extract_fields


class Profile(TypedDict):
    username: str
    age: int


@extract_fields("username")
def profile(raw: str) -> Profile:
    name, age = raw.split(":")
    return {"username": name, "age": int(age)}
