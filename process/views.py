"""The Process over time's public pages: its members, an organisation, the timeline."""

import datetime

from django.http import Http404
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from process import charts, figures


class MembersView(TemplateView):
    """Who is in the Process today, and since when; who sits on the Steering Committee; who
    chairs it; and who has left."""

    template_name = "process/members.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**figures.members(), **kwargs)


class OrganisationView(TemplateView):
    """One organisation: its place in the Process and the public meetings it attended."""

    template_name = "process/organisation.html"
    not_found_message = _(
        "There is no organisation of the Process at this address. Find it among the members "
        "of the Process or in the list of meetings."
    )

    def get_context_data(self, **kwargs):
        organisation = figures.public_organisation(kwargs["slug"])
        if organisation is None:
            # A plain str: the 404 page shows only a message that is one.
            raise Http404(str(self.not_found_message))
        record = figures.organisation_record(organisation)
        return super().get_context_data(
            organisation=organisation,
            share_chart=charts.share_columns(record["share"], get_language_bidi()),
            attended_total=sum(year["attended"] for year in record["share"]),
            meetings_url=figures.list_url(organisation=organisation.slug),
            shown_limit=figures.ATTENDED_SHOWN,
            **record,
            **kwargs,
        )


class ProcessView(TemplateView):
    """The Process over time in one picture, with its facts as tables below."""

    template_name = "process/process.html"

    def get_context_data(self, **kwargs):
        found = figures.timeline_figures(datetime.date.today())
        return super().get_context_data(
            found=found,
            timeline=charts.timeline(found, found["today"], get_language_bidi()),
            meetings_shown=charts.MEETINGS_SHOWN,
            **kwargs,
        )
