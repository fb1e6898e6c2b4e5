"""The promise the README makes: an editor can only submit for review.

Whatever an editor posts to the admin, through any field of any form an editor can reach,
shown or not (as an attacker would forge it), on any inline row, the public sees nothing
change until a publisher acts; once a publisher publishes the pending change, the public
sees it. What the public sees is captured whole: every public page, feed, calendar, export,
API answer and sitemap, every file's bytes and every photo's renditions.

The fields are read from the model admins and their forms, not listed by hand: a new field
or inline is covered as soon as it exists.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from http import HTTPStatus

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import serializers
from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import override
from django_countries.fields import CountryField
from PIL import Image

from core.models import PendingChange
from core.publishing import Status
from documents.models import Document, DocumentFile
from meetings.models import Meeting, Photo
from tests.factories import (
    ConclusionFactory,
    DocumentFactory,
    DocumentFileFactory,
    DocumentTypeFactory,
    MeetingFactory,
    MeetingTypeFactory,
    OrganisationFactory,
    ParticipantFactory,
    PhotoFactory,
    pdf_bytes,
)
from tests.html import form_data

pytestmark = pytest.mark.django_db

MARK = "Zanzibarite"  # a word no fixture has: a changed text is found by it
MANAGEMENT = {"TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"}
SPLIT = re.compile(r"^(?P<name>.+)_(?P<part>[01])$")
# Admin buttons and what is not a field.
NOT_FIELDS = {"_save", "_continue", "_addanother", "csrfmiddlewaretoken"}

# What an editor may change on a public item that the public never sees, even once published:
# the order of a row that is alone (the record has one participant and one photo), a document
# added to a meeting (it starts as a draft). Rows that are not public themselves (a meeting's
# draft document) are told apart by `hidden_rows`.
NOT_SEEN = {"meetings.participant.order", "meetings.photo.order", "documents.document:add"}


# What an anonymous visitor can see.


def strip_volatile(body):
    """Drop what changes on every request (nonces, tokens, the time of the answer)."""
    body = re.sub(rb'nonce="[^"]*"', b"", body)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
    return re.sub(rb"DTSTAMP:[0-9TZ]+", b"", body)


def answer(client, url):
    """(status, redirect, body), or None for “not found”: an address that answers nothing
    shows nothing, whether or not it was asked before."""
    response = client.get(url)
    if response.status_code == HTTPStatus.NOT_FOUND:
        return None
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, response.get("Location", ""), strip_volatile(body)


def fixed_urls():
    return [
        "/",
        "/meetings/",
        "/documents/",
        "/at-a-glance/",
        f"/search/?q={MARK}",
        "/meetings/feed.atom",
        "/documents/feed.atom",
        "/meetings/calendar.ics",
        "/meetings/export.csv",
        "/documents/export.csv",
        "/api/meetings/?page_size=100",
        "/api/documents/?page_size=100",
        "/api/organisations/?page_size=100",
        "/api/meeting-types/",
        "/api/document-types/",
        "/sitemap.xml",
    ]


def record_urls():
    """The addresses of every item in the database, public or not: a change that makes one
    public (or hides one) changes what its address answers."""
    urls = []
    for meeting in Meeting.objects.all():
        urls += [
            meeting.get_absolute_url(),
            f"{meeting.get_absolute_url()}calendar.ics",
            f"/api/meetings/{meeting.slug}/",
            *(
                f"/meetings/{slug}/"
                for slug in meeting.previous_slugs.values_list("slug", flat=True)
            ),
        ]
    for document in Document.objects.all():
        urls += [document.get_absolute_url(), f"/api/documents/{document.pk}/"]
    for version in DocumentFile.objects.prefetch_related("former_names", "revisions"):
        urls += [version.get_absolute_url()]
        urls += [f"/documents/{version.document_id}/{f.name}" for f in version.former_names.all()]
    for photo in Photo.objects.all():
        urls += [photo.thumbnail_url, photo.large_url]
    return urls


def sitemap_urls(client):
    index = client.get("/sitemap.xml").content.decode()
    urls = []
    for section in re.findall(r"<loc>[^<]*?(/sitemap-[^<]+)</loc>", index):
        body = client.get(section).content.decode()
        urls += re.findall(r'(?:<loc>|href=")https?://[^/]+(/[^<"]*)', body)
    return urls


def clear_caches():
    """What the database says, not what a cache holds; and the API's throttle (in the durable
    cache) forgets the many requests of each capture."""
    for alias in settings.CACHES:
        caches[alias].clear()


def public_capture():
    """{address: (status, redirect, body)} of everything an anonymous visitor can read."""
    clear_caches()
    client = Client()  # no User-Agent: a download is not counted, so counts do not move
    with override("en"):  # the addresses in the default language, whatever a page left on
        urls = dict.fromkeys([*fixed_urls(), *record_urls(), *sitemap_urls(client)])
    captured = {url: found for url in urls if (found := answer(client, url)) is not None}
    translation.activate("en")
    return captured


def differences(before, after):
    return sorted(url for url in before.keys() | after.keys() if before.get(url) != after.get(url))


# The record an editor works on: each kind of row, public, scheduled and draft.


@pytest.fixture
def record():
    later = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    MeetingTypeFactory(name="Thematic meeting")
    DocumentTypeFactory(name="Agenda")
    OrganisationFactory(name="Spare organisation")
    shown = OrganisationFactory(name="IGAD", acronym="IGAD")
    meeting = MeetingFactory(title="Senior officials' meeting", summary="Met in Valletta.")
    ParticipantFactory(meeting=meeting, organisation=shown, person_name="Ms A")
    ConclusionFactory(meeting=meeting, text="Observation.")
    PhotoFactory(meeting=meeting, caption="Delegates")
    inside = DocumentFactory(meeting=meeting, title="Conclusions", show_download_count=True)
    DocumentFileFactory(document=inside)
    DocumentFactory(meeting=meeting, title="Draft annex", status=Status.DRAFT)
    scheduled = MeetingFactory(title="Next meeting", publish_at=later)
    in_scheduled = DocumentFactory(meeting=scheduled, title="Next agenda")
    DocumentFileFactory(document=in_scheduled)
    MeetingFactory(title="Draft meeting", status=Status.DRAFT)
    alone = DocumentFactory(meeting=None, title="Work plan")
    DocumentFileFactory(document=alone)
    return {
        "meeting": meeting,
        "document": alone,
        "document in a scheduled meeting": in_scheduled,
        "organisation": shown,
    }


# What an editor can post.


@dataclass
class Case:
    key: str  # "app.model.field" (with "[row]" for an inline row), or a row added or deleted
    variants: list  # [(data, files)]: tried in turn until one is not refused by the form

    @property
    def field(self):
        """The model field it changes ("app.model.field"), or None for a row added or deleted."""
        return None if ":" in self.key else re.sub(r"\[\d+\]", "", self.key)


def editor_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


UNTICKED = object()  # a box left unticked: the browser sends nothing for it


def upload_for(model_field):
    if isinstance(model_field, models.ImageField):
        buffer = io.BytesIO()
        Image.new("RGB", (640, 480), (200, 30, 30)).save(buffer, "JPEG")
        return SimpleUploadedFile(f"{MARK}.jpg", buffer.getvalue(), "image/jpeg")
    return SimpleUploadedFile(f"{MARK}.pdf", pdf_bytes(3), "application/pdf")


def other_values(model_field, current):
    """Valid values other than `current` for the field, as a form posts them, the likeliest
    first (a form may refuse one for its own reasons: an end before the start)."""
    if model_field.is_relation:
        others = model_field.related_model._base_manager.exclude(pk=current or None)
        values = [str(pk) for pk in others.order_by("-pk").values_list("pk", flat=True)[:2]]
        # Out of it first: the hole the trials found with a document's meeting.
        return ["", *values] if model_field.null and current else values
    if model_field.choices:
        values = [str(value) for value, _label in model_field.flatchoices if value != ""]
        return [value for value in reversed(values) if value != str(current)][:2]
    if isinstance(model_field, CountryField):
        return ["MT" if current != "MT" else "ER"]
    if isinstance(model_field, models.BooleanField):
        return [UNTICKED if current else "on"]
    if isinstance(model_field, models.DateTimeField):
        return [("2030-02-09", "10:00:00")]
    if isinstance(model_field, models.DateField):
        return ["2017-06-30", "2017-04-30"]
    if isinstance(model_field, models.IntegerField):
        return [str(int(current or 0) + 7)]
    if isinstance(model_field, models.SlugField):
        return [MARK.lower()]
    if isinstance(model_field, models.URLField):
        return [f"https://example.org/{MARK}"]
    if isinstance(model_field, models.CharField | models.TextField):
        limit = model_field.max_length or 1000
        # A file name takes no spaces; a text is changed in front, its extension kept.
        return [f"{MARK} {current or ''}".strip()[:limit], f"{MARK}-{current or ''}"[:limit]]
    return []


def with_value(data, name, value):
    data = {k: v for k, v in data.items() if k not in {name, f"{name}_0", f"{name}_1"}}
    if isinstance(value, tuple):  # a date and a time in two inputs
        data[f"{name}_0"], data[f"{name}_1"] = value
    elif value is not UNTICKED:
        data[name] = value
    return data


def file_inputs(html):
    names = re.findall(r'<input type="file" name="([^"]+)"', html)
    return {name for name in names if "__prefix__" not in name}  # not the empty template


def model_field_or_file(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return models.FileField(name=name)  # a form's upload, handed to a service


def inline_models(model_admin, obj, request):
    return {
        inline.get_formset(request, obj).get_default_prefix(): inline.model
        for inline in model_admin.get_inline_instances(request, obj)
    }


def cases_for(model_admin, obj, request, page):
    """Every change an editor could post to `obj`: each field of the form and of each
    inline row, shown or not, each file replaced, each inline row added and deleted."""
    model = model_admin.model
    data = form_data(page, f"{model._meta.model_name}_form")
    files = file_inputs(page.content.decode())
    inlines = inline_models(model_admin, obj, request)
    cases = []

    def field_cases(row_model, prefix, row=""):
        label = row_model._meta.label_lower
        for model_field in row_model._meta.concrete_fields:
            name = model_field.name
            if model_field.primary_key or isinstance(model_field, models.FileField):
                continue  # a file is replaced through its upload, below
            current = data.get(f"{prefix}{name}", data.get(f"{prefix}{name}_0"))
            variants = [
                (with_value(data, f"{prefix}{name}", value), {})
                for value in other_values(model_field, current)
            ]
            if variants:
                cases.append(Case(f"{label}{row}.{name}", variants))

    field_cases(model, "")
    for name in sorted(files):
        row_model, base, row = model, name, ""
        if "-" in name:
            prefix, index, base = name.rsplit("-", 2)
            if int(index) >= int(data[f"{prefix}-INITIAL_FORMS"]):
                continue  # a new row's file: posted with the row, below
            row_model, row = inlines[prefix], f"[{index}]"
        upload = upload_for(model_field_or_file(row_model, base))
        cases.append(Case(f"{row_model._meta.label_lower}{row}.{base}", [(data, {name: upload})]))
    for prefix, inline_model in inlines.items():
        initial = int(data[f"{prefix}-INITIAL_FORMS"])
        label = inline_model._meta.label_lower
        for index in range(initial):
            field_cases(inline_model, f"{prefix}-{index}-", f"[{index}]")
            deleted = {**data, f"{prefix}-{index}-DELETE": "on"}
            cases.append(Case(f"{label}:delete[{index}]", [(deleted, {})]))
        cases.append(added_row(prefix, inline_model, data, initial, files))
    return cases


def added_row(prefix, inline_model, data, index, files):
    """A new row, filled as an officer would: every input of the empty row given a value, or
    else (when the form refuses that) only those it requires, or else none but its file."""
    row = f"{prefix}-{index}-"
    uploads = {
        name: upload_for(model_field_or_file(inline_model, name.removeprefix(row)))
        for name in sorted(files)
        if name.startswith(row)
    }

    def filled(optional, required=True):
        added = dict(data)
        if not required:
            return {**added, f"{row}language": "fr"} if f"{row}language" in added else added
        for model_field in inline_model._meta.concrete_fields:
            key = f"{row}{model_field.name}"
            if model_field.primary_key or (key not in added and f"{key}_0" not in added):
                continue  # not an input of the row
            if model_field.is_relation and model_field.related_model in {Meeting, Document}:
                continue  # the row's parent
            if model_field.blank and not optional:
                continue
            values = [v for v in other_values(model_field, None) if v not in ("", UNTICKED)]
            if values:
                added = with_value(added, key, values[0])
        if f"{row}language" in added:
            added[f"{row}language"] = "fr"  # a language the document does not have yet
        return added

    label = inline_model._meta.label_lower
    variants = [filled(optional=True), filled(optional=False), filled(False, required=False)]
    return Case(f"{label}:add", [(variant, uploads) for variant in variants])


def hidden_rows(model_admin, obj, request, data):
    """The inline rows that the public does not see even once a change to them is published
    (a meeting's draft document), as cases name them: "documents.document[1]"."""
    hidden = set()
    for prefix, inline_model in inline_models(model_admin, obj, request).items():
        for index in range(int(data[f"{prefix}-INITIAL_FORMS"])):
            row = inline_model._base_manager.get(pk=data[f"{prefix}-{index}-id"])
            if not getattr(row, "is_published", True):
                label = inline_model._meta.label_lower
                hidden |= {f"{label}[{index}]", f"{label}:delete[{index}]"}
    return hidden


# The promise.


class Discard(Exception):
    pass


@dataclass
class Outcome:
    held: set = field(default_factory=set)
    refused: set = field(default_factory=set)
    rejected: set = field(default_factory=set)
    ignored: set = field(default_factory=set)
    seen_once_published: set = field(default_factory=set)
    leaks: list = field(default_factory=list)


def content_rows():
    """Every row of the record's content, as stored: what every public answer is made from."""
    return {
        model._meta.label: serializers.serialize("json", model._base_manager.order_by("pk"))
        for app in ["meetings", "documents"]
        for model in apps.get_app_config(app).get_models()
    }


def first_difference(baseline):
    """The first public address whose answer differs from `baseline`'s, or None."""
    clear_caches()
    client = Client()
    with override("en"):
        urls = dict.fromkeys([*record_urls(), *fixed_urls(), *sitemap_urls(client), *baseline])
    try:
        return next((url for url in urls if baseline.get(url) != answer(client, url)), None)
    finally:
        translation.activate("en")


def try_case(case, url, editor, publisher, baseline, outcome):
    """Post the case as the editor: the record's rows, and so every public answer, must stay
    as they were (the whole public capture is compared when a row differs, to say what
    leaked); then, if held, publish it as a publisher: the public must see it."""
    rows = content_rows()
    client = Client()
    client.force_login(editor)
    for data, files in case.variants:
        for upload in files.values():
            upload.seek(0)  # read by the variant before
        response = client.post(url, {**data, **files})
        if content_rows() != rows:
            leaked = differences(baseline, public_capture())
            outcome.leaks.append((case.key, response.status_code, leaked[:5] or "rows only"))
            return
        if response.status_code != HTTPStatus.OK:
            break  # not refused by the form: this variant says what happens
    if response.status_code == HTTPStatus.FORBIDDEN:
        outcome.refused.add(case.key)
        return
    if response.status_code == HTTPStatus.OK:
        outcome.rejected.add(case.key)
        return
    assert response.status_code == HTTPStatus.FOUND, (case.key, response.status_code)
    if not PendingChange.objects.exists():
        outcome.ignored.add(case.key)
        return
    outcome.held.add(case.key)
    client.force_login(publisher)
    client.post(url.replace("/change/", "/pending/"), {"action": "publish"})
    assert not PendingChange.objects.exists(), case.key
    if first_difference(baseline) is not None:
        outcome.seen_once_published.add(case.key)


@pytest.mark.parametrize(
    "item", ["meeting", "document", "document in a scheduled meeting", "organisation"]
)
def test_nothing_an_editor_posts_reaches_the_public_until_a_publisher_publishes_it(
    record, item, editor_user, secretariat_user
):
    publisher = secretariat_user
    obj = record[item]
    model_admin = admin.site._registry[type(obj)]
    opts = type(obj)._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    request = editor_request(editor_user)
    assert model_admin.has_change_permission(request, obj)
    baseline = public_capture()
    assert differences(baseline, public_capture()) == []  # the capture itself is steady

    client = Client()
    client.force_login(editor_user)
    page = client.get(url)
    cases = cases_for(model_admin, obj, request, page)
    outcome = Outcome()
    for case in cases:
        try:
            with transaction.atomic():
                try_case(case, url, editor_user, publisher, baseline, outcome)
                raise Discard
        except Discard:
            pass

    fields = {case.field for case in cases if case.field}
    inlines = sorted({key.rsplit(".", 1)[0] for key in fields} - {opts.label_lower})
    print(
        f"\n{item}: {len(cases)} changes posted, {len(fields)} model fields of "
        f"{opts.label_lower} and {len(inlines)} inlines ({', '.join(inlines)}),"
        f" {len(cases) - len([c for c in cases if c.field])} rows added or deleted; "
        f"held {len(outcome.held)}, refused {len(outcome.refused)}, refused by the form "
        f"{len(outcome.rejected)}, ignored {len(outcome.ignored)}"
    )
    for name in ["refused", "rejected", "ignored", "held", "seen_once_published"]:
        print(f"  {name}: {', '.join(sorted(getattr(outcome, name)))}")
    assert outcome.leaks == []
    hidden = hidden_rows(model_admin, obj, request, form_data(page, f"{opts.model_name}_form"))
    unseen = {
        re.sub(r"\[\d+\]", "", key)
        for key in outcome.held - outcome.seen_once_published
        if key.rsplit(".", 1)[0] not in hidden and key not in hidden
    }
    if getattr(obj, "is_public", getattr(obj, "is_published", True)):
        # Whatever a publisher publishes of it, the public then sees (or it is in NOT_SEEN).
        assert unseen <= NOT_SEEN, sorted(unseen - NOT_SEEN)
    else:
        # Not public until its meeting is: published, only moving it out of it shows.
        assert outcome.seen_once_published == {"documents.document.meeting"}


def editable_admins(user):
    """The model admins whose items an editor may change."""
    request = editor_request(user)
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.has_change_permission(request)
    ]


def test_no_list_action_of_an_editors_changes_what_the_public_sees(record, editor_user):
    """Every action an editor is offered, on every item of every list an editor can change,
    confirmed (deleting asks first)."""
    baseline = public_capture()
    client = Client()
    request = editor_request(editor_user)
    tried = []
    for model_admin in editable_admins(editor_user):
        opts = model_admin.model._meta
        items = [str(pk) for pk in model_admin.model._base_manager.values_list("pk", flat=True)]
        for action in model_admin.get_actions(request):
            client.force_login(editor_user)
            response = client.post(
                f"/admin/{opts.app_label}/{opts.model_name}/",
                {"action": action, "_selected_action": items, "post": "yes"},
            )
            assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
            tried.append(f"{opts.label_lower}.{action}")
            assert differences(baseline, public_capture()) == [], tried[-1]
    assert {"meetings.meeting.submit_for_review", "documents.document.delete_selected"} <= set(
        tried
    )


def test_a_bulk_upload_into_a_public_meeting_shows_nothing_until_published(record, editor_user):
    """The documents come in as drafts (or in review): the meeting's page stays as it was."""
    meeting = record["meeting"]
    # One the public already sees (a type used by drafts only is shown: a defect of its own).
    document_type = meeting.documents.filter(status=Status.PUBLISHED).first().document_type_id
    baseline = public_capture()
    client = Client()
    client.force_login(editor_user)
    for status in [Status.DRAFT, Status.REVIEW, Status.PUBLISHED]:
        client.post(
            f"/admin/meetings/meeting/{meeting.pk}/upload-documents/",
            {
                "files": [SimpleUploadedFile(f"{MARK}-{status}.pdf", pdf_bytes(2))],
                "document_type": document_type,
                "language": "en",
                "status": status,
            },
        )
    assert meeting.documents.filter(title__startswith=MARK).count() == 2  # not as published
    assert differences(baseline, public_capture()) == []
