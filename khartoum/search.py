"""Full-text search: what is indexed, how a visitor's words are read, how matches are shown.

On PostgreSQL, meetings, conclusions and documents keep a weighted search vector, refreshed
whenever they or what they include change; a query is read as a web search
(`websearch_to_tsquery`) in English, French and without stemming, accents folded by the
`khartoum_*` text search configurations (see meetings/migrations/0007_search.py). On SQLite
(development), the same querysets match words as substrings instead.
"""

import html
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchVector,
)
from django.db import connection
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Left
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .richtext import plain_text

ENGLISH = "khartoum_english"
FRENCH = "khartoum_french"
SIMPLE = "khartoum_simple"
# A document file's language picks the configuration that stems its words.
LANGUAGE_CONFIGS = {"en": ENGLISH, "fr": FRENCH}

# A search is a few words; longer text is refused by the forms with a message.
MAX_QUERY_LENGTH = 200
# Snippets are cut from at most this much of a row's text.
SNIPPET_SOURCE_LENGTH = 100_000
# Characters a text never holds (private use), marking a match in a headline until the text
# around it is escaped.
START, STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
WORDS = re.compile(r"\w+")


def full_text():
    """Whether the database searches with its own full-text search (PostgreSQL)."""
    return connection.vendor == "postgresql"


def has_words(text):
    """Whether a search text has anything to look for: a letter or a digit."""
    return bool(WORDS.search(text or ""))


def plain_words(text):
    """A web search's words for plain substring matching: a quoted phrase without its quotes."""
    return " ".join(text.replace('"', " ").split())


def search_query(text):
    """The visitor's words as a query in every configuration the record is indexed with."""
    text = text.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    english, french, simple = (
        SearchQuery(text, search_type="websearch", config=config)
        for config in (ENGLISH, FRENCH, SIMPLE)
    )
    return english | french | simple


def strip_tags(field):
    """A rich-text column's words for the database: the tags become spaces."""
    return Func(
        Coalesce(field, Value(""), output_field=TextField()),
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def joined(queryset, group, expression):
    """One text of `expression` over the rows of `queryset`, which are those of one `group`
    (an OuterRef), or ""."""
    from django.contrib.postgres.aggregates import StringAgg

    rows = queryset.order_by().values(group).annotate(text=StringAgg(expression, delimiter=" "))
    return Coalesce(Subquery(rows.values("text")[:1]), Value(""), output_field=TextField())


def country_names(field):
    """The names, in English and French, of the country coded in `field`, for the database."""
    from django.db.models import Case, When
    from django_countries import countries

    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    with translation.override("fr"):
        french = {code: str(name) for code, name in countries}
    whens = [
        When(**{field: code}, then=Value(f"{name} {french[code]}"))
        for code, name in english.items()
    ]
    return Case(*whens, default=Value(""), output_field=TextField())


def meeting_vector():
    """A meeting's search vector: title, then summary and place, then the record and who took
    part and what was concluded."""
    from meetings.models import Conclusion, Participant

    participants = joined(
        Participant.objects.filter(meeting=OuterRef("pk")),
        "meeting",
        # concat_ws leaves out what is NULL: a delegation without an organisation.
        Func(
            Value(" "),
            "organisation__name",
            "organisation__acronym",
            "person_name",
            "person_title",
            function="concat_ws",
            output_field=TextField(),
        ),
    )
    conclusions = joined(Conclusion.objects.filter(meeting=OuterRef("pk")), "meeting", F("text"))
    return (
        SearchVector("title", config=ENGLISH, weight="A")
        + SearchVector(
            "summary",
            "city",
            country_names("host_country"),
            config=ENGLISH,
            weight="B",
        )
        + SearchVector(strip_tags("body"), conclusions, config=ENGLISH, weight="C")
        + SearchVector(participants, config=ENGLISH, weight="D")
    )


def document_vector():
    """A document's search vector: title and reference, then its description, then the text
    of its files (each in its language's configuration), then its meeting's title."""
    from documents.models import DocumentFile
    from meetings.models import Meeting

    def files_text(**condition):
        files = DocumentFile.objects.filter(document=OuterRef("pk"), **condition)
        return joined(files, "document", F("text"))

    others = {"language__in": list(LANGUAGE_CONFIGS)}
    meeting_title = Coalesce(
        Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("title")[:1]),
        Value(""),
        output_field=TextField(),
    )
    return (
        SearchVector("title", "reference", config=ENGLISH, weight="A")
        + SearchVector(strip_tags("description"), config=ENGLISH, weight="B")
        + SearchVector(files_text(language="en"), config=ENGLISH, weight="C")
        + SearchVector(files_text(language="fr"), config=FRENCH, weight="C")
        + SearchVector(
            joined(
                DocumentFile.objects.filter(document=OuterRef("pk")).exclude(**others),
                "document",
                F("text"),
            ),
            config=SIMPLE,
            weight="C",
        )
        + SearchVector(meeting_title, config=ENGLISH, weight="D")
    )


def conclusion_vector():
    return SearchVector("text", config=ENGLISH)


def index_meetings(meetings):
    if full_text():
        meetings.update(search_vector=meeting_vector())


def index_conclusions(conclusions):
    if full_text():
        conclusions.update(search_vector=conclusion_vector())


def index_documents(documents):
    if full_text():
        documents.update(search_vector=document_vector())


def headline(text, query):
    """A snippet of `text` around the query's words, the words marked, for the database."""
    return SearchHeadline(
        Left(text, SNIPPET_SOURCE_LENGTH),
        query,
        config=ENGLISH,
        start_sel=START,
        stop_sel=STOP,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def marked(snippet):
    """A headline as safe HTML: its text escaped, its matches in <mark>.

    Stored rich text keeps its entities (“&amp;”): they are read back to characters first,
    so that everything is escaped exactly once.
    """
    text = escape(html.unescape(snippet or ""))
    text = MARKED.sub(r"<mark>\1</mark>", text)
    return mark_safe(text.replace(START, "").replace(STOP, ""))


def plain_snippet(text, query, width=220):
    """A snippet for databases without full-text search: around the first word found."""
    # A quoted phrase is marked whole; other words from three letters up (not "of", "to").
    phrases = [" ".join(phrase.split()) for phrase in re.findall(r'"([^"]+)"', query)]
    loose = re.sub(r'"[^"]*"', " ", query)
    words = [phrase for phrase in phrases if phrase] + [
        word for word in WORDS.findall(loose) if len(word) > 2
    ]
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in words]
    positions = [position for position in positions if position >= 0]
    start = max(min(positions) - width // 3, 0) if positions else 0
    piece = text[start : start + width]
    # Whole words only: the cut ends lose their partial words.
    if start:
        piece = "… " + piece.split(" ", 1)[-1]
    if start + width < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    if not words:
        return escape(piece)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(piece):
        parts += [escape(piece[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(piece[last:]))
    return mark_safe("".join(parts))


def reindex_all(progress=lambda iterable, **kwargs: iterable, batch=500):
    """Refresh every search vector, in batches of ids so that `progress` can show the way."""
    from documents.models import Document
    from meetings.models import Conclusion, Meeting

    for model, index in (
        (Meeting, index_meetings),
        (Conclusion, index_conclusions),
        (Document, index_documents),
    ):
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        batches = range(0, len(ids), batch)
        for start in progress(batches, desc=str(model._meta.verbose_name_plural), unit="batch"):
            index(model.objects.filter(pk__in=ids[start : start + batch]))


# What changes a row's search vector: its own save, or a save of what its vector includes.
def meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_meetings(type(instance).objects.filter(pk=instance.pk))
        # A document's vector has its meeting's title.
        index_documents(instance.documents.all())


def meeting_part_changed(sender, instance, raw=False, **kwargs):
    from meetings.models import Conclusion, Meeting

    if raw:
        return
    if isinstance(instance, Conclusion) and "created" in kwargs:  # saved, not deleted
        index_conclusions(Conclusion.objects.filter(pk=instance.pk))
    index_meetings(Meeting.objects.filter(pk=instance.meeting_id))


def organisation_saved(sender, instance, raw=False, **kwargs):
    from meetings.models import Meeting

    if not raw:
        index_meetings(Meeting.objects.filter(participants__organisation=instance).distinct())


def document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_documents(type(instance).objects.filter(pk=instance.pk))


def document_file_changed(sender, instance, raw=False, **kwargs):
    from documents.models import Document

    if not raw:
        index_documents(Document.objects.filter(pk=instance.document_id))


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    post_save.connect(meeting_saved, sender="meetings.Meeting")
    post_save.connect(organisation_saved, sender="meetings.Organisation")
    post_save.connect(document_saved, sender="documents.Document")
    for sender in ("meetings.Participant", "meetings.Conclusion"):
        post_save.connect(meeting_part_changed, sender=sender)
        post_delete.connect(meeting_part_changed, sender=sender)
    post_save.connect(document_file_changed, sender="documents.DocumentFile")
    post_delete.connect(document_file_changed, sender="documents.DocumentFile")


def snippets(queryset, text, kind):
    """{pk: snippet} for the rows of `queryset`: where the words of `text` matched, marked."""
    from documents.models import DocumentFile
    from meetings.models import Participant

    if kind == "conclusion":
        source = F("text")
    elif kind == "meeting":
        participants = joined(
            Participant.objects.filter(meeting=OuterRef("pk")),
            "meeting",
            Func(
                Value(" "),
                "organisation__name",
                "organisation__acronym",
                "person_name",
                function="concat_ws",
                output_field=TextField(),
            ),
        )
        source = Func(
            Value(" "),
            "summary",
            strip_tags("body"),
            participants,
            function="concat_ws",
            output_field=TextField(),
        )
    else:
        files = joined(DocumentFile.objects.filter(document=OuterRef("pk")), "document", F("text"))
        source = Func(
            Value(" "),
            strip_tags("description"),
            files,
            function="concat_ws",
            output_field=TextField(),
        )
    if full_text():
        rows = queryset.annotate(snippet=headline(source, search_query(text)))
        return {pk: marked(snippet) for pk, snippet in rows.values_list("pk", "snippet")}
    # Without full-text search, the same text is read here and cut around the first match.
    texts = {}
    for row in queryset:
        if kind == "conclusion":
            texts[row.pk] = row.text
        elif kind == "meeting":
            names = Participant.objects.filter(meeting=row).values_list(
                "organisation__name", "organisation__acronym", "person_name"
            )
            people = " ".join(part for names_ in names for part in names_ if part)
            texts[row.pk] = " ".join([row.summary, plain_text(row.body), people])
        else:
            files = DocumentFile.objects.filter(document=row).values_list("text", flat=True)
            texts[row.pk] = " ".join([plain_text(row.description), *files])
    return {pk: plain_snippet(value, text) for pk, value in texts.items()}
