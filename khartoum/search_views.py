"""The search page: meetings, conclusions and documents found by the same engine as the lists,
ranked together, each with a snippet of where the words matched."""

from django import forms
from django.contrib.postgres.search import SearchRank
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, FloatField, Value
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries

from documents.models import DOCUMENT_LANGUAGES, Document, DocumentFile, DocumentType
from meetings.models import Conclusion, Meeting, MeetingType

from . import search
from .filtering import FilterForm

KINDS = {
    "meeting": _("Meeting"),
    "conclusion": _("Conclusion"),
    "document": _("Document"),
}
PER_PAGE = 20


class SearchForm(FilterForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("e.g. return, UNHCR, Berlin")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *KINDS.items()]
    )
    type = forms.ModelChoiceField(
        label=_("Meeting type"),
        required=False,
        queryset=MeetingType.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    document_type = forms.ModelChoiceField(
        label=_("Document type"),
        required=False,
        queryset=DocumentType.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)
    host_country = forms.ChoiceField(label=_("Host country"), required=False)
    language = forms.ChoiceField(
        label=_("Document language"),
        required=False,
        choices=[("", _("All")), *DOCUMENT_LANGUAGES],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_country"].choices = [("", _("All")), *countries]

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not search.has_words(text):
            raise forms.ValidationError(
                _("Search for words or numbers: “%(text)s” has neither."),
                params={"text": text[:50]},
                code="no_words",
            )
        return text


class SearchView(TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        context["form"] = form
        if not form.is_bound or not form.is_valid() or not form.cleaned_data["q"]:
            return context
        values = form.cleaned_data
        querysets = self.querysets(values)
        context["kind_counts"] = [
            (kind, KINDS[kind], queryset.count()) for kind, queryset in querysets.items()
        ]
        if values["kind"]:
            # A kind the other filters rule out (a meeting in French) has no results.
            querysets = {kind: rows for kind, rows in querysets.items() if kind == values["kind"]}
        rows = self.ranked(querysets, values["q"]) if querysets else []
        paginator = Paginator(rows, PER_PAGE)
        # The kinds' counts add up to the results': the search is not run once more to count.
        counted = {kind: count for kind, _label, count in context["kind_counts"]}
        paginator.count = sum(counted[kind] for kind in querysets)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            page = paginator.page(paginator.num_pages if paginator.count else 1)
        context.update(
            query=values["q"],
            page_obj=page,
            paginator=paginator,
            results=self.results(list(page.object_list), values["q"]),
        )
        return context

    @staticmethod
    def querysets(values):
        """{kind: the published rows of that kind the search and the filters find}."""
        text = values["q"]
        meetings = Meeting.objects.published().search(text)
        documents = Document.objects.published().search(text)
        if search.full_text():
            conclusions = Conclusion.objects.filter(search_vector=search.search_query(text))
        else:
            conclusions = Conclusion.objects.filter(search.plain_match(text, fields=["text"]))
        conclusions = conclusions.filter(meeting__in=Meeting.objects.published())
        if values["type"]:
            meetings = meetings.filter(meeting_type=values["type"])
            conclusions = conclusions.filter(meeting__meeting_type=values["type"])
            documents = documents.filter(meeting__meeting_type=values["type"])
        if values["year"]:
            meetings = meetings.filter(start_date__year=values["year"])
            conclusions = conclusions.filter(meeting__start_date__year=values["year"])
            documents = documents.filter(date__year=values["year"])
        if values["host_country"]:
            meetings = meetings.filter(host_country=values["host_country"])
            conclusions = conclusions.filter(meeting__host_country=values["host_country"])
            documents = documents.filter(meeting__host_country=values["host_country"])
        kinds = {"meeting": meetings, "conclusion": conclusions, "document": documents}
        # A document's own filters leave only documents.
        if values["document_type"] or values["language"]:
            kinds = {"document": documents}
            if values["document_type"]:
                kinds["document"] = documents.filter(document_type=values["document_type"])
            if values["language"]:
                files = DocumentFile.objects.filter(language=values["language"])
                kinds["document"] = kinds["document"].filter(pk__in=files.values("document"))
        return kinds

    @staticmethod
    def ranked(querysets, text):
        """(kind, pk, rank) of every result, best first, as one query the paginator slices."""
        parts = []
        for kind, queryset in querysets.items():
            if search.full_text():
                rank = SearchRank(F("search_vector"), search.search_query(text))
            else:
                rank = Value(0.0, output_field=FloatField())
            parts.append(
                queryset.order_by()
                .annotate(result_kind=Value(kind), rank=rank)
                .values_list("result_kind", "pk", "rank")
            )
        first, *others = parts
        return first.union(*others, all=True).order_by("-rank", "result_kind", "-pk")

    @staticmethod
    def results(rows, text):
        """The page's results in rank order: each with its kind, object, link and snippet."""
        ids = {kind: [pk for row_kind, pk, _rank in rows if row_kind == kind] for kind in KINDS}
        found = {}
        if ids["meeting"]:
            meetings = Meeting.objects.filter(pk__in=ids["meeting"]).select_related("meeting_type")
            snippets = search.snippets(meetings, text, "meeting")
            for meeting in meetings:
                found["meeting", meeting.pk] = (meeting, meeting.get_absolute_url())
                meeting.snippet = snippets[meeting.pk]
        if ids["conclusion"]:
            conclusions = Conclusion.objects.filter(pk__in=ids["conclusion"]).select_related(
                "meeting"
            )
            snippets = search.snippets(conclusions, text, "conclusion")
            for conclusion in conclusions:
                url = f"{conclusion.meeting.get_absolute_url()}#conclusion-{conclusion.pk}"
                found["conclusion", conclusion.pk] = (conclusion, url)
                conclusion.snippet = snippets[conclusion.pk]
        if ids["document"]:
            documents = Document.objects.filter(pk__in=ids["document"]).select_related(
                "document_type", "meeting"
            )
            snippets = search.snippets(documents, text, "document")
            for document in documents:
                found["document", document.pk] = (document, document.get_absolute_url())
                document.snippet = snippets[document.pk]
        return [
            {
                "kind": kind,
                "label": KINDS[kind],
                "object": found[kind, pk][0],
                "url": found[kind, pk][1],
            }
            for kind, pk, _rank in rows
            if (kind, pk) in found
        ]
