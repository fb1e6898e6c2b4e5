"""Full-text search: what is indexed, how a visitor's words are read, how matches are shown.

The engine knows no content model: each content app registers what it indexes (its
`search.py`, from its AppConfig.ready), and the engine keeps it up to date. On PostgreSQL, each
registered model keeps a weighted search vector, refreshed whenever a row or what it includes
changes; a query is read as a web search
(`websearch_to_tsquery`) in English, French and without stemming, accents folded by the
`khartoum_*` text search configurations (see meetings/migrations/0007_search.py). On SQLite
(development), the same querysets match every word (a quoted phrase whole) as a substring,
case and accents aside.
"""

import html
import re
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchVector,
)
from django.db import connection, transaction
from django.db.models import Func, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Left, NullIf
from django.db.models.lookups import Contains
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.richtext import plain_text

ENGLISH = "khartoum_english"
FRENCH = "khartoum_french"
SIMPLE = "khartoum_simple"
# A document file's language picks the configuration that stems its words.
LANGUAGE_CONFIGS = {"en": ENGLISH, "fr": FRENCH}
# The record's translations (core/translated_text.py): each language's columns are indexed
# in its own configuration, at the weight of their English field; Arabic is not stemmed.
TRANSLATION_CONFIGS = {"fr": FRENCH, "ar": SIMPLE}

# A search is a few words; longer text is refused by the forms with a message.
MAX_QUERY_LENGTH = 200
# At most this many matches of each kind are ranked, the newest; the others follow them.
RANKED = 400
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


@contextmanager
def matches_from_index():
    """Within the block, PostgreSQL finds a search's matches in the GIN index of the vectors.

    The planner counts reading a row's vector as cheap, so for a common word (in most rows)
    it reads every row instead; but a document's vector is stored apart from its row and
    compressed, and reading them all costs some thirty times the index's answer. Elsewhere,
    nothing changes.
    """
    if not full_text():
        yield
        return
    # For this transaction only; an error rolls it back, and the setting with it. Inside an
    # outer transaction, which goes on after the block, the setting is put back.
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        before = cursor.fetchone()[0]
        yield
        if nested:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


def has_words(text):
    """Whether a search text has anything to look for: a letter or a digit."""
    return bool(WORDS.search(text or ""))


# Without full-text search: at most this many words are looked for, each one a scan.
MAX_PLAIN_TERMS = 12
# Signs that end a clause rather than belong to a word ("return, UNHCR").
CLAUSE_SIGNS = ",;:!?.\u060c\u061b\u061f"


def fold(text):
    """`text` for comparison without case and accents: “Réintégration” → “reintegration”."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def plain_terms(text):
    """A web search's terms for plain substring matching, folded: each quoted phrase whole,
    then each other word; signs alone ("&", "-") are no term."""
    text = text.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    # An unbalanced quote runs to the end, as websearch_to_tsquery reads it.
    phrases = [" ".join(phrase.split()) for phrase, _end in re.findall(r'"([^"]*)("|$)', text)]
    loose = re.sub(r'"[^"]*("|$)', " ", text).split()
    words = [word.strip(CLAUSE_SIGNS) for word in loose]
    terms = [fold(term) for term in phrases + words if has_words(term)]
    return list(dict.fromkeys(terms))[:MAX_PLAIN_TERMS]


class Folded(Func):
    """A column folded as `fold` does it, read as plain text first when it is rich text: a
    function the database connection is given (see register_functions)."""

    output_field = TextField()

    def __init__(self, expression, rich=False):
        super().__init__(expression, function="khartoum_fold_html" if rich else "khartoum_fold")


def register_functions(sender, connection, **kwargs):
    """Give each new SQLite connection `fold`, for the plain matching of every search."""
    if connection.vendor != "sqlite":
        return

    def folded(value):
        return None if value is None else fold(value)

    def folded_html(value):
        return None if value is None else fold(plain_text(value))

    connection.connection.create_function("khartoum_fold", 1, folded, deterministic=True)
    connection.connection.create_function("khartoum_fold_html", 1, folded_html, deterministic=True)


def term_match(term, fields=(), rich_fields=()):
    """A filter for the rows having the folded `term` in one of `fields` (rich text in
    `rich_fields`, read without its tags), case and accents aside."""
    either = Q()
    for field in fields:
        either |= Q(Contains(Folded(field), term))
    for field in rich_fields:
        either |= Q(Contains(Folded(field, rich=True), term))
    return either


def plain_match(text, fields=(), rich_fields=(), related=()):
    """Without full-text search: a filter for the rows having every term of `text`, each in
    one of `fields` or `rich_fields` (see term_match) or in what `related` finds — functions
    from a folded term to a filter. No term, no row."""
    terms = plain_terms(text)
    if not terms:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        either = term_match(term, fields, rich_fields)
        for found in related:
            either |= found(term)
        condition &= either
    return condition


def country_codes(term):
    """The codes of the countries whose English or French name has the folded `term`."""
    from django_countries import countries

    codes = set()
    for language in ("en", "fr"):
        with translation.override(language):
            codes |= {code for code, name in countries if term in fold(str(name))}
    return codes


def search_query(text):
    """The visitor's words as a query in every configuration the record is indexed with."""
    text = text.replace("\x00", " ")[:MAX_QUERY_LENGTH]
    english, french, simple = (
        SearchQuery(text, search_type="websearch", config=config)
        for config in (ENGLISH, FRENCH, SIMPLE)
    )
    return english | french | simple


def in_english(field):
    """The English column of a translated field ("title" → "title_en"): a translated model's
    querysets would otherwise read `title` as the active language's column."""
    return f"{field}_en"


def translations(field):
    """[(configuration, column)] of `field`'s translations: ("title_fr" in French, …)."""
    return [(config, f"{field}_{language}") for language, config in TRANSLATION_CONFIGS.items()]


def translated_vector(*fields, weight, rich=()):
    """The vector of `fields`' translations (see TRANSLATION_CONFIGS), at `weight`; rich-text
    fields (in `rich`) read without their tags."""
    vector = None
    for field in fields:
        for config, column in translations(field):
            expression = strip_tags(column) if field in rich else column
            part = SearchVector(expression, config=config, weight=weight)
            vector = part if vector is None else vector + part
    return vector


def every_column(*fields):
    """The columns of `fields` in every language: for plain matching."""
    return [in_english(field) for field in fields] + [
        column for field in fields for _config, column in translations(field)
    ]


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

    rows = queryset.order_by()
    if hasattr(rows, "rewrite"):
        # A translated model's values() would read its own `text` field in every language
        # (django-modeltranslation), whatever the language active.
        rows = rows.rewrite(False)
    rows = rows.values(group).annotate(text=StringAgg(expression, delimiter=" "))
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


@dataclass(frozen=True)
class Indexed:
    """What a content app declares of one of its models for search (its `search.py`).

    vector: a function giving the row's weighted search vector, for the database.
    includes: the relation paths ("participants__organisation") whose rows' text the vector
        has: a save or a deletion of one of those rows refreshes the vectors that have it.
    snippet_text: a function giving the expressions of the text a snippet is cut from.
    plain_text: the same text of one row, read without full-text search: a function from a
        row to its strings.
    """

    model: type
    vector: Callable
    snippet_text: Callable
    plain_text: Callable
    includes: tuple = ()


# {model: Indexed}, filled by the content apps as they are ready; the order is theirs.
REGISTRY = {}


def register(indexed):
    """Index `indexed.model` as its app declares, and refresh a row's vector on each save of
    the row or of what it includes."""
    model = indexed.model
    REGISTRY[model] = indexed
    post_save.connect(row_saved, sender=model, dispatch_uid=f"search:{model._meta.label}")
    for path in indexed.includes:
        receiver = partial(included_row_changed, model, path)
        uid = f"search:{model._meta.label}:{path}"
        for signal in (post_save, post_delete):
            # Kept alive by the signal: a partial has no other reference.
            signal.connect(
                receiver, sender=related_model(model, path), weak=False, dispatch_uid=uid
            )


def related_model(model, path):
    """The model at the end of a relation path from `model` ("participants__organisation")."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def rows_including(model, path, instance):
    """The rows of `model` whose vector has `instance`, reached from them by `path`."""
    first = model._meta.get_field(path.split("__")[0])
    if path == first.name and first.one_to_many:
        # The row points at the one that includes it, whether it is saved or just deleted.
        return model._default_manager.filter(pk=getattr(instance, first.field.attname))
    rows = model._default_manager.filter(**{path: instance.pk})
    return rows if path == first.name else rows.distinct()


def row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index(sender._default_manager.filter(pk=instance.pk))


def included_row_changed(model, path, sender, instance, raw=False, **kwargs):
    if not raw:
        index(rows_including(model, path, instance))


def index(queryset):
    """Refresh the search vectors of the rows of `queryset`, of a registered model."""
    if full_text():
        queryset.update(search_vector=REGISTRY[queryset.model].vector())


def headline(text, query):
    """A snippet of `text` around the query's words, the words marked, for the database."""
    # The words are read as the visitor's language reads them: “légale” is found by “légal”.
    return SearchHeadline(
        Left(text, SNIPPET_SOURCE_LENGTH),
        query,
        config=LANGUAGE_CONFIGS.get(translation.get_language(), ENGLISH),
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


def matches(text, terms):
    """(start, end) in `text` of each match of the folded `terms`, case and accents aside, in
    order and not overlapping."""
    if not terms:
        return []
    folded = fold(text)
    origin = None
    if len(folded) != len(text):
        # A letter folded into more or fewer ("ß" → "ss"): each match is traced back.
        pieces = [fold(char) for char in text]
        folded = "".join(pieces)
        origin = [index for index, piece in enumerate(pieces) for _char in piece]
    longest_first = sorted(terms, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(term) for term in longest_first))
    spans = []
    for match in pattern.finditer(folded):
        start, end = match.span()
        spans.append((origin[start], origin[end - 1] + 1) if origin else (start, end))
    return spans


def plain_snippet(text, query, width=220):
    """A snippet for databases without full-text search: around the first term found."""
    # A quoted phrase is marked whole; other words from three letters up (not "of", "to").
    terms = [term for term in plain_terms(query) if " " in term or len(term) > 2]
    found = matches(text, terms)
    start = max(found[0][0] - width // 3, 0) if found else 0
    piece = text[start : start + width]
    # Whole words only: the cut ends lose their partial words.
    if start:
        piece = "… " + piece.split(" ", 1)[-1]
    if start + width < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    parts, last = [], 0
    for match_start, match_end in matches(piece, terms):
        parts += [
            escape(piece[last:match_start]),
            f"<mark>{escape(piece[match_start:match_end])}</mark>",
        ]
        last = match_end
    parts.append(escape(piece[last:]))
    return mark_safe("".join(parts))


def reindex_all(progress=lambda iterable, **kwargs: iterable, batch=500):
    """Refresh every search vector, in batches of ids so that `progress` can show the way."""
    for model in REGISTRY:
        ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        batches = range(0, len(ids), batch)
        for start in progress(batches, desc=str(model._meta.verbose_name_plural), unit="batch"):
            index(model._default_manager.filter(pk__in=ids[start : start + batch]))


def shown_and_english(field, rich=False):
    """A translated field's text as the visitor reads it (see core/translated_text.py), then
    its English where that differs: a search may have matched either."""
    from core.translated_text import english_text, shown_text

    shown, english = shown_text(None, field), english_text(None, field)
    if rich:
        return [strip_tags(shown), strip_tags(NullIf(english, shown))]
    return [shown, NullIf(english, shown)]


def snippets(queryset, text):
    """{pk: snippet} for the rows of `queryset`, of a registered model: where the words of
    `text` matched, marked."""
    indexed = REGISTRY[queryset.model]
    if full_text():
        source = Func(
            Value(" "), *indexed.snippet_text(), function="concat_ws", output_field=TextField()
        )
        rows = queryset.annotate(snippet=headline(source, search_query(text)))
        return {pk: marked(snippet) for pk, snippet in rows.values_list("pk", "snippet")}
    # Without full-text search, the same text is read here and cut around the first match.
    return {
        row.pk: plain_snippet(" ".join(part for part in indexed.plain_text(row) if part), text)
        for row in queryset
    }


def english_if_other(row, field):
    """[the English of `row`'s `field`] where the visitor reads another text, else []."""
    english = getattr(row, in_english(field))
    return [english] if english and english != getattr(row, field) else []
