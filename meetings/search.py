"""What the search indexes of meetings and their conclusions (see core/search.py)."""

from django.contrib.postgres.search import SearchVector
from django.db.models import F, Func, OuterRef, TextField, Value

from core import search
from core.richtext import plain_text
from meetings.models import Conclusion, Meeting, Participant


def in_french(*expressions):
    """A meeting's words stemmed in French as well: a meeting has no language, and its record
    may be in French ("programmes régionaux" is found by "régionale"). At the lowest weight,
    so that what English stemming finds keeps its rank."""
    return SearchVector(*expressions, config=search.FRENCH, weight="D")


def participants_text(*columns):
    """The words of a meeting's participants (their `columns`), for the database."""
    return search.joined(
        Participant.objects.filter(meeting=OuterRef("pk")),
        "meeting",
        # concat_ws leaves out what is NULL: a delegation without an organisation.
        Func(Value(" "), *columns, function="concat_ws", output_field=TextField()),
    )


def meeting_vector():
    """A meeting's search vector: title, then summary and place, then the record and who took
    part and what was concluded."""
    participants = participants_text(
        *search.every_column("organisation__name"),
        "organisation__acronym",
        "person_name",
        "person_title",
    )

    def conclusions(column):
        return search.joined(
            Conclusion.objects.filter(meeting=OuterRef("pk")), "meeting", F(column)
        )

    english_conclusions = conclusions("text_en")
    return (
        SearchVector("title_en", config=search.ENGLISH, weight="A")
        + SearchVector(
            "summary_en",
            "city",
            search.country_names("host_country"),
            config=search.ENGLISH,
            weight="B",
        )
        + SearchVector(
            search.strip_tags("body_en"), english_conclusions, config=search.ENGLISH, weight="C"
        )
        + SearchVector(participants, config=search.ENGLISH, weight="D")
        + in_french("title_en", "summary_en", search.strip_tags("body_en"), english_conclusions)
        + search.translated_vector("title", weight="A")
        + search.translated_vector("summary", weight="B")
        + search.translated_vector("body", weight="C", rich=["body"])
        + SearchVector(conclusions("text_fr"), config=search.FRENCH, weight="C")
        + SearchVector(conclusions("text_ar"), config=search.SIMPLE, weight="C")
    )


def meeting_snippet_text():
    return [
        *search.shown_and_english("summary"),
        *search.shown_and_english("body", rich=True),
        participants_text("organisation__name_en", "organisation__acronym", "person_name"),
    ]


def meeting_plain_text(meeting):
    names = Participant.objects.filter(meeting=meeting).values_list(
        "organisation__name_en", "organisation__acronym", "person_name"
    )
    return [
        meeting.summary,
        plain_text(meeting.body),
        *search.english_if_other(meeting, "summary"),
        *(plain_text(body) for body in search.english_if_other(meeting, "body")),
        " ".join(part for row in names for part in row if part),
    ]


def conclusion_vector():
    return (
        SearchVector("text_en", config=search.ENGLISH)
        + in_french("text_en")
        + SearchVector("text_fr", config=search.FRENCH)
        + SearchVector("text_ar", config=search.SIMPLE)
    )


def register():
    search.register(
        search.Indexed(
            Meeting,
            vector=meeting_vector,
            snippet_text=meeting_snippet_text,
            plain_text=meeting_plain_text,
            includes=("participants", "participants__organisation", "conclusions"),
        )
    )
    search.register(
        search.Indexed(
            Conclusion,
            vector=conclusion_vector,
            snippet_text=lambda: search.shown_and_english("text"),
            plain_text=lambda conclusion: [
                conclusion.text,
                *search.english_if_other(conclusion, "text"),
            ],
        )
    )
