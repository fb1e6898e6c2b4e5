from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from . import views


class UnicodeSlugConverter(SlugConverter):
    """A slug in any script (SlugField(allow_unicode=True)), as a meeting's may be."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "uslug")

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="list"),
    path("meetings/<uslug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
    path("photos/<int:pk>/<slug:size>.webp", views.photo_rendition, name="photo"),
]
