"""The Anthropic Messages front door (`POST /v1/messages`), through the official Anthropic SDK
against the real binary, with an OpenAI-kind backend double and an Anthropic one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import anthropic
import pytest

from conftest import CLIENT_TIMEOUT_S, Gateway, FakeProvider, start_gateway

ALIAS = "fin-chat"
TOOLS = [
    {
        "name": "get_quote",
        "description": "查询股票行情",
        "input_schema": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
    }
]
TWO_CALLS = {
    "match": "两只",
    "times": 1,
    "reply": {
        "tool_calls": [
            {"id": "call_a", "name": "get_quote", "arguments": '{"code":"600519","note":"贵州茅台的行情"}'},
            {"id": "call_b", "name": "get_quote", "arguments": '{"code":"000858","note":"五粮液的行情"}'},
        ]
    },
}


def sdk(gateway: Gateway, **kwargs) -> anthropic.Anthropic:
    kwargs.setdefault("api_key", gateway.keys["app"])
    return anthropic.Anthropic(
        base_url=gateway.base, max_retries=0, timeout=CLIENT_TIMEOUT_S, http_client=anthropic.DefaultHttpxClient(trust_env=False), **kwargs
    )


@pytest.fixture(scope="module")
def anthropic_gateway(switchboard_bin: Path, fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """A gateway whose only backend is an Anthropic one (the double's /v1/messages)."""
    gw = start_gateway(switchboard_bin, fake_provider, tmp_path_factory.mktemp("anthropic-gateway"), name="anthropic gateway", backend_kind="anthropic")
    yield gw
    gw.stop()


@pytest.fixture(params=["openai", "anthropic"])
def door(request, gateway: Gateway, fake_provider: FakeProvider) -> tuple[Gateway, str]:
    fake_provider.reset()
    if request.param == "openai":
        return gateway, "/chat/completions"
    return request.getfixturevalue("anthropic_gateway"), "/v1/messages"


def test_create_answers_a_message(door, fake_provider):
    gateway, upstream_path = door
    fake_provider.set_script([{"reply": {"content": "您好：{{echo}}"}}])
    message = sdk(gateway).messages.create(
        model=ALIAS, max_tokens=200, system=[{"type": "text", "text": "你是券商的客服。"}],
        messages=[{"role": "user", "content": "开户需要什么材料？"}], metadata={"user_id": "u-1"},
    )
    assert message.type == "message" and message.role == "assistant"
    assert message.model == ALIAS
    assert [block.type for block in message.content] == ["text"]
    assert message.content[0].text == "您好：开户需要什么材料？"
    assert message.stop_reason == "end_turn"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0
    sent = json.dumps(fake_provider.requests(upstream_path), ensure_ascii=False)
    assert "你是券商的客服。" in sent, "the system blocks reach the backend"


def test_tool_use_round_trip(door, fake_provider):
    gateway, upstream_path = door
    fake_provider.set_script([TWO_CALLS, {"reply": {"content": "行情已取"}}])
    client = sdk(gateway)
    first = client.messages.create(model=ALIAS, max_tokens=200, tools=TOOLS, messages=[{"role": "user", "content": "查两只股票"}])
    assert first.stop_reason == "tool_use"
    uses = [block for block in first.content if block.type == "tool_use"]
    assert [(u.id, u.name, u.input["code"]) for u in uses] == [("call_a", "get_quote", "600519"), ("call_b", "get_quote", "000858")]
    follow = client.messages.create(
        model=ALIAS, max_tokens=200, tools=TOOLS,
        messages=[
            {"role": "user", "content": "查两只股票"},
            {"role": "assistant", "content": first.content},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "call_a", "content": "1688.00"},
                {"type": "tool_result", "tool_use_id": "call_b", "content": [{"type": "text", "text": "142.50"}]},
            ]},
        ],
    )
    assert follow.content[0].text == "行情已取"
    sent = json.dumps(fake_provider.requests(upstream_path)[-1]["body"], ensure_ascii=False)
    assert "1688.00" in sent and "142.50" in sent and "call_b" in sent


def test_stream_of_text(door, fake_provider):
    gateway, _ = door
    fake_provider.set_script([{"chunks": 12, "reply": {"content": "今天上证指数收于三千点附近，成交平稳。"}}])
    types = []
    with sdk(gateway).messages.stream(model=ALIAS, max_tokens=200, messages=[{"role": "user", "content": "今天行情如何？"}]) as stream:
        for event in stream:
            types.append(event.type)
        final = stream.get_final_message()
    assert final.content[0].text == "今天上证指数收于三千点附近，成交平稳。"
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens > 0
    assert types[0] == "message_start"
    assert types.count("text") > 3
    assert types[-1] == "message_stop"


def test_stream_of_parallel_tool_calls_keeps_each_call_whole(door, fake_provider):
    gateway, _ = door
    fake_provider.set_script([TWO_CALLS])
    with sdk(gateway).messages.stream(model=ALIAS, max_tokens=200, tools=TOOLS, messages=[{"role": "user", "content": "查两只股票"}]) as stream:
        final = stream.get_final_message()
    uses = [block for block in final.content if block.type == "tool_use"]
    assert [u.input for u in uses] == [{"code": "600519", "note": "贵州茅台的行情"}, {"code": "000858", "note": "五粮液的行情"}]
    assert final.stop_reason == "tool_use"


def test_errors_have_anthropics_shape(gateway, fake):
    client = sdk(gateway)
    with pytest.raises(anthropic.NotFoundError) as unknown:
        client.messages.create(model="no-such-model", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    assert unknown.value.body["type"] == "error"
    assert unknown.value.body["error"]["type"] == "not_found_error"
    assert "no-such-model" in unknown.value.body["error"]["message"]
    with pytest.raises(anthropic.AuthenticationError):
        sdk(gateway, api_key="sk-wrong").messages.create(model=ALIAS, max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(anthropic.BadRequestError) as unsupported:
        client.messages.create(
            model=ALIAS, max_tokens=10, messages=[{"role": "user", "content": "hi"}],
            tools=[{"type": "web_search_20250305", "name": "web_search"}],
        )
    assert unsupported.value.body["error"]["type"] == "invalid_request_error"
    assert "web_search_20250305" in unsupported.value.body["error"]["message"]
    status, _, body = gateway.raw("POST", "/v1/messages", body={"model": ALIAS, "messages": [{"role": "user", "content": "hi"}]},
                                  headers={"x-api-key": gateway.keys["app"]})
    assert status == 400 and body["error"]["type"] == "invalid_request_error" and "max_tokens" in body["error"]["message"]
    assert fake.chat_requests() == []


def test_bearer_key_count_tokens_and_models(gateway, fake):
    fake.set_script([{"reply": {"content": "ok"}}])
    bearer = sdk(gateway, api_key=None, auth_token=gateway.keys["app"])
    assert bearer.messages.create(model=ALIAS, max_tokens=10, messages=[{"role": "user", "content": "hi"}]).content[0].text == "ok"
    count = sdk(gateway).messages.count_tokens(model=ALIAS, messages=[{"role": "user", "content": "请问开户需要带身份证吗？"}])
    assert count.input_tokens > 10
    status, headers, _ = gateway.raw("POST", "/v1/messages/count_tokens", body={"model": ALIAS, "messages": [{"role": "user", "content": "hi"}]},
                                     headers={"x-api-key": gateway.keys["app"]})
    assert status == 200 and headers.get("x-switchboard-token-count") == "estimate"
    models = sdk(gateway).models.list()
    assert ALIAS in [model.id for model in models.data]
    assert models.data[0].type == "model"
    status, _, openai_shape = gateway.raw("GET", "/v1/models", headers={"Authorization": f"Bearer {gateway.keys['app']}"})
    assert status == 200 and openai_shape["object"] == "list"


def test_ids_in_system_and_tool_results_never_reach_a_public_backend(public_gateway, fake_provider):
    fake_provider.reset()
    fake_provider.set_script([{"reply": {"content": "已记录：{{echo}}"}}])
    mobile, email = "13812345678", "zhang.wei@example.com"
    message = sdk(public_gateway).messages.create(
        model=ALIAS, max_tokens=200, tools=TOOLS,
        system=[{"type": "text", "text": f"客户手机{mobile}。"}],
        messages=[
            {"role": "user", "content": "查客户"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_quote", "input": {"code": "600519"}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": f"联系邮箱{email}"},
                {"type": "text", "text": f"请回复{mobile}"},
            ]},
        ],
    )
    sent = json.dumps(fake_provider.chat_requests(), ensure_ascii=False)
    assert mobile not in sent and email not in sent
    assert "[[cn_mobile_1]]" in sent and "[[email_1]]" in sent
    assert message.content[0].text == f"已记录：请回复{mobile}"


def test_a_masked_stream_is_restored_across_events(public_gateway, fake_provider):
    fake_provider.reset()
    mobile = "13812345678"
    fake_provider.set_script([{"chunks": 60, "reply": {"content": "好的：{{echo}}"}}])
    with sdk(public_gateway).messages.stream(model=ALIAS, max_tokens=200, messages=[{"role": "user", "content": f"请回拨{mobile}"}]) as stream:
        pieces = [text for text in stream.text_stream]
    assert "".join(pieces) == f"好的：请回拨{mobile}"
    assert len(pieces) > 5
    assert mobile not in json.dumps(fake_provider.chat_requests(), ensure_ascii=False)


def test_an_anthropic_backend_gets_the_request_as_sent_with_only_the_model_spliced(anthropic_gateway, fake_provider):
    fake_provider.reset()
    fake_provider.set_script([{"reply": {"content": "好的"}}])
    request = {
        "model": ALIAS, "max_tokens": 100, "top_k": 5, "metadata": {"user_id": "u-1"},
        "system": [{"type": "text", "text": "你是客服。", "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "你好", "cache_control": {"type": "ephemeral"}}]}],
    }
    status, _, body = anthropic_gateway.raw(
        "POST", "/v1/messages", body=request, headers={"x-api-key": anthropic_gateway.keys["app"], "anthropic-version": "2023-06-01"})
    assert status == 200 and body["content"][0]["text"] == "好的"
    assert fake_provider.requests("/v1/messages")[-1]["body"] == {**request, "model": "claude-test"}


BAD_INPUT = {
    "/v1/messages": [
        (b'{"model": "fin-chat", "max_tokens": 10, "messages": [', 400, "not valid JSON"),
        (b"[1, 2, 3]", 400, "JSON object"),
        (json.dumps({"model": 5, "max_tokens": 10, "messages": []}).encode(), 400, "'model'"),
        (json.dumps({"model": ALIAS, "max_tokens": "10", "messages": [{"role": "user", "content": "hi"}]}).encode(), 400, "'max_tokens'"),
        (json.dumps({"model": ALIAS, "max_tokens": 10, "messages": [{"role": "user", "content": 7}]}).encode(), 400, "messages[0].content"),
    ],
    "/v1/messages/count_tokens": [
        (b"{", 400, "not valid JSON"),
        (json.dumps({"model": ALIAS, "messages": "hi"}).encode(), 400, "'messages'"),
        (json.dumps({"model": "no-such-model", "messages": [{"role": "user", "content": "hi"}]}).encode(), 404, "no-such-model"),
    ],
    "/v1/responses": [
        (b'{"model": "fin-chat", "input": ', 400, "not valid JSON"),
        (b'"just a string"', 400, "JSON object"),
        (json.dumps({"model": ALIAS, "input": 7}).encode(), 400, "'input'"),
        (json.dumps({"model": ALIAS, "input": [{"role": "robot", "content": "hi"}]}).encode(), 400, "input[0].role"),
        (json.dumps({"model": ALIAS, "input": "hi", "previous_response_id": 12}).encode(), 400, "'previous_response_id'"),
        (json.dumps({"model": ALIAS, "input": "hi", "previous_response_id": "resp_nonexistent"}).encode(), 404, "resp_nonexistent"),
    ],
}


@pytest.mark.parametrize("path", sorted(BAD_INPUT))
def test_bad_input_gets_a_clear_error_and_the_server_keeps_serving(gateway, fake, path):
    headers = {"x-api-key": gateway.keys["app"], "Content-Type": "application/json"}
    oversized = json.dumps({"model": ALIAS, "max_tokens": 10, "input": "x", "messages": [{"role": "user", "content": "x" * (5 << 20)}]}).encode()
    for raw, status, words in BAD_INPUT[path] + [(oversized, 413, "larger than the limit")]:
        got, response_headers, body = gateway.raw("POST", path, raw=raw, headers=headers, timeout=60)
        assert got == status, (raw[:80], got, body)
        assert response_headers.get("x-request-id"), "every error names its request"
        if path.startswith("/v1/messages"):
            assert body["type"] == "error" and body["error"]["type"] in ("invalid_request_error", "not_found_error", "request_too_large"), body
        else:
            assert body["error"]["type"] == "invalid_request_error" and body["error"]["code"], body
        assert words in body["error"]["message"], body
    status, _, _ = gateway.raw("GET", "/v1/responses/%00%ff%22" + "x" * 300, headers={"Authorization": f"Bearer {gateway.keys['app']}"})
    assert status == 404
    fake.set_script([{"reply": {"content": "仍在服务"}}])
    assert sdk(gateway).messages.create(model=ALIAS, max_tokens=10, messages=[{"role": "user", "content": "hi"}]).content[0].text == "仍在服务"
    assert fake.chat_requests()[-1]["body"]["messages"] == [{"role": "user", "content": "hi"}], "no refused request reached the model"
    assert len(fake.chat_requests()) == 1
