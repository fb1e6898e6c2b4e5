"""What the admin's home shows of pending changes: a publisher every change that waits for
them, an editor their own (with a publisher's note when one was sent back)."""

from django import template
from django.contrib.admin.utils import quote
from django.urls import reverse

from core.models import PendingChange
from core.pending import publishing_permission

register = template.Library()

# The first ones; each model's change list filtered by "Changes pending" has them all.
LIMIT = 20


@register.simple_tag
def pending_changes(user):
    """{"count": n, "items": [{"pending", "obj", "model", "url"}…]}: the changes this user may
    publish, or else those they made."""
    items = []
    count = 0
    for pending in PendingChange.objects.select_related("content_type", "author"):
        model = pending.content_type.model_class()
        if model is None:
            continue
        if not (user.has_perm(publishing_permission(model)) or pending.author_id == user.pk):
            continue
        count += 1
        if len(items) == LIMIT:
            continue
        obj = model._base_manager.filter(pk=pending.object_id).first()
        if obj is None:
            continue  # deleted as the page was rendered
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_pending", args=[quote(obj.pk)])
        items.append({"pending": pending, "obj": obj, "model": opts.verbose_name, "url": url})
    return {"count": count, "items": items}
