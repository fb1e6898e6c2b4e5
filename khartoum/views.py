from django.core.paginator import InvalidPage
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from documents.models import Document
from meetings.models import Meeting


class FilteredListView(FilterView):
    """A public list: filters from the query string, pages that keep them, clear 404s.

    django-filter answers invalid filter values with form errors and an empty list
    (`strict`), which the template shows as a message; this class handles bad page numbers.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(number)
        except InvalidPage:
            raise Http404(
                _("There is no page “%(page)s” of this list: it has %(count)s page(s).")
                % {"page": str(number)[:20], "count": paginator.num_pages}
            ) from None
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facets"] = self.filterset.facet_choices()
        form = self.filterset.form
        context["filter_errors"] = [
            f"{form.fields[field].label}: {error}" if field in form.fields else error
            for field, errors in form.errors.items()
            for error in errors
        ]
        return context


class PublicDetailView(DetailView):
    """A detail page whose 404 says what was not found, in a visitor's words."""

    not_found_message = _("There is nothing at this address.")

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            # A plain str: the 404 page shows only a message that is one.
            raise Http404(str(self.not_found_message)) from None


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.published().select_related("meeting_type")
        return super().get_context_data(
            upcoming_meetings=meetings.upcoming()[:3],
            latest_meetings=meetings.past()[:6],
            latest_documents=Document.objects.published()
            .select_related("document_type", "meeting")
            .prefetch_related("files")[:6],
            **kwargs,
        )
