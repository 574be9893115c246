"""flows/summarize.py: chunking, prompts, both summarisers, and runs with retries."""

from __future__ import annotations

import json

import numpy as np
import openai
import pytest
from example_support import DATA, execute, load_flow, read_run_record

import dagrun

sm = load_flow("summarize")
ARTICLE = DATA / "articles" / "night_trains.txt"
TEXT = ARTICLE.read_text()


def _client(server, **kwargs) -> openai.OpenAI:
    return openai.OpenAI(api_key="test", base_url=server.url, max_retries=0, **kwargs)


def test_sentences_end_headings_with_a_full_stop():
    """A heading paragraph becomes a sentence of its own, so chunk joins keep it apart."""
    sentences = sm._sentences("A Title\n\nFirst one. Second\nline of two? Third!")
    assert sentences == ["A Title.", "First one.", "Second line of two?", "Third!"]


def test_chunks_respect_the_size_and_never_cut_a_sentence():
    """Chunks stay within chunk_words (unless one sentence is longer) and keep every sentence."""
    pieces = sm.chunks(TEXT, chunk_words=120)
    assert len(pieces) > 3
    assert all(len(p.split()) <= 120 for p in pieces)
    assert sm._sentences(" ".join(pieces)) == sm._sentences(TEXT)


def test_a_sentence_longer_than_a_chunk_is_a_chunk_of_its_own():
    """An over-long sentence is kept whole rather than split mid-sentence."""
    long = "Long " + "word " * 30 + "end."
    pieces = sm.chunks(f"Short one. {long} Tail.", chunk_words=10)
    assert pieces == ["Short one.", long, "Tail."]


def test_each_prompt_style_gives_different_instructions():
    """The three @config.when variants of instructions differ and frame the chunk."""
    styles = {sm.instructions__concise(), sm.instructions__bullets(), sm.instructions__plain()}
    assert len(styles) == 3
    prompt = sm.chunk_prompt("The chunk.", sm.instructions__bullets())
    assert prompt.startswith(sm.instructions__bullets()) and "<<<\nThe chunk.\n>>>" in prompt


def test_summary_prompt_lists_every_chunk_summary():
    """The reduce prompt carries each chunk summary as a bullet, in order."""
    prompt = sm.summary_prompt(["one", "two"], "Be brief.")
    assert prompt.index("- one") < prompt.index("- two") and "Be brief." in prompt


def test_pagerank_ranks_the_hub_of_a_star_highest():
    """TextRank's scores favour the sentence similar to all the others."""
    star = np.zeros((5, 5))
    star[0, 1:] = star[1:, 0] = 1.0
    scores = sm._pagerank(star)
    assert scores.argmax() == 0 and scores.sum() == pytest.approx(1.0)


def test_extractive_summary_keeps_whole_sentences_in_reading_order():
    """The summary is `sentences` of the text's own sentences, in their original order."""
    original = sm._sentences(TEXT)
    picked = sm._sentences(sm._extract_summary(TEXT, 3))
    assert len(picked) == 3
    positions = [original.index(s) for s in picked]
    assert positions == sorted(positions)


def test_extractive_summary_of_a_short_text_is_the_text():
    """With no more sentences than asked for, nothing is dropped."""
    assert sm._extract_summary("One. Two.", 3) == "One. Two."


def test_chunk_summaries_collects_in_document_order():
    """The Collect node turns the per-chunk results back into a list."""
    assert sm.chunk_summaries(iter(["a", "b"])) == ["a", "b"]


# ---- the API path against the local OpenAI server -----------------------------------


def test_openai_chunk_summary_sends_the_prompt_as_a_user_message(api):
    """The chat request carries the model and the prompt; the reply is the summary."""
    api.reply = lambda body: "  A short summary.  "
    answer = sm.chunk_summary__openai("Summarise: text", _client(api), chat_model="m-1")
    assert answer == "A short summary."
    (request,) = api.requests
    assert request.route == "/v1/chat/completions"
    assert request.body["model"] == "m-1"
    assert request.body["messages"] == [{"role": "user", "content": "Summarise: text"}]


def test_a_rate_limit_reaches_dagrun_as_a_retryable_error(api):
    """With the client's own retries off, a 429 surfaces once, as a type @retry retries."""
    api.fail_next(429)
    with pytest.raises(openai.RateLimitError) as caught:
        sm.summary__openai("prompt", _client(api))
    assert isinstance(caught.value, sm.RETRYABLE)
    assert len(api.requests) == 1


# ---- end to end through the dagrun executable -------------------------------------------


def test_offline_run_file_summarises_the_article(tmp_path):
    """configs/summarize.yaml runs offline and writes chunks, chunk summaries and a summary."""
    execute("summarize.yaml", tmp_path)
    chunks = json.loads((tmp_path / "chunks.json").read_text())
    partials = json.loads((tmp_path / "chunk_summaries.json").read_text())
    summary = (tmp_path / "summary.txt").read_text()
    assert len(partials) == len(chunks) > 1
    assert len(sm._sentences(summary)) == 4
    assert set(sm._sentences(summary)) <= set(sm._sentences(TEXT))


def test_openai_run_retries_rate_limits_and_writes_the_models_summary(tmp_path, api):
    """With llm=openai, two injected 429s are retried by dagrun and the run still succeeds."""
    api.reply = lambda body: f"Summary {len(body['messages'][0]['content'])}."
    api.fail_next(429, times=2)
    execute(
        "summarize.yaml",
        tmp_path,
        "--set",
        "llm=openai",
        "--set",
        "prompt_style=bullets",
        "-i",
        f"base_url={api.url}",
        "-i",
        "chat_model=local-model",
        env={"OPENAI_API_KEY": "test-key"},
    )
    chunks = json.loads((tmp_path / "chunks.json").read_text())
    calls = [r for r in api.requests if r.route == "/v1/chat/completions"]
    assert len(calls) == len(chunks) + 1 + 2  # each chunk, the reduce step, two retried 429s
    assert {r.body["model"] for r in calls} == {"local-model"}
    assert all(r.headers["authorization"] == "Bearer test-key" for r in calls)
    assert sm.instructions__bullets() in calls[-1].body["messages"][0]["content"]
    assert (tmp_path / "summary.txt").read_text().startswith("Summary ")
    assert read_run_record(tmp_path)["status"] == "success"


def test_unchanged_openai_rerun_sends_no_request_and_records_the_chunks_cached(tmp_path, api):
    """A second identical run reuses every chunk's answer and the summary: zero API calls."""
    args = ("--set", "llm=openai", "-i", f"base_url={api.url}", "-i", "chunk_words=60")
    execute("summarize.yaml", tmp_path, *args, env={"OPENAI_API_KEY": "test-key"})
    first = len(api.requests)
    chunks = len(json.loads((tmp_path / "chunks.json").read_text()))
    assert first == chunks + 1
    execute("summarize.yaml", tmp_path, *args, env={"OPENAI_API_KEY": "test-key"})
    assert len(api.requests) == first
    nodes = read_run_record(tmp_path)["nodes"]
    assert nodes["chunk_summary"]["status"] == "cached"
    assert nodes["chunk_summary"]["items"] == {"cached": chunks}
    assert nodes["summary"]["status"] == "cached"


def test_openai_run_retries_a_request_that_times_out(tmp_path, api):
    """A reply slower than request_timeout fails that attempt; the retry gets through."""
    api.delay_next(3.0)
    execute(
        "summarize.yaml",
        tmp_path,
        "--set",
        "llm=openai",
        "-i",
        f"base_url={api.url}",
        "-i",
        "request_timeout=0.5",
        "-i",
        "chunk_words=2000",
        env={"OPENAI_API_KEY": "test-key"},
    )
    calls = [r for r in api.requests if r.route == "/v1/chat/completions"]
    assert len(calls) == 1 + 1 + 1  # one chunk (timed out, then retried) and the reduce step


def test_chunks_are_summarised_in_parallel_but_never_beyond_the_pool(api):
    """On threads, chunk requests overlap, yet the openai pool caps them at its size."""
    oc = load_flow("openai_client")
    api.delay_next(0.4, times=8)
    driver = dagrun.Driver(
        {"llm": "openai", "prompt_style": "concise"}, sm, oc,
        executor="threads", max_workers=8, runtime={"pools": {"openai": 2}},
    )  # fmt: skip
    inputs = {"document_path": str(ARTICLE), "chunk_words": 60, "base_url": api.url}
    result = driver.execute(["chunk_summaries"], inputs=inputs)
    assert len(result["chunk_summaries"]) >= 6
    assert api.most_in_flight == 2


def test_the_run_files_thread_executor_summarises_chunks_concurrently(tmp_path, api):
    """summarize.yaml runs on 8 threads, yet its openai pool keeps 4 requests in flight at most."""
    api.delay_next(0.3, times=12)
    execute(
        "summarize.yaml", tmp_path, "--set", "llm=openai", "-i", f"base_url={api.url}",
        "-i", "chunk_words=60",
    )  # fmt: skip
    assert len(json.loads((tmp_path / "chunks.json").read_text())) >= 8
    assert 3 <= api.most_in_flight <= 4
