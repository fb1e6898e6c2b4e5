from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from core.channels import conditional_on_record
from meetings import calendar, exports, views
from meetings.feeds import MeetingFeed


class UnicodeSlugConverter(SlugConverter):
    """A slug in any script (SlugField(allow_unicode=True)), as a meeting's may be."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "uslug")

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    # With a dot and no closing slash, so that no meeting's slug can take these addresses.
    path("meetings/feed.atom", conditional_on_record(MeetingFeed()), name="feed"),
    path("meetings/calendar.ics", calendar.meetings_calendar, name="calendar"),
    path("meetings/export.csv", exports.meetings_csv, name="csv"),
    path("meetings/<uslug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("meetings/<uslug:slug>/calendar.ics", calendar.meeting_calendar, name="ics"),
]

# Outside the language prefix (khartoum/urls.py): an image is the same in every language, and
# one address per rendition keeps it cached once.
media_urlpatterns = [
    path("photos/<int:pk>/<slug:size>.webp", views.photo_rendition, name="photo"),
]
