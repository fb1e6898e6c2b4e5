from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from core.views import FilteredListView
from followup.commitments import (
    public_commitments,
    shown_domains,
    status_label,
    with_public_updates,
    with_status,
)
from followup.filters import CommitmentFilter


def length(value):
    """A percentage as SVG reads it, whatever the language's decimal separator."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def progress_bars(tally):
    """Each priority domain's bar: its commitments' statuses as segments of one stacked bar,
    widths in percent of the whole bar, laid from the start of the page's direction."""
    rtl = get_language_bidi()
    bars = []
    for row in tally:
        total = row["total"]
        segments, start = [], 0.0
        for status, label, count in row["statuses"]:
            if not count:
                continue
            width = 100 * count / total
            x = 100 - start - width if rtl else start
            segments.append(
                {
                    "status": status,
                    "label": label,
                    "count": number_format(count),
                    "x": length(x),
                    "width": length(width),
                }
            )
            start += width
        bars.append({**row, "segments": segments, "total_shown": number_format(total)})
    return bars


class FollowUpListView(FilteredListView):
    follow_url_names = {
        "feed": "followup:feed",
        "csv": "followup:csv",
        "alerts": "alerts:follow-up",
    }
    filterset_class = CommitmentFilter
    template_name = "followup/commitment_list.html"
    filter_title = _("Filter commitments")
    context_object_name = "commitment_ids"
    paginate_by = 20
    row_template = "followup/commitment_row.html"

    def get_queryset(self):
        return public_commitments()

    def decorate(self, queryset):
        return with_public_updates(
            with_status(queryset)
            .select_related("meeting")
            .prefetch_related("domains", "meeting__domains"),
            evidence=False,  # a row shows the latest update's text; the meeting page the rest
        )

    def row_context(self, commitment):
        return {
            "commitment": commitment,
            "status_label": status_label(commitment.progress),
            "domains": shown_domains(commitment),
            "heading_level": 3,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bars = progress_bars(self.list_counts["domains"])
        for bar in bars:
            # The list under that domain, with the other filters kept and from its first page.
            query = self.request.GET.copy()
            query.pop("page", None)
            query["domain"] = bar["slug"]
            bar["url"] = f"{self.request.path}?{query.urlencode()}"
        context["progress_bars"] = bars
        # None filed under a domain: five empty bars would say less than a sentence.
        context["any_filed"] = any(bar["total"] for bar in bars)
        context["domain_filter"] = self.filterset.valid_values.get("domain")
        return context
