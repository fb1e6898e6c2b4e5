"""The lists' FilterSets as the API's parameters: errors named by parameter, and the schema
stating what each parameter accepts, read from the form field that checks it."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import SuffixedMultiWidget
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest

# Form fields refuse a NUL in text (Django's ProhibitNullCharactersValidator): so does the schema.
NO_NUL = "^[^\\u0000]*$"


class RecordFilterBackend(DjangoFilterBackend):
    """The FilterSet's errors, each under the parameter that has the bad value.

    A value that names nothing public (a type, a meeting or an organisation that does not
    exist or that only drafts have) is answered 404, as the address of that thing would be;
    any other bad value 400. Either way, the body is {parameter: [messages]}.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = parameter_errors(filterset.form)
            if names_nothing_public(filterset.form):
                raise NotFound(errors)
            raise BadRequest(errors)
        return filterset.qs


def names_nothing_public(form):
    """Whether every error of the form is a value its field looked up and did not find."""
    return all(
        isinstance(form.fields.get(name), forms.ModelChoiceField)
        and all(error.code == "invalid_choice" for error in errors)
        for name, errors in form.errors.as_data().items()
    )


def parameter_errors(form):
    """{parameter: [messages]}: a range's error under the parameter (adopted_after, not
    adopted) whose value its part of the field refuses."""
    errors = {}
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        parts = dict(field_parameters(name, field)) if field is not None else {}
        for parameter, part in parts.items():
            if parameter == name:
                continue
            try:
                part.clean(form.data.get(parameter))
            except ValidationError as error:
                errors[parameter] = error.messages
        if not errors.keys() & parts.keys():
            errors[name] = messages
    return errors


def field_parameters(name, field):
    """[(parameter, the form field that checks its value)]: one per part of a range."""
    widget = field.widget
    if isinstance(widget, SuffixedMultiWidget):
        return [
            (f"{name}_{suffix}", part)
            for suffix, part in zip(widget.suffixes, field.fields, strict=True)
        ]
    return [(name, field)]


def or_empty(schema):
    """`schema`, or an empty value: a parameter given empty is no filter (the lists' forms
    send “All” so), which the server takes, and so the schema says."""
    if schema.get("type") == "string" and "format" not in schema:
        return schema  # "" is already one (an enum lists it).
    return {"anyOf": [schema, {"const": ""}]}


def accepted_values(field):
    """What a form field accepts, in JSON Schema's words: the limits it checks."""
    if isinstance(field, forms.ModelChoiceField):
        # Looked up in the record: not an enum the schema could list. Text without NUL,
        # which the field refuses before looking.
        return {"pattern": NO_NUL} if field.to_field_name else {}
    if isinstance(field, forms.ChoiceField):
        # An empty value is no filter, as in the lists' forms.
        return {"enum": ["", *(str(value) for value, _label in field.choices if value != "")]}
    if isinstance(field, forms.IntegerField):
        limits = {"minimum": field.min_value, "maximum": field.max_value}
        return {"type": "integer"} | {
            key: value for key, value in limits.items() if value is not None
        }
    if isinstance(field, forms.CharField):
        limits = {"maxLength": field.max_length, "pattern": NO_NUL}
        return {key: value for key, value in limits.items() if value is not None}
    return {}


class RecordFilterExtension(DjangoFilterExtension):
    """drf-spectacular's description of django-filter's parameters, with the limits that the
    server checks stated: each parameter's form field tells them."""

    target_class = "api.filters.RecordFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        # A copy's field: a filter keeps the field it makes, and the FilterSet's own must be
        # made at each request (its queryset is read then: what is public changes).
        form_field = copy.deepcopy(filter_field).field
        fields = dict(field_parameters(field_name, form_field))
        for parameter in parameters:
            schema = parameter["schema"] | accepted_values(fields[parameter["name"]])
            parameter["schema"] = or_empty(schema)
        return parameters
