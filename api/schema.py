"""The API's OpenAPI schema: drf-spectacular's, with every answer an endpoint can give."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

Detail = inline_serializer("Detail", {"detail": serializers.CharField()})
# {"year": ["Enter a number."]}: each invalid parameter with its messages.
FilterErrors = build_object_type(
    additionalProperties=build_array_type(build_basic_type(OpenApiTypes.STR)),
    description="Each invalid parameter, with what is wrong with its value.",
)


class PublicRecordSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        responses["304"] = {"description": "Not modified: the ETag given in If-None-Match holds."}
        is_list = self._is_list_view()
        filtered = is_list and getattr(self.view, "filterset_class", None) is not None
        if filtered or is_list and getattr(self.view, "pagination_class", None):
            # A filter's value or the page size that cannot be used.
            responses["400"] = self._get_response_for_code(FilterErrors, "400")
        # No such item, or a cursor that is not one of ours; in a filtered list, a parameter
        # that names nothing public (api.filters.RecordFilterBackend), with its message.
        detail = self.resolve_serializer(Detail, "response").ref
        responses["404"] = self._get_response_for_code(
            {"anyOf": [FilterErrors, detail]} if filtered else Detail, "404"
        )
        responses["429"] = self._get_response_for_code(Detail, "429")
        return responses
