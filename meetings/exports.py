from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.channels import (
    BadFilter,
    bad_filter_response,
    conditional_on_record,
    csv_response,
    filtered,
    last_change,
)
from meetings.filters import MeetingFilter
from meetings.models import Meeting


@require_safe
@conditional_on_record
def meetings_csv(request):
    """The meetings the list's filters select, as a spreadsheet, in the list's order."""
    try:
        _filterset, meetings = filtered(
            MeetingFilter,
            request,
            Meeting.objects.published()
            .select_related("meeting_type")
            .prefetch_related("domains")
            .defer("body"),
        )
    except BadFilter as error:
        return bad_filter_response(error)
    header = [
        gettext("Title"),
        gettext("Address"),
        gettext("Type"),
        gettext("Ordinal"),
        gettext("Start date"),
        gettext("End date"),
        gettext("City"),
        gettext("Host country"),
        gettext("Priority domains"),
        gettext("Summary"),
    ]
    rows = (
        [
            meeting.title,
            request.build_absolute_uri(meeting.get_absolute_url()),
            meeting.meeting_type.name,
            meeting.ordinal,
            meeting.start_date.isoformat(),
            meeting.last_day.isoformat(),
            meeting.city,
            meeting.host_country.name,
            "; ".join(domain.name for domain in meeting.domains.all()),
            meeting.summary,
        ]
        for meeting in meetings.iterator(chunk_size=500)
    )
    return csv_response(
        "khartoum-process-meetings.csv", header, rows, last_modified=last_change(meetings)
    )
