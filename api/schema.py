"""The API's OpenAPI schema: drf-spectacular's, with every answer an endpoint can give.

drf-spectacular describes each endpoint's own answer (200, and 301 where a view says so);
`add_error_answers`, one of its postprocessing hooks (SPECTACULAR_SETTINGS), adds those that
every endpoint shares.
"""

from .pagination import RecordCursorPagination

NOT_MODIFIED = {"description": "Not modified: the ETag given in If-None-Match holds."}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {"year": ["Enter a number."]}: each invalid parameter with its messages.
FILTER_ERRORS = {
    "type": "object",
    "description": "Each invalid parameter, with what is wrong with its value.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
PAGINATION = {
    RecordCursorPagination.cursor_query_param,
    RecordCursorPagination.page_size_query_param,
}


def answer(schema):
    return {"content": {"application/json": {"schema": schema}}, "description": ""}


def add_error_answers(result, generator, request, public):
    """Each operation's 304, 400 (when it takes a query parameter), 404 and 429."""
    result["components"].setdefault("schemas", {})["Detail"] = DETAIL
    detail = {"$ref": "#/components/schemas/Detail"}
    for operations in result["paths"].values():
        for operation in operations.values():
            query = {
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter["in"] == "query"
            }
            responses = operation["responses"]
            responses["304"] = NOT_MODIFIED
            if query:
                # A filter's value or the page size that cannot be used.
                responses["400"] = answer(FILTER_ERRORS)
            # No such item, or a cursor that is not one of ours; in a filtered list, a
            # parameter that names nothing public (api.filters.RecordFilterBackend).
            filtered = query - PAGINATION
            responses["404"] = answer({"anyOf": [FILTER_ERRORS, detail]} if filtered else detail)
            responses["429"] = answer(detail)
    return result
