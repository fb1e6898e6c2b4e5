"""Email alerts: subscribing with double opt-in, digests of new public items, one-click stop.

The mail goes through Django's SMTP backend to a real SMTP server on loopback (aiosmtpd),
and the tests read what arrived there.
"""

import asyncio
import datetime
import email
import email.policy
import importlib
import logging
import os
import re
import threading
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from alerts.models import Subscription
from core.admin.actions import save_status
from core.models import RecordVersion
from core.publishing import Status
from core.record_version import record_version
from documents.models import Document
from tests.factories import (
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    MeetingTypeFactory,
)
from tests.html import form_data
from tests.network import free_port
from tests.test_html_validity import JAVA, NO_JAVA, validate

pytestmark = pytest.mark.django_db

SITE = "https://khartoumprocess.example.org"
ADDRESS = "reader@example.org"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


class Inbox:
    """An aiosmtpd handler keeping every message that arrives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that Django's SMTP backend sends to."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every command
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def text_of(message):
    if isinstance(message, mail.EmailMessage):  # from the test's outbox, not through SMTP
        return message.body
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def link(text, name):
    """The site's path of the first link in `text` to /alerts/<name>/…."""
    url = re.search(rf"{re.escape(SITE)}/alerts/{name}/[^\s\"<>]+", text).group(0)
    return urlsplit(url).path


def subscribe(client, path, address=ADDRESS, frequency="immediate", **extra):
    return client.post(path, {"email": address, "frequency": frequency}, **extra)


def subscribe_and_confirm(client, inbox_messages, path, **kwargs):
    response = subscribe(client, path, **kwargs)
    assert response.status_code == HTTPStatus.FOUND
    confirm = link(text_of(inbox_messages()[-1]), "confirm")
    assert client.post(confirm).status_code == HTTPStatus.OK
    return Subscription.objects.get()


def french_document(**kwargs):
    document = DocumentFactory(**kwargs)
    DocumentFileFactory(document=document, language="fr")
    return document


def send(frequency="immediate"):
    call_command("send_alerts", frequency=frequency, stdout=open("/dev/null", "w"))  # noqa: SIM115


# Through a real SMTP server


def test_subscribing_sends_a_confirmation_and_nothing_else_until_confirmed(client, smtp, clock):
    response = subscribe(client, "/alerts/documents/?language=fr&page=2")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/alerts/check-your-inbox/"
    assert ADDRESS not in response["Location"]
    page = client.get(response["Location"])
    assert ADDRESS not in page.text and "Check your inbox" in page.text
    [message] = smtp.to(ADDRESS)
    assert message["Subject"] == "Confirm your email alerts from the Khartoum Process"
    assert "Language: French" in text_of(message)
    assert f'href="{SITE}/alerts/confirm/' in html_of(message)
    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.query) == ("documents", "language=fr")
    assert subscription.confirmed_at is None

    french_document()
    clock.shift(datetime.timedelta(minutes=10))
    send()

    assert len(smtp.to(ADDRESS)) == 1  # not confirmed: no alert


def test_a_new_matching_document_is_alerted_once_others_never(client, smtp, clock):
    subscription = subscribe_and_confirm(
        client, lambda: smtp.to(ADDRESS), "/alerts/documents/?language=fr"
    )
    assert subscription.confirmed_at == START
    old = french_document(title="Published before confirming")
    old.first_public_at = START - datetime.timedelta(days=1)
    type(old).objects.filter(pk=old.pk).update(first_public_at=old.first_public_at)

    clock.shift(datetime.timedelta(minutes=1))
    french_document(title="Joint conclusions in French")
    english = DocumentFactory(title="English only")
    DocumentFileFactory(document=english, language="en")
    french_document(title="A French draft", status=Status.DRAFT)
    french_document(title="Under review", status=Status.REVIEW)
    scheduled = french_document(
        title="Embargoed analysis", publish_at=START + datetime.timedelta(days=1)
    )
    french_document(title="In a draft meeting", meeting=MeetingFactory(status=Status.DRAFT))
    clock.shift(datetime.timedelta(minutes=5))
    send()

    [_, alert] = smtp.to(ADDRESS)
    text = text_of(alert)
    assert alert["Subject"] == "Khartoum Process: 1 new document (Language: French)"
    assert "Joint conclusions in French" in text
    for absent in [
        "Published before confirming",
        "English only",
        "A French draft",
        "Under review",
        "Embargoed analysis",
        "In a draft meeting",
    ]:
        assert absent not in text and absent not in html_of(alert)
    assert f"{SITE}/documents/" in text
    assert f"{SITE}/documents/?language=fr" in text
    stop = link(text, "stop")
    # (A long header is folded onto a line of its own: the space before it is the fold's.)
    assert alert["List-Unsubscribe"].strip() == f"<{SITE}{stop}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert.get_content_type() == "multipart/alternative"
    assert ADDRESS not in stop

    send()  # again: nothing new
    clock.shift(datetime.timedelta(minutes=5))
    send()
    assert len(smtp.to(ADDRESS)) == 2

    # The embargo ends with nobody acting: the document is new then, and told once.
    clock.move_to(scheduled.publish_at + datetime.timedelta(minutes=2))
    send()
    send()
    [*_, embargoed] = smtp.to(ADDRESS)
    assert len(smtp.to(ADDRESS)) == 3
    assert "Embargoed analysis" in text_of(embargoed)
    assert "Joint conclusions" not in text_of(embargoed)


def test_one_click_unsubscribe_deletes_the_subscription(client, smtp, clock):
    subscribe_and_confirm(client, lambda: smtp.to(ADDRESS), "/alerts/documents/")
    clock.shift(datetime.timedelta(minutes=1))
    french_document()
    clock.shift(datetime.timedelta(minutes=5))
    send()
    header = smtp.to(ADDRESS)[-1]["List-Unsubscribe"]
    path = urlsplit(header.strip().strip("<>")).path

    shown = client.get(path)
    assert shown.status_code == HTTPStatus.OK and "Stop the alerts" in shown.text
    assert Subscription.objects.exists()  # a GET stops nothing
    # As a mail client sends it (RFC 8058): no session, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == HTTPStatus.OK
    assert not Subscription.objects.exists()
    assert mail_client.post(path).status_code == HTTPStatus.NOT_FOUND  # clear, not a 500


def test_daily_and_immediate_run_apart(client, smtp, clock):
    subscribe_and_confirm(client, lambda: smtp.to(ADDRESS), "/alerts/meetings/", frequency="daily")
    clock.shift(datetime.timedelta(minutes=1))
    MeetingFactory(title="Senior Officials Meeting")
    clock.shift(datetime.timedelta(minutes=5))

    send("immediate")
    assert len(smtp.to(ADDRESS)) == 1
    send("daily")
    assert "Senior Officials Meeting" in text_of(smtp.to(ADDRESS)[-1])


# The filter followed


def test_thematic_meetings_alert_only_thematic_meetings(client, clock):
    thematic = MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    # A type is offered in public once a published meeting has it.
    MeetingFactory(title="Earlier thematic meeting", meeting_type=thematic)
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/meetings/?type=thematic-meeting&q=")
    assert Subscription.objects.get().query == "type=thematic-meeting"
    clock.shift(datetime.timedelta(minutes=1))
    MeetingFactory(title="Berlin thematic meeting", meeting_type=thematic)
    MeetingFactory(title="Steering committee")
    clock.shift(datetime.timedelta(minutes=5))
    send()

    text = mail.outbox[-1].body
    assert "Berlin thematic meeting" in text and "Steering committee" not in text
    assert "Earlier thematic meeting" not in text
    assert mail.outbox[-1].subject == "Khartoum Process: 1 new meeting (Type: Thematic meeting)"


def test_a_document_of_a_draft_meeting_is_new_when_the_meeting_is_published(client, clock):
    meeting = MeetingFactory(status=Status.DRAFT)
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/")
    clock.shift(datetime.timedelta(minutes=1))
    DocumentFactory(title="Work plan", meeting=meeting)
    clock.shift(datetime.timedelta(minutes=5))
    send()
    assert len(mail.outbox) == 1

    save_status([meeting], Status.PUBLISHED)
    clock.shift(datetime.timedelta(minutes=5))
    send()

    assert "Work plan" in mail.outbox[-1].body


def test_unpublished_and_published_again_is_not_news(client, clock):
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/")
    clock.shift(datetime.timedelta(minutes=1))
    document = DocumentFactory(title="Work plan")
    clock.shift(datetime.timedelta(minutes=5))
    send()
    assert len(mail.outbox) == 2

    save_status([document], Status.DRAFT)
    clock.shift(datetime.timedelta(hours=1))
    save_status([document], Status.PUBLISHED)
    clock.shift(datetime.timedelta(minutes=5))
    send()

    assert len(mail.outbox) == 2


def test_a_filter_that_matches_nothing_sends_nothing(client, clock):
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/?q=reintegration")
    clock.shift(datetime.timedelta(minutes=1))
    DocumentFactory(title="Work plan 2017")
    clock.shift(datetime.timedelta(minutes=5))
    send()
    assert len(mail.outbox) == 1


# When an item is first public


def test_first_public_stamps(clock):
    later = START + datetime.timedelta(days=2)
    draft = DocumentFactory(status=Status.DRAFT)
    assert draft.first_public_at is None
    scheduled = DocumentFactory(publish_at=later)
    assert scheduled.first_public_at == later
    # Rescheduled before its time: the stamp follows; sent back to draft: it goes.
    scheduled.publish_at = later + datetime.timedelta(hours=1)
    scheduled.save()
    assert scheduled.first_public_at == later + datetime.timedelta(hours=1)
    save_status([scheduled], Status.DRAFT)
    scheduled.refresh_from_db()
    assert scheduled.first_public_at is None
    # A publication time already past dates nothing back.
    backdated = DocumentFactory(publish_at=START - datetime.timedelta(days=30))
    assert backdated.first_public_at == START

    save_status([draft], Status.PUBLISHED)
    draft.refresh_from_db()
    assert draft.first_public_at == START
    clock.shift(datetime.timedelta(days=1))
    save_status([draft], Status.DRAFT)
    save_status([draft], Status.PUBLISHED)
    draft.refresh_from_db()
    assert draft.first_public_at == START


def test_publishing_in_the_change_form_stamps_the_item(publisher_client, clock):
    meeting = MeetingFactory(status=Status.DRAFT)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = form_data(publisher_client.get(url), "meeting_form")
    data["status"] = Status.PUBLISHED
    assert publisher_client.post(url, data).status_code == HTTPStatus.FOUND

    meeting.refresh_from_db()
    assert meeting.status == Status.PUBLISHED
    assert meeting.first_public_at == START


# Subscribing


def test_list_pages_link_the_alerts_of_their_filter(client):
    documents = client.get("/documents/?language=fr&page=1")
    assert 'href="/alerts/documents/?language=fr"' in documents.text
    meetings = client.get("/meetings/?type=thematic-meeting")
    assert 'href="/alerts/meetings/?type=thematic-meeting"' in meetings.text


def test_the_form_names_the_filter(client):
    MeetingFactory(
        meeting_type=MeetingTypeFactory(name="Thematic meeting", slug="thematic-meeting")
    )
    response = client.get("/alerts/meetings/?type=thematic-meeting&host_country=ET")
    assert response.status_code == HTTPStatus.OK
    assert "Type: Thematic meeting, Host country: Ethiopia" in response.text
    assert 'href="/meetings/?host_country=ET&amp;type=thematic-meeting"' in response.text


def test_an_invalid_address_is_a_form_error_that_keeps_what_was_typed(client):
    response = subscribe(client, "/alerts/documents/", address="reader@", frequency="daily")

    assert response.status_code == HTTPStatus.OK
    assert "Enter a valid email address." in response.text
    assert 'value="reader@"' in response.text
    assert re.search(r'value="daily"[^>]*checked', response.text)
    assert not mail.outbox and not Subscription.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "victim@[127.0.0.1]",
        "root@localhost",
        "reader@printer.local",
        "reader@intranet.internal",
        "reader@site.test",
        "reader@Mail.EXAMPLE",
    ],
)
def test_an_address_at_no_public_domain_is_refused_with_the_reason(client, address):
    response = subscribe(client, "/alerts/documents/", address=address, frequency="daily")

    assert response.status_code == HTTPStatus.OK
    assert "Enter an address at a public domain name" in response.text
    assert "Enter a valid email address." not in response.text
    assert not mail.outbox and not Subscription.objects.exists()


def test_an_address_at_a_public_domain_is_accepted(client):
    response = subscribe(
        client, "/alerts/documents/", address="reader@mfa.gov.et", frequency="daily"
    )

    assert response.status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 1


def test_hostile_input_is_a_clear_answer_never_an_error(client):
    assert client.get("/alerts/documents/?q=%00").status_code == HTTPStatus.BAD_REQUEST
    assert client.get("/alerts/documents/?q=" + "x" * 2000).status_code == HTTPStatus.BAD_REQUEST
    assert client.get("/alerts/documents/?year=99999").status_code == HTTPStatus.BAD_REQUEST
    response = subscribe(client, "/alerts/documents/", address="a\x00@example.org")
    assert response.status_code == HTTPStatus.OK and "errorlist" in response.text
    response = client.post("/alerts/documents/", {"email": ADDRESS, "frequency": "hourly"})
    assert response.status_code == HTTPStatus.OK and "errorlist" in response.text
    assert not mail.outbox


def test_the_migration_stamps_the_back_catalogue():
    stamp_published = importlib.import_module(
        "documents.migrations.0008_first_public"
    ).stamp_published
    published = DocumentFactory()
    scheduled = DocumentFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    draft = DocumentFactory(status=Status.DRAFT)
    Document.objects.update(first_public_at=None)

    stamp_published(apps, None)

    stamps = dict(Document.objects.values_list("pk", "first_public_at"))
    assert stamps[published.pk] == published.created_at
    assert stamps[scheduled.pk] == scheduled.publish_at
    assert stamps[draft.pk] is None


def test_a_mail_server_away_is_a_clear_503(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens

    response = subscribe(client, "/alerts/documents/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "could not be sent" in response.text


def test_a_bad_filter_is_a_clear_400(client):
    response = client.get("/alerts/meetings/?year=abc")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Some filters in the address could not be used" in response.text
    assert subscribe(client, "/alerts/meetings/?year=abc").status_code == HTTPStatus.BAD_REQUEST
    assert not mail.outbox


def test_subscribing_again_neither_duplicates_nor_tells(client, clock):
    first = subscribe(client, "/alerts/documents/?language=fr")
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/?language=fr")
    again = subscribe(client, "/alerts/documents/?language=fr", address="Reader@EXAMPLE.org")

    assert Subscription.objects.count() == 1
    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    assert mail.outbox[0].subject == mail.outbox[-1].subject
    assert Subscription.objects.get().confirmed_at is not None  # unchanged until confirmed


def test_confirming_changes_the_frequency_only_through_the_link(client, clock):
    subscription = subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/")
    subscribe(client, "/alerts/documents/", frequency="daily")
    subscription.refresh_from_db()
    assert subscription.frequency == "immediate"

    client.post(link(mail.outbox[-1].body, "confirm"))
    subscription.refresh_from_db()
    assert subscription.frequency == "daily"
    assert subscription.last_sent_at == START  # still told from its first confirmation


def test_requests_are_limited_per_client_address_and_per_email(client, settings):
    settings.ALERTS_RATE_PER_ADDRESS = "2/hour"
    settings.ALERTS_RATE_PER_EMAIL = "1/hour"
    assert subscribe(client, "/alerts/documents/", address="a@example.org").status_code == 302
    assert subscribe(client, "/alerts/documents/", address="b@example.org").status_code == 302
    response = subscribe(client, "/alerts/documents/", address="c@example.org")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many requests" in response.text and response["Retry-After"]

    other = subscribe(client, "/alerts/meetings/", address="a@example.org", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert len(mail.outbox) == 2


def test_a_forged_forwarded_address_buys_no_fresh_allowance(client, settings):
    settings.ALERTS_RATE_PER_ADDRESS = "1/hour"
    subscribe(client, "/alerts/documents/", address="a@example.org")
    response = subscribe(
        client, "/alerts/documents/", address="b@example.org", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_bad_links_are_clear_pages_never_errors(client, clock):
    subscribe(client, "/alerts/documents/")
    confirm = link(mail.outbox[-1].body, "confirm")
    for path in [
        "/alerts/confirm/nonsense/",
        confirm[:-5] + "xxxx/",
        "/alerts/stop/nonsense/",
        "/alerts/stop/%00/",
    ]:
        assert client.get(path).status_code == HTTPStatus.BAD_REQUEST, path
        assert client.post(path).status_code == HTTPStatus.BAD_REQUEST, path

    clock.shift(datetime.timedelta(days=4))
    expired = client.post(confirm)
    assert expired.status_code == HTTPStatus.BAD_REQUEST
    assert "expired" in expired.text
    assert Subscription.objects.get().confirmed_at is None


def test_a_link_of_a_deleted_subscription_is_a_404(client):
    subscribe(client, "/alerts/documents/")
    confirm = link(mail.outbox[-1].body, "confirm")
    Subscription.objects.all().delete()
    assert client.get(confirm).status_code == HTTPStatus.NOT_FOUND


def test_a_confirmation_link_shows_a_button_and_confirms_only_when_pressed(client):
    subscribe(client, "/alerts/documents/")
    confirm = link(mail.outbox[-1].body, "confirm")
    page = client.get(confirm)
    assert page.status_code == HTTPStatus.OK and ADDRESS not in page.text
    assert Subscription.objects.get().confirmed_at is None
    confirmed = client.post(confirm)
    assert "Your email alerts are on" in confirmed.text and ADDRESS not in confirmed.text


def test_unconfirmed_requests_are_forgotten(client, clock):
    subscribe(client, "/alerts/documents/")
    clock.shift(datetime.timedelta(days=4))
    send()
    assert not Subscription.objects.exists()


def test_saving_a_subscription_leaves_the_record_version(client):
    before = record_version()
    subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/")
    Subscription.objects.get().delete()
    assert RecordVersion.objects.get(pk=1).number == before


def test_emails_are_in_the_visitors_language_and_use_its_addresses(client):
    subscription = subscribe_and_confirm(client, lambda: mail.outbox, "/alerts/documents/")
    assert subscription.language == "en"
    assert subscription.list_path() == "/documents/"


def test_the_command_needs_the_sites_address(settings):
    settings.SITE_URL = ""
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_URL"):
        send()


# In the admin: addresses are for administrators only


def test_administrators_see_subscriptions_and_delete_them(administrator_client, client):
    subscribe(client, "/alerts/documents/")
    subscription = Subscription.objects.get()
    changelist = administrator_client.get("/admin/alerts/subscription/")
    assert changelist.status_code == HTTPStatus.OK and ADDRESS in changelist.text
    assert "1 email alert" in changelist.text
    assert administrator_client.get("/admin/alerts/subscription/add/").status_code == 403
    page = administrator_client.get(f"/admin/alerts/subscription/{subscription.pk}/change/")
    assert page.status_code == HTTPStatus.OK and 'name="email"' not in page.text
    administrator_client.post(
        f"/admin/alerts/subscription/{subscription.pk}/delete/", {"post": "yes"}
    )
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("role_client", ["editor_client", "publisher_client"])
def test_editors_and_publishers_never_see_addresses(role_client, request, client):
    subscribe(client, "/alerts/documents/")
    staff = request.getfixturevalue(role_client)
    assert staff.get("/admin/alerts/subscription/").status_code == HTTPStatus.FORBIDDEN
    assert ADDRESS not in staff.get("/admin/").text


# Valid HTML: the pages and the emails' HTML


def test_the_alerts_pages_and_emails_are_valid_html(client, settings, clock, tmp_path):
    if JAVA is None:
        if os.environ.get("CI"):
            pytest.fail(NO_JAVA)
        pytest.skip(NO_JAVA)
    settings.ALERTS_RATE_PER_ADDRESS = "2/hour"  # the form's error and the request count
    pages = {
        "form": client.get("/alerts/documents/?language=fr"),
        "form-error": subscribe(client, "/alerts/documents/", address="reader@"),
        "bad-filter": client.get("/alerts/meetings/?year=abc"),
        "sent": client.get("/alerts/check-your-inbox/"),
    }
    subscribe(client, "/alerts/documents/?language=fr")
    pages["too-many"] = subscribe(client, "/alerts/documents/")
    assert pages["too-many"].status_code == HTTPStatus.TOO_MANY_REQUESTS
    confirm = link(mail.outbox[-1].body, "confirm")
    pages["confirm"] = client.get(confirm)
    pages["confirmed"] = client.post(confirm)
    pages["bad-link"] = client.get("/alerts/stop/nonsense/")
    clock.shift(datetime.timedelta(minutes=1))
    french_document(title="Joint conclusions & annexes")
    clock.shift(datetime.timedelta(minutes=5))
    send()
    stop = link(mail.outbox[-1].body, "stop")
    pages["stop"] = client.get(stop)
    pages["stopped"] = client.post(stop)
    paths = []
    for name, response in pages.items():
        paths.append(tmp_path / f"{name}.html")
        paths[-1].write_bytes(response.content)
    for number, message in enumerate(mail.outbox):
        paths.append(tmp_path / f"email-{number}.html")
        paths[-1].write_text(message.alternatives[0].content)

    errors = validate(paths)

    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


# Two runs at once


class SlowInbox(Inbox):
    """Takes its time over each message, so that two runs overlap while one is sending."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.5)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_digest(smtp):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite runs one writer at a time)")
    smtp.__class__ = SlowInbox
    earlier = timezone.now() - datetime.timedelta(minutes=10)
    Subscription.objects.create(
        email=ADDRESS,
        kind="documents",
        language="en",
        frequency="immediate",
        confirmed_at=earlier,
        last_sent_at=earlier,
    )
    document = DocumentFactory(title="Work plan", meeting=None)
    Document.objects.filter(pk=document.pk).update(
        first_public_at=earlier + datetime.timedelta(minutes=5)
    )

    def run():
        try:
            send()
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    assert len(smtp.to(ADDRESS)) == 1


def test_a_french_digest_is_in_french_with_french_addresses_and_finds_alike(client, smtp, clock):
    meeting = MeetingFactory(
        title="Thematic meeting on legal migration",
        title_fr="Réunion thématique sur la migration légale",
    )
    response = subscribe(client, "/fr/alerts/documents/?meeting_name=légale")
    assert response.status_code == HTTPStatus.FOUND
    [confirmation] = smtp.to(ADDRESS)
    confirm = re.search(rf"{re.escape(SITE)}(/fr/alerts/confirm/[^\s\"<>]+)", text_of(confirmation))
    assert client.post(confirm.group(1)).status_code == HTTPStatus.OK
    subscription = Subscription.objects.get()
    assert subscription.language == "fr"
    clock.shift(datetime.timedelta(minutes=1))
    with translation.override("en"):  # as the admin writes them
        DocumentFactory(
            title="Joint conclusions",
            title_fr="Conclusions conjointes de Berlin",
            meeting=meeting,
        )
        DocumentFactory(title="Elsewhere", title_fr="Ailleurs")
    clock.shift(datetime.timedelta(minutes=5))
    send()

    [_, alert] = smtp.to(ADDRESS)
    text = text_of(alert)
    assert "Conclusions conjointes de Berlin" in text
    assert "Ailleurs" not in text and "Joint conclusions" not in text
    assert f"{SITE}/fr/documents/" in text
    assert f"{SITE}/documents/" not in text
    # The filter is named as the French list names it (the subject's line as read by a mail
    # client, in which the non-breaking space before the colon is a space).
    assert "Rechercher une réunion par son nom : légale" in alert["Subject"].replace("\u00a0", " ")
