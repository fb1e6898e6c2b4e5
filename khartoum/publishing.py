"""What every publishable content model shares: status, timestamps and the querysets on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Staff preview drafts on the public pages; everybody else sees only what is published."""
        return self.all() if user.is_staff else self.published()


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are visible to staff only."),
    )
    # The admin's publish actions write `updated_at` themselves (a queryset update skips
    # auto_now), so every publishable model must have it.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED
