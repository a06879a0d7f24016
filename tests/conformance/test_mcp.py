"""MCP interoperability with the official `mcp` Python SDK, both ways.

Switchboard as an MCP *server*: `POST {base}/mcp` (streamable HTTP, `Authorization: Bearer`)
serves the plugins of the scenarios the caller's tenant may use, driven here by the SDK's
`ClientSession`. Switchboard as an MCP *client*: it reaches `mcp_fixture_server.py` (a CRM
stand-in written with the same SDK) as a stdio subprocess (`crm`) and over streamable HTTP
(`crmweb`), from `switchboard tool`, from the /mcp server above and from the chat tool loop.

The module starts its own fixture server (HTTP) and its own `switchboard serve` (with
`mcp_servers` and scenarios); the session's fake provider is reused as the upstream.
"""

from __future__ import annotations

import json
import time
import os
import re
import subprocess
import sys
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, Iterator, TypeVar

import anyio
import httpx2
import pytest
from mcp import Client, ClientSession, MCPError, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, PaginatedRequestParams
from mcp.types.version import HANDSHAKE_PROTOCOL_VERSIONS, KNOWN_PROTOCOL_VERSIONS

from conftest import (
    _LOGS,
    ALIAS,
    CLIENT_TIMEOUT_S,
    FakeProvider,
    Gateway,
    _stop,
    free_port,
    http,
    start_gateway,
    wait_until_answering,
)

# The interpreter running the suite has `mcp` installed (this module imports it), so the
# fixture server runs under it too: `.venv/bin/python` when run as the README says.
PYTHON = Path(sys.executable).absolute()
FIXTURE = Path(__file__).resolve().with_name("mcp_fixture_server.py")

# Upper bound for one MCP conversation (connect, a few calls, close).
MCP_TIMEOUT_S = 45.0

ACME_TOOLS = {"calculate", "crm__lookup_client", "crm__send_notice", "crmweb__lookup_client", "crmweb__send_notice"}

INITIALIZE_BODY = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "switchboard-conformance", "version": "0"},
    },
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}

T = TypeVar("T")


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------


@dataclass
class CrmWeb:
    """The fixture server on streamable HTTP."""

    proc: subprocess.Popen
    url: str
    log: Path
    notice_log: Path


@dataclass
class MCPGateway:
    """A `switchboard serve` configured with the two fixture servers and the scenarios."""

    gateway: Gateway
    workdir: Path
    notice_log: Path  # NOTICE_LOG of the stdio server `crm`
    crmweb: CrmWeb

    @property
    def mcp_url(self) -> str:
        return f"{self.gateway.base}/mcp"

    @property
    def app_key(self) -> str:
        return self.gateway.keys["app"]


def _start_crmweb(workdir: Path) -> CrmWeb:
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}/mcp"
    log = workdir / "mcp-fixture-http.log"
    notice_log = workdir / "crmweb-notices.log"
    _LOGS["mcp fixture (http)"] = log
    env = dict(os.environ, NOTICE_LOG=str(notice_log), PYTHONUNBUFFERED="1")
    with open(log, "ab", buffering=0) as log_fh:
        proc = subprocess.Popen(
            [str(PYTHON), str(FIXTURE), "--http", str(port)], stdout=log_fh, stderr=log_fh, cwd=workdir, env=env
        )
    wait_until_answering(proc, log, "the MCP fixture server", lambda: http("POST", url, INITIALIZE_BODY, headers=MCP_HEADERS, timeout=2))
    return CrmWeb(proc, url, log, notice_log)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def mcp_yaml(notice_log: Path, crmweb_url: str) -> str:
    return (
        "mcp_servers:\n"
        "  - name: crm\n"
        f"    command: [{_q(str(PYTHON))}, {_q(str(FIXTURE))}]\n"
        f"    env: {{ NOTICE_LOG: {_q(str(notice_log))} }}\n"
        "  - name: crmweb\n"
        f"    url: {_q(crmweb_url)}\n"
        "scenarios:\n"
        "  - name: advisor\n"
        f"    model: {ALIAS}\n"
        "    plugins: [calculate, \"crm__*\", \"crmweb__*\"]\n"
        "    max_steps: 4\n"
        "  - name: rival-desk\n"
        f"    model: {ALIAS}\n"
        "    plugins: [calendar]\n"
        "    tenants: [rival]\n"
    )


@pytest.fixture(scope="module")
def crmweb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrmWeb]:
    web = _start_crmweb(tmp_path_factory.mktemp("mcp-fixture"))
    yield web
    _stop(web.proc)
    _LOGS.pop("mcp fixture (http)", None)


@pytest.fixture(scope="module")
def mcp_gw(
    switchboard_bin: Path, fake_provider: FakeProvider, crmweb: CrmWeb, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MCPGateway]:
    workdir = tmp_path_factory.mktemp("mcp-gateway")
    notice_log = workdir / "crm-notices.log"
    gw = start_gateway(
        switchboard_bin,
        fake_provider,
        workdir,
        name="mcp gateway",
        extra_yaml=mcp_yaml(notice_log, crmweb.url),
        roles=("app", "approver"),
    )
    yield MCPGateway(gw, workdir, notice_log, crmweb)
    gw.stop()
    _LOGS.pop("mcp gateway", None)


# ---------------------------------------------------------------------------
# MCP client helpers (the SDK is async; tests stay synchronous and assert outside)
# ---------------------------------------------------------------------------


def run_async(fn: Callable[[], Awaitable[T]]) -> T:
    """Runs `fn` under a deadline. A single error from inside the SDK's task groups is
    re-raised on its own, so that failures read as the error rather than an ExceptionGroup."""

    async def main() -> T:
        with anyio.fail_after(MCP_TIMEOUT_S):
            return await fn()

    try:
        return anyio.run(main)
    except BaseExceptionGroup as group:
        leaves: list[BaseException] = []

        def collect(e: BaseException) -> None:
            if isinstance(e, BaseExceptionGroup):
                for inner in e.exceptions:
                    collect(inner)
            else:
                leaves.append(e)

        collect(group)
        if len(leaves) == 1:
            raise leaves[0] from None
        raise


@asynccontextmanager
async def http_client(api_key: str | None) -> AsyncIterator[httpx2.AsyncClient]:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key is not None else {}
    async with httpx2.AsyncClient(
        headers=headers, trust_env=False, timeout=httpx2.Timeout(CLIENT_TIMEOUT_S, read=CLIENT_TIMEOUT_S)
    ) as hc:
        yield hc


@asynccontextmanager
async def switchboard_session(env: MCPGateway, api_key: str | None = None) -> AsyncIterator[tuple[ClientSession, Any]]:
    """A `ClientSession` on Switchboard's /mcp after the `initialize` handshake; yields it with
    the InitializeResult."""
    async with http_client(api_key if api_key is not None else env.app_key) as hc:
        async with streamable_http_client(env.mcp_url, http_client=hc) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=CLIENT_TIMEOUT_S) as session:
                init = await session.initialize()
                yield session, init


def call_tool(env: MCPGateway, name: str, arguments: dict[str, Any]) -> CallToolResult:
    async def go() -> CallToolResult:
        async with switchboard_session(env) as (session, _):
            return await session.call_tool(name, arguments)

    return run_async(go)


def texts(result: CallToolResult) -> list[str]:
    return [c.text for c in result.content if getattr(c, "type", None) == "text"]


def all_text(result: CallToolResult) -> str:
    """The text items (JSON ones re-encoded, so `\\u` escapes read as the characters) and the
    structured content."""
    parts = []
    for text in texts(result):
        try:
            parts.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            parts.append(text)
    if result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)


def describe(result: CallToolResult) -> str:
    return json.dumps(result.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)


def lines_of(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def run_switchboard(binary: Path, env: MCPGateway, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *args, "--config", str(env.gateway.config)],
        capture_output=True,
        text=True,
        cwd=env.workdir,
        timeout=60,
    )


# ---------------------------------------------------------------------------
# The fixture server itself (no Switchboard involved): a broken fixture fails here first
# ---------------------------------------------------------------------------


def test_fixture_server_stdio_and_http(crmweb: CrmWeb, tmp_path: Path):
    notice_log = tmp_path / "notices.log"

    async def exercise(session: ClientSession) -> dict[str, Any]:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        return {
            "tools": tools,
            "c1": await session.call_tool("lookup_client", {"client_id": "C-1"}),
            "unknown": await session.call_tool("lookup_client", {"client_id": "C-404"}),
            "notice": await session.call_tool("send_notice", {"client_id": "C-2", "text": "测试"}),
        }

    async def go() -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        params = StdioServerParameters(command=str(PYTHON), args=[str(FIXTURE)], env={**os.environ, "NOTICE_LOG": str(notice_log)})
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write, read_timeout_seconds=CLIENT_TIMEOUT_S) as session:
                out["stdio"] = {"init": await session.initialize(), **await exercise(session)}
        async with http_client(None) as hc:
            async with streamable_http_client(crmweb.url, http_client=hc) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=CLIENT_TIMEOUT_S) as session:
                    out["http"] = {"init": await session.initialize(), **await exercise(session)}
        return out

    results = run_async(go)
    for transport, r in results.items():
        print(f"fixture over {transport}: initialize -> {r['init'].protocol_version}")
        tools = r["tools"]
        assert set(tools) == {"lookup_client", "send_notice"}, transport
        assert tools["lookup_client"].annotations is not None and tools["lookup_client"].annotations.read_only_hint is True
        assert tools["send_notice"].annotations is None or not tools["send_notice"].annotations.read_only_hint
        c1 = r["c1"]
        assert not c1.is_error, describe(c1)
        assert json.loads(texts(c1)[0]) == {"client_id": "C-1", "name": "张伟", "risk_level": "C3", "aum": "1250000.00"}
        assert c1.structured_content == json.loads(texts(c1)[0])
        assert r["unknown"].is_error, describe(r["unknown"])
        assert not r["notice"].is_error and r["notice"].structured_content == {"sent": True}, describe(r["notice"])
    assert lines_of(notice_log) == ["C-2\t测试"], "the stdio server writes NOTICE_LOG"
    assert lines_of(crmweb.notice_log)[-1:] == ["C-2\t测试"], "the HTTP server writes its NOTICE_LOG"


# ---------------------------------------------------------------------------
# Switchboard as an MCP server
# ---------------------------------------------------------------------------


def test_initialize(mcp_gw: MCPGateway, record_property: Callable[[str, Any], None]):
    async def go() -> Any:
        async with switchboard_session(mcp_gw) as (_, init):
            return init

    init = run_async(go)
    print(f"Switchboard /mcp initialize: protocolVersion={init.protocol_version} serverInfo={init.server_info!r}")
    record_property("mcp_protocol_version", init.protocol_version)
    assert init.protocol_version in HANDSHAKE_PROTOCOL_VERSIONS, init.protocol_version
    assert init.server_info.name == "switchboard", init.server_info
    assert init.capabilities.tools is not None, "a server with tools must declare the tools capability"


def test_default_client_negotiates(mcp_gw: MCPGateway, record_property: Callable[[str, Any], None]):
    """`mcp.Client` in its default mode first probes `server/discover` (protocol 2026-07-28) and
    must fall back to `initialize` when the server does not speak it."""

    async def go() -> tuple[str, Any, set[str]]:
        async with http_client(mcp_gw.app_key) as hc:
            async with Client(streamable_http_client(mcp_gw.mcp_url, http_client=hc)) as client:
                tools = await client.list_tools()
                return client.protocol_version, client.server_info, {t.name for t in tools.tools}

    version, info, names = run_async(go)
    print(f"mcp.Client (mode=auto) negotiated {version} with Switchboard ({info!r})")
    record_property("mcp_auto_protocol_version", version)
    assert version in KNOWN_PROTOCOL_VERSIONS, version
    assert names == ACME_TOOLS


def test_list_tools_is_the_tenants_scenario_plugins(mcp_gw: MCPGateway):
    async def go() -> list[Any]:
        async with switchboard_session(mcp_gw) as (session, _):
            tools: list[Any] = []
            cursor = None
            for _ in range(20):
                page = await session.list_tools(params=PaginatedRequestParams(cursor=cursor) if cursor else None)
                tools.extend(page.tools)
                cursor = page.next_cursor
                if not cursor:
                    break
            return tools

    tools = run_async(go)
    names = [t.name for t in tools]
    assert len(names) == len(set(names)), f"duplicate tools: {names}"
    assert set(names) == ACME_TOOLS, f"acme may use exactly {sorted(ACME_TOOLS)}; listed {sorted(names)}"
    assert "calendar" not in names, "calendar belongs to tenant rival's scenario only"
    for tool in tools:
        assert isinstance(tool.description, str) and tool.description.strip(), f"{tool.name} has no description"
        assert isinstance(tool.input_schema, dict) and tool.input_schema.get("type") == "object", (
            tool.name,
            tool.input_schema,
        )


def test_call_calculate(mcp_gw: MCPGateway):
    result = call_tool(mcp_gw, "calculate", {"expression": "round(1.15 * 1.1, 2)"})
    assert not result.is_error, describe(result)
    parts = texts(result)
    assert parts, f"no text content: {describe(result)}"
    payload = json.loads(parts[0])
    assert payload["result"]["result"] == "1.27", payload
    provenance = payload["provenance"]
    assert isinstance(provenance, dict), payload
    assert {"source", "as_of", "figures"} <= set(provenance), provenance
    if result.structured_content is not None:
        assert result.structured_content == payload


def test_call_with_bad_arguments_is_a_tool_error(mcp_gw: MCPGateway):
    result = call_tool(mcp_gw, "calculate", {"expr": "1"})
    assert result.is_error, describe(result)
    assert "expression" in "\n".join(texts(result)), describe(result)


def test_call_of_another_tenants_tool_is_refused(mcp_gw: MCPGateway):
    async def go() -> CallToolResult | MCPError:
        async with switchboard_session(mcp_gw) as (session, _):
            try:
                return await session.call_tool("calendar", {"action": "next_trading_day", "date": "2026-09-30"})
            except MCPError as e:
                return e

    outcome = run_async(go)
    if isinstance(outcome, MCPError):
        print(f"calendar as acme: MCP error {outcome.code}: {outcome}")
        return
    assert outcome.is_error, f"acme is not permitted to call calendar, yet it answered: {describe(outcome)}"
    assert "2026-10" not in all_text(outcome), describe(outcome)


def test_call_stdio_mcp_tool_through_switchboard(mcp_gw: MCPGateway):
    """Python client → Switchboard /mcp → Switchboard's MCP client → Python stdio server."""
    result = call_tool(mcp_gw, "crm__lookup_client", {"client_id": "C-1"})
    assert not result.is_error, describe(result)
    text = all_text(result)
    for value in ("张伟", "C3", "1250000.00"):
        assert value in text, f"{value!r} missing from {describe(result)}"


def test_write_tool_waits_for_approval(mcp_gw: MCPGateway):
    notice = "您的调仓建议已生成，请登录查看。"
    before = lines_of(mcp_gw.notice_log)

    result = call_tool(mcp_gw, "crm__send_notice", {"client_id": "C-1", "text": notice})
    text = "\n".join(texts(result))
    assert "pending_approval" in text, describe(result)
    match = re.search(r"\bapr_[0-9A-Za-z]+", text)
    assert match, f"no approval id in {describe(result)}"
    approval_id = match.group(0)
    assert lines_of(mcp_gw.notice_log) == before, "the notice was sent before anyone approved it"

    approver = {"Authorization": f"Bearer {mcp_gw.gateway.keys['approver']}"}
    status, _, body = mcp_gw.gateway.raw(
        "POST", f"/admin/approvals/{approval_id}", body={"decision": "approve"}, headers=approver
    )
    assert status == 200, body
    assert isinstance(body, dict) and body.get("decided_now") is True, body
    assert lines_of(mcp_gw.notice_log) == before + [f"C-1\t{notice}"], "approved: the notice is sent exactly once"

    status, _, body = mcp_gw.gateway.raw(
        "POST", f"/admin/approvals/{approval_id}", body={"decision": "approve"}, headers=approver
    )
    assert status == 200, body
    assert isinstance(body, dict) and body.get("decided_now") is False, body
    assert lines_of(mcp_gw.notice_log) == before + [f"C-1\t{notice}"], "approving twice must not send it twice"


def test_mcp_without_key_is_401(mcp_gw: MCPGateway):
    status, _, body = http("POST", mcp_gw.mcp_url, INITIALIZE_BODY, headers=MCP_HEADERS)
    assert status == 401, body
    status, _, body = http(
        "POST",
        mcp_gw.mcp_url,
        INITIALIZE_BODY,
        headers={**MCP_HEADERS, "Authorization": "Bearer sk-switchboard-definitely-not-a-key"},
    )
    assert status == 401, body


# ---------------------------------------------------------------------------
# Switchboard as an MCP client
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "client_id", "name", "source"),
    [
        ("crmweb__lookup_client", "C-2", "李娜", "mcp:crmweb"),
        ("crm__lookup_client", "C-1", "张伟", "mcp:crm"),
    ],
)
def test_switchboard_tool_calls_mcp_server(
    switchboard_bin: Path, mcp_gw: MCPGateway, tool: str, client_id: str, name: str, source: str
):
    res = run_switchboard(switchboard_bin, mcp_gw, ["tool", tool, "--args", json.dumps({"client_id": client_id})])
    report = f"exit {res.returncode}\n--- stdout ---\n{res.stdout}\n--- stderr ---\n{res.stderr}"
    assert res.returncode == 0, report
    try:
        out = json.loads(res.stdout)
    except ValueError:
        pytest.fail(f"stdout is not JSON\n{report}")
    assert isinstance(out, dict) and "result" in out and isinstance(out.get("provenance"), dict), report
    result = json.dumps(out["result"], ensure_ascii=False)
    assert name in result and client_id in result, report
    assert out["provenance"].get("source") == source, report


def test_switchboard_tool_unknown_client_exits_1(switchboard_bin: Path, mcp_gw: MCPGateway):
    res = run_switchboard(switchboard_bin, mcp_gw, ["tool", "crm__lookup_client", "--args", '{"client_id": "C-404"}'])
    assert res.returncode == 1, f"exit {res.returncode}\n--- stdout ---\n{res.stdout}\n--- stderr ---\n{res.stderr}"


def test_chat_loop_calls_mcp_tool(mcp_gw: MCPGateway, fake_provider: FakeProvider):
    fake = fake_provider
    client = mcp_gw.gateway.client()
    messages = [{"role": "user", "content": "请查一下客户C-1的资料。"}]

    # First learn the name under which the scenario offers crm's lookup_client to the model.
    fake.reset()
    fake.set_script([{"reply": {"content": "好的。"}}])
    client.chat.completions.create(model="scenario/advisor", messages=messages)
    offered = [t.get("function", {}).get("name") for t in fake.only_chat_request()["body"].get("tools", [])]
    candidates = [n for n in offered if n and n.startswith("crm") and not n.startswith("crmweb") and n.endswith("lookup_client")]
    assert candidates == ["crm__lookup_client"], f"crm's lookup_client is not offered to the model once: {offered}"
    tool_name = candidates[0]

    fake.reset()
    fake.set_script(
        [
            {
                "when": "user",
                "reply": {"tool_calls": [{"id": "call_crm_1", "name": tool_name, "arguments": '{"client_id":"C-1"}'}]},
            },
            {"when": "tool_result", "reply": {"content": "客户信息：{{tool_results}}"}},
        ]
    )
    resp = client.chat.completions.create(model="scenario/advisor", messages=messages)
    answer = resp.choices[0].message.content or ""
    assert "张伟" in answer, answer

    reqs = fake.chat_requests()
    assert len(reqs) == 2, f"expected the tool call and the answer turn upstream, got {len(reqs)}"
    last = reqs[1]["body"]["messages"][-1]
    assert last.get("role") == "tool" and "张伟" in json.dumps(last, ensure_ascii=False), last


def test_streamed_loop_through_the_openai_sdk(mcp_gw: MCPGateway, fake_provider: FakeProvider):
    """A standard client streams a scenario's answer: the progress chunks (empty delta plus a
    `switchboard` member) pass through the SDK without effect, and the text arrives in pieces."""
    fake = fake_provider
    fake.reset()
    fake.set_script(
        [
            {"when": "user", "reply": {"tool_calls": [{"id": "c1", "name": "calculate", "arguments": '{"expression":"round(1.15 * 1.1, 2)"}'}]}},
            {"when": "tool_result", "chunks": 5, "reply": {"content": "涨停价为 1.27 元。"}},
        ]
    )
    client = mcp_gw.gateway.client()
    stream = client.chat.completions.create(
        model="scenario/advisor",
        messages=[{"role": "user", "content": "前收盘 1.15 元的主板股票涨停价？"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    pieces, progress, finishes, usage = [], [], [], None
    for chunk in stream:
        extra = (chunk.model_extra or {}).get("switchboard")
        if extra and extra.get("type") == "tool_call":
            progress.append(extra["status"])
        if chunk.usage:
            usage = chunk.usage
        for choice in chunk.choices:
            if choice.delta.content:
                pieces.append(choice.delta.content)
            if choice.finish_reason:
                finishes.append(choice.finish_reason)
    assert "".join(pieces) == "涨停价为 1.27 元。"
    assert len(pieces) >= 3, pieces
    assert progress == ["running", "ok"], progress
    assert finishes == ["stop"], finishes
    assert usage is not None and usage.prompt_tokens > 0
    assert len(fake.chat_requests()) == 2


def _admin_key(mcp_gw: MCPGateway, switchboard_bin: Path) -> str:
    from conftest import _run_cli

    out = _run_cli(switchboard_bin, ["keys", "create", "--tenant", "ops", "--role", "admin", "--config", str(mcp_gw.gateway.config)], mcp_gw.workdir)
    return [ln.strip() for ln in out.splitlines() if ln.strip()][-1]


def _set_policy(mcp_gw: MCPGateway, admin: str, policy: dict[str, Any]) -> None:
    status, _, body = http("PUT", f"{mcp_gw.gateway.base}/admin/tenants/acme", policy, headers={"Authorization": f"Bearer {admin}"})
    assert status == 200, body


def test_mcp_tool_calls_count_against_the_tenants_quotas(mcp_gw: MCPGateway, switchboard_bin: Path):
    """An MCP tool call is a request: a suspended tenant's calls are refused, and calls past
    requests_per_minute are refused naming the quota, as tool errors the agent can read."""
    admin = _admin_key(mcp_gw, switchboard_bin)
    try:
        _set_policy(mcp_gw, admin, {"suspended": True})
        refused = call_tool(mcp_gw, "calculate", {"expression": "1+1"})
        assert refused.is_error, describe(refused)
        assert "tenant_suspended" in all_text(refused), describe(refused)

        # Room for two more calls this minute (the module's other tests made some already). A
        # minute may turn between the calls, so the trial is made again in the next (at most twice).
        for _ in range(2):
            minute = int(time.time() // 60)
            status, _, standing = http("GET", f"{mcp_gw.gateway.base}/admin/tenants/acme", headers={"Authorization": f"Bearer {admin}"})
            assert status == 200, standing
            _set_policy(mcp_gw, admin, {"requests_per_minute": standing["usage"]["requests_this_minute"] + 2})
            results = [call_tool(mcp_gw, "calculate", {"expression": "2+2"}) for _ in range(3)]
            if int(time.time() // 60) == minute:
                break
        assert not results[0].is_error and not results[1].is_error, [describe(r) for r in results]
        assert results[2].is_error, describe(results[2])
        text = all_text(results[2])
        assert "quota_exceeded" in text and "requests_per_minute" in text, text
        assert "Retry after" in text, text
    finally:
        _set_policy(mcp_gw, admin, {})
    assert not call_tool(mcp_gw, "calculate", {"expression": "3+3"}).is_error
