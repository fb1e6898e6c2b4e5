"""The admin form's reference to the user who opened it (khartoum.kept_forms)."""

from django import template

from khartoum.kept_forms import owner_field

register = template.Library()


@register.simple_tag(takes_context=True)
def kept_form_owner(context):
    user = context["request"].user
    return owner_field(user) if user.is_authenticated else ""
