"""Hostile clients cannot wear the server down: oversized headers get 431, a request sent too
slowly is cut off after `server.read_timeout` (408), idle keep-alive connections close after
`server.idle_timeout`, and `server.max_connections` bounds open connections. The gateway keeps
serving throughout.

Each test talks raw HTTP/1.1 over sockets to the real `switchboard serve`, with short limits so
the suite stays quick. Waits are bounded generously (the limit plus several seconds); no test
asserts how fast the server is.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import ALIAS, FakeProvider, Gateway, start_gateway

READ_TIMEOUT_S = 1.0
IDLE_TIMEOUT_S = 1.0
MAX_CONNECTIONS = 8
# How long past a limit the server may take to act before the test fails.
GRACE_S = 8.0

LIMITS = (
    f"  read_timeout: {int(READ_TIMEOUT_S * 1000)}ms\n"
    f"  idle_timeout: {int(IDLE_TIMEOUT_S * 1000)}ms\n"
    "  max_header_bytes: 16KiB\n"
)


@pytest.fixture(scope="module")
def limited_gateway(switchboard_bin: Path, fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    gw = start_gateway(
        switchboard_bin, fake_provider, tmp_path_factory.mktemp("hostile"), name="limited gateway", server_yaml=LIMITS,
    )
    yield gw
    gw.stop()


def connect(gw: Gateway) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", gw.port), timeout=GRACE_S + READ_TIMEOUT_S)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_until_closed(sock: socket.socket, deadline_s: float) -> tuple[bytes, bool]:
    """Everything the server sends until it closes the connection; (bytes, closed in time)."""
    received = b""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        sock.settimeout(max(0.05, end - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            return received, True
        if not chunk:
            return received, True
        received += chunk
    return received, False


def status_and_error(raw: bytes) -> tuple[int, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body.decode("utf-8"))


def chat_request(gw: Gateway, *, keep_alive: bool = True) -> bytes:
    body = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": "你好"}]}, ensure_ascii=False).encode()
    head = (
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {gw.keys['app']}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        + ("" if keep_alive else "Connection: close\r\n")
        + "\r\n"
    )
    return head.encode() + body


def assert_still_serving(gw: Gateway) -> None:
    answer = gw.client().chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": "还在吗"}])
    assert answer.choices[0].message.content is not None


def test_oversized_headers_get_431(limited_gateway: Gateway, fake_provider: FakeProvider) -> None:
    fake_provider.reset()
    sock = connect(limited_gateway)
    request = chat_request(limited_gateway).replace(b"Host: 127.0.0.1\r\n", b"Host: 127.0.0.1\r\nX-Padding: " + b"a" * (20 << 10) + b"\r\n")
    sock.sendall(request)
    raw, closed = read_until_closed(sock, GRACE_S)
    sock.close()
    assert closed, "the connection stayed open after the oversized head"
    status, error = status_and_error(raw)
    assert status == 431
    assert error["error"]["code"] == "request_header_fields_too_large"
    assert "server.max_header_bytes" in error["error"]["message"]
    assert fake_provider.chat_requests() == []
    assert_still_serving(limited_gateway)


def test_headers_just_under_the_limit_are_served(limited_gateway: Gateway) -> None:
    sock = connect(limited_gateway)
    request = chat_request(limited_gateway, keep_alive=False).replace(
        b"Host: 127.0.0.1\r\n", b"Host: 127.0.0.1\r\nX-Padding: " + b"a" * (14 << 10) + b"\r\n"
    )
    sock.sendall(request)
    raw, _ = read_until_closed(sock, GRACE_S)
    sock.close()
    assert raw.startswith(b"HTTP/1.1 200"), raw[:200]


@pytest.mark.parametrize("phase", ["headers", "body"])
def test_slow_request_is_cut_off_after_read_timeout(limited_gateway: Gateway, phase: str) -> None:
    sock = connect(limited_gateway)
    request = chat_request(limited_gateway)
    # Send all but the tail of the head (or of the body), then trickle one byte at a time, never finishing.
    cut = request.index(b"\r\n\r\n") if phase == "headers" else len(request) - 5
    sock.sendall(request[:cut])
    started = time.monotonic()
    received = b""
    closed = False
    for byte in request[cut:-1]:
        try:
            sock.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        chunk, closed = read_until_closed(sock, 0.3)
        received += chunk
        if closed or received:
            break
    if not closed:
        chunk, closed = read_until_closed(sock, READ_TIMEOUT_S + GRACE_S)
        received += chunk
    sock.close()
    assert closed, f"a request trickled for {time.monotonic() - started:.1f}s was never cut off"
    status, error = status_and_error(received)
    assert status == 408
    assert error["error"]["code"] == "request_timeout"
    assert "server.read_timeout" in error["error"]["message"]
    assert_still_serving(limited_gateway)


def test_idle_keep_alive_connection_is_closed(limited_gateway: Gateway) -> None:
    sock = connect(limited_gateway)
    sock.sendall(chat_request(limited_gateway))
    first, closed = read_until_closed(sock, 2.0)
    assert first.startswith(b"HTTP/1.1 200"), first[:200]
    if not closed:
        _, closed = read_until_closed(sock, IDLE_TIMEOUT_S + GRACE_S)
    sock.close()
    assert closed, "an idle keep-alive connection stayed open past server.idle_timeout"


def test_many_half_sent_requests_are_all_cut_off(limited_gateway: Gateway) -> None:
    socks = []
    for _ in range(200):
        sock = connect(limited_gateway)
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"model\":")
        socks.append(sock)
    deadline = time.monotonic() + READ_TIMEOUT_S + GRACE_S
    open_count = 0
    for sock in socks:
        _, closed = read_until_closed(sock, max(0.05, deadline - time.monotonic()))
        open_count += 0 if closed else 1
        sock.close()
    assert open_count == 0, f"{open_count} of 200 half-sent requests were still open after the read timeout"
    assert_still_serving(limited_gateway)


def test_connection_cap_holds_new_connections_until_one_closes(
    switchboard_bin: Path, fake_provider: FakeProvider, tmp_path: Path
) -> None:
    gw = start_gateway(
        switchboard_bin, fake_provider, tmp_path / "capped", name="capped gateway",
        server_yaml=f"  max_connections: {MAX_CONNECTIONS}\n  read_timeout: 60s\n  idle_timeout: 60s\n",
    )
    try:
        held = [connect(gw) for _ in range(MAX_CONNECTIONS)]
        # Make sure each held connection was accepted: it answers a request.
        for sock in held:
            sock.sendall(chat_request(gw))
            raw, _ = read_until_closed(sock, 0.5)
            assert raw.startswith(b"HTTP/1.1 200"), raw[:200]
        extra = connect(gw)
        extra.sendall(chat_request(gw, keep_alive=False))
        waiting, _ = read_until_closed(extra, 1.0)
        assert waiting == b"", "a connection beyond server.max_connections was served while the others stayed open"
        held.pop().close()
        answered, _ = read_until_closed(extra, GRACE_S)
        assert answered.startswith(b"HTTP/1.1 200"), answered[:200]
        extra.close()
        for sock in held:
            sock.close()
    finally:
        gw.stop()
