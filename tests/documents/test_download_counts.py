"""Download counts: full downloads by people, one tally per language version and month."""

import threading
from datetime import date
from http import HTTPStatus

import pytest
from django.db import connection, connections
from django.utils import timezone

from core.publishing import Status
from documents.counting import record_download
from documents.models import Document, DownloadTally
from tests.factories import PDF_BYTES, DocumentFactory, DocumentFileFactory

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
pytestmark = pytest.mark.django_db

CONTENT = PDF_BYTES + bytes(range(256))
SIZE = len(CONTENT)


def downloads(document_file):
    return sum(
        DownloadTally.objects.filter(document_file=document_file).values_list("count", flat=True)
    )


def this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def pdf():
    return DocumentFileFactory(content=CONTENT)


def fetch(client, document_file, method="get", **headers):
    response = getattr(client, method)(
        document_file.get_absolute_url(), headers={"User-Agent": BROWSER, **headers}
    )
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_a_full_download_counts_once_this_month(client, pdf):
    response = fetch(client, pdf)

    assert response.status_code == HTTPStatus.OK
    tally = DownloadTally.objects.get(document_file=pdf)
    assert tally.month == this_month()
    assert tally.count == 1


def test_every_full_download_counts(client, pdf):
    for _ in range(3):
        fetch(client, pdf)

    assert DownloadTally.objects.get(document_file=pdf, month=this_month()).count == 3


@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [
        ("head", {}, HTTPStatus.OK),
        ("get", {"Range": "bytes=10-20"}, HTTPStatus.PARTIAL_CONTENT),
        ("get", {"Range": "bytes=-5"}, HTTPStatus.PARTIAL_CONTENT),
        ("head", {"Range": "bytes=0-"}, HTTPStatus.PARTIAL_CONTENT),
        ("get", {"Range": f"bytes={SIZE}-"}, HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
        ("get", {"If-Match": '"another-file"'}, HTTPStatus.PRECONDITION_FAILED),
    ],
)
def test_what_is_not_a_full_download_does_not_count(client, pdf, method, headers, status):
    response = fetch(client, pdf, method, **headers)

    assert response.status_code == status
    assert downloads(pdf) == 0


def test_not_modified_does_not_count(client, pdf):
    response = fetch(client, pdf, **{"If-None-Match": f'"{pdf.sha256}"'})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert downloads(pdf) == 0


def test_not_found_does_not_count(client):
    document_file = DocumentFileFactory(document=DocumentFactory(status=Status.DRAFT))

    response = fetch(client, document_file)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert downloads(document_file) == 0


@pytest.mark.parametrize("header", ["bytes=0-", f"bytes=0-{SIZE - 1}", "bytes=0-99999999"])
def test_a_range_covering_the_whole_file_counts(client, pdf, header):
    response = fetch(client, pdf, Range=header)

    assert response.status_code == HTTPStatus.PARTIAL_CONTENT
    assert downloads(pdf) == 1


def test_several_ranges_answered_with_the_whole_file_count(client, pdf):
    response = fetch(client, pdf, Range="bytes=0-1,5-6")

    assert response.status_code == HTTPStatus.OK
    assert downloads(pdf) == 1


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
        "ia_archiver (+http://www.alexa.com/site/help/webmasters)",
        "",
        "   ",
    ],
)
def test_bots_are_not_counted(client, pdf, user_agent):
    response = client.get(pdf.get_absolute_url(), headers={"User-Agent": user_agent})

    assert response.status_code == HTTPStatus.OK
    assert downloads(pdf) == 0


def test_a_client_without_a_user_agent_is_not_counted(client, pdf):
    assert client.get(pdf.get_absolute_url()).status_code == HTTPStatus.OK
    assert downloads(pdf) == 0


@pytest.mark.parametrize(
    "user_agent",
    [
        BROWSER,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Wget/1.21.4",
        "curl/8.5.0",
    ],
)
def test_people_and_their_download_tools_are_counted(client, pdf, user_agent):
    fetch(client, pdf, **{"User-Agent": user_agent})

    assert downloads(pdf) == 1


def test_a_download_under_a_replaced_name_counts_for_the_current_file(client, pdf):
    revision = pdf.revisions.create(
        file=pdf.file.name,
        original_name="earlier name.pdf",
        size=pdf.size,
        content_type=pdf.content_type,
        sha256="0" * 64,
        uploaded_at=timezone.now(),
        replaced_at=timezone.now(),
    )

    response = client.get(
        f"/documents/{pdf.document_id}/{revision.original_name}",
        headers={"User-Agent": BROWSER},
        follow=True,
    )
    b"".join(response.streaming_content)

    assert response.redirect_chain == [(pdf.get_absolute_url(), HTTPStatus.MOVED_PERMANENTLY)]
    assert downloads(pdf) == 1


def test_the_count_is_written_after_the_bytes_are_sent(client, pdf):
    response = client.get(pdf.get_absolute_url(), headers={"User-Agent": BROWSER})
    assert downloads(pdf) == 0  # nothing written before the body goes out
    assert b"".join(response.streaming_content) == CONTENT
    assert downloads(pdf) == 1


def test_a_count_that_fails_does_not_break_the_download(client, pdf, monkeypatch, caplog):
    from django.db import OperationalError

    def database_down(*args, **kwargs):
        raise OperationalError("the database is not answering")

    monkeypatch.setattr("documents.counting.record_download", database_down)
    response = client.get(pdf.get_absolute_url(), headers={"User-Agent": BROWSER})
    assert b"".join(response.streaming_content) == CONTENT
    assert "Could not count a download" in caplog.text


def test_an_nginx_hand_off_counts_like_a_download(client, pdf, settings):
    settings.DOWNLOADS_X_ACCEL_PREFIX = "/protected-media/"

    fetch(client, pdf)
    fetch(client, pdf, Range="bytes=10-20")

    assert downloads(pdf) == 1


def test_counts_are_kept_per_month(pdf):
    record_download(pdf, today=date(2017, 2, 8))
    record_download(pdf, today=date(2017, 2, 9))
    record_download(pdf, today=date(2017, 2, 28))
    record_download(pdf, today=date(2017, 3, 1))
    record_download(pdf, today=date(2018, 2, 9))

    tallies = {
        tally.month: tally.count for tally in DownloadTally.objects.filter(document_file=pdf)
    }
    assert tallies == {date(2017, 2, 1): 3, date(2017, 3, 1): 1, date(2018, 2, 1): 1}


def test_counts_are_kept_per_language_version(pdf):
    french = DocumentFileFactory(document=pdf.document, language="fr")

    record_download(pdf, today=date(2017, 2, 9))
    record_download(french, today=date(2017, 2, 9))
    record_download(french, today=date(2017, 2, 10))

    assert downloads(pdf) == 1
    assert downloads(french) == 2


def test_document_download_counts_sum_every_language_and_month():
    document = DocumentFactory()
    english = DocumentFileFactory(document=document, language="en")
    french = DocumentFileFactory(document=document, language="fr")
    arabic = DocumentFileFactory(document=document, language="ar")
    for day, times in [(date(2017, 2, 9), 3), (date(2017, 3, 1), 2)]:
        for _ in range(times):
            record_download(english, today=day)
    for _ in range(4):
        record_download(french, today=date(2017, 5, 18))
    never_downloaded = DocumentFactory()
    DocumentFileFactory(document=never_downloaded)
    without_files = DocumentFactory()

    counts = dict(Document.objects.with_download_counts().values_list("pk", "download_count"))

    assert counts == {document.pk: 9, never_downloaded.pk: 0, without_files.pk: 0}
    assert downloads(arabic) == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_downloads_of_a_new_month_are_all_counted():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL): SQLite lets one writer in at a time, "
            "so the race between creating and incrementing a month's tally never happens"
        )
    document_file = DocumentFileFactory()
    threads_per_month = 8
    months = [date(2016, month, 1) for month in range(1, 7)]
    errors = []

    def download(barrier, month):
        try:
            barrier.wait(timeout=10)
            record_download(document_file, today=month)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    for month in months:
        # Every thread finds no tally for this month and races to create it.
        barrier = threading.Barrier(threads_per_month)
        threads = [
            threading.Thread(target=download, args=(barrier, month))
            for _ in range(threads_per_month)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)

    assert errors == []
    tallies = dict(
        DownloadTally.objects.filter(document_file=document_file).values_list("month", "count")
    )
    assert tallies == dict.fromkeys(months, threads_per_month)
