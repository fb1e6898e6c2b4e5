from rest_framework.pagination import CursorPagination


class RecordCursorPagination(CursorPagination):
    """Pages that follow each other by position in the list, not by number.

    A tool walking the record page by page sees every item once even while new ones are
    published (with numbered pages, each new meeting would push one onto the next page
    twice), and a page far down costs what the first one does: no count, no offset.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_ordering(self, request, queryset, view):
        # Each list's order is its view's: newest first, a unique last key to break ties.
        return view.ordering

    def get_paginated_response_schema(self, schema):
        # DRF describes the missing next or previous page in OpenAPI 3.0's words
        # (`nullable`); the schema is 3.1, where null is a type.
        response = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = response["properties"][name]
            del link["nullable"]
            link["type"] = ["string", "null"]
        return response
