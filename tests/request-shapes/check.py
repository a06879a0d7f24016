#!/usr/bin/env python3
"""Validate the request-shape corpus (tests/request-shapes/cases.jsonl).

Standard library only. Run from anywhere:

    python3 tests/request-shapes/check.py                 # validate cases.jsonl next to this file
    python3 tests/request-shapes/check.py other.jsonl     # validate another file
    python3 tests/request-shapes/check.py --render chat-split-user-parts --value cn_mobile --cut 4

Exits 0 when the corpus is valid, 1 with one line per problem (each naming the case) otherwise.

The module is also the reference implementation of the placeholder grammar described in
README.md: `load_cases()` reads the corpus and `render(case, value, cut)` returns the exact
request bytes a test should send. The end-to-end test may import it.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import math
import re
import struct
import sys
import wave
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE / "cases.jsonl"

# The sample values the corpus is checked with (any valid value of these types may be used by a test).
SAMPLE_VALUES = {
    "cn_id_card": "11010519491231002X",
    "cn_mobile": "13812345678",
    "bank_card": "6222021234567890128",
}
SAMPLE_MODEL = "fin-chat"

FIELDS = ("id", "endpoint", "description", "body", "value_in", "kind", "expect")
ENDPOINTS = {"chat": "/v1/chat/completions", "embeddings": "/v1/embeddings"}
KINDS = ("text", "key", "unknown-field", "split", "escaped", "base64-text", "base64-binary", "id-echo")
EXPECTS = ("masked", "uninspectable", "masked-or-refused")
MIN_CASES = 60
MAX_BODY_BYTES = 4 << 20  # Switchboard's default server.max_body_bytes; larger bodies get 413
CHAT_ROLES = {"system", "developer", "user", "assistant", "tool", "function"}

# Filler text for {{FILLER:n}}: repeated and cut to n characters. It holds no digits.
FILLER_TEXT = (
    "根据《商业银行理财业务监督管理办法》，理财产品不等同于银行存款，投资者应当充分认识投资风险，谨慎投资。"
    "本说明书所载信息仅供参考，不构成任何投资建议。"
    "Wealth management products are not deposits and are subject to investment risk; "
    "past performance does not guarantee future results. "
)

VALUE_TOKENS = ("VALUE", "VALUE_FULLWIDTH", "VALUE_UESC", "VALUE_FULLWIDTH_UESC", "VALUE_PART1", "VALUE_PART2")
BINARY_TOKENS = ("BASE64_PNG", "BASE64_WAV", "BASE64_PDF")
SIMPLE_TOKEN = re.compile(r"\{\{([A-Z0-9_]+)(?::(\d+))?\}\}")
BASE64_HEAD = re.compile(r"\{\{BASE64:([a-z]+/[a-z0-9.+-]+):")
DATA_URL = re.compile(r"^data:([a-z]+/[a-z0-9.+-]+)((?:;[a-z-]+=[^;,]+)*);base64,")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TEXT_MIME = re.compile(r"^(text/[a-z0-9.+-]+|application/json)$")


class CaseError(Exception):
    pass


# --------------------------------------------------------------------------- value forms

def fullwidth(s: str) -> str:
    """ASCII letters and digits to their full-width forms (U+FF10..FF19, U+FF21..FF3A, U+FF41..FF5A)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in s)


def uescape(s: str) -> str:
    """Every character as a JSON \\uXXXX escape (lower-case hex); BMP characters only."""
    assert all(ord(c) <= 0xFFFF for c in s)
    return "".join("\\u%04x" % ord(c) for c in s)


def filler(n: int) -> str:
    return (FILLER_TEXT * (n // len(FILLER_TEXT) + 1))[:n]


# --------------------------------------------------------------------------- binary payloads

def png_bytes(width: int = 32, height: int = 20) -> bytes:
    """A valid RGB PNG (a colour gradient)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // (width - 1), y * 255 // (height - 1), 128)) for x in range(width))
        for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def wav_bytes(seconds: float = 0.25, rate: int = 16000) -> bytes:
    """A valid 16-bit mono PCM WAV (a 440 Hz tone)."""
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(int(seconds * rate)))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return out.getvalue()


def pdf_bytes() -> bytes:
    """A valid one-page PDF whose content stream is Flate-compressed."""
    content = zlib.compress(b"BT /F1 14 Tf 72 770 Td (Account statement, February 2025) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


BINARY = {"BASE64_PNG": png_bytes, "BASE64_WAV": wav_bytes, "BASE64_PDF": pdf_bytes}
_binary_cache: dict[str, str] = {}


def binary_b64(token: str) -> str:
    if token not in _binary_cache:
        _binary_cache[token] = base64.b64encode(BINARY[token]()).decode("ascii")
    return _binary_cache[token]


# --------------------------------------------------------------------------- placeholder parsing

class Parsed:
    """The placeholders of one string: simple tokens outside any BASE64 text span, and at most one span."""

    def __init__(self, s: str):
        self.text = s
        self.tokens: list[tuple[str, str | None]] = []  # (name, arg)
        self.b64: tuple[int, int, str, str] | None = None  # (start, end, mime, payload)
        self.b64_tokens: list[str] = []
        start = s.find("{{BASE64:")
        outside = s
        if start >= 0:
            head = BASE64_HEAD.match(s, start)
            if not head:
                raise CaseError(f"malformed BASE64 placeholder in {s[:80]!r}: expected {{{{BASE64:type/subtype:...}}}}")
            end = s.rfind("}}")
            if end < head.end():
                raise CaseError(f"unterminated BASE64 placeholder in {s[:80]!r}")
            payload = s[head.end():end]
            self.b64 = (start, end + 2, head.group(1), payload)
            for m in SIMPLE_TOKEN.finditer(payload):
                if m.group(1) not in ("VALUE", "VALUE_FULLWIDTH"):
                    raise CaseError(f"{{{{{m.group(1)}}}}} is not allowed inside a BASE64 text payload (only VALUE, VALUE_FULLWIDTH)")
                self.b64_tokens.append(m.group(1))
            outside = s[:start] + "\0" + s[end + 2:]
            if "{{BASE64:" in outside:
                raise CaseError(f"more than one BASE64 text placeholder in one string: {s[:80]!r}")
        for m in SIMPLE_TOKEN.finditer(outside):
            name, arg = m.group(1), m.group(2)
            if name == "FILLER":
                if arg is None or int(arg) < 1:
                    raise CaseError("FILLER needs a positive length: {{FILLER:n}}")
            elif arg is not None or name not in ("MODEL",) + VALUE_TOKENS + BINARY_TOKENS:
                raise CaseError(f"unknown placeholder {m.group(0)}")
            self.tokens.append((name, arg))
        rest = SIMPLE_TOKEN.sub("", outside)
        if "{{" in rest or "}}" in rest:
            raise CaseError(f"stray '{{{{' or '}}}}' outside a placeholder in {s[:80]!r}")

    def names(self) -> list[str]:
        return [n for n, _ in self.tokens] + (["BASE64"] if self.b64 else []) + self.b64_tokens

    def has_value_placeholder(self) -> bool:
        return any(n in VALUE_TOKENS or n in BINARY_TOKENS for n, _ in self.tokens) or self.b64 is not None


# --------------------------------------------------------------------------- paths

def format_path(segs: list) -> str:
    out = ""
    for seg in segs:
        if isinstance(seg, int):
            out += f"[{seg}]"
        elif IDENT.fullmatch(seg):
            out += ("." if out else "") + seg
        else:
            out += "[" + json.dumps(seg, ensure_ascii=False) + "]"
    return out


def parse_path(path: str) -> list:
    segs: list = []
    i = 0
    decoder = json.JSONDecoder()
    while i < len(path):
        if path[i] == "[":
            if path.startswith('["', i):
                key, end = decoder.raw_decode(path, i + 1)
                if not path.startswith("]", end):
                    raise CaseError(f"bad path {path!r}: expected ']' at {end}")
                segs.append(key)
                i = end + 1
            else:
                m = re.compile(r"\[(\d+)\]").match(path, i)
                if not m:
                    raise CaseError(f"bad path {path!r} at {i}")
                segs.append(int(m.group(1)))
                i = m.end()
        else:
            if path[i] == ".":
                if not segs:
                    raise CaseError(f"bad path {path!r}: leading '.'")
                i += 1
            elif segs:
                raise CaseError(f"bad path {path!r} at {i}: expected '.' or '['")
            m = IDENT.match(path, i)
            if not m:
                raise CaseError(f"bad path {path!r} at {i}: expected a name")
            segs.append(m.group(0))
            i = m.end()
    if not segs:
        raise CaseError("empty path")
    return segs


def walk(node, segs=()):
    """Yield (segments, is_key, string) for every string value and object key, in document order."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield list(segs) + [k], True, k
            yield from walk(v, list(segs) + [k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, list(segs) + [i])
    elif isinstance(node, str):
        yield list(segs), False, node


def resolve(body, segs: list):
    node = body
    for seg in segs:
        if isinstance(seg, int):
            if not isinstance(node, list) or seg >= len(node):
                raise CaseError(f"path {format_path(segs)} does not exist (no element [{seg}])")
        elif not isinstance(node, dict) or seg not in node:
            raise CaseError(f"path {format_path(segs)} does not exist (no member {seg!r})")
        node = node[seg]
    return node


def locations(body) -> list[tuple[list, bool, str, Parsed]]:
    """Every string or key holding a value placeholder (VALUE*, BASE64*)."""
    found = []
    for segs, is_key, s in walk(body):
        parsed = Parsed(s)
        if parsed.has_value_placeholder():
            found.append((segs, is_key, s, parsed))
    return found


# --------------------------------------------------------------------------- rendering

def _expand_structural(s: str, value: str) -> str:
    """Replace MODEL, FILLER, BASE64 text and binary placeholders; leave value placeholders in place."""
    p = Parsed(s)
    if p.b64:
        start, end, _mime, payload = p.b64
        text = payload.replace("{{VALUE_FULLWIDTH}}", fullwidth(value)).replace("{{VALUE}}", value)
        s = s[:start] + "\0B64\0" + s[end:]
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    s = SIMPLE_TOKEN.sub(lambda m: filler(int(m.group(2))) if m.group(1) == "FILLER" else m.group(0), s)
    for token in BINARY_TOKENS:
        if "{{%s}}" % token in s:
            s = s.replace("{{%s}}" % token, binary_b64(token))
    s = s.replace("{{MODEL}}", "\0MODEL\0")
    if p.b64:
        s = s.replace("\0B64\0", encoded)
    return s


def _map_strings(node, fn):
    if isinstance(node, dict):
        return {fn(k): _map_strings(v, fn) for k, v in node.items()}
    if isinstance(node, list):
        return [_map_strings(v, fn) for v in node]
    if isinstance(node, str):
        return fn(node)
    return node


def _decoded_forms(value: str, cut: int | None) -> dict[str, str]:
    forms = {
        "VALUE": value,
        "VALUE_FULLWIDTH": fullwidth(value),
        "VALUE_UESC": uescape(value),
        "VALUE_FULLWIDTH_UESC": uescape(fullwidth(value)),
    }
    if cut is not None:
        forms["VALUE_PART1"], forms["VALUE_PART2"] = value[:cut], value[cut:]
    return forms


def render(case: dict, value: str, cut: int | None = None, model: str = SAMPLE_MODEL) -> tuple[bytes, object]:
    """The request bytes for a case, and the body a JSON parser must read from them.

    `value` replaces {{VALUE}}; for split cases `cut` (1..len-1) says where {{VALUE_PART1}} ends.
    In `escaped` cases the body is written with every non-ASCII character escaped and every
    character of a substituted VALUE, VALUE_FULLWIDTH or VALUE_PART as a \\uXXXX escape.
    """
    if case["kind"] == "split" and cut is None:
        cut = len(value) // 2
    escaped = case["kind"] == "escaped"
    staged = _map_strings(case["body"], lambda s: _expand_structural(s, value))
    forms = _decoded_forms(value, cut)

    def decode(s: str) -> str:
        s = s.replace("\0MODEL\0", model)
        for name in sorted(forms, key=len, reverse=True):
            s = s.replace("{{%s}}" % name, forms[name])
        return s

    expected = _map_strings(staged, decode)
    wire = json.dumps(staged, ensure_ascii=escaped, separators=(",", ":"))
    wire = wire.replace("\\u0000MODEL\\u0000", json.dumps(model)[1:-1])
    for name in sorted(forms, key=len, reverse=True):
        text = forms[name]
        if escaped and not name.endswith("_UESC"):
            literal = uescape(text)
        else:
            literal = json.dumps(text, ensure_ascii=escaped)[1:-1]
        wire = wire.replace("{{%s}}" % name, literal)
    return wire.encode("utf-8"), expected


# --------------------------------------------------------------------------- validation

def _alnum(c: str) -> bool:
    return (c.isascii() and c.isalnum()) or ("\uff10" <= c <= "\uff19") or ("\uff21" <= c <= "\uff3a") or ("\uff41" <= c <= "\uff5a")


def _boundary_ok(text: str, needle: str) -> bool:
    """`needle` occurs in `text`, and at least one occurrence touches no letter or digit on either side."""
    i = text.find(needle)
    found = False
    while i >= 0:
        found = True
        before = text[i - 1] if i > 0 else ""
        after = text[i + len(needle)] if i + len(needle) < len(text) else ""
        if not (before and _alnum(before)) and not (after and _alnum(after)):
            return True
        i = text.find(needle, i + 1)
    if found:
        raise CaseError(f"the value touches a letter or digit and would not be a whole run in {text[:120]!r}")
    return False


def _inner_strings(node):
    for _segs, _is_key, s in walk(node):
        yield s


def _mobile_ok(v): return re.fullmatch(r"1[3-9]\d{9}", v) is not None


def _id_ok(v):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return len(v) == 18 and v[:17].isdigit() and "10X98765432"[sum(int(a) * b for a, b in zip(v, w)) % 11] == v[17].upper()


def _luhn_ok(v):
    total = 0
    for i, d in enumerate(int(c) for c in reversed(v)):
        total += d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
    return v.isdigit() and total % 10 == 0


def check_case(case: dict) -> None:
    missing = [f for f in FIELDS if f not in case]
    if missing:
        raise CaseError(f"missing field(s): {', '.join(missing)}")
    extra = sorted(set(case) - set(FIELDS))
    if extra:
        raise CaseError(f"unknown field(s): {', '.join(extra)}")
    if not isinstance(case["id"], str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", case["id"]):
        raise CaseError("id must be short kebab-case ([a-z0-9] words joined by '-')")
    if case["endpoint"] not in ENDPOINTS:
        raise CaseError(f"endpoint {case['endpoint']!r} not one of {', '.join(ENDPOINTS)}")
    if case["kind"] not in KINDS:
        raise CaseError(f"kind {case['kind']!r} not one of {', '.join(KINDS)}")
    if case["expect"] not in EXPECTS:
        raise CaseError(f"expect {case['expect']!r} not one of {', '.join(EXPECTS)}")
    d = case["description"]
    if not isinstance(d, str) or not d or not d.isascii() or "\n" in d or not d[0].isupper() or not d.endswith(".") or len(d) > 300:
        raise CaseError("description must be one English sentence (ASCII, capitalised, ending with '.', at most 300 characters)")
    body = case["body"]
    if not isinstance(body, dict):
        raise CaseError("body must be a JSON object")
    if body.get("model") != "{{MODEL}}":
        raise CaseError('body.model must be "{{MODEL}}"')
    if case["endpoint"] == "chat":
        msgs = body.get("messages")
        if not isinstance(msgs, list) or not msgs:
            raise CaseError("a chat body needs a non-empty messages array")
        for i, m in enumerate(msgs):
            if not isinstance(m, dict) or m.get("role") not in CHAT_ROLES:
                raise CaseError(f"messages[{i}] needs a role among {', '.join(sorted(CHAT_ROLES))}")
    elif "input" not in body:
        raise CaseError("an embeddings body needs input")
    vi = case["value_in"]
    if not isinstance(vi, list) or not vi or not all(isinstance(p, str) for p in vi):
        raise CaseError("value_in must be a non-empty list of path strings")
    if len(set(vi)) != len(vi):
        raise CaseError("value_in lists a path twice")

    # placeholders: grammar, locations, and value_in
    found = locations(body)
    model_count = sum(n == "MODEL" for _s, _k, s in walk(body) for n, _a in Parsed(s).tokens)
    if model_count != 1:
        raise CaseError("{{MODEL}} must occur exactly once (as body.model)")
    if not found:
        raise CaseError("the body holds no value placeholder")
    by_path: dict[str, tuple[list, bool, str, Parsed]] = {}
    for segs, is_key, s, parsed in found:
        path = format_path(segs)
        if path in by_path:
            raise CaseError(f"{path}: both a key and its value hold placeholders (ambiguous path)")
        if is_key and (parsed.b64 or any(n in BINARY_TOKENS for n in parsed.names())):
            raise CaseError(f"{path}: base64 placeholders cannot be object keys")
        by_path[path] = (segs, is_key, s, parsed)
    for p in vi:
        segs = parse_path(p)
        if format_path(segs) != p:
            raise CaseError(f"value_in path {p!r} is not in canonical form; write {format_path(segs)!r}")
        last = segs[-1]
        if isinstance(last, str) and Parsed(last).has_value_placeholder():
            parent = resolve(body, segs[:-1])
            if not isinstance(parent, dict) or last not in parent:
                raise CaseError(f"value_in {p}: no such key")
        else:
            target = resolve(body, segs)
            if not isinstance(target, str):
                raise CaseError(f"value_in {p}: not a string")
            if not Parsed(target).has_value_placeholder():
                raise CaseError(f"value_in {p}: the string there holds no value placeholder")
    missing_paths = [p for p in by_path if p not in vi]
    if missing_paths:
        raise CaseError(f"placeholder(s) not listed in value_in: {', '.join(missing_paths)}")

    names = [n for *_rest, parsed in found for n in parsed.names()]
    kind, expect = case["kind"], case["expect"]
    parts = [(segs, s) for segs, is_key, s, parsed in found if {"VALUE_PART1", "VALUE_PART2"} & set(parsed.names())]
    if kind == "split":
        if names.count("VALUE_PART1") != 1 or names.count("VALUE_PART2") != 1:
            raise CaseError("a split case needs exactly one {{VALUE_PART1}} and one {{VALUE_PART2}}")
        if len(parts) != 2 or any(k for _s, k, *_r in found if k):
            raise CaseError("{{VALUE_PART1}} and {{VALUE_PART2}} must sit in two different string values")
        (_s1, t1), (_s2, t2) = parts
        if not (t1.endswith("{{VALUE_PART1}}") and t2.startswith("{{VALUE_PART2}}")):
            raise CaseError("{{VALUE_PART1}} must end the first string and {{VALUE_PART2}} start the second (in document order)")
        if any(n in names for n in ("VALUE", "VALUE_FULLWIDTH", "VALUE_UESC", "VALUE_FULLWIDTH_UESC")):
            raise CaseError("a split case holds only the two parts")
    elif parts:
        raise CaseError("{{VALUE_PART1}}/{{VALUE_PART2}} are only for kind split")
    if kind != "escaped" and any(n.endswith("_UESC") for n in names):
        raise CaseError("_UESC placeholders are only for kind escaped")
    if kind == "escaped" and not any(n in ("VALUE", "VALUE_FULLWIDTH", "VALUE_UESC", "VALUE_FULLWIDTH_UESC") for n in names):
        raise CaseError("an escaped case needs a VALUE placeholder")
    has_binary = any(n in BINARY_TOKENS for n in names)
    if (kind == "base64-binary") != has_binary:
        raise CaseError("binary placeholders ({{BASE64_PNG}}, {{BASE64_WAV}}, {{BASE64_PDF}}) belong exactly in base64-binary cases")
    if (kind == "base64-binary") != (expect == "uninspectable"):
        raise CaseError("base64-binary cases, and only they, expect uninspectable")
    if kind == "base64-text":
        if not any(parsed.b64 and parsed.b64_tokens for *_r, parsed in found):
            raise CaseError("a base64-text case needs a {{BASE64:type:...}} payload holding {{VALUE}}")
    if kind == "key" and not any(is_key for _s, is_key, *_r in found):
        raise CaseError("a key case needs the value in an object key")
    if kind == "id-echo" and expect != "masked-or-refused":
        raise CaseError("id-echo cases expect masked-or-refused")
    for segs, is_key, s, parsed in found:
        if parsed.b64:
            start, _end, mime, _payload = parsed.b64
            if not TEXT_MIME.match(mime):
                raise CaseError(f"{format_path(segs)}: BASE64 text payload type {mime} is not a text type")
            if start:
                m = DATA_URL.match(s)
                if not m or m.end() != start or m.group(1) != mime:
                    raise CaseError(f"{format_path(segs)}: a BASE64 payload must be the whole string or follow data:{mime}[;param=x];base64,")
            elif _end != len(s):
                raise CaseError(f"{format_path(segs)}: the BASE64 payload must end the string")
        for token in BINARY_TOKENS:
            if "{{%s}}" % token in s:
                m = DATA_URL.match(s)
                if s != "{{%s}}" % token and not (m and s[m.end():] == "{{%s}}" % token):
                    raise CaseError(f"{format_path(segs)}: {{{{{token}}}}} must be the whole string or the payload of a data: URL")

    # substitution with every sample value (and every cut point for split cases)
    for vtype, value in SAMPLE_VALUES.items():
        cuts = range(1, len(value)) if kind == "split" else [None]
        for cut in cuts:
            where = f"[{vtype}{'' if cut is None else f', cut {cut}'}] "
            try:
                _check_rendered(case, found, value, cut)
            except CaseError as e:
                raise CaseError(where + str(e)) from None


def _check_rendered(case: dict, found, value: str, cut: int | None) -> None:
    wire, expected = render(case, value, cut)
    if len(wire) > MAX_BODY_BYTES:
        raise CaseError(f"rendered body is {len(wire)} bytes, over the {MAX_BODY_BYTES}-byte default body limit")
    try:
        text = wire.decode("utf-8")
        body = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CaseError(f"rendered body is not valid JSON: {e}")
    if body != expected:
        raise CaseError("rendered body does not decode to the substituted body")
    if body["model"] != SAMPLE_MODEL or not isinstance(body["model"], str):
        raise CaseError("model was not substituted")
    if re.search(r"\{\{[A-Z0-9_]+(:[^}]*)?\}\}", text):
        raise CaseError("a placeholder survived substitution")
    fw = fullwidth(value)
    if case["kind"] == "escaped" and (value in text or fw in text):
        raise CaseError("escaped case: the value appears unescaped in the request bytes")

    # each listed location holds the value in the form its placeholder promises
    split_text = []
    for segs, is_key, s, parsed in found:
        path = format_path(segs)
        real = render_string(s, value, cut)
        if is_key:
            parent = resolve(body, _real_segs(segs[:-1], value, cut))
            if real not in parent:
                raise CaseError(f"{path}: substituted key missing from the rendered body")
        else:
            got = resolve(body, _real_segs(segs, value, cut))
            if got != real:
                raise CaseError(f"{path}: rendered string differs from the substituted string")
        names = parsed.names()
        ok = False
        if "VALUE_PART1" in names or "VALUE_PART2" in names:
            split_text.append(real)
            ok = True
        if "VALUE" in [n for n, _ in parsed.tokens]:
            ok = _boundary_ok(real, value) or ok
        if "VALUE_FULLWIDTH" in [n for n, _ in parsed.tokens]:
            ok = _boundary_ok(real, fw) or ok
        if "VALUE_UESC" in names or "VALUE_FULLWIDTH_UESC" in names:
            try:
                inner = json.loads(real)
            except json.JSONDecodeError as e:
                raise CaseError(f"{path}: a _UESC placeholder must sit in a string that is JSON text ({e})")
            ok = any(_boundary_ok(t, value) or _boundary_ok(t, fw) for t in _inner_strings(inner)) or ok
        if parsed.b64:
            start = parsed.b64[0]
            b64 = real[DATA_URL.match(real).end():] if start else real
            payload = base64.b64decode(b64, validate=True).decode("utf-8")
            if parsed.b64_tokens:
                ok = _boundary_ok(payload, value) or _boundary_ok(payload, fw) or ok
            else:
                ok = True
        if any(n in BINARY_TOKENS for n in names):
            ok = True
        if not ok:
            raise CaseError(f"{path}: the value is not found there after substitution")
    if split_text:
        joined = "".join(split_text)
        if not _boundary_ok(joined, value):
            raise CaseError("split parts do not join into the value")

    # realism: tool-call arguments are JSON text; tool results answer an earlier tool call
    if case["endpoint"] == "chat":
        ids: set[str] = set()
        for i, m in enumerate(body["messages"]):
            for j, call in enumerate(m.get("tool_calls") or []):
                ids.add(call.get("id"))
                _json_text(call.get("function", {}).get("arguments"), f"messages[{i}].tool_calls[{j}].function.arguments")
            if isinstance(m.get("function_call"), dict):
                _json_text(m["function_call"].get("arguments"), f"messages[{i}].function_call.arguments")
            if m["role"] == "tool" and m.get("tool_call_id") not in ids:
                raise CaseError(f"messages[{i}].tool_call_id answers no earlier tool call")


def _json_text(s, where):
    try:
        json.loads(s)
    except (TypeError, json.JSONDecodeError):
        raise CaseError(f"{where} is not JSON text")


def render_string(s: str, value: str, cut: int | None, model: str = SAMPLE_MODEL) -> str:
    """One string (or key) as a JSON parser reads it from the rendered body."""
    staged = _expand_structural(s, value).replace("\0MODEL\0", model)
    forms = _decoded_forms(value, cut)
    for name in sorted(forms, key=len, reverse=True):
        staged = staged.replace("{{%s}}" % name, forms[name])
    return staged


def _real_segs(segs: list, value: str, cut: int | None) -> list:
    return [render_string(x, value, cut) if isinstance(x, str) else x for x in segs]


# --------------------------------------------------------------------------- coverage

def _role(case, segs):
    if segs[0] == "messages" and len(segs) > 1 and isinstance(segs[1], int):
        return case["body"]["messages"][segs[1]].get("role")
    return None


def _paths(case):
    return [parse_path(p) for p in case["value_in"]]


PART_TYPES = {"text", "image_url", "input_audio", "file", "refusal"}


def _parts(case):
    """Every content part of every message (chat only)."""
    if case["endpoint"] != "chat":
        return []
    return [p for m in case["body"]["messages"] if isinstance(m.get("content"), list) for p in m["content"]]


def _has(pattern, endpoint="chat", role=None, kind=None):
    rx = re.compile(pattern)

    def pred(case):
        if case["endpoint"] != endpoint or (kind and case["kind"] != kind):
            return False
        return any(rx.fullmatch(format_path(s)) and (role is None or _role(case, s) == role) for s in _paths(case))
    return pred


def _body_has(fn, endpoint="chat"):
    return lambda case: case["endpoint"] == endpoint and fn(case["body"])


def _fillers(case):
    return sum(int(m.group(1)) for _s, _k, s in walk(case["body"]) for m in re.finditer(r"\{\{FILLER:(\d+)\}\}", s))


def _cjk_around(case):
    for segs in _paths(case):
        try:
            s = resolve(case["body"], segs)
        except CaseError:
            continue
        if isinstance(s, str) and "{{VALUE" in s and re.search(r"[\u4e00-\u9fff]", s):
            return True
    return False


COVERAGE = [
    *[(f"{r} message, string content", _has(r"messages\[\d+\]\.content", role=r)) for r in sorted(CHAT_ROLES)],
    *[(f"{r} message, text part", _has(r"messages\[\d+\]\.content\[\d+\]\.text", role=r)) for r in ("system", "developer", "user", "assistant", "tool")],
    ("image_url with an https URL", lambda c: any(isinstance(x, dict) and str(x.get("url", "")).startswith("https://") for _s, _k, x in _walk_nodes(c["body"])) and c["endpoint"] == "chat"),
    ("image_url with a data: URL", _has(r".*\.image_url\.url", kind="base64-binary")),
    ("input_audio data", _has(r".*\.input_audio\.data")),
    ("file.file_data", _has(r".*\.file\.file_data")),
    ("file.filename", _has(r".*\.file\.filename")),
    ("file.file_id", _has(r".*\.file\.file_id")),
    ("assistant refusal part", _has(r"messages\[\d+\]\.content\[\d+\]\.refusal", role="assistant")),
    ("assistant refusal", _has(r"messages\[\d+\]\.refusal", role="assistant")),
    ("message name", _has(r"messages\[\d+\]\.name")),
    ("tool_calls[].id", _has(r"messages\[\d+\]\.tool_calls\[\d+\]\.id")),
    ("tool_calls[].function.name", _has(r"messages\[\d+\]\.tool_calls\[\d+\]\.function\.name")),
    ("tool_calls[].function.arguments", _has(r"messages\[\d+\]\.tool_calls\[\d+\]\.function\.arguments")),
    ("legacy function_call.arguments", _has(r"messages\[\d+\]\.function_call\.arguments")),
    ("assistant audio.id", _has(r"messages\[\d+\]\.audio\.id")),
    ("reasoning_content", _has(r"messages\[\d+\]\.reasoning_content")),
    ("tool_call_id", _has(r"messages\[\d+\]\.tool_call_id")),
    ("user", _has(r"user")),
    ("safety_identifier", _has(r"safety_identifier")),
    ("prompt_cache_key", _has(r"prompt_cache_key")),
    ("metadata value", _has(r"metadata\.[A-Za-z_][A-Za-z0-9_]*")),
    ("metadata key", _has(r'metadata\[".*"\]')),
    ("stop string", _has(r"stop")),
    ("stop array", _has(r"stop\[\d+\]")),
    ("prediction content string", _has(r"prediction\.content")),
    ("prediction content parts", _has(r"prediction\.content\[\d+\]\.text")),
    ("tools[].function.description", _has(r"tools\[\d+\]\.function\.description")),
    ("tools[].function.name", _has(r"tools\[\d+\]\.function\.name")),
    ("tool parameter description", _has(r"tools\[\d+\]\.function\.parameters\..*\.description")),
    ("tool parameter enum", _has(r"tools\[\d+\]\.function\.parameters\..*\.enum\[\d+\]")),
    ("tool parameter default", _has(r"tools\[\d+\]\.function\.parameters\..*\.default")),
    ("tool parameter examples", _has(r"tools\[\d+\]\.function\.parameters\..*\.examples\[\d+\]")),
    ("tool_choice", _has(r"tool_choice(\.function\.name)?")),
    ("response_format.json_schema description", _has(r"response_format\.json_schema\..*description")),
    ("response_format.json_schema examples", _has(r"response_format\.json_schema\..*examples\[\d+\]")),
    ("logit_bias key", _has(r'logit_bias\[".*"\]')),
    ("web_search_options.user_location", _has(r"web_search_options\.user_location\..*")),
    ("audio.voice", _has(r"audio\.voice")),
    ("modalities", _has(r"modalities\[\d+\]")),
    ("service_tier", _has(r"service_tier")),
    ("seed as a string", _has(r"seed")),
    ("n", _body_has(lambda b: isinstance(b.get("n"), int) and b["n"] > 1)),
    ("embeddings input string", _has(r"input", "embeddings")),
    ("embeddings input array of strings", _has(r"input\[\d+\]", "embeddings")),
    ("embeddings token arrays with user", _body_has(lambda b: isinstance(b["input"], list) and b["input"] and all(isinstance(x, list) for x in b["input"]) and "user" in b, "embeddings")),
    ("embeddings user", _has(r"user", "embeddings")),
    ("embeddings encoding_format", _body_has(lambda b: "encoding_format" in b, "embeddings")),
    ("embeddings dimensions", _body_has(lambda b: "dimensions" in b, "embeddings")),
    ("content as an object", _has(r"messages\[\d+\]\.content\.text")),
    ("part of an unknown type", lambda c: any(isinstance(p, dict) and "type" in p and p["type"] not in PART_TYPES for p in _parts(c))),
    ("part without a type", lambda c: any(isinstance(p, dict) and "type" not in p for p in _parts(c))),
    ("unknown top-level string", lambda c: c["kind"] == "unknown-field" and any(len(s) == 1 and isinstance(resolve(c["body"], s), str) for s in _paths(c))),
    ("unknown top-level nested object", lambda c: c["kind"] == "unknown-field" and any(len(s) >= 2 and isinstance(s[1], str) for s in _paths(c) if s[0] not in ("messages", "metadata"))),
    ("unknown top-level array of objects", lambda c: c["kind"] == "unknown-field" and any(len(s) >= 3 and isinstance(s[1], int) and s[0] not in ("messages", "tools", "input") for s in _paths(c))),
    ("key at depth 1", lambda c: c["kind"] == "key" and any(len(s) == 1 for s in _paths(c))),
    ("key at depth 4", lambda c: c["kind"] == "key" and any(len(s) == 4 for s in _paths(c))),
    ("\\u-escaped value", lambda c: c["kind"] == "escaped"),
    ("full-width digits", lambda c: any("{{VALUE_FULLWIDTH}}" in s for _x, _k, s in walk(c["body"]))),
    ("split over two text parts of one message", lambda c: c["kind"] == "split" and c["expect"] == "masked" and len({tuple(s[:2]) for s in _paths(c)}) == 1),
    ("split over a text part and the next message", lambda c: c["kind"] == "split" and any(len(s) > 3 for s in _paths(c)) and len({tuple(s[:2]) for s in _paths(c)}) == 2),
    ("array nested deeper than 10", lambda c: any(sum(isinstance(x, int) for x in s) > 10 for s in _paths(c))),
    ("very long string (100,000+ characters)", lambda c: _fillers(c) >= 100000),
    ("Chinese text around the value", _cjk_around),
    ("id-echo tool_call id", lambda c: c["kind"] == "id-echo" and any(format_path(s).endswith("tool_call_id") for s in _paths(c))),
    *[(f"kind {k}", (lambda k: lambda c: c["kind"] == k)(k)) for k in KINDS],
    *[(f"expect {e}", (lambda e: lambda c: c["expect"] == e)(e)) for e in EXPECTS],
]


def _walk_nodes(node, segs=()):
    yield list(segs), False, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_nodes(v, list(segs) + [k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_nodes(v, list(segs) + [i])


# --------------------------------------------------------------------------- main

def load_cases(path: Path = DEFAULT_CORPUS) -> list[dict]:
    """The parsed cases (raises ValueError naming the line when a line is not JSON)."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            cases.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"line {number}: not JSON: {e}") from None
    return cases


def validate(path: Path) -> list[str]:
    problems = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return [f"{path}: cannot read: {e}"]
    cases, seen = [], {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            problems.append(f"line {number}: empty line")
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: not JSON: {e}")
            continue
        if not isinstance(case, dict):
            problems.append(f"line {number}: not a JSON object")
            continue
        name = case.get("id") if isinstance(case.get("id"), str) else f"line {number}"
        if name in seen:
            problems.append(f"{name} (line {number}): duplicate id (first on line {seen[name]})")
        seen.setdefault(name, number)
        try:
            check_case(case)
            cases.append(case)
        except CaseError as e:
            problems.append(f"{name} (line {number}): {e}")
    if len(seen) < MIN_CASES:
        problems.append(f"corpus: {len(seen)} cases, at least {MIN_CASES} required")
    if not problems:
        for label, pred in COVERAGE:
            if not any(_safe(pred, c) for c in cases):
                problems.append(f"corpus: no case covers {label}")
    return problems


def _safe(pred, case):
    try:
        return pred(case)
    except (CaseError, KeyError, IndexError, TypeError):
        return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--render", metavar="ID", help="print the rendered request body of one case instead of validating")
    ap.add_argument("--value", default="cn_mobile", help=f"sample value type for --render: {', '.join(SAMPLE_VALUES)}, or a literal value")
    ap.add_argument("--cut", type=int, help="split point for --render of a split case")
    args = ap.parse_args(argv)
    if args.render:
        cases = {c["id"]: c for c in load_cases(args.corpus)}
        if args.render not in cases:
            print(f"no case {args.render!r}", file=sys.stderr)
            return 1
        wire, _ = render(cases[args.render], SAMPLE_VALUES.get(args.value, args.value), args.cut)
        sys.stdout.write(wire.decode("utf-8") + "\n")
        return 0
    for vtype, v, ok in (("cn_id_card", SAMPLE_VALUES["cn_id_card"], _id_ok), ("cn_mobile", SAMPLE_VALUES["cn_mobile"], _mobile_ok), ("bank_card", SAMPLE_VALUES["bank_card"], _luhn_ok)):
        if not ok(v):
            print(f"sample value {vtype} {v} is not valid", file=sys.stderr)
            return 1
    problems = validate(args.corpus)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {args.corpus}", file=sys.stderr)
        return 1
    cases = load_cases(args.corpus)
    kinds = {k: sum(c["kind"] == k for c in cases) for k in KINDS}
    expects = {e: sum(c["expect"] == e for c in cases) for e in EXPECTS}
    print(f"{args.corpus}: {len(cases)} cases OK")
    print("  kind:   " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    print("  expect: " + ", ".join(f"{e} {n}" for e, n in expects.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
