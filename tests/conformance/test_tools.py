"""Tool calling and request-field pass-through."""

from __future__ import annotations

import json

ALIAS = "fin-chat"
QUESTION = "请问贵州茅台的股票代码是多少？"

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_quote",
            "description": "查询股票行情 (look up a stock quote)",
            "parameters": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "description": "6-digit A-share code"},
                    "market": {"type": "string", "enum": ["SH", "SZ"]},
                },
                "required": ["code"],
                "additionalProperties": False,
            },
        },
    }
]

RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "quote_answer",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            "required": ["code", "name"],
            "additionalProperties": False,
        },
    },
}

TOOL_ARGS = '{"code":"600519"}'
TOOL_RULE = {
    "match": "茅台",
    "reply": {
        "tool_calls": [{"id": "call_1", "name": "get_quote", "arguments": TOOL_ARGS}],
        "finish_reason": "tool_calls",
    },
    "chunks": 3,
}


def test_tool_call_passes_through(client, fake):
    fake.set_script([TOOL_RULE])
    resp = client.chat.completions.create(
        model=ALIAS,
        messages=[{"role": "user", "content": QUESTION}],
        tools=TOOLS,
        tool_choice="auto",
        response_format=RESPONSE_FORMAT,
        extra_body={"x_custom_field": {"a": 1}},
    )
    assert resp.model == ALIAS
    choice = resp.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert calls and len(calls) == 1, calls
    assert calls[0].id == "call_1"
    assert calls[0].type == "function"
    assert calls[0].function.name == "get_quote"
    assert json.loads(calls[0].function.arguments) == {"code": "600519"}

    body = fake.only_chat_request()["body"]
    assert body["tools"] == TOOLS
    assert body["tool_choice"] == "auto"
    assert body["response_format"] == RESPONSE_FORMAT
    assert body["x_custom_field"] == {"a": 1}, "unknown request fields must reach the upstream unchanged"


def test_named_tool_choice_passes_through(client, fake):
    fake.set_script([TOOL_RULE])
    choice = {"type": "function", "function": {"name": "get_quote"}}
    client.chat.completions.create(
        model=ALIAS,
        messages=[{"role": "user", "content": QUESTION}],
        tools=TOOLS,
        tool_choice=choice,
        parallel_tool_calls=False,
    )
    body = fake.only_chat_request()["body"]
    assert body["tool_choice"] == choice
    assert body["parallel_tool_calls"] is False


def test_streamed_tool_call_assembles(client, fake):
    fake.set_script([TOOL_RULE])
    stream = client.chat.completions.create(
        model=ALIAS,
        messages=[{"role": "user", "content": QUESTION}],
        tools=TOOLS,
        tool_choice="auto",
        stream=True,
        stream_options={"include_usage": True},
    )
    calls: dict[int, dict[str, str]] = {}
    finish = []
    with stream:
        for chunk in stream:
            assert chunk.model == ALIAS
            if not chunk.choices:
                continue
            ch = chunk.choices[0]
            if ch.finish_reason:
                finish.append(ch.finish_reason)
            for tc in ch.delta.tool_calls or []:
                acc = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
                if tc.id:
                    acc["id"] = tc.id
                if tc.function is not None:
                    acc["name"] += tc.function.name or ""
                    acc["arguments"] += tc.function.arguments or ""

    assert list(calls) == [0], calls
    assert calls[0]["id"] == "call_1"
    assert calls[0]["name"] == "get_quote"
    assert json.loads(calls[0]["arguments"]) == {"code": "600519"}
    assert finish == ["tool_calls"]

    body = fake.only_chat_request()["body"]
    assert body["stream"] is True
    assert body["tools"] == TOOLS


def test_tool_result_turn_passes_through(client, fake):
    assistant_calls = [
        {"id": "call_1", "type": "function", "function": {"name": "get_quote", "arguments": TOOL_ARGS}}
    ]
    messages = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": None, "tool_calls": assistant_calls},
        {"role": "tool", "tool_call_id": "call_1", "content": '{"code":"600519","name":"贵州茅台","price":1688.0}'},
    ]
    fake.set_script([{"reply": {"content": "贵州茅台的股票代码是600519。"}}])
    resp = client.chat.completions.create(model=ALIAS, messages=messages, tools=TOOLS)
    assert resp.choices[0].message.content == "贵州茅台的股票代码是600519。"

    sent = fake.only_chat_request()["body"]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool"]
    assert sent[0] == messages[0]
    assert sent[1]["tool_calls"] == assistant_calls
    assert sent[1].get("content") is None
    assert sent[2] == messages[2]
