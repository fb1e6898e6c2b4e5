"""The demo's sample follow-up and the generated record's updates."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from demo.followup_content import MARK
from demo.followup_generator import follow_up_generated
from demo.generator import MARK as GENERATED
from followup.commitments import public_commitments
from followup.models import Progress, Update

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_few_marked_sample_updates_and_loads_them_once(client):
    call_command("load_demo_content", stdout=io.StringIO())
    updates = Update.objects.select_related("conclusion__meeting")
    assert 2 <= updates.count() <= 4
    assert all(update.text.startswith(MARK) and update.is_published for update in updates)
    statuses = {update.progress for update in updates}
    assert {Progress.IN_PROGRESS, Progress.ACHIEVED} <= statuses
    berlin = updates.filter(conclusion__meeting__slug="2017-05-berlin-thematic-meeting")
    assert berlin.get().progress == Progress.IN_PROGRESS
    # Taken up at later meetings, which name them.
    achieved = updates.get(progress=Progress.ACHIEVED)
    later = achieved.evidence_meetings.get(slug="2016-10-addis-ababa-2nd-thematic-meeting")
    assert achieved.conclusion.text[:40] in client.get(later.get_absolute_url()).content.decode()
    # The other commitments stay open.
    assert public_commitments().filter(progress=Progress.OPEN).count() > 0

    before = list(Update.objects.values_list("pk", "updated_at"))
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    assert list(Update.objects.values_list("pk", "updated_at")) == before
    assert "Sample follow-up updates: 0 created, 0 updated." in output.getvalue()


def test_generated_commitments_are_followed_up_from_the_seed():
    output = io.StringIO()
    call_command("generate_meetings", "--total", "60", stdout=output, stderr=output)
    updates = Update.objects.select_related("conclusion__meeting")
    assert updates.exists()
    assert all(GENERATED in update.text and update.is_published for update in updates)
    assert all(update.date > update.conclusion.meeting.end_date for update in updates)
    assert len({update.progress for update in updates}) >= 4  # statuses spread
    for update in updates.prefetch_related("evidence_meetings"):
        for meeting in update.evidence_meetings.all():
            assert update.conclusion.meeting.end_date < meeting.start_date <= update.date
    followed = public_commitments().annotate(n=Count("updates")).filter(n__gt=0).count()
    assert 0 < followed < public_commitments().count()  # a share, not all
    first = sorted(updates.values_list("conclusion__text", "date", "progress", "text"))
    # Again from the same seed: the same updates.
    Update.objects.all().delete()
    follow_up_generated(1)
    again = Update.objects.values_list("conclusion__text", "date", "progress", "text")
    assert sorted(again) == first
    # Run again: commitments already followed up are left as they are.
    assert follow_up_generated(1) == 0
