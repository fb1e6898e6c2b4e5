"""Faults: the database or the object store away, an upload cut short.

The database's outage is simulated on this test's own connection (a closed port, a
connection whose server end is gone, or cursors that fail): the machine's PostgreSQL is never
stopped. The object store's is a bucket whose endpoint is a closed port. Redis away is
tested in test_shared_cache.py and test_page_cache.py; each service away from the running
stack (nginx, gunicorn) in test_stack_faults.py.
"""

import contextlib
import errno
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError, close_old_connections, connection

from khartoum.settings import s3_storage
from tests import object_storage
from tests.factories import DocumentFileFactory, MeetingFactory, PhotoFactory
from tests.network import free_port

s3_endpoint = object_storage.s3_endpoint
s3_client = object_storage.s3_client
s3_bucket = object_storage.s3_bucket


def assert_clean_503(response):
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "The site is unavailable for a moment" in page
    assert "css/site.css" in page  # the site's own style
    assert "Traceback" not in page and "OperationalError" not in page
    assert "Error" in page and "503" in page


@pytest.fixture
def database_down():
    """Every query fails as it does when PostgreSQL has stopped."""
    with mock.patch.object(
        connection, "create_cursor", side_effect=OperationalError("server closed the connection")
    ):
        yield


@pytest.fixture
def page_cache_with_version_in_cache(settings):
    # The version in the (here in-process) cache, as with Redis: a hit needs no query.
    settings.PAGE_CACHE_SECONDS = 3600
    settings.RECORD_VERSION_IN_CACHE = True


@pytest.mark.django_db
def test_without_the_database_cached_pages_serve_and_others_get_a_clean_503(
    page_cache_with_version_in_cache, client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Senior Officials Meeting in Khartoum")
    assert client.get("/meetings/").status_code == HTTPStatus.OK  # now in the page cache
    with mock.patch.object(
        connection, "create_cursor", side_effect=OperationalError("server closed the connection")
    ):
        cached = client.get("/meetings/")
        assert cached.status_code == HTTPStatus.OK
        assert "Senior Officials Meeting in Khartoum" in cached.content.decode()
        for url in [meeting.get_absolute_url(), "/documents/", "/search/?q=khartoum"]:
            assert_clean_503(client.get(url))
        # Not a page of the record: never put in the page cache.
        assert_clean_503(client.get("/documents/"))
    assert client.get("/documents/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_the_503_page_is_in_the_visitors_language(settings, client, database_down):
    response = client.get("/documents/", headers={"accept-language": "fr"})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert 'lang="' in response.content.decode()


@pytest.mark.django_db
def test_an_error_in_a_middleware_during_an_outage_is_a_503_too(client, admin_user):
    client.force_login(admin_user)  # the session is read from the database, before any view
    client.raise_request_exception = False  # as a server: the handler's answer, not the error
    with mock.patch.object(
        connection, "create_cursor", side_effect=OperationalError("server closed the connection")
    ):
        assert_clean_503(client.get("/admin/"))


@pytest.mark.django_db
def test_other_errors_are_still_500(client):
    with mock.patch("documents.views.DocumentListView.get", side_effect=RuntimeError("bug")):
        client.raise_request_exception = False
        response = client.get("/documents/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.mark.django_db(transaction=True)
def test_postgresql_at_a_closed_port_gives_503_then_the_site_comes_back(postgresql, client):
    MeetingFactory()
    settings_dict = connection.settings_dict
    host, port = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(free_port())
    try:
        assert_clean_503(client.get("/meetings/"))
    finally:
        settings_dict["HOST"], settings_dict["PORT"] = host, port
        connection.close()
    assert client.get("/meetings/").status_code == HTTPStatus.OK


@pytest.mark.django_db(transaction=True)
def test_a_connection_broken_by_a_restart_is_replaced_at_the_next_request(postgresql, client):
    """PostgreSQL restarted: the kept connection is dead; the next request opens another."""
    import psycopg2

    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    connection.settings_dict["CONN_MAX_AGE"] = 60  # a kept connection, as in production
    MeetingFactory()
    assert client.get("/meetings/").status_code == HTTPStatus.OK
    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    other = psycopg2.connect(**params)
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    # What every request starts with in a server (the test client leaves it out).
    close_old_connections()
    assert client.get("/meetings/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_without_the_object_store_pages_serve_and_photos_and_downloads_get_a_clean_503(
    s3_bucket, settings, client
):
    photo = PhotoFactory()
    document_file = DocumentFileFactory(document__meeting=photo.meeting)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            s3_bucket,
            endpoint_url=f"http://127.0.0.1:{free_port()}",
            region_name="us-east-1",
            access_key="test-key",
            secret_key="test-secret",
        ),
    }
    for url in [photo.meeting.get_absolute_url(), document_file.document.get_absolute_url()]:
        assert client.get(url).status_code == HTTPStatus.OK, url
    assert_clean_503(client.get(f"/photos/{photo.pk}/thumb.webp"))
    # Without nginx the app server reads the object itself: asked before the answer starts.
    assert_clean_503(client.get(document_file.get_absolute_url()))


@pytest.mark.django_db
def test_a_media_folder_that_cannot_be_read_gives_a_clean_503_for_a_download(client):
    document_file = DocumentFileFactory()
    broken = OSError(errno.EIO, "Input/output error")
    with mock.patch.object(type(default_storage._wrapped), "open", side_effect=broken):
        assert_clean_503(client.get(document_file.get_absolute_url()))


# An upload cut short -------------------------------------------------------------------


def stored_names():
    names = []
    for folder in ["documents", "photos"]:
        with contextlib.suppress(FileNotFoundError):
            names += default_storage.listdir(folder)[1]
    return names


@pytest.fixture(params=["filesystem", "s3"])
def any_storage(request):
    if request.param == "s3":
        request.getfixturevalue("s3_bucket")
    return request.param


@pytest.mark.django_db(transaction=True)
def test_a_failed_save_leaves_no_row_and_no_object(any_storage):
    from documents.models import DocumentFile

    with pytest.raises(Exception):  # noqa: B017 - the database refuses the row
        DocumentFileFactory(document=None)
    assert not DocumentFile.objects.exists()
    assert stored_names() == []


@pytest.mark.django_db(transaction=True)
def test_an_upload_rolled_back_after_its_save_leaves_no_object(any_storage):
    from django.db import transaction

    from core.upload_rollback import files_removed_unless_committed
    from documents.models import DocumentFile

    class CutShort(Exception):
        pass

    with files_removed_unless_committed(), pytest.raises(CutShort), transaction.atomic():
        DocumentFileFactory()
        assert stored_names() != []  # stored while the row was saved
        raise CutShort
    assert not DocumentFile.objects.exists()
    assert stored_names() == []

    with files_removed_unless_committed(), transaction.atomic():
        kept = DocumentFileFactory()
    assert stored_names() == [kept.file.name.split("/")[-1]]


@pytest.mark.django_db(transaction=True)
def test_an_admin_upload_that_fails_after_storing_leaves_nothing(any_storage, secretariat_client):
    """The file is stored, then the request fails (a client gone, a database away)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.models import DocumentFile
    from tests.core.test_admin import document_change_data
    from tests.factories import DocumentFactory, pdf_bytes

    document = DocumentFactory()
    data = document_change_data(document, [])
    data.update(
        {
            "files-TOTAL_FORMS": "1",
            "files-0-document": document.pk,
            "files-0-language": "en",
            "files-0-upload": SimpleUploadedFile("conclusions.pdf", pdf_bytes()),
        }
    )
    failure = OperationalError("the connection was lost")
    with mock.patch("documents.admin.DocumentAdmin.log_change", side_effect=failure):
        response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert not DocumentFile.objects.exists()
    assert stored_names() == []
    # The same form, with nothing failing, keeps the row and its file.
    data["files-0-upload"] = SimpleUploadedFile("conclusions.pdf", pdf_bytes())
    response = secretariat_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert len(stored_names()) == 1 and DocumentFile.objects.count() == 1
