"""Full-body inspection as a property (issue 14): wherever a value is put, it does not go out.

150 seeded examples (`random.Random(seed)`, fixed seeds; the seed is in the test id and in every
failure message, so an example is replayed with `-k seed-NNNN`). Each one is a random but
well-formed chat completion request: 1–5 messages with valid roles, content as a string or an array
of text parts, plus random JSON (nested objects, arrays, strings, numbers, booleans, null) under
unknown top-level keys, unknown message keys, `metadata`, unknown part fields and parts of an
unknown type (`{"type": "x_custom", ...}`). The filler text is Chinese and ASCII with no digits
and no context words. One sensitive value — a random valid resident ID, mobile or bank card number
— is planted at a random place, either

- inside a random string value (any depth, known or unknown field), or
- as (part of) an object key anywhere, or
- split at a random point across two consecutive text parts of one message,

with a non-alphanumeric character or Chinese text on each side, and on the wire written plain,
wholly as JSON `\\u` escapes, or with some characters escaped.

The body is POSTed to the same kind of gateway as test_request_shapes.py (the fake as the only,
public backend; L3 masked, uninspectable and L4 refused). The property: either the gateway refuses
(503 `no_allowed_backend`, an OpenAI error body, nothing reaches the fake — every body is
well-formed, so no other refusal is acceptable), or it answers 2xx, the fake received the request,
and the value is in none of the forms the corpus README lists (`LeakFinder`, shared with the corpus
test). A 2xx answer must carry no `[[type_n]]` pseudonym, and the original value when the fake
echoed it (it was in the last user message's text). Finally the gateway must still be serving.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from conftest import ALIAS, FakeProvider, Gateway
from test_request_shapes import (
    ECHO_PREFIX,
    ECHO_SCRIPT,
    PSEUDONYM,
    LeakFinder,
    answer_text,
    check,
    fake_echo,
    fetch_records,
    openai_error,
    post,
    running_shapes_gateway,
    summary,
)

SEEDS = list(range(7000, 7150))

# --------------------------------------------------------------------------- random values

_ID_REGIONS = ["110105", "310115", "440305", "330106", "510107", "320102", "420106", "610113", "370202", "500103"]
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _luhn_complete(stem: str) -> str:
    """`stem` plus the check digit that makes it pass Luhn."""
    for d in "0123456789":
        if check._luhn_ok(stem + d):
            return stem + d
    raise AssertionError("unreachable")


def random_value(rng: random.Random) -> tuple[str, str]:
    """A random valid (type, value): resident ID (18, MOD 11-2), mobile (1[3-9]…), or bank card (Luhn)."""
    kind = rng.choice(["cn_id_card", "cn_mobile", "bank_card"])
    if kind == "cn_mobile":
        value = "1" + rng.choice("3456789") + _digits(rng, 9)
        assert check._mobile_ok(value)
    elif kind == "cn_id_card":
        body = f"{rng.choice(_ID_REGIONS)}{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_digits(rng, 3)}"
        value = body + "10X98765432"[sum(int(a) * w for a, w in zip(body, _ID_WEIGHTS)) % 11]
        assert check._id_ok(value)
    else:
        stem = rng.choice(["622202" + _digits(rng, 12), "621700" + _digits(rng, 12), "4" + _digits(rng, 14), "5" + rng.choice("12345") + _digits(rng, 13)])
        value = _luhn_complete(stem)
        assert check._luhn_ok(value)
    return kind, value


# --------------------------------------------------------------------------- random documents

_PHRASES = [
    "您好，请问有什么可以帮您？", "理财产品的风险等级分为五级。", "请稍候，正在为您查询。", "客户经理会尽快与您联系",
    "感谢您的耐心等待", "本产品为非保本浮动收益型", "Please hold on a moment.", "Thanks for waiting!", "稳健型组合",
    "营业网点", "开放日", "赎回规则说明", "客户满意度回访",
]
_TEXT_SOURCE = check.filler(600)
_TOP_KEYS = ["x_trace", "app_context", "client_meta", "渠道信息", "vendor_ext", "conversation_state", "ui_hints", "extra_body_data"]
_MESSAGE_KEYS = ["x_meta", "annotations", "context_blob", "来源", "x_render"]
_KEYS = ["note", "summary", "items", "label", "备注", "描述", "source", "status", "detail", "tags", "owner", "payload", "客户", "branch", "level"]
_ROLES = ["system", "developer", "user", "assistant"]
# What may touch the value: never an ASCII (or full-width) letter or digit; no '-', '+', '.', '/'.
_GUARDS = ["：", "，", "。", " ", "（", "）", "【", "】", "「", "」", "、", "是", "为", "的", ":", ",", ";", "(", ")", "[", "]", '"', "'", "\n", "*", "|", "#"]
_AVOID = [
    "订单", "单号", "编号", "流水号", "合同号", "交易号", "委托号", "order", "ref", "invoice", "tracking",
    "cvv", "cvc", "cvn", "安全码", "验证码", "动态码", "校验码", "短信码", "otp", "有效期", "exp", "valid thru", "密码", "password", "passcode", "pin",
]


def _text(rng: random.Random, lo: int = 1, hi: int = 40) -> str:
    """Filler without digits: a phrase or a slice of the corpus filler text."""
    if rng.random() < 0.4:
        return rng.choice(_PHRASES)
    n = rng.randint(lo, hi)
    start = rng.randrange(len(_TEXT_SOURCE) - n)
    return _TEXT_SOURCE[start:start + n]


def _json(rng: random.Random, depth: int) -> Any:
    r = rng.random()
    if depth > 0 and r < 0.3:
        return {k: _json(rng, depth - 1) for k in rng.sample(_KEYS, rng.randint(1, 3))}
    if depth > 0 and r < 0.5:
        return [_json(rng, depth - 1) for _ in range(rng.randint(1, 3))]
    return rng.choice([
        lambda: _text(rng, 0), lambda: _text(rng), lambda: rng.randint(0, 99999), lambda: round(rng.uniform(-100, 100), 3),
        lambda: rng.random() < 0.5, lambda: None,
    ])()


def _content(rng: random.Random) -> Any:
    if rng.random() < 0.5:
        return _text(rng, 5, 60)
    parts: list[dict[str, Any]] = [{"type": "text", "text": _text(rng, 5, 60)} for _ in range(rng.randint(1, 3))]
    for part in parts:
        if rng.random() < 0.15:
            part["x_note"] = _json(rng, 2)
    if rng.random() < 0.3:
        parts.insert(rng.randint(0, len(parts)), {"type": "x_custom", "x_custom": _json(rng, 2)})
    return parts


def random_body(rng: random.Random) -> dict[str, Any]:
    messages = []
    for _ in range(rng.randint(1, 5)):
        message: dict[str, Any] = {"role": rng.choice(_ROLES), "content": _content(rng)}
        if rng.random() < 0.3:
            message[rng.choice(_MESSAGE_KEYS)] = _json(rng, 2)
        messages.append(message)
    if rng.random() < 0.7:
        messages[-1]["role"] = "user"
    body: dict[str, Any] = {"model": ALIAS, "messages": messages}
    if rng.random() < 0.6:
        body["metadata"] = {k: _json(rng, 2) for k in rng.sample(_KEYS, rng.randint(1, 3))}
    for key in rng.sample(_TOP_KEYS, rng.randint(0, 3)):
        body[key] = _json(rng, 3)
    if rng.random() < 0.3:
        body["temperature"] = round(rng.uniform(0, 1), 2)
    items = list(body.items())  # unknown keys anywhere in the top-level order, model and messages too
    rng.shuffle(items)
    return dict(items)


# --------------------------------------------------------------------------- planting the value

VALUE_MARK, PART1_MARK, PART2_MARK = "\ue000V\ue001", "\ue000P1\ue001", "\ue000P2\ue001"


def _slots(node: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """(path, container, key) of every string value that may hold the value: anything but
    `model`, `role` and part `type` (the generator uses these names for nothing else)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str) and k not in ("model", "role", "type"):
                yield f"{path}.{k}" if path else k, node, k
            yield from _slots(v, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str):
                yield f"{path}[{i}]", node, i
            yield from _slots(v, f"{path}[{i}]")


def _dicts(node: Any, path: str) -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        yield path or "(top level)", node
        for k, v in node.items():
            yield from _dicts(v, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _dicts(v, f"{path}[{i}]")


def _guarded(rng: random.Random, mark: str) -> str:
    """The value with a guard (and maybe Chinese text) on each side, safe to insert into any text."""
    return rng.choice(["", "客户", "联系人"]) + rng.choice(_GUARDS) + mark + rng.choice(_GUARDS) + rng.choice(["", "请核实", "谢谢"])


def _wrapped(rng: random.Random, mark: str) -> str:
    """A whole string or key: the value alone, or guarded."""
    return mark if rng.random() < 0.25 else _guarded(rng, mark)


def plant(rng: random.Random, body: dict[str, Any], value: str) -> tuple[str, int | None]:
    """Puts VALUE_MARK (or PART1_MARK/PART2_MARK) into `body`; returns (description, cut)."""
    mode = rng.choice(["string", "key", "split"])
    if mode == "string":
        slots = list(_slots(body, ""))
        path, container, key = rng.choice(slots)
        s = container[key]
        i = rng.randint(0, len(s))
        container[key] = s[:i] + _guarded(rng, VALUE_MARK) + s[i:] if rng.random() < 0.8 else _wrapped(rng, VALUE_MARK)
        return f"string at {path}", None
    if mode == "key":
        path, target = rng.choice(list(_dicts(body, "")))
        items = list(target.items())
        items.insert(rng.randint(0, len(items)), (_wrapped(rng, VALUE_MARK), _json(rng, 1)))
        target.clear()
        target.update(items)
        return f"key in {path}", None
    index = rng.randrange(len(body["messages"]))
    message = body["messages"][index]
    if not isinstance(message["content"], list):
        message["content"] = [{"type": "text", "text": message["content"]}]
    parts = message["content"]
    at = rng.randint(0, len(parts))
    cut = rng.randint(1, len(value) - 1)
    first = {"type": "text", "text": rng.choice(["", _text(rng)]) + rng.choice(_GUARDS) + PART1_MARK}
    second = {"type": "text", "text": PART2_MARK + rng.choice(_GUARDS) + rng.choice(["", _text(rng)])}
    parts[at:at] = [first, second]
    return f"split at {cut} across messages[{index}].content[{at}] and [{at + 1}]", cut


def _escape(rng: random.Random, text: str, how: str) -> str:
    """`text` as it goes inside a JSON string: plain, all `\\u` escapes, or some characters escaped."""
    out = []
    for c in text:
        if how == "all" or (how == "some" and rng.random() < 0.5):
            out.append(("\\u%04X" if rng.random() < 0.5 else "\\u%04x") % ord(c))
        else:
            out.append(c)
    return "".join(out)


def _map_strings(node: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(node, dict):
        return {fn(k): _map_strings(v, fn) for k, v in node.items()}
    if isinstance(node, list):
        return [_map_strings(v, fn) for v in node]
    return fn(node) if isinstance(node, str) else node


def example(seed: int) -> dict[str, Any]:
    """One generated example: wire bytes, the body a parser reads, the value and how it was placed."""
    rng = random.Random(seed)
    vtype, value = random_value(rng)
    body = random_body(rng)
    where, cut = plant(rng, body, value)
    forms = {VALUE_MARK: value} if cut is None else {PART1_MARK: value[:cut], PART2_MARK: value[cut:]}
    how = rng.choice(["plain", "plain", "all", "some"])
    ascii_only = rng.random() < 0.3
    wire = json.dumps(body, ensure_ascii=ascii_only, separators=rng.choice([(",", ":"), (", ", ": ")]))
    for mark, text in forms.items():
        wire = wire.replace(json.dumps(mark, ensure_ascii=ascii_only)[1:-1], _escape(rng, text, how))

    def decode(s: str) -> str:
        for mark, text in forms.items():
            s = s.replace(mark, text)
        return s

    expected = _map_strings(body, decode)
    assert json.loads(wire) == expected, f"seed {seed}: harness bug: the wire does not decode to the planted body"
    label = f"seed {seed}: {vtype} {value} as a {where}, written {how}{' (ASCII-only JSON)' if ascii_only else ''}"
    return {"wire": wire.encode("utf-8"), "expected": expected, "marked": body, "value": value, "cut": cut, "label": label}


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def property_gateway(switchboard_bin: Path, fake_provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    yield from running_shapes_gateway(switchboard_bin, fake_provider, tmp_path_factory, "property gateway")


def test_generator_stays_clean() -> None:
    """Around the planted value the generated text holds no digit and no context word (negative or
    authentication) that would change how a value is judged, so every example must be masked or refused."""
    for seed in SEEDS:
        marked = example(seed)["marked"]
        for _segs, _is_key, s in check.walk(marked):
            rest = s.replace(VALUE_MARK, "").replace(PART1_MARK, "").replace(PART2_MARK, "")
            assert not any(c.isdigit() for c in rest), f"seed {seed}: a digit in generated text {s!r}"
            assert not [w for w in _AVOID if w in rest.lower()], f"seed {seed}: a context word in generated text {s!r}"


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed-{s}" for s in SEEDS])
def test_value_never_reaches_public_backend(property_gateway: Gateway, fake_provider: FakeProvider, seed: int) -> None:
    ex = example(seed)
    value, cut, label = ex["value"], ex["cut"], ex["label"]
    finder = LeakFinder(value, (value[:cut], value[cut:]) if cut is not None else ())
    assert finder.raw(ex["wire"]) + finder.node(ex["expected"]), f"{label}: harness bug: the leak finder does not see the planted value"

    fake_provider.set_script(ECHO_SCRIPT)
    fake_provider.clear_requests()
    status, headers, body = post(property_gateway, "/v1/chat/completions", ex["wire"])
    assert property_gateway.proc.poll() is None, f"{label}: the gateway exited (code {property_gateway.proc.returncode})"
    raw, records = fetch_records(fake_provider)
    leaks = finder.records(raw, records)
    assert not leaks, f"{label}: the public backend received the value (HTTP {status} to the app):\n{summary(leaks)}"

    if 200 <= status < 300:
        chats = [r for r in records if str(r.get("path", "")).endswith("/chat/completions")]
        assert chats and all(isinstance(r.get("body"), dict) for r in chats), f"{label}: HTTP {status} but the fake recorded no chat request"
        answer = answer_text(headers, body)
        assert not PSEUDONYM.search(answer), f"{label}: a pseudonym reached the app unrestored: {answer[:300]!r}"
        echo = fake_echo(ex["expected"])
        if cut is not None:
            echo, answer = echo.replace("\n", ""), answer.replace("\n", "")
        if value in echo:
            assert value in answer, f"{label}: the answer does not carry the restored value: {answer[:300]!r}"
        return
    err = openai_error(body)
    assert err is not None, f"{label}: HTTP {status} without an OpenAI error body: {str(body)[:300]}"
    assert records == [], f"{label}: refused with HTTP {status}, but the fake recorded {len(records)} request(s)"
    assert status == 503 and err.get("code") == "no_allowed_backend", (
        f"{label}: a well-formed body refused with HTTP {status} {err.get('code')}: {err['message']}"
    )


def test_gateway_keeps_serving(property_gateway: Gateway, fake_provider: FakeProvider) -> None:
    fake_provider.set_script(ECHO_SCRIPT)
    fake_provider.clear_requests()
    wire = json.dumps({"model": ALIAS, "messages": [{"role": "user", "content": "请问开放日是哪天？"}]}, ensure_ascii=False).encode()
    status, headers, body = post(property_gateway, "/v1/chat/completions", wire)
    assert status == 200, f"HTTP {status}: {body!r}"
    assert answer_text(headers, body) == ECHO_PREFIX + "请问开放日是哪天？"
    assert property_gateway.proc.poll() is None
