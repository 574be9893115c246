"""Fixtures for the example flows: a local OpenAI-speaking server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai_server import OpenAIServer


@pytest.fixture(scope="session")
def openai_server() -> Iterator[OpenAIServer]:
    """One local OpenAI-speaking server for the session; each test starts it clean."""
    server = OpenAIServer().start()
    yield server
    server.stop()


@pytest.fixture()
def api(openai_server: OpenAIServer) -> OpenAIServer:
    """The session's server with no recorded requests, injected failures or custom reply."""
    openai_server.reset()
    return openai_server
