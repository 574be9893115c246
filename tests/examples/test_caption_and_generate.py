"""flows/caption_and_generate.py: image URLs, captioning, generation, and the CLI."""

from __future__ import annotations

import base64

import openai
import pytest
from example_support import DATA, execute, load_flow, read_run_record, run_dagrun
from openai_server import IMAGE_CAPTION, PNG

cg = load_flow("caption_and_generate")
PICTURE = DATA / "images" / "lighthouse.png"


def _client(server) -> openai.OpenAI:
    return openai.OpenAI(api_key="test", base_url=server.url, max_retries=0)


def test_a_local_image_becomes_a_base64_data_url():
    """A local PNG is sent inside the request: its bytes come back out of the data URL."""
    url = cg.image_url(str(PICTURE))
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    assert base64.b64decode(url[len(prefix) :]) == PICTURE.read_bytes()


def test_a_remote_image_url_is_passed_through():
    """An https URL is left for the service to fetch."""
    assert cg.image_url("https://example.org/cat.jpg") == "https://example.org/cat.jpg"


def test_a_file_that_is_not_an_image_is_refused(tmp_path):
    """A local file of another type is an error before any request is made."""
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    with pytest.raises(ValueError, match="not a PNG, JPEG, GIF or WebP"):
        cg.image_url(str(text))


def test_generation_prompt_feeds_the_caption_into_the_style():
    """The caption, without its full stop, becomes the subject of the styled prompt."""
    prompt = cg.generation_prompt("A lighthouse at dusk.", "an oil painting")
    assert prompt == "An oil painting of this scene: A lighthouse at dusk."


def test_caption_sends_text_and_image_parts(api):
    """The vision request carries the prompt and the image URL as two content parts."""
    url = cg.image_url(str(PICTURE))
    assert cg.caption(url, _client(api), vision_model="v-1", caption_prompt="What?") == (
        IMAGE_CAPTION
    )
    (request,) = api.requests
    parts = request.body["messages"][0]["content"]
    assert request.body["model"] == "v-1"
    assert parts == [
        {"type": "text", "text": "What?"},
        {"type": "image_url", "image_url": {"url": url}},
    ]


def test_the_server_refuses_a_malformed_image(api):
    """A data URL that is not base64 is a 400 the flow surfaces as BadRequestError."""
    with pytest.raises(openai.BadRequestError, match="not valid base64"):
        cg.caption("data:image/png;base64,@@@", _client(api))


def test_generated_image_decodes_the_returned_png(api):
    """The image request asks dall-e for base64 JSON; the node returns the PNG's bytes."""
    image = cg.generated_image("A lighthouse.", _client(api), image_size="512x512")
    assert image == PNG
    body = api.requests[0].body
    assert body["response_format"] == "b64_json" and body["size"] == "512x512"


def test_newer_image_models_are_not_sent_a_response_format(api):
    """Models other than dall-e answer in base64 anyway and refuse the parameter."""
    cg.generated_image("A lighthouse.", _client(api), image_model="gpt-image-1")
    assert "response_format" not in api.requests[0].body


# ---- end to end through the dagrun executable -------------------------------------------


def test_without_a_key_the_run_stops_and_names_openai_api_key(tmp_path):
    """Without OPENAI_API_KEY the run fails (exit 1), names the variable and writes no image."""
    done = run_dagrun(
        "execute", "configs/caption_and_generate.yaml", "-o", str(tmp_path),
        state_dir=tmp_path / "state",
    )  # fmt: skip
    assert done.returncode == 1
    assert "OPENAI_API_KEY is not set" in done.stderr
    assert not (tmp_path / "generated_image.png").exists()
    assert read_run_record(tmp_path)["nodes"]["openai_client"]["status"] == "failed"


def test_with_a_server_the_run_captions_then_generates(tmp_path, api):
    """Against the local server the caption, prompt and picture are written, retried past a 429."""
    api.fail_next(429)
    execute(
        "caption_and_generate.yaml",
        tmp_path,
        "-i",
        f"base_url={api.url}",
        env={"OPENAI_API_KEY": "test-key"},
    )
    assert (tmp_path / "caption.txt").read_text() == IMAGE_CAPTION
    prompt = (tmp_path / "generation_prompt.txt").read_text()
    assert IMAGE_CAPTION.rstrip(".") in prompt
    assert (tmp_path / "generated_image.png").read_bytes() == PNG
    assert api.routes() == ["/v1/chat/completions"] * 2 + ["/v1/images/generations"]
    assert api.requests[-1].body["prompt"] == prompt
    assert read_run_record(tmp_path)["nodes"]["caption"]["attempts"] == 2


def test_a_second_run_reuses_the_caption_and_image_without_calling_the_api(tmp_path, api):
    """The client is left out of cache keys, so an unchanged rerun makes no request at all."""
    args = ("-i", f"base_url={api.url}")
    execute("caption_and_generate.yaml", tmp_path, *args, env={"OPENAI_API_KEY": "test-key"})
    assert len(api.requests) == 2
    execute("caption_and_generate.yaml", tmp_path, *args, env={"OPENAI_API_KEY": "test-key"})
    assert len(api.requests) == 2
    nodes = read_run_record(tmp_path)["nodes"]
    assert nodes["caption"]["status"] == nodes["generated_image"]["status"] == "cached"
    assert (tmp_path / "generated_image.png").read_bytes() == PNG
