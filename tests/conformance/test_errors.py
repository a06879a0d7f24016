"""Error mapping: the gateway's own errors and upstream failures, as the SDK sees them."""

from __future__ import annotations

import openai
import pytest

ALIAS = "fin-chat"
MESSAGES = [{"role": "user", "content": "请问贵州茅台的股票代码是多少？"}]


def assert_openai_error(err: openai.APIStatusError, status: int) -> dict:
    """The response is `{"error": {"message", "type", "param", "code"}}` with the given status."""
    assert err.status_code == status, f"expected HTTP {status}, got {err.status_code}: {err.response.text!r}"
    try:
        payload = err.response.json()
    except ValueError:
        pytest.fail(f"error body is not JSON: {err.response.text!r}")
    assert isinstance(payload, dict) and isinstance(payload.get("error"), dict), payload
    error = payload["error"]
    missing = {"message", "type", "param", "code"} - set(error)
    assert not missing, f"error object lacks {sorted(missing)}: {error!r}"
    assert isinstance(error["message"], str) and error["message"], error
    assert err.response.headers.get("content-type", "").startswith("application/json")
    return error


def test_wrong_key_is_authentication_error(make_client, fake):
    bad = make_client(api_key="sk-switchboard-definitely-not-a-key")
    with pytest.raises(openai.AuthenticationError) as ei:
        bad.chat.completions.create(model=ALIAS, messages=MESSAGES)
    assert_openai_error(ei.value, 401)
    assert fake.chat_requests() == [], "an unauthenticated request must not reach the upstream"


def test_wrong_key_on_models_is_authentication_error(make_client, fake):
    bad = make_client(api_key="sk-switchboard-definitely-not-a-key")
    with pytest.raises(openai.AuthenticationError) as ei:
        bad.models.list()
    assert_openai_error(ei.value, 401)


def test_missing_authorization_header_is_401(gateway, fake):
    status, _, body = gateway.raw("POST", "/v1/chat/completions", body={"model": ALIAS, "messages": MESSAGES})
    assert status == 401, body
    assert isinstance(body, dict) and "message" in body.get("error", {}), body


def test_auditor_role_is_permission_denied(make_client, gateway, fake):
    auditor = make_client(api_key=gateway.keys["auditor"])
    with pytest.raises(openai.PermissionDeniedError) as ei:
        auditor.chat.completions.create(model=ALIAS, messages=MESSAGES)
    assert_openai_error(ei.value, 403)
    assert fake.chat_requests() == []


def test_unknown_model_is_not_found(client, fake):
    with pytest.raises(openai.NotFoundError) as ei:
        client.chat.completions.create(model="no-such-model", messages=MESSAGES)
    error = assert_openai_error(ei.value, 404)
    assert error["code"] == "model_not_found", error
    assert ei.value.code == "model_not_found"
    assert fake.chat_requests() == []


def test_malformed_json_is_bad_request(gateway, fake):
    status, _, body = gateway.raw(
        "POST",
        "/v1/chat/completions",
        raw=b'{"model": "fin-chat", "messages": [',
        headers={"Authorization": f"Bearer {gateway.keys['app']}", "Content-Type": "application/json"},
    )
    assert status == 400, body
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), body
    assert {"message", "type", "param", "code"} <= set(body["error"]), body
    assert fake.chat_requests() == []


def test_missing_messages_is_bad_request(gateway, fake):
    status, _, body = gateway.raw(
        "POST",
        "/v1/chat/completions",
        body={"model": ALIAS},
        headers={"Authorization": f"Bearer {gateway.keys['app']}"},
    )
    assert status == 400, body
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), body
    assert fake.chat_requests() == []


def test_upstream_400_passes_through(client, fake):
    message = "Invalid value for 'temperature': 不能大于 2"
    fake.set_script([{"fault": "status", "status": 400, "error_message": message}])
    with pytest.raises(openai.BadRequestError) as ei:
        client.chat.completions.create(model=ALIAS, messages=MESSAGES, temperature=1.0)
    error = assert_openai_error(ei.value, 400)
    assert message in error["message"], error
    assert message in ei.value.message
    assert len(fake.chat_requests()) == 1, "a 4xx from the upstream must not be retried"


def test_upstream_500_on_every_attempt_is_502(isolated_gateway, fake):
    client = isolated_gateway.client()
    message = "upstream exploded: 内部错误"
    fake.set_script([{"fault": "status", "status": 500, "error_message": message}])
    with pytest.raises(openai.APIStatusError) as ei:
        client.chat.completions.create(model=ALIAS, messages=MESSAGES)
    error = assert_openai_error(ei.value, 502)
    assert message in error["message"], error
    assert message in ei.value.message
    assert len(fake.chat_requests()) >= 1


def test_streamed_upstream_500_is_http_error_before_streaming(isolated_gateway, fake):
    client = isolated_gateway.client()
    message = "upstream exploded while streaming"
    fake.set_script([{"fault": "status", "status": 500, "error_message": message}])
    with pytest.raises(openai.APIStatusError) as ei:
        stream = client.chat.completions.create(model=ALIAS, messages=MESSAGES, stream=True)
        with stream:
            for _ in stream:
                pass
    error = assert_openai_error(ei.value, 502)
    assert message in error["message"], error
