"""A stand-in for an institution's CRM, exposed as an MCP server with the official `mcp` SDK.

    python mcp_fixture_server.py              # stdio (stdout is the protocol; nothing else is printed there)
    python mcp_fixture_server.py --http PORT  # streamable HTTP at http://127.0.0.1:PORT/mcp
                                              # (stateless, JSON responses)

Tools:
  lookup_client(client_id)    read-only (readOnlyHint): the demo record of C-1 or C-2; an
                              unknown id is a tool error (isError).
  send_notice(client_id, text) a write action (no readOnlyHint): appends
                              `client_id<TAB>text` to the file named by $NOTICE_LOG (if set)
                              and returns {"sent": true}.

The conformance suite (test_mcp.py) serves it to Switchboard both ways: as a stdio child
process (`mcp_servers[].command`) and over HTTP (`mcp_servers[].url`).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TypedDict

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations


class ClientRecord(TypedDict):
    client_id: str
    name: str
    risk_level: str
    aum: str


class NoticeReceipt(TypedDict):
    sent: bool


# Fixed demo data. Amounts are decimal strings, as a CRM export would give them.
CLIENTS: dict[str, ClientRecord] = {
    "C-1": {"client_id": "C-1", "name": "张伟", "risk_level": "C3", "aum": "1250000.00"},
    "C-2": {"client_id": "C-2", "name": "李娜", "risk_level": "C4", "aum": "3800000.00"},
}

# Logs go to stderr (the SDK's handler writes there); keep them quiet unless something fails.
server = MCPServer("crm-fixture", version="1.0.0", log_level="WARNING")


@server.tool(
    description="查询客户档案 (look up a client's record by id, e.g. C-1): name, risk level, assets under management.",
    annotations=ToolAnnotations(title="Look up a client", read_only_hint=True),
)
def lookup_client(client_id: str) -> ClientRecord:
    record = CLIENTS.get(client_id)
    if record is None:
        raise ToolError(f"unknown client_id: {client_id!r}")
    return record


@server.tool(
    description="向客户发送通知 (send a notice to a client). This is a write action: the client receives it.",
    annotations=ToolAnnotations(title="Send a notice to a client"),
)
def send_notice(client_id: str, text: str) -> NoticeReceipt:
    path = os.environ.get("NOTICE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{client_id}\t{text}\n")
    return {"sent": True}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="CRM fixture MCP server (stdio by default).")
    parser.add_argument("--http", type=int, metavar="PORT", help="serve streamable HTTP on 127.0.0.1:PORT/mcp")
    args = parser.parse_args(argv)
    if args.http is None:
        server.run("stdio")
    else:
        print(f"crm fixture: streamable HTTP on http://127.0.0.1:{args.http}/mcp", file=sys.stderr, flush=True)
        server.run(
            "streamable-http",
            host="127.0.0.1",
            port=args.http,
            streamable_http_path="/mcp",
            stateless_http=True,
            json_response=True,
        )


if __name__ == "__main__":
    main()
