#!/usr/bin/env python3
"""Check one captured chat-completions response for bench/gateway.sh.

usage: validate.py --mode json|sse --label LABEL --status CODE
                   --headers HEADERS_FILE --body BODY_FILE [--expect FILE]
                   [--usage-chunk expected|absent]

Checks the HTTP status (200), the Content-Type, and the OpenAI shape:
  json: a chat.completion object with id, object, created, model,
        choices[0].message{role,content}, choices[0].finish_reason and
        usage{prompt_tokens,completion_tokens,total_tokens}.
  sse:  every `data:` line (except the final [DONE]) parses with json.loads
        and is a chat.completion.chunk; some chunk has finish_reason "stop";
        the stream ends with `data: [DONE]`.  A usage chunk (empty choices,
        usage object) is expected, and its absence is an error; with
        --usage-chunk absent (a request that did not ask for stream usage, sent
        to the gateway, which asks backends for usage on its own behalf and
        keeps that chunk from the app) its presence is the error.
--expect FILE additionally requires the body to be byte-identical to FILE
(used for the direct and nginx-proxy targets, which must pass bodies through).
Exit status 0 when valid; problems are printed one per line.
"""
import argparse
import json
import sys


def check_usage(u, where, errors):
    if not isinstance(u, dict):
        errors.append(f"{where}: usage is not an object: {u!r}")
        return
    for k in ("prompt_tokens", "completion_tokens", "total_tokens"):
        if not isinstance(u.get(k), int):
            errors.append(f"{where}: usage.{k} missing or not an integer")


def check_common(o, obj, where, errors):
    if not isinstance(o, dict):
        errors.append(f"{where}: not a JSON object")
        return False
    if not isinstance(o.get("id"), str) or not o["id"]:
        errors.append(f"{where}: missing id")
    if o.get("object") != obj:
        errors.append(f"{where}: object is {o.get('object')!r}, want {obj!r}")
    if not isinstance(o.get("created"), int):
        errors.append(f"{where}: created missing or not an integer")
    if not isinstance(o.get("model"), str) or not o["model"]:
        errors.append(f"{where}: missing model")
    if not isinstance(o.get("choices"), list):
        errors.append(f"{where}: choices is not a list")
        return False
    return True


def validate_json(body, errors, warnings):
    try:
        o = json.loads(body)
    except ValueError as e:
        errors.append(f"body is not JSON: {e}")
        return
    if not check_common(o, "chat.completion", "body", errors):
        return
    if not o["choices"]:
        errors.append("body: choices is empty")
        return
    c = o["choices"][0]
    msg = c.get("message") if isinstance(c, dict) else None
    if not isinstance(msg, dict):
        errors.append("body: choices[0].message missing")
    else:
        if msg.get("role") != "assistant":
            errors.append(f"body: choices[0].message.role is {msg.get('role')!r}")
        if not isinstance(msg.get("content"), str) or not msg["content"]:
            errors.append("body: choices[0].message.content missing or empty")
    if not isinstance(c, dict) or c.get("finish_reason") != "stop":
        errors.append("body: choices[0].finish_reason is not 'stop'")
    check_usage(o.get("usage"), "body", errors)


def validate_sse(body, errors, warnings, usage_chunk="expected"):
    text = body.decode("utf-8", errors="strict")
    events = [e for e in text.replace("\r\n", "\n").split("\n\n") if e.strip()]
    datas = []
    for ev in events:
        lines = [l for l in ev.split("\n") if l.startswith("data:")]
        if not lines:
            continue  # comment / keep-alive / event-only block
        datas.append("\n".join(l[5:].lstrip(" ") for l in lines))
    if not datas:
        errors.append("no data: events in stream")
        return
    if datas[-1] != "[DONE]":
        errors.append(f"stream does not end with data: [DONE] (last: {datas[-1][:80]!r})")
    if not text.rstrip("\n").endswith("[DONE]") or not text.endswith("\n\n"):
        errors.append("stream does not end with 'data: [DONE]\\n\\n'")
    saw_stop = saw_usage = False
    content = ""
    for i, d in enumerate(datas):
        if d == "[DONE]":
            if i != len(datas) - 1:
                errors.append(f"event {i}: [DONE] before the end of the stream")
            continue
        where = f"event {i}"
        try:
            o = json.loads(d)
        except ValueError as e:
            errors.append(f"{where}: data is not JSON: {e}: {d[:80]!r}")
            continue
        if not check_common(o, "chat.completion.chunk", where, errors):
            continue
        if not o["choices"]:
            if o.get("usage") is not None:
                saw_usage = True
                check_usage(o["usage"], where, errors)
            continue
        c = o["choices"][0]
        if not isinstance(c, dict) or not isinstance(c.get("delta"), dict):
            errors.append(f"{where}: choices[0].delta missing")
            continue
        if isinstance(c["delta"].get("content"), str):
            content += c["delta"]["content"]
        if c.get("finish_reason") == "stop":
            saw_stop = True
    if not saw_stop:
        errors.append("no chunk with finish_reason 'stop'")
    if not content:
        errors.append("streamed content is empty")
    if usage_chunk == "expected" and not saw_usage:
        errors.append("no usage chunk (empty choices + usage) in stream")
    if usage_chunk == "absent" and saw_usage:
        errors.append("a usage chunk reached an app that did not ask for stream usage")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("json", "sse"), required=True)
    ap.add_argument("--label", required=True)
    ap.add_argument("--status", required=True)
    ap.add_argument("--headers", required=True)
    ap.add_argument("--body", required=True)
    ap.add_argument("--expect")
    ap.add_argument("--usage-chunk", choices=("expected", "absent"), default="expected")
    a = ap.parse_args()

    errors, warnings = [], []
    if a.status != "200":
        errors.append(f"HTTP status {a.status}, want 200")
    with open(a.headers, encoding="latin-1") as f:
        header_lines = f.read().splitlines()
    ctype = ""
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "content-type":
            ctype = value.strip().lower()  # last one wins (after 1xx/redirects)
    want = "application/json" if a.mode == "json" else "text/event-stream"
    if not ctype.startswith(want):
        errors.append(f"Content-Type is {ctype!r}, want {want}")
    with open(a.body, "rb") as f:
        body = f.read()
    if a.expect:
        with open(a.expect, "rb") as f:
            if f.read() != body:
                errors.append(f"body differs from {a.expect}")
    try:
        if a.mode == "json":
            validate_json(body, errors, warnings)
        else:
            validate_sse(body, errors, warnings, a.usage_chunk)
    except UnicodeDecodeError as e:
        errors.append(f"body is not UTF-8: {e}")

    for w in warnings:
        print(f"  warning [{a.label}]: {w}", file=sys.stderr)
    for e in errors:
        print(f"  INVALID [{a.label}]: {e}", file=sys.stderr)
    if errors:
        print(f"  body excerpt [{a.label}]: {body[:300]!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
