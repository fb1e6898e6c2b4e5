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
        if getattr(self.view, "filterset_class", None) and self._is_list_view():
            responses["400"] = self._get_response_for_code(FilterErrors, "400")
        # No such item, or a cursor that is not one of ours.
        responses["404"] = self._get_response_for_code(Detail, "404")
        responses["429"] = self._get_response_for_code(Detail, "429")
        return responses
