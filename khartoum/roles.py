"""The Secretariat group: staff who keep the record, with content permissions only."""

from django.contrib.auth.models import Group, Permission

SECRETARIAT = "Secretariat"
CONTENT_APPS = ["meetings", "documents"]


def secretariat_group():
    """Create or refresh the group so it holds every permission of the content apps."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return group


def create_secretariat_group(sender, **kwargs):
    # Runs after each content app has its permissions, so the group ends up with all of them.
    if sender.label in CONTENT_APPS:
        secretariat_group()
