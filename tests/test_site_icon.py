"""The site's icon: at /favicon.ico, where browsers look without a link, and on the admin pages."""

import io
from http import HTTPStatus

import pytest
from PIL import Image


def test_favicon_ico_is_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as icon:
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32)} <= icon.info["sizes"]


@pytest.mark.django_db
def test_admin_pages_link_the_sites_icon(client, admin_user):
    link = '<link rel="icon" href="/static/img/mark.svg" type="image/svg+xml">'
    login = client.get("/admin/login/")
    client.force_login(admin_user)
    index = client.get("/admin/")

    for response in (login, index):
        assert response.status_code == HTTPStatus.OK
        assert link in response.content.decode()
