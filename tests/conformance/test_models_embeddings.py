"""GET /v1/models and POST /v1/embeddings through the openai SDK."""

from __future__ import annotations

import math

ALIAS = "fin-chat"


def test_models_list_returns_alias(client, fake):
    ids = [m.id for m in client.models.list()]
    assert ALIAS in ids, f"/v1/models should list the alias {ALIAS!r}, got {ids!r}"
    # Backend names are configuration detail and must not leak as model ids.
    assert "primary" not in ids


def test_models_list_entries_are_openai_shaped(gateway, fake):
    status, _, body = gateway.raw("GET", "/v1/models", headers={"Authorization": f"Bearer {gateway.keys['app']}"})
    assert status == 200, body
    assert body.get("object") == "list", body
    entry = next(m for m in body["data"] if m.get("id") == ALIAS)
    assert entry.get("object") == "model", entry


def test_embeddings_return_a_vector(client, fake):
    # The SDK asks for encoding_format=base64 by default and decodes it itself;
    # a float list in the response is accepted as well.
    resp = client.embeddings.create(model=ALIAS, input="茅台")
    assert len(resp.data) == 1
    vec = resp.data[0].embedding
    assert isinstance(vec, list) and len(vec) > 0
    assert all(isinstance(x, (int, float)) and math.isfinite(x) for x in vec)
    assert resp.model == ALIAS

    reqs = fake.requests("/embeddings")
    assert len(reqs) == 1, reqs
    assert reqs[0]["body"]["input"] == "茅台"


def test_embeddings_float_format(client, fake):
    resp = client.embeddings.create(model=ALIAS, input=["茅台", "五粮液"], encoding_format="float")
    assert [d.index for d in resp.data] == [0, 1]
    for d in resp.data:
        assert isinstance(d.embedding, list) and len(d.embedding) > 0
        assert all(isinstance(x, (int, float)) for x in d.embedding)
    assert resp.model == ALIAS
