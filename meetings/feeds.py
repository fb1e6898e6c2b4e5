from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.feeds import FilteredListFeed
from core.richtext import plain_text
from meetings.filters import MeetingFilter
from meetings.models import Meeting


class MeetingFeed(FilteredListFeed):
    filterset_class = MeetingFilter
    kind = "meeting"

    def public_items(self):
        return Meeting.objects.published().select_related("meeting_type")

    def base_title(self):
        return gettext("Meetings")

    def list_path(self):
        return reverse("meetings:list")

    def description(self, obj):
        return gettext("Meetings of the Khartoum Process, newest first.")

    def item_description(self, meeting):
        details = ", ".join(
            part for part in [meeting.meeting_type.name, meeting.dates, meeting.place] if part
        )
        text = meeting.summary or Truncator(plain_text(meeting.body)).words(60)
        return f"{details}. {text}".strip()
