"""Fixtures for the example flows: a local OpenAI-speaking server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai_server import OpenAIServer


@pytest.fixture()
def api() -> Iterator[OpenAIServer]:
    """A fresh server per test, so no slow reply of an earlier test is still in flight."""
    server = OpenAIServer().start()
    yield server
    server.stop()
