"""The OpenAI client as a node, shared by the LLM flows through their run files.

Any OpenAI-compatible service works: OpenAI itself (the default), or a local
Ollama or vLLM server given as ``base_url`` (for example
``http://localhost:11434/v1``). The key comes from ``OPENAI_API_KEY``; a local
server that ignores keys needs none.

The client never retries by itself (``max_retries=0``): the nodes that call it
carry dagrun's ``@retry``, so every attempt and wait is in the run record.
``@cache(behavior="ignore")`` keeps the client itself out of the cache keys of
the nodes that use it: a new client object is not a reason to pay for the same
API call again.

A live client holds locks and a connection pool, which cannot travel to
another process; this one pickles as its settings (key included) and is
rebuilt where it lands, so the LLM flows run unchanged on the processes and
Dask executors.
"""

from __future__ import annotations

import os

import openai

from dagrun import cache

KEY_VARIABLE = "OPENAI_API_KEY"


@cache(behavior="ignore")
def openai_client(base_url: str | None = None, request_timeout: float = 60.0) -> openai.OpenAI:
    """A client for ``base_url`` (None: api.openai.com) that leaves retrying to dagrun.

    Raises:
        RuntimeError: OPENAI_API_KEY is not set and the service is OpenAI's own.
    """
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if not key and base_url is None:
        raise RuntimeError(
            f"{KEY_VARIABLE} is not set: export {KEY_VARIABLE}=sk-... to call the OpenAI API, "
            "or set base_url in the run file's inputs to use a local OpenAI-compatible server"
        )
    return PortableClient(key or "no-key-needed", base_url, request_timeout)


class PortableClient(openai.OpenAI):
    """An OpenAI client that travels to worker processes as the settings it was made from."""

    def __init__(self, api_key: str, base_url: str | None, request_timeout: float) -> None:
        super().__init__(api_key=api_key, base_url=base_url, max_retries=0, timeout=request_timeout)
        self._settings = (api_key, base_url, request_timeout)

    def __reduce__(self) -> tuple[type[PortableClient], tuple[str, str | None, float]]:
        return (PortableClient, self._settings)
