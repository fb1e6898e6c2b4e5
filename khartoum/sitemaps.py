"""The sitemap: every public meeting and document, the pages that list them, the charts.

An index at /sitemap.xml names one sitemap per section, each paged by Django at the
protocol's 50,000 addresses, so a long record never makes an invalid file.
"""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse

from documents.models import Document
from meetings.models import Meeting
from process.figures import public_organisations


class Sitemap(DjangoSitemap):
    """Every address in each language, each naming its versions in the others; English,
    unprefixed, is the default."""

    i18n = True
    alternates = True
    x_default = True


class ListsSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["home", "meetings:list", "documents:list", "at-a-glance"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        # A list changes when any of its public items does.
        latest = [
            model.objects.published().aggregate(latest=Max("updated_at"))["latest"]
            for model in {
                "home": [Meeting, Document],
                "meetings:list": [Meeting],
                "documents:list": [Document],
                "at-a-glance": [Meeting, Document],
            }[name]
        ]
        return max((time for time in latest if time), default=None)


class MeetingSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # A new language version changes the page too.
        return (
            Document.objects.published()
            .only("pk", "updated_at")
            .annotate(latest_file=Max("files__uploaded_at"))
            .annotate(changed=Greatest("updated_at", "latest_file"))
            .order_by("pk")
        )

    def lastmod(self, document):
        return document.changed or document.updated_at


SITEMAPS = {"lists": ListsSitemap, "meetings": MeetingSitemap, "documents": DocumentSitemap}


class ProcessSitemap(Sitemap):
    """The Process over time: its members, its timeline, and every organisation that has a
    public page."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [
            "process:members",
            "process:process",
            *public_organisations().only("slug").order_by("pk"),
        ]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


SITEMAPS["process"] = ProcessSitemap
