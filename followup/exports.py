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
from followup.commitments import public_commitments, shown_domains, status_label
from followup.filters import CommitmentFilter
from followup.models import Update
from meetings.models import Meeting


@require_safe
@conditional_on_record
def commitments_csv(request):
    """The commitments the list's filters select, with their status, in the list's order."""
    try:
        _filterset, commitments = filtered(
            CommitmentFilter,
            request,
            public_commitments()
            .select_related("meeting")
            .prefetch_related("domains", "meeting__domains"),
        )
    except BadFilter as error:
        return bad_filter_response(error)
    header = [
        gettext("Commitment"),
        gettext("Meeting"),
        gettext("Kind"),
        gettext("Priority domains"),
        gettext("Status"),
        gettext("Latest update"),
        gettext("Address"),
    ]
    rows = (
        [
            commitment.text,
            commitment.meeting.title,
            commitment.get_kind_display(),
            "; ".join(domain.name for domain in shown_domains(commitment)),
            status_label(commitment.progress),
            commitment.latest_update.isoformat() if commitment.latest_update else "",
            request.build_absolute_uri(
                f"{commitment.meeting.get_absolute_url()}#commitment-{commitment.pk}"
            ),
        ]
        for commitment in commitments.iterator(chunk_size=500)
    )
    # A row changes with its updates and with its meeting (the title, the conclusion's text).
    changes = [last_change(Update.objects.published()), last_change(Meeting.objects.published())]
    known = [moment for moment in changes if moment is not None]
    return csv_response(
        "khartoum-process-follow-up.csv", header, rows, last_modified=max(known, default=None)
    )
