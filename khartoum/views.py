"""The home page, the one view that shows both meetings and documents; robots.txt; the CSRF
failure page."""

from django.http import HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from documents.models import Document
from glance.views import at_a_glance
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
            # A shorter panel: the five first of each ranking.
            glance=at_a_glance(prefix="home", top=5),
            **kwargs,
        )


@require_safe
def robots_txt(request):
    """Crawlers may read every public page; the admin is no place for them."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        # The language switcher's links: each page's versions are in the sitemap.
        f"Disallow: {reverse('choose-language', args=['x']).removesuffix('x/')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check, explained in the site's words.

    Django's own view gives a custom template no hint of the cause; this one says whether the
    cookie or the Referer header was missing, the two causes a visitor can do something about.
    The technical reason goes to the log (django.security.csrf), never to the page.
    """
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
    }
    return render(request, "403_csrf.html", context, status=403)
