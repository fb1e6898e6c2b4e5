"""The Process at a glance: the figures of the public record that its charts show.

The figures are counted from what is public only (the same `published()` querysets as the
lists), in one query each, and cached per record version and language like the lists'
counts (core.views): a page of charts costs the same few queries however long
the record grows. Staff signed in see the public figures too: they are the same for
everyone, and cached as such. Each figure keeps the address of the filtered list it
summarises, so a chart, a bar or a table cell leads to the list that shows the same count.
The charts' geometry, computed from these figures, is in glance.charts.
"""

import datetime
from collections import Counter
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django_countries import countries

from core.record_version import record_version
from core.translated_text import english_text, shown_text
from core.views import LIST_CACHE_TIMEOUT
from documents.filters import language_label
from documents.models import Document, DocumentFile, DownloadTally
from meetings.filters import meetings_on_domain
from meetings.models import Meeting, Participant
from priorities.models import PriorityDomain

# How many rows a ranking keeps, and how many meeting types are series of their own (the
# rest are counted together as “Other types”).
TOP = 10
MAX_SERIES = 5
DOWNLOAD_MONTHS = 12
# Downloads are tallied without moving the record's version (core.record_version): their
# figure is counted afresh at most this often.
DOWNLOADS_CACHE_TIMEOUT = 3600


def url(name, **query):
    """A list's address with its filters, as the list's own filter form would write it."""
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def figures():
    """Every figure of the page, counted once per record version and language."""
    version = record_version()
    key = ":".join(["glance", get_language(), str(version)])
    found = cache.get_or_set(key, count_figures, LIST_CACHE_TIMEOUT)
    return {**found, "downloads": downloads(version)}


def count_figures():
    return {
        "meetings_by_year": meetings_by_year(),
        "meetings_by_domain": meetings_by_domain(),
        "host_countries": host_countries(),
        "organisations": organisations(),
        "document_types": document_types(),
        "document_languages": document_languages(),
        "totals": totals(),
    }


def totals():
    return {
        "meetings": Meeting.objects.published().count(),
        "documents": Document.objects.published().count(),
    }


def meetings_by_year():
    """{"years": [{label, total, url, cells: [{count, url} per series]}],
    "series": [{slug, name, total}]}.

    The most frequent types are series of their own; the others, if more than one, are
    counted together as “Other types”.
    """
    rows = list(
        Meeting.objects.published()
        .values(
            "start_date__year",
            "meeting_type__slug",
            "meeting_type__order",
            # The name visitors read; the English orders the types alike in every language.
            type_name=shown_text(Meeting, "meeting_type__name"),
            english_name=english_text(Meeting, "meeting_type__name"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_type = {}
    for row in rows:
        kind = by_type.setdefault(
            row["meeting_type__slug"],
            {
                "slug": row["meeting_type__slug"],
                "name": row["type_name"],
                "english_name": row["english_name"],
                "order": row["meeting_type__order"],
                "total": 0,
            },
        )
        kind["total"] += row["n"]
    ranked = sorted(by_type.values(), key=lambda kind: (-kind["total"], kind["english_name"]))
    kept = ranked if len(ranked) <= MAX_SERIES + 1 else ranked[:MAX_SERIES]
    kept = sorted(kept, key=lambda kind: (kind["order"], kind["english_name"]))
    series = [
        {
            "slug": kind["slug"],
            "name": kind["name"],
            "total": kind["total"],
        }
        for kind in kept
    ]
    slugs = [kind["slug"] for kind in kept]
    if len(kept) < len(ranked):
        series.append(
            {
                "slug": "",
                "name": gettext("Other types"),
                "total": sum(kind["total"] for kind in ranked[MAX_SERIES:]),
            }
        )
    counts = {}
    for row in rows:
        slug = row["meeting_type__slug"]
        column = slugs.index(slug) if slug in slugs else len(slugs)
        year = counts.setdefault(row["start_date__year"], [0] * len(series))
        year[column] += row["n"]
    years = []
    for year in sorted(counts):
        years.append(
            {
                "label": str(year),
                "total": sum(counts[year]),
                "url": url("meetings:list", year=year),
                "cells": [
                    {
                        "count": count,
                        "url": url("meetings:list", type=one["slug"], year=year)
                        if one["slug"]
                        else "",
                    }
                    for one, count in zip(series, counts[year], strict=True)
                ],
            }
        )
    return {"years": years, "series": series}


def meetings_by_domain():
    """The priority domains in the Action Plan's order, each with the public meetings on it
    as the list filtered by it counts them (a meeting or one of its conclusions on it):
    [{label, title, count, url}]. A domain no public meeting is on is left out, as the
    list's filter leaves it out."""
    rows = (
        PriorityDomain.objects.annotate(
            n=meetings_on_domain(Meeting.objects.published()),
            short=shown_text(PriorityDomain, "short_name"),
            whole=shown_text(PriorityDomain, "name"),
        )
        .filter(n__gt=0)
        .values("slug", "short", "whole", "n")
    )
    return [
        {
            "label": row["short"],
            "title": row["whole"],
            "count": row["n"],
            "url": url("meetings:list", domain=row["slug"]),
        }
        for row in rows
    ]


def host_countries():
    """The host countries, most meetings first: [{label, count, url}]."""
    rows = (
        Meeting.objects.published()
        .exclude(host_country="")
        .values("host_country")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ranked = [
        {
            "label": countries.name(row["host_country"]) or row["host_country"],
            "count": row["n"],
            "url": url("meetings:list", host_country=row["host_country"]),
        }
        for row in rows
    ]
    return rank(ranked)


def organisations():
    """The organisations at the most public meetings, top ten: [{label, count, url}]."""
    # Grouped from the participants (with the organisation's name by a join): about
    # twice as quick on a long record as grouping the organisations over their joins.
    rows = (
        Participant.objects.filter(
            meeting__in=Meeting.objects.published(), organisation__isnull=False
        )
        .values(
            "organisation",
            "organisation__slug",
            "organisation__acronym",
            name=shown_text(Participant, "organisation__name"),
        )
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "organisation__name_en")[:TOP]
    )
    # The acronym is shorter, where it tells the organisation apart from the others.
    acronyms = Counter(row["organisation__acronym"] for row in rows)
    return [
        {
            "label": acronym if acronym and acronyms[acronym] == 1 else row["name"],
            "title": row["name"],
            "count": row["n"],
            "url": url("meetings:list", organisation=row["organisation__slug"]),
        }
        for row in rows
        for acronym in [row["organisation__acronym"]]
    ]


def document_types():
    rows = (
        Document.objects.published()
        .values("document_type__slug", name=shown_text(Document, "document_type__name"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return rank(
        [
            {
                "label": row["name"],
                "count": row["n"],
                "url": url("documents:list", type=row["document_type__slug"]),
            }
            for row in rows
        ]
    )


def document_languages():
    """Documents with a file in each language (a document in two languages counts in both,
    as the list filtered by language counts it)."""
    rows = (
        DocumentFile.objects.filter(document__in=Document.objects.published())
        .values("language")
        .annotate(n=Count("document", distinct=True))
        .order_by()
    )
    return rank(
        [
            {
                "label": language_label(row["language"]),
                "count": row["n"],
                "url": url("documents:list", language=row["language"]),
            }
            for row in rows
        ]
    )


def rank(rows):
    return sorted(rows, key=lambda row: (-row["count"], row["label"].casefold()))[:TOP]


def downloads(version, today=None):
    """Downloads of public documents in each of the last twelve months, this one included.

    Every public document counts, whether or not its page shows its own count: that choice
    (`show_download_count`) is about telling how often one document is read, and a
    month's total over the whole record tells nothing of any one document. Drafts and
    scheduled documents, downloaded by staff only, are left out like everywhere else.
    """
    today = today or timezone.localdate()
    hour = timezone.now().strftime("%Y%m%d%H")
    key = ":".join(["glance-downloads", get_language(), str(version), hour])
    return cache.get_or_set(key, lambda: count_downloads(today), DOWNLOADS_CACHE_TIMEOUT)


def count_downloads(today):
    months = []
    month = today.replace(day=1)
    for _ in range(DOWNLOAD_MONTHS):
        months.insert(0, month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    totals = dict(
        DownloadTally.objects.filter(
            document_file__document__in=Document.objects.published(), month__gte=months[0]
        )
        .values("month")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("month", "total")
    )
    return {
        "months": [
            {
                "label": date_format(month, "M"),
                "long_label": date_format(month, "F Y"),
                # The year under its first month and under each January.
                "sublabel": str(month.year) if month.month == 1 or month == months[0] else "",
                "total": totals.get(month, 0),
            }
            for month in months
        ],
        "total": sum(totals.values()),
        "url": url("documents:list"),
    }
