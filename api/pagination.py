from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from .filters import or_empty


class RecordCursorPagination(CursorPagination):
    """Pages that follow each other by position in the list, not by number.

    A tool walking the record page by page sees every item once even while new ones are
    published (with numbered pages, each new meeting would push one onto the next page
    twice), and a page far down costs what the first one does: no count, no offset.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # The field whose value a cursor's position holds: the first of the list's order.
        self.position_field = queryset.model._meta.get_field(view.ordering[0].lstrip("-"))
        return super().paginate_queryset(queryset, request, view)

    def get_ordering(self, request, queryset, view):
        # Each list's order is its view's: newest first, a unique last key to break ties.
        return view.ordering

    def get_page_size(self, request):
        """The page size asked for, or a 400 naming the parameter: DRF would silently give
        the default for a value that is not a number, and the maximum for one above it."""
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(value)
        except ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.detail}) from None

    def decode_cursor(self, request):
        """The cursor, whose position must be a value of the list's first order field.

        A cursor comes back from the client, which may have made it up: a position that is
        not a date (or holds a NUL, which PostgreSQL refuses) would otherwise reach the
        query and fail there.
        """
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor is not None else None
        if position is not None and not self.is_position(position):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def is_position(self, value):
        if "\x00" in value:
            return False
        field = self.position_field
        try:
            field.run_validators(field.to_python(value))
        except DjangoValidationError:
            return False
        return True

    def get_paginated_response_schema(self, schema):
        # DRF describes the missing next or previous page in OpenAPI 3.0's words
        # (`nullable`); the schema is 3.1, where null is a type.
        response = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            link = response["properties"][name]
            del link["nullable"]
            link["type"] = ["string", "null"]
        return response

    def get_schema_operation_parameters(self, view):
        # What get_page_size() accepts, stated: at least 1, at most max_page_size, or empty.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                limits = {"minimum": 1, "maximum": self.max_page_size}
                parameter["schema"] = or_empty(parameter["schema"] | limits)
        return parameters
