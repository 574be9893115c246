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
    return openai.OpenAI(
        api_key=key or "no-key-needed",
        base_url=base_url,
        max_retries=0,
        timeout=request_timeout,
    )
