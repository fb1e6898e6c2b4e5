"""The demo's Process record: only what the text of the Process's site says; and the
generated record's terms."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from demo import process_content
from demo.process_generator import NOTE
from process.models import Chairmanship, DatePrecision, Membership, SteeringCommitteeSeat
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CONTENT_FILE = (
    Path(__file__).resolve().parents[3] / "shared" / "content" / "khartoum-process-site-pages.txt"
)


@pytest.fixture
def demo():
    call_command("load_demo_content", stdout=io.StringIO())


def test_the_chairs_as_the_text_gives_them(demo):
    chairs = [
        (c.organisation.name, c.since, c.until, c.recorded_at.slug)
        for c in Chairmanship.objects.order_by("started")
    ]
    assert chairs == [
        ("United Kingdom", "by 24 May 2016", "by 15 December 2016", process_content.KHARTOUM),
        ("Ethiopia", "by 16 December 2016", "2017", process_content.SOM),
        ("Italy", "2018", "", process_content.STEERING_COMMITTEE),
    ]
    ethiopia = Chairmanship.objects.get(organisation__name="Ethiopia")
    assert ethiopia.handed_over_at.slug == process_content.SOM
    assert (
        "under the chairmanship of the UK"
        in Chairmanship.objects.get(organisation__name="United Kingdom").note
    )


def test_uganda_is_on_its_way_to_membership_and_germany_on_the_committee(demo):
    uganda = Membership.objects.get(organisation__name="Uganda")
    assert uganda.kind == Membership.Kind.CANDIDATE and uganda.started == D(2017, 5, 18)
    seat = SteeringCommitteeSeat.objects.get()
    assert (seat.organisation.name, seat.side, seat.started_precision) == (
        "Germany",
        "european",
        DatePrecision.BY,
    )
    members = set(
        Membership.objects.filter(kind="member-state").values_list("organisation__name", flat=True)
    )
    assert members == {"United Kingdom", "Italy", "Ethiopia", "Germany"}


def test_the_notes_quote_the_text_word_for_word(demo):
    if not CONTENT_FILE.exists():
        pytest.skip(f"The Process's content file is not beside the checkout: {CONTENT_FILE}")
    text = " ".join(CONTENT_FILE.read_text(encoding="utf-8").split())
    quotes = [
        quote
        for model in (Chairmanship, Membership, SteeringCommitteeSeat)
        for note in model.objects.values_list("note", flat=True)
        for quote in re.findall(r"“([^”]+)”", note)
    ]
    assert len(quotes) >= 5
    for quote in quotes:
        for part in quote.split(" … "):
            assert part.lower() in text.lower(), part


def test_loading_again_adds_nothing(demo):
    before = [list(model.objects.values()) for model in (Chairmanship, Membership)]
    assert process_content.load() == 0
    assert [list(model.objects.values()) for model in (Chairmanship, Membership)] == before


def test_the_generated_record_grows_terms_once_and_keeps_one_chair_at_a_time():
    MeetingFactory()
    call_command("generate_meetings", "--total", "3", "--no-progress", stdout=io.StringIO())
    chairs = list(Chairmanship.objects.order_by("started"))
    assert len(chairs) >= 8 and all(chair.note == NOTE for chair in chairs)
    for earlier, later in zip(chairs, chairs[1:], strict=False):
        assert earlier.ended is not None and earlier.ended < later.started
    today = datetime.date.today()
    for side in ("african", "european"):
        assert SteeringCommitteeSeat.objects.on(today).filter(side=side).count() == 5
    assert Membership.objects.count() > 10
    counts = [model.objects.count() for model in (Chairmanship, SteeringCommitteeSeat, Membership)]
    call_command("generate_meetings", "--total", "4", "--no-progress", stdout=io.StringIO())
    assert [
        model.objects.count() for model in (Chairmanship, SteeringCommitteeSeat, Membership)
    ] == counts
