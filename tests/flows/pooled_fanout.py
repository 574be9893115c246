"""One rate-limited call per document, the way an LLM step fans out."""

import time
from pathlib import Path

from dagrun import Collect, Parallelizable, tag


def doc(docs: list[str]) -> Parallelizable[str]:
    yield from docs


@tag(pool="api")
def answer(doc: str, log_dir: str) -> str:
    started = time.time()
    time.sleep(0.1)
    with (Path(log_dir) / "calls.log").open("a") as log:
        log.write(f"{started} {time.time()}\n")
    return doc.upper()


def answers(answer: Collect[str]) -> list[str]:
    return list(answer)
