"""The home page: the one view that shows both meetings and documents."""

from django.views.generic import TemplateView

from documents.models import Document
from meetings.models import Meeting


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        # Cards show the summary, never the body.
        meetings = Meeting.objects.published().select_related("meeting_type").defer("body")
        return super().get_context_data(
            upcoming_meetings=meetings.upcoming()[:3],
            latest_meetings=meetings.past()[:6],
            latest_documents=Document.objects.published()
            .select_related("document_type", "meeting")
            .prefetch_related("files")[:6],
            **kwargs,
        )
