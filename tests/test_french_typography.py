"""French as French typography writes it, in the interface's catalogue, on its pages and in the
demo content: a non-breaking space before : ; ! ? and », after «; a language's name in lower
case within a sentence (« en français »), capitalised where it stands alone (« Français »)."""

import re

import pytest
from django.conf import settings

from demo import content
from meetings.models import Participant
from tests.factories import MeetingFactory, OrganisationFactory, ParticipantFactory
from tests.test_translation import catalogue

SPACES = "\u00a0\u202f"  # non-breaking space, narrow non-breaking space

# Where : ; ! ? are not the sentence's punctuation: addresses, times, placeholders, entities.
NOT_PUNCTUATION = re.compile(
    r"\w+://\S+"
    r"|\d:\d"
    r"|%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifxXr]"
    r"|&#?\w+;"
)


def spacing_faults(text):
    """Each place in `text` where French wants a non-breaking space and has none."""
    text = NOT_PUNCTUATION.sub("0", text)
    faults = [
        text[max(0, match.start() - 12) : match.end() + 12]
        for match in re.finditer(r"[:;!?»]", text)
        if match.start() == 0 or text[match.start() - 1] not in SPACES
    ]
    faults += [
        text[max(0, match.start() - 12) : match.end() + 12]
        for match in re.finditer(r"«", text)
        if text[match.end() : match.end() + 1] not in SPACES
    ]
    return faults


@pytest.mark.parametrize(
    ("text", "faults"),
    [
        ("Présidence\u00a0: Éthiopie\u00a0; hôte\u00a0: Italie", 0),
        ("Rien n’est perdu : veuillez réessayer", 1),
        ("Présidence: Éthiopie", 1),
        ("Vraiment ?", 1),
        ("une approche « mobilisante »", 2),
        ("Voir https://example.org/?q=a;b à 18:30 (%(count)s&nbsp;documents)", 0),
    ],
)
def test_the_spacing_check_finds_what_french_typography_forbids(text, faults):
    assert len(spacing_faults(text)) == faults


def test_the_french_catalogue_has_a_non_breaking_space_before_high_punctuation():
    faults = {
        entry.msgid: spacing_faults(text)
        for entry in catalogue("fr")
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if spacing_faults(text)
    }
    assert faults == {}


def french_texts(value):
    """Every French text of the demo content: the values of its `…_fr` keys."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.endswith("_fr"):
                yield from [item] if isinstance(item, str) else item
            else:
                yield from french_texts(item)


def test_the_demo_contents_french_has_a_non_breaking_space_before_high_punctuation():
    texts = [
        *french_texts(content.MEETING_TRANSLATIONS),
        *french_texts(content.DOCUMENT_TRANSLATIONS),
        content.DEMO_TRANSLATION_NOTE["fr"],
    ]
    assert len(texts) > 10
    assert {text[:40]: spacing_faults(text) for text in texts if spacing_faults(text)} == {}


@pytest.mark.django_db
def test_a_french_meeting_page_puts_a_non_breaking_space_before_its_colons(client):
    meeting = MeetingFactory(slug="2016-05-khartoum")
    ParticipantFactory(
        meeting=meeting,
        role=Participant.Role.CHAIR,
        organisation=OrganisationFactory(name="United Kingdom"),
    )
    ParticipantFactory(
        meeting=meeting,
        role=Participant.Role.CO_CHAIR,
        organisation=OrganisationFactory(name="Sudan"),
    )
    page = client.get("/fr/meetings/2016-05-khartoum/").content.decode()
    leaders = re.sub(r"<[^>]+>", "", re.search(r"Présidence.*?</li>", page).group(0))
    assert "Présidence\u00a0: United Kingdom\u00a0; " in leaders
    assert "\u00a0: Sudan" in leaders
    assert spacing_faults(leaders) == []

    chips = client.get("/fr/meetings/?host_country=SD").content.decode()
    assert "Pays hôte\u00a0: <strong>" in chips


@pytest.mark.django_db
def test_french_names_a_language_in_lower_case_within_a_sentence_and_capitalised_alone(
    client, secretariat_client
):
    meeting = MeetingFactory(slug="berlin-2017", title="Thematic meeting")  # not translated
    page = client.get("/fr/meetings/berlin-2017/").content.decode()
    assert "Ce texte n’est pas encore disponible en français\u00a0;" in page
    assert 'hreflang="fr" rel="nofollow">Français</a>' in page or (
        'aria-current="true" lang="fr" hreflang="fr">Français</a>' in page
    )

    secretariat_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    form = secretariat_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    form = form.content.decode()
    assert "Titre en français" in form
    assert "Titre en arabe" in form
    secretariat_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = secretariat_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    assert "Title in French" in form.content.decode()
