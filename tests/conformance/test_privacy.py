"""Masking and zone policy, seen through the official SDK: what a public model receives,
and what the app gets back."""

from __future__ import annotations

import json

import openai
import pytest

ALIAS = "fin-chat"
MOBILE = "13812345678"
EMAIL = "zhang.wei@example.com"
QUESTION = f"请联系客户，手机{MOBILE}，邮箱{EMAIL}。"


def _sent_text(fake) -> str:
    return json.dumps(fake.chat_requests(), ensure_ascii=False)


def test_masked_answer_is_restored(public_gateway, fake_provider):
    fake_provider.reset()
    fake_provider.set_script([{"reply": {"content": "好的：{{echo}}"}}])
    client = public_gateway.client()
    answer = client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": QUESTION}])
    assert answer.choices[0].message.content == f"好的：{QUESTION}"
    sent = _sent_text(fake_provider)
    assert MOBILE not in sent and EMAIL not in sent
    assert "[[cn_mobile_1]]" in sent and "[[email_1]]" in sent


def test_masked_stream_is_restored_across_chunks(public_gateway, fake_provider):
    fake_provider.reset()
    fake_provider.set_script([{"chunks": 80, "reply": {"content": "好的：{{echo}}"}}])
    client = public_gateway.client()
    stream = client.chat.completions.create(
        model=ALIAS, messages=[{"role": "user", "content": QUESTION}], stream=True, stream_options={"include_usage": True}
    )
    pieces = []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
    assert "".join(pieces) == f"好的：{QUESTION}"
    assert len(pieces) > 10
    assert MOBILE not in _sent_text(fake_provider)


def test_authentication_data_never_goes_public(public_gateway, fake_provider):
    fake_provider.reset()
    client = public_gateway.client()
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model=ALIAS, messages=[{"role": "user", "content": "我的交易密码是Abc12345，帮我记住"}])
    assert caught.value.status_code == 503
    assert caught.value.code == "no_allowed_backend"
    assert "data level 4" in caught.value.message
    assert fake_provider.chat_requests() == []
