"""Caption an image, then generate a new image from that caption.

``image_source`` is a local file (sent inside the request, base64-encoded, so
the service never needs to reach your disk) or an ``http(s)`` URL (the service
fetches it). A vision chat model writes the caption; the caption, restyled by
``generation_style``, becomes the prompt for the image model, whose picture is
written as PNG bytes.

Needs an OpenAI-compatible API with vision and image models: set
``OPENAI_API_KEY`` (``flows/openai_client.py`` says so clearly when it is not).
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

import openai

from dagrun import cache, retry, tag, timeout

RETRYABLE = (
    openai.RateLimitError,
    openai.APIConnectionError,
    openai.InternalServerError,
    TimeoutError,
)
DEFAULT_CAPTION_PROMPT = "Describe this image in one detailed sentence: subject, setting, light."


@cache(behavior="recompute")  # the file may change under the same path: read it again
def image_url(image_source: str) -> str:
    """A URL the vision model can read: remote URLs as they are, local files as data URLs.

    Raises:
        FileNotFoundError: a local path that does not exist.
        ValueError: a local file that is not an image type the API accepts.
    """
    if image_source.startswith(("http://", "https://", "data:")):
        return image_source
    path = Path(image_source)
    kind = mimetypes.guess_type(path.name)[0]
    if kind not in ("image/png", "image/jpeg", "image/gif", "image/webp"):
        raise ValueError(f"{path} is not a PNG, JPEG, GIF or WebP image (guessed {kind})")
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{kind};base64,{encoded}"


@tag(pool="openai")
@retry(times=3, on=RETRYABLE, backoff=1.0)
@timeout(seconds=90)
def caption(
    image_url: str,
    openai_client: openai.OpenAI,
    vision_model: str = "gpt-4o-mini",
    caption_prompt: str = DEFAULT_CAPTION_PROMPT,
) -> str:
    """What the vision model sees in the image, in one sentence."""
    response = openai_client.chat.completions.create(
        model=vision_model,
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": caption_prompt},
                    {"type": "image_url", "image_url": {"url": image_url}},
                ],
            }
        ],
    )
    return response.choices[0].message.content.strip()


def generation_prompt(caption: str, generation_style: str = "a watercolour painting") -> str:
    """The caption fed back as the subject of a new picture in ``generation_style``."""
    subject = caption.strip().rstrip(".")
    return f"{generation_style[:1].upper()}{generation_style[1:]} of this scene: {subject}."


@tag(pool="openai")
@retry(times=3, on=RETRYABLE, backoff=1.0)
@timeout(seconds=180)
def generated_image(
    generation_prompt: str,
    openai_client: openai.OpenAI,
    image_model: str = "dall-e-3",
    image_size: str = "1024x1024",
) -> bytes:
    """The image model's picture for the prompt, as the bytes of a PNG file."""
    response = openai_client.images.generate(
        model=image_model,
        prompt=generation_prompt,
        size=image_size,
        n=1,
        response_format="b64_json" if image_model.startswith("dall-e") else openai.NOT_GIVEN,
    )
    return base64.b64decode(response.data[0].b64_json)
