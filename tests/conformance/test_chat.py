"""Chat completions, JSON and SSE, through the openai SDK."""

from __future__ import annotations

ALIAS = "fin-chat"
QUESTION = "请问贵州茅台的股票代码是多少？"


def test_plain_chat_chinese_round_trip(client, fake, gateway):
    resp = client.chat.completions.create(
        model=ALIAS,
        messages=[{"role": "user", "content": QUESTION}],
    )
    assert resp.object == "chat.completion"
    assert resp.id
    assert resp.model == ALIAS
    assert len(resp.choices) == 1
    choice = resp.choices[0]
    assert choice.message.role == "assistant"
    assert QUESTION in (choice.message.content or ""), choice.message.content
    assert choice.finish_reason == "stop"
    assert resp.usage is not None
    assert resp.usage.prompt_tokens >= 0 and resp.usage.completion_tokens >= 0
    assert resp.usage.total_tokens >= resp.usage.prompt_tokens

    # The upstream saw the text unchanged, and never the gateway's own key.
    upstream = fake.only_chat_request()
    assert upstream["body"]["messages"] == [{"role": "user", "content": QUESTION}]
    for name, value in upstream["headers"].items():
        assert gateway.keys["app"] not in str(value), f"gateway key leaked upstream in header {name!r}"


def _collect(stream):
    with stream:
        return list(stream)


def test_streamed_chat_chinese_with_usage(client, fake):
    prefix = "贵州茅台的股票代码是600519。"
    fake.set_script([{"reply": {"content": prefix + "{{echo}}"}, "chunks": 6}])

    chunks = _collect(
        client.chat.completions.create(
            model=ALIAS,
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert chunks, "no chunks received"
    for c in chunks:
        assert c.object == "chat.completion.chunk"
        assert c.model == ALIAS, f"chunk model {c.model!r} != {ALIAS!r}"

    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert "".join(pieces) == prefix + QUESTION
    assert len(pieces) >= 2, f"expected the reply to arrive in several deltas, got {pieces!r}"

    finish = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finish == ["stop"]

    last = chunks[-1]
    assert last.usage is not None, "final chunk should carry usage when include_usage is set"
    assert last.choices == []
    assert last.usage.total_tokens >= last.usage.prompt_tokens >= 0
    assert all(c.usage is None for c in chunks[:-1]), "only the final chunk should carry usage"


def test_streamed_chat_without_include_usage_has_no_usage_chunk(client, fake):
    chunks = _collect(
        client.chat.completions.create(
            model=ALIAS,
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert QUESTION in text
    # A gateway may ask the upstream for usage for its own accounting, but must not
    # hand a usage-only chunk to a client that did not ask for one.
    assert all(c.usage is None for c in chunks), [c.usage for c in chunks]
    assert all(c.choices for c in chunks), "a chunk with empty choices reached a client that did not ask for usage"


def test_multipart_text_content_passes_through(client, fake):
    parts = [
        {"type": "text", "text": "第一部分：贵州茅台"},
        {"type": "text", "text": "第二部分：股票代码？"},
    ]
    resp = client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": parts}])
    assert resp.model == ALIAS
    content = resp.choices[0].message.content or ""
    assert "第一部分：贵州茅台" in content and "第二部分：股票代码？" in content, content

    upstream = fake.only_chat_request()
    assert upstream["body"]["messages"] == [{"role": "user", "content": parts}]


def test_system_message_and_parameters_pass_through(client, fake):
    messages = [
        {"role": "system", "content": "你是一名金融助理。"},
        {"role": "user", "content": QUESTION},
    ]
    client.chat.completions.create(
        model=ALIAS,
        messages=messages,
        temperature=0.2,
        top_p=0.9,
        max_tokens=64,
        stop=["。"],
        seed=7,
    )
    body = fake.only_chat_request()["body"]
    assert body["messages"] == messages
    assert body["temperature"] == 0.2
    assert body["top_p"] == 0.9
    assert body["max_tokens"] == 64
    assert body["stop"] == ["。"]
    assert body["seed"] == 7
