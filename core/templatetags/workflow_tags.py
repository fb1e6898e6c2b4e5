"""What the admin's home page shows: a publisher what waits for review and what is
scheduled; everyone what was sent back with a note."""

from django import template
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from core.record_version import publishable_models

register = template.Library()

# Each list shows the first ones; the change list filtered by state has them all.
LIMIT = 20


@register.simple_tag
def publishing_queues(user):
    """{"review": [...], "scheduled": [...], "sent_back": [...]}: what waits for review and
    what is scheduled among what this user may publish, and the drafts sent back with a
    note; each item is {"obj", "model", "url", "changelist"}."""
    queues = {"review": [], "scheduled": [], "sent_back": []}
    now = timezone.now()
    for model in publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        lists = [
            (
                "sent_back",
                model.objects.filter(status=Status.DRAFT)
                .exclude(review_note="")
                .order_by("-updated_at"),
            )
        ]
        if user.has_perm(f"{opts.app_label}.publish_{opts.model_name}"):
            lists += [
                (
                    "review",
                    model.objects.filter(status=Status.REVIEW)
                    .select_related("submitted_by")
                    .order_by("updated_at"),
                ),
                (
                    "scheduled",
                    model.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).order_by(
                        "publish_at"
                    ),
                ),
            ]
        for name, queryset in lists:
            queues[name] += [
                {
                    "obj": obj,
                    "model": opts.verbose_name,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
                    ),
                    "changelist": changelist,
                }
                for obj in queryset[:LIMIT]
            ]
    queues["review"].sort(key=lambda item: item["obj"].updated_at)
    queues["scheduled"].sort(key=lambda item: item["obj"].publish_at)
    queues["sent_back"].sort(key=lambda item: item["obj"].updated_at, reverse=True)
    return queues
