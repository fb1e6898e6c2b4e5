from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.feeds import FilteredListFeed
from followup.commitments import evidence_of, public_updates
from followup.filters import UpdateFilter


class UpdateFeed(FilteredListFeed):
    """The public updates of the commitments the list's filters select, newest first: each
    entry one update, with the commitment, its new status, the text and the evidence."""

    filterset_class = UpdateFilter
    kind = "follow-up-update"

    def public_items(self):
        return public_updates().order_by("-first_public_at", "-date", "-id")

    def base_title(self):
        return gettext("Follow-up of the commitments")

    def list_path(self):
        return reverse("followup:list")

    def description(self, obj):
        return gettext(
            "Updates on what the meetings of the Khartoum Process committed to, newest first."
        )

    def item_title(self, update):
        return gettext("%(status)s: %(commitment)s") % {
            "status": update.get_progress_display(),
            "commitment": Truncator(update.conclusion.text).chars(120),
        }

    def item_description(self, update):
        commitment = update.conclusion
        lines = [
            gettext("%(kind)s of the %(meeting)s, %(dates)s: %(text)s")
            % {
                "kind": commitment.get_kind_display(),
                "meeting": commitment.meeting.title,
                "dates": commitment.meeting.dates,
                "text": commitment.text,
            },
            gettext("Status on %(date)s: %(status)s.")
            % {"date": date_format(update.date, "j F Y"), "status": update.get_progress_display()},
            update.text,
        ]
        evidence = evidence_links(self.request, update)
        if evidence:
            lines.append(gettext("Evidence:"))
            lines += [f"{title} — {url}" for title, url in evidence]
        return "\n\n".join(lines)


def evidence_links(request, update):
    """[(title, absolute address)] of the update's public evidence."""
    return [
        (evidence["text"], request.build_absolute_uri(evidence["url"]))
        for evidence in evidence_of(update)
    ]
