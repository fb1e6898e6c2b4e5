"""/health/ tells a load balancer whether this server reaches its database, cache and storage."""

import json
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def health(client, **kwargs):
    response = client.get("/health/", **kwargs)
    return response, json.loads(response.content)


def test_a_healthy_server_says_so(client):
    response, body = health(client)
    assert response.status_code == HTTPStatus.OK
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_a_load_balancer_asks_by_address_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["khartoumprocess.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response, body = health(client, HTTP_HOST="10.0.0.12:8000")
    assert response.status_code == HTTPStatus.OK
    assert body["status"] == "ok"


def test_it_costs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/health/")


def broken(*args, **kwargs):
    raise OperationalError("could not connect to server at db.internal:5432 password=secret")


@pytest.mark.parametrize(
    ("name", "target", "attribute"),
    [
        ("database", connection, "cursor"),
        ("cache", cache, "get"),
        ("storage", default_storage, "exists"),
    ],
)
def test_what_is_unreachable_is_named_and_the_answer_is_503(
    client, monkeypatch, caplog, name, target, attribute
):
    monkeypatch.setattr(target, attribute, broken)
    response, body = health(client)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert body["status"] == "unavailable"
    assert body["checks"][name] == "unavailable"
    assert [value for value in body["checks"].values() if value == "ok"] == ["ok", "ok"]
    # The error goes to the log, never to the answer.
    assert "db.internal" not in response.content.decode()
    assert "secret" not in response.content.decode()
    assert f"Health check failed: {name}" in caplog.text
