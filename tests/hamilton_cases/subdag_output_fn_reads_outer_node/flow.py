"""The subdag's output function also takes a parameter from outside the subdag."""

import inner
from hamilton.function_modifiers import source, subdag


def min_words(threshold: int) -> int:
    return threshold + 1


@subdag(inner, inputs={"text": source("doc")}, namespace="doc_stats")
def long_enough(word_count: int, min_words: int) -> bool:
    return word_count >= min_words


def verdict(long_enough: bool, doc: str) -> str:
    return ("long:" if long_enough else "short:") + doc[:5]
