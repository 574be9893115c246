"""flows/openai_client.py: the shared client node and its missing-key message."""

from __future__ import annotations

import pytest
from example_support import load_flow

oc = load_flow("openai_client")


def test_missing_key_for_the_hosted_api_names_the_variable(monkeypatch):
    """Without OPENAI_API_KEY and without a base_url the node stops and names the variable."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(RuntimeError, match="OPENAI_API_KEY is not set"):
        oc.openai_client()


def test_local_server_needs_no_key_and_the_client_never_retries(monkeypatch, api):
    """A base_url alone is enough; the client leaves retries to dagrun and uses our timeout."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    client = oc.openai_client(base_url=api.url, request_timeout=7.5)
    assert client.max_retries == 0
    assert client.timeout == 7.5
    assert str(client.base_url).rstrip("/") == api.url


def test_the_key_from_the_environment_is_sent(monkeypatch, api):
    """OPENAI_API_KEY reaches the server as the bearer token."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    client = oc.openai_client(base_url=api.url)
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert api.requests[0].headers["authorization"] == "Bearer sk-from-env"
