"""Full-body inspection, end to end, replayed from the request-shape corpus (issue 14).

Every case of `tests/request-shapes/cases.jsonl` hides one sensitive value somewhere an app, SDK or
agent framework might put it: message text, tool schemas, ids, metadata keys, unknown fields,
`\\u` escapes, text split across parts, base64 attachments. Each case is rendered with each of
three value types (resident ID, mobile number, bank card; split cases at three cut points) by the
corpus's reference renderer (`check.render`) and the exact bytes are POSTed with an app key to a
gateway whose only backend is the fake provider in the **public** zone, under

    privacy.uninspectable_level: 4
    policy: L4+ private only; L2–L3 public, masked; L1 anywhere

so an L3 value must be masked before it goes out, and a request that cannot be inspected (binary
payloads) is refused because no private backend exists. What is shown, per the corpus README:

- `masked`: 2xx to the app; the fake received the request; the value is in none of the upstream
  forms (see `LeakFinder`); when the value sits in the last user message's text, the fake's echo
  of that text comes back to the app restored (the original value, no `[[type_n]]` pseudonym).
- `uninspectable`: 503 `no_allowed_backend` with an OpenAI error body; the fake recorded nothing.
- `masked-or-refused`: either `masked` holds, or the gateway refused — 503 `no_allowed_backend`,
  or 400 when the case's shape is malformed (content as an object, a part without `type`, a
  wrong-typed field) with the offending field named — and the fake recorded nothing.

Any other status (413, other 5xx, other 4xx), a hang (client timeout) or a gateway crash fails.
Before sending, every case holding a value is run through the leak finder as if the gateway had forwarded it
unchanged, so that a form the finder cannot see fails loudly instead of passing silently.

The fake's control API (`GET /_control/requests`) gives each recorded body only as JSON that the
fake parsed and re-serialised (Foundation, sorted keys, UTF-8), not the bytes it received. The
"raw bytes" forms are therefore checked on that re-serialisation (which keeps every string's
content, including literal `\\u` text, but not the upstream's own escaping or key order); the
"joined" form uses the recorded order (keys sorted within objects, arrays in order).

The README's "joined" form (all strings and keys concatenated) never shows a split value, because
the keys and `type` values between two parts interrupt it even in document order. So the finder
also looks for the value as the end of one string plus the start of another (any two strings),
and, for split cases, for either piece of five or more characters left on its own. Without these
two checks no split case could fail.

The module ends by checking that the gateway still serves, and with a gateway on the built-in
defaults (no policy, no `privacy` block) refusing a PNG data URL with harmless text.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import unicodedata
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import _LOGS, ALIAS, REPO_ROOT, MASKING_POLICY, FakeProvider, Gateway, http, start_gateway

sys.path.insert(0, str(REPO_ROOT / "tests" / "request-shapes"))
import check  # noqa: E402  (the corpus's reference renderer)

REQUEST_TIMEOUT_S = 60.0
ECHO_SCRIPT = [{"reply": {"content": "好的：{{echo}}"}}]
ECHO_PREFIX = "好的："

# Masks L2–L3 for the public zone; L4 (and, with this block, every uninspectable request) stays private.
SHAPES_YAML = "privacy:\n  uninspectable_level: 4\n" + MASKING_POLICY

ENDPOINT_SUFFIX = {"chat": "/chat/completions", "embeddings": "/embeddings"}
PSEUDONYM = re.compile(r"\[\[[a-z][a-z0-9_]*_\d+\]\]")
CHAT_ROLES = {"system", "developer", "user", "assistant", "tool", "function"}

# Direct connection to 127.0.0.1 whatever proxy settings the environment has.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ---------------------------------------------------------------------------
# Gateway and fake helpers (shared with test_inspection_property.py)
# ---------------------------------------------------------------------------


def start_shapes_gateway(switchboard_bin: Path, fake: FakeProvider, workdir: Path, name: str) -> Gateway:
    """A gateway whose only backend is `fake` in the public zone, under SHAPES_YAML."""
    return start_gateway(switchboard_bin, fake, workdir, name=name, zone="public", extra_yaml=SHAPES_YAML, roles=("app",))


def running_shapes_gateway(
    switchboard_bin: Path, fake: FakeProvider, tmp_path_factory: pytest.TempPathFactory, name: str
) -> Iterator[Gateway]:
    """Yields a shapes gateway named `name` for a module fixture, then stops it and forgets its log."""
    gw = start_shapes_gateway(switchboard_bin, fake, tmp_path_factory.mktemp(name.replace(" ", "-")), name)
    yield gw
    gw.stop()
    _LOGS.pop(name, None)


def fetch_records(fake: FakeProvider) -> tuple[bytes, list[dict[str, Any]]]:
    """The fake's request log: the control API's raw response bytes and the parsed records."""
    with _OPENER.open(urllib.request.Request(f"{fake.base}/_control/requests"), timeout=30) as resp:
        raw = resp.read()
    records = json.loads(raw)
    assert isinstance(records, list), f"/_control/requests did not return a list: {raw[:300]!r}"
    return raw, records


def post(gw: Gateway, path: str, wire: bytes) -> tuple[int, dict[str, str], Any]:
    """POSTs exactly `wire` with the app key. A hang surfaces as a timeout error (a failure)."""
    headers = {"Authorization": f"Bearer {gw.keys['app']}", "Content-Type": "application/json"}
    return http("POST", f"{gw.base}{path}", raw=wire, headers=headers, timeout=REQUEST_TIMEOUT_S)


def openai_error(body: Any) -> dict[str, Any] | None:
    """The `error` object of an OpenAI-shaped error body, or None when the body is not one."""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        err = body["error"]
        if isinstance(err.get("message"), str) and err["message"] and isinstance(err.get("type"), str):
            return err
    return None


def sse_content(text: str) -> str:
    """The assistant text of an SSE chat stream: every `choices[0].delta.content`, joined."""
    pieces = []
    for line in text.splitlines():
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            continue
        event = json.loads(data)
        for choice in event.get("choices") or []:
            piece = (choice.get("delta") or {}).get("content")
            if isinstance(piece, str):
                pieces.append(piece)
    return "".join(pieces)


def answer_text(headers: dict[str, str], body: Any) -> str:
    """The assistant content of a 2xx chat answer (JSON or SSE); fails on an unusable answer."""
    if "text/event-stream" in headers.get("content-type", ""):
        assert isinstance(body, str), f"SSE answer was parsed as {type(body).__name__}"
        return sse_content(body)
    assert isinstance(body, dict) and isinstance(body.get("choices"), list) and body["choices"], f"not a chat completion: {str(body)[:300]}"
    content = body["choices"][0].get("message", {}).get("content")
    assert isinstance(content, str), f"chat completion without text content: {str(body)[:300]}"
    return content


def fake_echo(body: Any) -> str:
    """What the fake's `{{echo}}` gives for `body`: the last user message's string content, or its
    `text` parts joined with newlines (FakeRequestReader.lastUserText)."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list):
        return ""
    users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
    if not users:
        return ""
    content = users[-1].get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(p["text"] for p in content if isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str))
    return ""


# ---------------------------------------------------------------------------
# Finding the value in what reached the upstream
# ---------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\+u([0-9a-fA-F]{4})")
_DATA_URL = re.compile(r"data:([^,]*),", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
MIN_FRAGMENT = 5  # split pieces at least this long must not survive on their own
MAX_NESTING = 4  # inner JSON / base64 levels followed


def normalise(s: str) -> str:
    """`s` with `\\uXXXX` escape text decoded (any hex case, any number of backslashes, repeatedly),
    NFKC-folded (full-width digits and letters to ASCII) and upper-cased (`X` and `x`)."""
    for _ in range(4):
        decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
        if decoded == s:
            break
        s = decoded
    return unicodedata.normalize("NFKC", s).upper()


def _items(node: Any, segs: tuple = ()) -> Iterator[tuple[tuple, bool, str]]:
    """(path, is_key, text) for every key, string and integer of `node`, in recorded order."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield segs + (k,), True, k
            yield from _items(v, segs + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _items(v, segs + (i,))
    elif isinstance(node, str):
        yield segs, False, node
    elif isinstance(node, int) and not isinstance(node, bool):
        yield segs, False, str(node)


def _inner_json(s: str) -> Any:
    t = s.strip()
    if len(t) < 2 or t[0] not in '{["':
        return None
    try:
        inner = json.loads(t)
    except ValueError:
        return None
    return inner if isinstance(inner, (dict, list, str)) else None


def _b64decode(data: str) -> bytes | None:
    data = re.sub(r"\s+", "", data)
    data += "=" * (-len(data) % 4)
    for decode in (lambda d: base64.b64decode(d, validate=True), base64.urlsafe_b64decode):
        try:
            return decode(data)
        except ValueError:
            continue
    return None


def _payloads(s: str) -> Iterator[tuple[str, bytes]]:
    """Decoded payloads of `s`: a `data:` URL (base64 or percent-encoded), or bare base64."""
    m = _DATA_URL.match(s)
    if m:
        meta, data = m.group(1), s[m.end():]
        decoded = _b64decode(data) if ";base64" in meta.lower() else urllib.parse.unquote_to_bytes(data)
        if decoded is not None:
            yield f"data:{meta} payload", decoded
    elif len(s) >= 16 and _BASE64.fullmatch(re.sub(r"\s+", "", s)):
        decoded = _b64decode(s)
        if decoded is not None:
            yield "base64 payload", decoded


class LeakFinder:
    """Looks for one value in every form the corpus README lists.

    Each string and key is `normalise`d first, so one test covers the value as ASCII, in full-width
    form (and mixtures), in `x`/`X`, and written as `\\u` escape text with upper- or lower-case hex.
    """

    def __init__(self, value: str, fragments: tuple[str, ...] = ()):
        self.value = normalise(value)
        self.value_bytes = {value.encode(), value.lower().encode(), check.fullwidth(value).encode(), check.fullwidth(value.lower()).encode()}
        # For split cases: each piece long enough to identify the value must not survive alone.
        self.fragments = tuple(normalise(f) for f in fragments if len(f) >= MIN_FRAGMENT)

    def raw(self, raw: bytes, where: str = "raw bytes") -> list[str]:
        leaks = [f"{where}: the value's bytes ({b.decode()!r})" for b in self.value_bytes if b in raw]
        if not leaks and self.value in normalise(raw.decode("utf-8", errors="replace")):
            leaks.append(f"{where}: the value as \\u escapes")
        return leaks

    def node(self, node: Any, where: str = "", depth: int = 0) -> list[str]:
        """Leaks in a parsed JSON value (or a decoded text): every string and key, joined forms,
        pieces split between two strings, inner JSON and base64 payloads (recursively)."""
        v = self.value
        items = list(_items(node))
        norms = [normalise(t) for _s, _k, t in items]
        leaks: list[str] = []
        for (segs, is_key, text), n in zip(items, norms):
            at = f"{where}{check.format_path(list(segs)) or '(document)'}"
            if v in n:
                leaks.append(f"{at}: {'key' if is_key else 'string'} holds the value")
            leaks += [f"{at}: holds the split piece {f!r} on its own" for f in self.fragments if f in n]
            if depth >= MAX_NESTING:
                continue
            inner = _inner_json(text)
            if inner is not None:
                leaks += self.node(inner, f"{at} → JSON: ", depth + 1)
            for label, payload in _payloads(text):
                leaks += [f"{at} → {label}: the value's bytes" for b in self.value_bytes if b in payload]
                try:
                    decoded = payload.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                leaks += self.node(decoded, f"{at} → {label}: ", depth + 1)
        joined_all = normalise("".join(t for _s, _k, t in items))
        joined_values = normalise("".join(t for _s, is_key, t in items if not is_key))
        if v in joined_all:
            leaks.append(f"{where}(joined strings and keys): holds the value")
        if v in joined_values:
            leaks.append(f"{where}(joined strings): holds the value")
        leaks += self._split_pairs(items, norms, where)
        return leaks

    def _split_pairs(self, items, norms, where) -> list[str]:
        """The value as the end of one string and the start of another (any two strings)."""
        v, leaks = self.value, []
        for cut in range(1, len(v)):
            head, rest = v[:cut], v[cut:]
            ends = [i for i, n in enumerate(norms) if n.endswith(head)]
            if not ends:
                continue
            starts = [j for j, n in enumerate(norms) if n.startswith(rest)]
            for i in ends:
                for j in starts:
                    if i != j:
                        a, b = (check.format_path(list(items[x][0])) or "(document)" for x in (i, j))
                        leaks.append(f"{where}{a} + {b}: the value split at {cut}")
        return leaks

    def records(self, raw: bytes, records: list[dict[str, Any]]) -> list[str]:
        """Leaks in the fake's request log (raw control-API bytes, then each record)."""
        leaks = self.raw(raw, "raw bytes (the fake's re-serialised record)")
        for index, record in enumerate(records):
            leaks += self.node(record.get("body"), f"request {index} {record.get('path')} body: ")
            leaks += self.node(record.get("headers"), f"request {index} headers: ")
        return leaks


def summary(leaks: list[str], limit: int = 8) -> str:
    """The first `limit` distinct leaks, one per line."""
    unique = list(dict.fromkeys(leaks))
    text = "\n".join("  " + leak for leak in unique[:limit])
    return text + (f"\n  … and {len(unique) - limit} more" if len(unique) > limit else "")


# ---------------------------------------------------------------------------
# Request shape (which malformed cases may get a 400)
# ---------------------------------------------------------------------------

_TYPED_FIELDS = {
    "seed": int, "n": int, "max_tokens": int, "max_completion_tokens": int, "top_logprobs": int, "dimensions": int,
    "temperature": float, "top_p": float, "presence_penalty": float, "frequency_penalty": float,
    "stream": bool, "logprobs": bool, "parallel_tool_calls": bool, "store": bool,
}


def _wrong_type(value: Any, kind: type) -> bool:
    if value is None:
        return False
    if kind is bool:
        return not isinstance(value, bool)
    if isinstance(value, bool):
        return True
    return not isinstance(value, (int, float) if kind is float else int)


def shape_problems(endpoint: str, body: Any) -> list[str]:
    """Paths where `body` breaks the shape the gateway validates: chat roles, `content` (string,
    array of parts or null), parts (objects with a string `type`), wrong-typed known fields,
    embeddings `input` (string or array). Empty for a well-formed body."""
    if not isinstance(body, dict):
        return ["(body)"]
    problems = [name for name, kind in _TYPED_FIELDS.items() if name in body and _wrong_type(body[name], kind)]
    if endpoint == "embeddings":
        if not isinstance(body.get("input"), (str, list)):
            problems.append("input")
        return problems
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return problems + ["messages"]
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in CHAT_ROLES:
            problems.append(f"messages[{i}].role")
            continue
        content = m.get("content")
        if isinstance(content, list):
            for j, part in enumerate(content):
                if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                    problems.append(f"messages[{i}].content[{j}].type")
        elif content is not None and not isinstance(content, str):
            problems.append(f"messages[{i}].content")
    return problems


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------

CASES = check.load_cases()
VALUE_TOKENS = ("{{VALUE}}", "{{VALUE_FULLWIDTH}}", "{{VALUE_UESC}}", "{{VALUE_FULLWIDTH_UESC}}", "{{VALUE_PART1}}")


def _has_value(case: dict) -> bool:
    """Whether the body holds the value (binary-only uninspectable cases hold none)."""
    text = json.dumps(case["body"], ensure_ascii=False)
    return any(t in text for t in VALUE_TOKENS)


def _params() -> list:
    params = []
    for case in CASES:
        for vtype, value in check.SAMPLE_VALUES.items():
            cuts = [1, len(value) // 2, len(value) - 1] if case["kind"] == "split" else [None]
            for cut in cuts:
                name = f"{case['id']}-{vtype}" + ("" if cut is None else f"-cut{cut}")
                params.append(pytest.param(case, value, cut, id=name))
    return params


@pytest.fixture(scope="module")
def shapes_gateway(switchboard_bin: Path, fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    yield from running_shapes_gateway(switchboard_bin, fake_provider, tmp_path_factory, "request-shapes gateway")


@pytest.mark.parametrize("case,value,cut", _params())
def test_request_shape(shapes_gateway: Gateway, fake_provider: FakeProvider, case: dict, value: str, cut: int | None) -> None:
    wire, expected = check.render(case, value, cut, model=ALIAS)
    cut_parts = (value[:cut], value[cut:]) if cut is not None else ()
    finder = LeakFinder(value, cut_parts)
    label = f"{case['id']} ({case['kind']}, expect {case['expect']}) with {value}" + ("" if cut is None else f" cut at {cut}")

    # The finder must see the value in the request as sent, or a pass below would mean nothing.
    if _has_value(case):
        sent = finder.raw(wire) + finder.node(expected)
        assert sent, f"{label}: harness bug: the leak finder does not see the value in the request itself"

    fake_provider.set_script(ECHO_SCRIPT)
    fake_provider.clear_requests()
    status, headers, body = post(shapes_gateway, check.ENDPOINTS[case["endpoint"]], wire)
    assert shapes_gateway.proc.poll() is None, f"{label}: the gateway exited (code {shapes_gateway.proc.returncode})"
    raw, records = fetch_records(fake_provider)
    forwarded = [r for r in records if str(r.get("path", "")).split("?")[0].endswith(ENDPOINT_SUFFIX[case["endpoint"]])]
    leaks = finder.records(raw, records)
    assert not leaks, f"{label}: the public backend received the value (HTTP {status} to the app):\n{summary(leaks)}"

    if 200 <= status < 300:
        assert case["expect"] != "uninspectable", f"{label}: an uninspectable request was forwarded to the public backend (HTTP {status})"
        assert forwarded, f"{label}: HTTP {status} but the fake recorded no {case['endpoint']} request: {records!r}"[:2000]
        assert all(isinstance(r.get("body"), dict) for r in forwarded), f"{label}: the forwarded body is not a JSON object"
        if case["endpoint"] == "embeddings":
            assert isinstance(body, dict) and isinstance(body.get("data"), list), f"{label}: not an embeddings answer: {str(body)[:300]}"
            return
        answer = answer_text(headers, body)
        assert not PSEUDONYM.search(answer), f"{label}: a pseudonym reached the app unrestored: {answer[:300]!r}"
        echo = fake_echo(expected)
        if case["kind"] == "split":
            echo, answer = echo.replace("\n", ""), answer.replace("\n", "")
        for form in (value, check.fullwidth(value)):
            if form in echo:
                assert form in answer, f"{label}: the answer does not carry the restored value {form!r}: {answer[:300]!r}"
        return

    # A refusal: an OpenAI error body, nothing upstream, and a reason the expectation allows.
    err = openai_error(body)
    assert err is not None, f"{label}: HTTP {status} without an OpenAI error body: {str(body)[:300]}"
    assert records == [], f"{label}: refused with HTTP {status}, but the fake recorded {len(records)} request(s)"
    problems = shape_problems(case["endpoint"], expected)
    reason = f"HTTP {status} {err.get('code')}: {err['message']}"
    assert case["expect"] != "masked", f"{label}: must be masked and forwarded, was refused: {reason}"
    if status == 400 and case["expect"] == "masked-or-refused" and problems:
        fields = {re.split(r"[.\[]", p, maxsplit=1)[0] for p in problems}
        assert any(f in err["message"] for f in fields), f"{label}: the 400 does not name the malformed field ({', '.join(problems)}): {reason}"
        return
    assert status == 503 and err.get("code") == "no_allowed_backend", (
        f"{label}: refused with {reason}; a privacy refusal is 503 no_allowed_backend"
        + (f" (400 is accepted only for a malformed shape: {', '.join(problems)})" if problems else "")
    )


def test_gateway_still_serves(shapes_gateway: Gateway, fake_provider: FakeProvider) -> None:
    """After every corpus case, a plain request still gets a normal answer."""
    fake_provider.set_script(ECHO_SCRIPT)
    fake_provider.clear_requests()
    wire = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": "你好，请介绍一下理财产品的风险等级。"}]}, ensure_ascii=False).encode()
    status, headers, body = post(shapes_gateway, "/v1/chat/completions", wire)
    assert status == 200, f"HTTP {status}: {body!r}"
    assert answer_text(headers, body) == f"{ECHO_PREFIX}你好，请介绍一下理财产品的风险等级。"
    assert shapes_gateway.proc.poll() is None


def test_default_policy_refuses_an_image(switchboard_bin: Path, fake_provider: FakeProvider, tmp_path: Path) -> None:
    """On the built-in defaults (uninspectable level 3, L3 private only) a PNG data URL is refused
    even next to harmless text, saying it could not be inspected; the same text alone is served."""
    gw = start_gateway(switchboard_bin, fake_provider, tmp_path / "gateway", name="defaults gateway", zone="public", roles=("app",))
    try:
        fake_provider.set_script(ECHO_SCRIPT)
        fake_provider.clear_requests()
        text = {"type": "text", "text": "请描述这张图片里的颜色。"}
        image = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + check.binary_b64("BASE64_PNG")}}
        wire = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": [text, image]}]}, ensure_ascii=False).encode()
        status, _, body = post(gw, "/v1/chat/completions", wire)
        err = openai_error(body)
        assert status == 503 and err is not None and err.get("code") == "no_allowed_backend", f"HTTP {status}: {str(body)[:500]}"
        assert "inspect" in err["message"].lower(), f"the refusal does not say the content could not be inspected: {err['message']!r}"
        assert fetch_records(fake_provider)[1] == [], "the refused request reached the public backend"

        wire = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": [text]}]}, ensure_ascii=False).encode()
        status, headers, body = post(gw, "/v1/chat/completions", wire)
        assert status == 200, f"the same text without the image: HTTP {status}: {str(body)[:500]}"
        assert answer_text(headers, body) == ECHO_PREFIX + text["text"]
    finally:
        gw.stop()
        _LOGS.pop("defaults gateway", None)
