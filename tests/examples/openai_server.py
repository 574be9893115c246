"""A real HTTP server on 127.0.0.1 that speaks the OpenAI API, for the flows' tests.

It is the only test double in the suite. The flows talk to it with the real
``openai`` client over a real socket, so request encoding, status handling and
dagrun's retries are exercised as they would be against the real service.

Routes (under ``/v1``): ``POST /chat/completions``, ``POST /images/generations``,
``POST /embeddings``. Each checks the request's shape as the service would
(``400`` with an OpenAI-style error body when it is wrong), records it, and
answers with a canned, deterministic response:

- chat: ``reply(body)``, by default the first words of the last user message,
  or a fixed caption when the message carries an image;
- images: a small PNG, as ``b64_json`` or as a URL served by this server;
- embeddings: hashed bag-of-words vectors, so texts sharing words are close.

``fail_next(status, times)`` makes the next requests fail (``429`` with a
``retry-after`` header, ``500``, ...); ``delay_next(seconds)`` makes them slow.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

IMAGE_CAPTION = "A red and white striped lighthouse on a dark rock above the sea at dusk."
ROLES = {"system", "developer", "user", "assistant"}
DATA_URL = re.compile(r"data:image/(png|jpeg|gif|webp);base64,(.+)", re.DOTALL)


class BadRequest(Exception):
    """A request the real service would refuse with 400."""


@dataclass
class Recorded:
    """One request the server received: route, JSON body and headers (names lower-cased)."""

    route: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class _Injected:
    status: int
    delay: float = 0.0


@dataclass
class OpenAIServer:
    """Serve the OpenAI routes on 127.0.0.1 until ``stop()``; see the module docstring."""

    reply: Callable[[dict[str, Any]], str] | None = None
    requests: list[Recorded] = field(default_factory=list)
    most_in_flight: int = 0  # the most requests being answered at one moment
    _queue: list[_Injected] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: ThreadingHTTPServer | None = None
    _in_flight: int = 0

    def start(self) -> OpenAIServer:
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        """The ``base_url`` to give an OpenAI client."""
        assert self._httpd is not None, "start() the server first"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``status`` and an error body."""
        with self._lock:
            self._queue.extend(_Injected(status) for _ in range(times))

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """Answer the next ``times`` requests normally, but only after ``seconds``."""
        with self._lock:
            self._queue.extend(_Injected(200, seconds) for _ in range(times))

    def routes(self) -> list[str]:
        """The routes requested so far, in order."""
        return [r.route for r in self.requests]

    def entered(self, delta: int) -> None:
        """Count a request in (+1) or out (-1), keeping the peak."""
        with self._lock:
            self._in_flight += delta
            self.most_in_flight = max(self.most_in_flight, self._in_flight)

    def _next_injection(self) -> _Injected | None:
        with self._lock:
            return self._queue.pop(0) if self._queue else None

    def answer(self, route: str, body: dict[str, Any]) -> dict[str, Any]:
        """The canned response for a checked request."""
        if route == "/v1/chat/completions":
            return _chat_response(body, (self.reply or default_reply)(body))
        if route == "/v1/images/generations":
            return _image_response(body, self.url)
        if route == "/v1/embeddings":
            return _embedding_response(body)
        raise LookupError(route)


class _Handler(BaseHTTPRequestHandler):
    server_state: OpenAIServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        if self.path == "/files/generated.png":
            self._send(200, PNG, "image/png")
        else:
            self._send_error(404, "not_found", f"no route {self.path}")

    def do_POST(self) -> None:
        state = self.server_state
        raw = self.rfile.read(int(self.headers.get("content-length", 0)))
        try:
            body = _checked(self.path, dict(self.headers), raw)
        except LookupError:
            return self._send_error(404, "not_found", f"no route {self.path}")
        except BadRequest as error:
            return self._send_error(400, "invalid_request_error", str(error))
        headers = {key.lower(): val for key, val in self.headers.items()}
        state.requests.append(Recorded(self.path, body, headers))
        state.entered(+1)
        try:
            status, payload = self._outcome(state, body)
        finally:
            # Leave before answering: once the client has the answer it may send the
            # next request, and that one must not see this one still in flight.
            state.entered(-1)
        if status != 200:
            return self._send_error(status, "injected", "injected failure")
        self._send(200, json.dumps(payload).encode(), "application/json")

    def _outcome(self, state: OpenAIServer, body: dict[str, Any]) -> tuple[int, Any]:
        """The status and body to answer with, after any injected delay."""
        injected = state._next_injection()
        if injected is not None:
            time.sleep(injected.delay)
            if injected.status != 200:
                return injected.status, None
        return 200, state.answer(self.path, body)

    def _send_error(self, status: int, kind: str, message: str) -> None:
        payload = {"error": {"message": message, "type": kind, "param": None, "code": None}}
        extra = {"retry-after": "0"} if status == 429 else {}
        self._send(status, json.dumps(payload).encode(), "application/json", extra)

    def _send(
        self, status: int, data: bytes, kind: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(data)))
        for key, val in (extra or {}).items():
            self.send_header(key, val)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test): nobody to answer


# ---- request checks -------------------------------------------------------------


def _checked(route: str, headers: dict[str, str], raw: bytes) -> dict[str, Any]:
    """The request body, after the checks the real service makes."""
    check = CHECKS.get(route)
    if check is None:
        raise LookupError(route)
    lowered = {k.lower(): v for k, v in headers.items()}
    if not lowered.get("authorization", "").removeprefix("Bearer ").strip():
        raise BadRequest("missing bearer token in the Authorization header")
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise BadRequest(f"the body is not JSON: {error}") from None
    _require(isinstance(body, dict), "the body must be a JSON object")
    _require(isinstance(body.get("model"), str) and body["model"], "'model' must be a string")
    check(body)
    return body


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise BadRequest(message)


def _check_chat(body: dict[str, Any]) -> None:
    messages = body.get("messages")
    _require(isinstance(messages, list) and messages, "'messages' must be a non-empty list")
    for message in messages:
        _require(isinstance(message, dict), "each message must be an object")
        _require(message.get("role") in ROLES, f"unknown role {message.get('role')!r}")
        content = message.get("content")
        if isinstance(content, list):
            for part in content:
                _check_part(part)
        else:
            _require(isinstance(content, str) and content, "content must be text or parts")


def _check_part(part: Any) -> None:
    _require(isinstance(part, dict), "each content part must be an object")
    if part.get("type") == "text":
        _require(isinstance(part.get("text"), str), "a text part needs 'text'")
        return
    _require(part.get("type") == "image_url", f"unknown content part {part.get('type')!r}")
    url = (part.get("image_url") or {}).get("url", "")
    match = DATA_URL.fullmatch(url)
    if match:
        try:
            base64.b64decode(match.group(2), validate=True)
        except binascii.Error:
            raise BadRequest("the image data URL is not valid base64") from None
        return
    _require(url.startswith(("http://", "https://")), "image_url needs an http(s) or data URL")


def _check_images(body: dict[str, Any]) -> None:
    _require(isinstance(body.get("prompt"), str) and body["prompt"], "'prompt' must be text")
    size = body.get("size", "1024x1024")
    _require(isinstance(size, str) and re.fullmatch(r"\d+x\d+|auto", size), "bad 'size'")
    _require(body.get("response_format", "b64_json") in ("b64_json", "url"), "bad format")


def _check_embeddings(body: dict[str, Any]) -> None:
    texts = body.get("input")
    texts = [texts] if isinstance(texts, str) else texts
    _require(isinstance(texts, list) and texts, "'input' must be text or a list of texts")
    _require(all(isinstance(t, str) and t for t in texts), "every input must be non-empty text")
    fmt = body.get("encoding_format", "float")
    _require(fmt in ("float", "base64"), "'encoding_format' must be float or base64")


CHECKS = {
    "/v1/chat/completions": _check_chat,
    "/v1/images/generations": _check_images,
    "/v1/embeddings": _check_embeddings,
}


# ---- canned answers ---------------------------------------------------------------


def default_reply(body: dict[str, Any]) -> str:
    """A fixed caption for a message with an image, else the user text's first 12 words."""
    content = body["messages"][-1]["content"]
    if isinstance(content, list):
        if any(part["type"] == "image_url" for part in content):
            return IMAGE_CAPTION
        content = " ".join(part["text"] for part in content if part["type"] == "text")
    return " ".join(content.split()[:12])


def _chat_response(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _image_response(body: dict[str, Any], base_url: str) -> dict[str, Any]:
    if body.get("response_format") == "url":
        item = {"url": base_url.removesuffix("/v1") + "/files/generated.png"}
    else:
        item = {"b64_json": base64.b64encode(PNG).decode()}
    return {"created": 0, "data": [dict(item, revised_prompt=body["prompt"])]}


def _embedding_response(body: dict[str, Any]) -> dict[str, Any]:
    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
    dims = int(body.get("dimensions") or 64)
    data = []
    for index, text in enumerate(texts):
        vector = hashed_embedding(text, dims)
        if body.get("encoding_format") == "base64":
            encoded: Any = base64.b64encode(vector.astype("<f4").tobytes()).decode()
        else:
            encoded = vector.tolist()
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    usage = {"prompt_tokens": len(texts), "total_tokens": len(texts)}
    return {"object": "list", "data": data, "model": body["model"], "usage": usage}


def hashed_embedding(text: str, dims: int) -> np.ndarray:
    """A unit vector summing one signed hashed slot per word: shared words, close vectors."""
    vector = np.zeros(dims)
    for word in re.findall(r"[a-z]+", text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        vector[int.from_bytes(digest[:4], "little") % dims] += 1 if digest[4] % 2 else -1
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def _png(width: int = 4, height: int = 4) -> bytes:
    """A small solid-blue PNG, the "generated image"."""
    rows = b"".join(b"\x00" + bytes((30, 60, 200)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()
