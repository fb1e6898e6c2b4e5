"""The admin form's reference to the user who opened it (core.admin.forms_across_sign_in)."""

from django import template

from core.admin.forms_across_sign_in import owner_field

register = template.Library()


@register.simple_tag(takes_context=True)
def held_form_owner(context):
    user = context["request"].user
    return owner_field(user) if user.is_authenticated else ""
