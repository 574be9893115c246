"""@unpack_fields naming fewer fields than the tuple has: the leading ones are unpacked."""

from hamilton.function_modifiers import unpack_fields


@unpack_fields("first", "second")
def triple(seed: int) -> tuple[int, int, str]:
    return seed, seed * 2, "unused"
