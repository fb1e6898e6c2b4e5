"""The lists an alert can follow, each with the list's own FilterSet and public queryset.

An alert runs its stored query string through the list's FilterSet on the list's public
queryset, exactly as the HTML list does, so `?type=thematic-meeting` selects the same
meetings on the page, in the feed and in the inbox.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.channels import describe
from documents.filters import DocumentFilter
from documents.models import Document
from followup.filters import UpdateFilter
from followup.models import Update
from meetings.filters import MeetingFilter
from meetings.models import Meeting

# The longest stored filter: longer ones are refused with a message, not cut.
QUERY_MAX_LENGTH = 1000


@dataclass(frozen=True)
class AlertList:
    kind: str
    filterset_class: type
    list_url_name: str
    # “New meetings”, for the subscription page's heading and the emails.
    title: str
    public_items: Callable
    # (title, one line of details) of an item, for the emails.
    summary: Callable

    def list_path(self):
        return reverse(self.list_url_name)

    def filterset(self, data, queryset=None):
        """The list's FilterSet on the public items, validated: as the list applies it."""
        filterset = self.filterset_class(
            data, queryset=self.public_items() if queryset is None else queryset, request=None
        )
        filterset.is_valid()
        return filterset

    def query_names(self, filterset):
        """The names a filter takes in the address (a date range's two ends, each its own)."""
        names = set()
        for name, field in filterset.form.fields.items():
            suffixes = getattr(field.widget, "suffixes", None)
            names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
        return names

    def normalised_query(self, data):
        """The filter of a query string, in a fixed order: without the page, empty values or
        names the list does not know, so one filter is stored once however it was written."""
        names = self.query_names(self.filterset_class(QueryDict(), request=None))
        query = QueryDict(mutable=True)
        for name in sorted(names & set(data)):
            values = [value.strip() for value in data.getlist(name) if value.strip()]
            if values:
                query.setlist(name, values)
        return query.urlencode()


def meeting_summary(meeting):
    details = [meeting.meeting_type.name, meeting.dates, meeting.place]
    return str(meeting), ", ".join(str(part) for part in details if part)


def document_summary(document):
    details = [document.document_type.name, date_format(document.date, "j F Y")]
    if document.meeting_id:
        details.append(document.meeting.title)
    return str(document), ", ".join(str(part) for part in details)


LISTS = {
    "meetings": AlertList(
        kind="meetings",
        filterset_class=MeetingFilter,
        list_url_name="meetings:list",
        title=_("New meetings"),
        public_items=lambda: Meeting.objects.published().select_related("meeting_type"),
        summary=meeting_summary,
    ),
    "documents": AlertList(
        kind="documents",
        filterset_class=DocumentFilter,
        list_url_name="documents:list",
        title=_("New documents"),
        public_items=lambda: Document.objects.published().select_related(
            "document_type", "meeting"
        ),
        summary=document_summary,
    ),
}


def filter_description(filterset):
    """The filters in use as words (“Type: Thematic meeting”), or "" for the whole list."""
    return describe(filterset) if filterset.form.is_valid() else ""


def update_summary(update):
    """An update of a commitment: the commitment, then its new status, date and meeting."""
    details = [
        update.get_progress_display(),
        date_format(update.date, "j F Y"),
        update.conclusion.meeting.title,
    ]
    return Truncator(update.conclusion.text).chars(120), ", ".join(str(part) for part in details)


# Updates of the commitments the follow-up list's filter selects: each tells of a status
# given when it is first public (`first_public_at`), as a new meeting or document is.
LISTS["follow-up"] = AlertList(
    kind="follow-up",
    filterset_class=UpdateFilter,
    list_url_name="followup:list",
    title=_("Follow-up updates"),
    public_items=lambda: Update.objects.published().select_related("conclusion__meeting"),
    summary=update_summary,
)
