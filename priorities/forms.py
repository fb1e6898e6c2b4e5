"""How the secretariat chooses an item's priority domains in the admin's forms."""

from django import forms


class DomainCheckboxes(forms.CheckboxSelectMultiple):
    """The five domains as checkboxes: all in view and each chosen in one click, where a
    multiple select hides them behind Ctrl-click and a two-box picker is heavy for five."""
