"""What every publishable content model shares: a status and the querysets that respect it."""

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

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED
