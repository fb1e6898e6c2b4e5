"""Tabular inlines whose inputs each have a name: a table's column heading is not a label."""

from django.contrib import admin
from django.utils.text import capfirst


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs a screen reader names by their column ("Role", "Order").

    Django renders a tabular inline's labels as the table's column headings only; each input
    gets its field's label as `aria-label` (the template is admin/edit_inline/tabular.html).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", capfirst(field.label))
        return field
