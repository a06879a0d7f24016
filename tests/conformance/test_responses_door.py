"""The Responses front door (`POST /v1/responses`, `GET` and `DELETE /v1/responses/{id}`),
through the official OpenAI SDK and the OpenAI Agents SDK against the real binary and the
model double."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import openai
import pytest

from conftest import CLIENT_TIMEOUT_S, _run_cli

ALIAS = "fin-chat"
TOOLS = [
    {
        "type": "function",
        "name": "get_quote",
        "description": "查询股票行情",
        "parameters": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
    }
]


def _other_tenant_client(gateway) -> openai.OpenAI:
    out = _run_cli(Path(gateway.proc.args[0]), ["keys", "create", "--tenant", "rival", "--role", "app", "--config", str(gateway.config)], gateway.config.parent)
    return gateway.client(api_key=out.strip().splitlines()[-1])


def test_create_answers_with_a_response(client, fake):
    fake.set_script([{"reply": {"content": "您好：{{echo}}"}}])
    response = client.responses.create(model=ALIAS, input="开户需要什么材料？", instructions="你是券商的客服。", metadata={"app": "advisor"})
    assert response.id.startswith("resp_")
    assert response.object == "response" and response.status == "completed"
    assert response.model == ALIAS
    assert response.output_text == "您好：开户需要什么材料？"
    assert [item.type for item in response.output] == ["message"]
    assert response.usage.input_tokens > 0 and response.usage.output_tokens > 0
    assert response.metadata == {"app": "advisor"}
    body = fake.only_chat_request()["body"]
    assert body["messages"][0] == {"role": "system", "content": "你是券商的客服。"}
    assert body["messages"][-1]["role"] == "user"


def test_stream_sends_typed_events_in_sequence(client, fake):
    fake.set_script([{"chunks": 10, "reply": {"content": "今天上证指数收于三千点附近。"}}])
    events = list(client.responses.create(model=ALIAS, input="今天行情如何？", stream=True))
    types = [event.type for event in events]
    assert types[:2] == ["response.created", "response.in_progress"]
    assert types[-1] == "response.completed"
    assert "response.output_item.added" in types and "response.content_part.added" in types
    assert types.count("response.output_text.delta") > 3
    assert [event.sequence_number for event in events] == list(range(len(events)))
    text = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    assert text == "今天上证指数收于三千点附近。"
    final = events[-1].response
    assert final.output_text == text and final.status == "completed" and final.usage.output_tokens > 0


def test_function_call_and_its_output_continue_from_the_stored_response(client, fake):
    fake.set_script([
        {"times": 1, "reply": {"tool_calls": [
            {"id": "call_a", "name": "get_quote", "arguments": '{"code":"600519"}'},
            {"id": "call_b", "name": "get_quote", "arguments": '{"code":"000858"}'},
        ]}},
        {"reply": {"content": "行情：{{tool_results}}"}},
    ])
    first = client.responses.create(model=ALIAS, input="查两只股票", tools=TOOLS)
    calls = [item for item in first.output if item.type == "function_call"]
    assert [(c.call_id, c.name, json.loads(c.arguments)) for c in calls] == [
        ("call_a", "get_quote", {"code": "600519"}), ("call_b", "get_quote", {"code": "000858"})]
    second = client.responses.create(
        model=ALIAS, previous_response_id=first.id, tools=TOOLS,
        input=[{"type": "function_call_output", "call_id": "call_a", "output": "1688.00"},
               {"type": "function_call_output", "call_id": "call_b", "output": "142.50"}],
    )
    assert second.output_text == "行情：1688.00\n142.50"
    assert second.previous_response_id == first.id
    messages = fake.chat_requests()[-1]["body"]["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "tool"]
    assert [c["id"] for c in messages[1]["tool_calls"]] == ["call_a", "call_b"]


def test_streamed_function_call_arguments_arrive_whole(client, fake):
    fake.set_script([{"reply": {"tool_calls": [
        {"id": "call_a", "name": "get_quote", "arguments": '{"code":"600519","note":"贵州茅台"}'},
        {"id": "call_b", "name": "get_quote", "arguments": '{"code":"000858","note":"五粮液"}'},
    ]}}])
    events = list(client.responses.create(model=ALIAS, input="查两只股票", tools=TOOLS, stream=True))
    deltas: dict[str, str] = {}
    for event in events:
        if event.type == "response.function_call_arguments.delta":
            deltas[event.item_id] = deltas.get(event.item_id, "") + event.delta
    done = [event.item for event in events if event.type == "response.output_item.done"]
    assert [json.loads(item.arguments) for item in done] == [{"code": "600519", "note": "贵州茅台"}, {"code": "000858", "note": "五粮液"}]
    assert [json.loads(text) for text in deltas.values()] == [json.loads(item.arguments) for item in done]
    assert [item.call_id for item in events[-1].response.output] == ["call_a", "call_b"]


def test_chain_of_three_asked_the_instant_each_stream_ends(client, fake):
    fake.set_script([{"reply": {"content": "收到：{{echo}}"}}])
    previous = None
    for turn in ["第一问", "第二问", "第三问"]:
        stream = client.responses.create(model=ALIAS, input=turn, stream=True, previous_response_id=previous)
        for event in stream:
            if event.type == "response.completed":
                previous = event.response.id
                break
        stream.close()
    messages = fake.chat_requests()[-1]["body"]["messages"]
    assert [(m["role"], m["content"] if isinstance(m["content"], str) else m["content"][0]["text"]) for m in messages] == [
        ("user", "第一问"), ("assistant", "收到：第一问"), ("user", "第二问"), ("assistant", "收到：第二问"), ("user", "第三问")]


def test_get_delete_and_tenant_isolation(gateway, client, fake):
    fake.set_script([{"reply": {"content": "好的"}}])
    made = client.responses.create(model=ALIAS, input="记一下")
    fetched = client.responses.retrieve(made.id)
    assert fetched.id == made.id and fetched.output_text == "好的"
    rival = _other_tenant_client(gateway)
    with pytest.raises(openai.NotFoundError):
        rival.responses.retrieve(made.id)
    with pytest.raises(openai.NotFoundError) as refused:
        rival.responses.create(model=ALIAS, input="继续", previous_response_id=made.id)
    assert refused.value.code == "previous_response_not_found"
    client.responses.delete(made.id)
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(made.id)
    unstored = client.responses.create(model=ALIAS, input="别存", store=False)
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(unstored.id)


def test_stored_text_is_encrypted_at_rest(gateway, client, fake):
    secret_text = "这是一段只应加密保存的答复内容-7d1f"
    fake.set_script([{"reply": {"content": secret_text}}])
    made = client.responses.create(model=ALIAS, input="请回答")
    assert client.responses.retrieve(made.id).output_text == secret_text
    state = gateway.config.parent / "state"
    files = {path.name: path.read_bytes() for path in state.iterdir() if path.is_file()}
    assert any(made.id.encode() in data for data in files.values()), f"the stored response's row is in one of {sorted(files)}"
    for name, data in files.items():
        assert secret_text.encode() not in data, f"{name} holds the text in the clear"


def test_unsupported_input_is_refused_by_name(client, fake):
    with pytest.raises(openai.BadRequestError) as tool:
        client.responses.create(model=ALIAS, input="hi", tools=[{"type": "web_search_preview"}])
    assert tool.value.param == "tools[0].type"
    with pytest.raises(openai.BadRequestError) as item:
        client.responses.create(model=ALIAS, input=[{"type": "item_reference", "id": "x"}])
    assert item.value.param == "input[0].type"
    with pytest.raises(openai.NotFoundError):
        client.responses.create(model="no-such-model", input="hi")
    assert fake.chat_requests() == []


def test_ids_in_instructions_and_items_never_reach_a_public_backend_and_the_level_is_inherited(public_gateway, fake_provider):
    fake_provider.reset()
    fake_provider.set_script([{"reply": {"content": "已记录：{{echo}}"}}])
    mobile, email = "13812345678", "zhang.wei@example.com"
    client = public_gateway.client()
    first = client.responses.create(
        model=ALIAS, instructions=f"客户邮箱{email}。",
        input=[{"role": "user", "content": [{"type": "input_text", "text": f"请回复{mobile}"}]}],
    )
    assert first.output_text == f"已记录：请回复{mobile}"
    follow = client.responses.create(model=ALIAS, input="谢谢", previous_response_id=first.id)
    assert follow.output_text == "已记录：谢谢"
    sent = json.dumps(fake_provider.chat_requests(), ensure_ascii=False)
    assert mobile not in sent and email not in sent
    assert "[[cn_mobile_1]]" in sent
    status, _, audit = public_gateway.raw("GET", "/admin/audit?limit=10", headers={"Authorization": f"Bearer {public_gateway.keys['auditor']}"})
    assert status == 200
    records = [r["record"] for r in audit["data"] if r["record"].get("operation") == "responses"]
    assert len(records) >= 2, audit
    levels = [r["privacy"]["level"] for r in records[-2:]]
    assert levels[0] >= 2 and levels[1] == levels[0], f"the follow-up keeps its conversation's level: {levels}"


def test_agents_sdk_with_its_default_model_a_function_tool_and_a_handoff(gateway, fake):
    from agents import Agent, Runner, function_tool, set_default_openai_client, set_tracing_disabled

    fake.set_script([
        {"times": 1, "reply": {"tool_calls": [{"id": "call_h", "name": "transfer_to_quote_agent", "arguments": "{}"}]}},
        {"times": 1, "reply": {"tool_calls": [{"id": "call_q", "name": "get_quote", "arguments": '{"code":"600519"}'}]}},
        {"reply": {"content": "茅台现价 {{tool_results}}"}},
    ])
    looked_up: list[str] = []

    @function_tool
    def get_quote(code: str) -> str:
        """查询股票行情。"""
        looked_up.append(code)
        return "1688.00"

    set_tracing_disabled(True)
    set_default_openai_client(openai.AsyncOpenAI(base_url=gateway.openai_url, api_key=gateway.keys["app"], max_retries=0, timeout=CLIENT_TIMEOUT_S,
                                                 http_client=openai.DefaultAsyncHttpxClient(trust_env=False)), use_for_tracing=False)
    quote_agent = Agent(name="quote_agent", instructions="你负责查询行情。", tools=[get_quote], model=ALIAS)
    triage = Agent(name="triage", instructions="把行情问题交给 quote_agent。", handoffs=[quote_agent], model=ALIAS)
    result = asyncio.run(Runner.run(triage, "茅台多少钱？"))
    assert result.last_agent.name == "quote_agent"
    assert looked_up == ["600519"]
    assert result.final_output == "茅台现价 1688.00"
    assert len(fake.chat_requests()) == 3


def test_a_masked_stream_is_restored_across_events(public_gateway, fake_provider):
    fake_provider.reset()
    mobile = "13812345678"
    fake_provider.set_script([{"chunks": 60, "reply": {"content": "好的：{{echo}}"}}])
    events = list(public_gateway.client().responses.create(model=ALIAS, input=f"请回拨{mobile}", stream=True))
    pieces = [event.delta for event in events if event.type == "response.output_text.delta"]
    assert "".join(pieces) == f"好的：请回拨{mobile}"
    assert len(pieces) > 5
    assert events[-1].response.output_text == f"好的：请回拨{mobile}"
    assert mobile not in json.dumps(fake_provider.chat_requests(), ensure_ascii=False)


def test_agents_sdk_streamed_run_with_a_function_tool(gateway, fake):
    from agents import Agent, Runner, function_tool, set_default_openai_client, set_tracing_disabled

    fake.set_script([
        {"times": 1, "reply": {"tool_calls": [{"id": "call_q", "name": "get_quote", "arguments": '{"code":"000858"}'}]}},
        {"chunks": 8, "reply": {"content": "五粮液现价 {{tool_results}}"}},
    ])

    @function_tool
    def get_quote(code: str) -> str:
        """查询股票行情。"""
        return "142.50" if code == "000858" else "?"

    set_tracing_disabled(True)
    set_default_openai_client(openai.AsyncOpenAI(base_url=gateway.openai_url, api_key=gateway.keys["app"], max_retries=0, timeout=CLIENT_TIMEOUT_S,
                                                 http_client=openai.DefaultAsyncHttpxClient(trust_env=False)), use_for_tracing=False)
    agent = Agent(name="quotes", instructions="你负责查询行情。", tools=[get_quote], model=ALIAS)

    async def run() -> tuple[str, list[str]]:
        result = Runner.run_streamed(agent, "五粮液多少钱？")
        deltas: list[str] = []
        async for event in result.stream_events():
            if event.type == "raw_response_event" and event.data.type == "response.output_text.delta":
                deltas.append(event.data.delta)
        return result.final_output, deltas

    final, deltas = asyncio.run(run())
    assert final == "五粮液现价 142.50"
    assert "".join(deltas) == final and len(deltas) > 3
    assert all(request["body"].get("stream") for request in fake.chat_requests())
