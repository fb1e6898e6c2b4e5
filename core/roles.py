"""The secretariat's roles, as groups: Editor, Publisher, Administrator.

- An editor writes: adds and changes meetings with their participants, conclusions,
  documents, files and photos, organisations, and the follow-up's updates; submits them for
  review; deletes drafts.
- A publisher also publishes, unpublishes, schedules, approves or sends back, and deletes.
- An administrator also manages users, groups and the lists of meeting types, document
  types and organisations.

None of them is a superuser. What the admin lets each role do beyond the permissions (an
editor's status choices, published items it may not delete) is in core.admin.workflow.
The groups are refreshed after every migrate, so a new permission reaches them.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITOR = "Editor"
PUBLISHER = "Publisher"
ADMINISTRATOR = "Administrator"
# Their types and lists (the priority domains among them) are seen by every role and written
# by administrators.
CONTENT_APPS = ["meetings", "documents", "priorities", "followup"]

# The models an editor writes (add, change, view, delete; deleting a published item is
# refused by the admin for want of the publish permission).
WRITTEN = [
    "meetings.meeting",
    "meetings.participant",
    "meetings.conclusion",
    "meetings.photo",
    "documents.document",
    "documents.documentfile",
    "followup.update",
]
# Lists an editor adds to but only an administrator deletes from.
SHARED_LISTS = ["meetings.organisation"]
PUBLISH = [
    "meetings.publish_meeting",
    "documents.publish_document",
    "followup.publish_update",
]
# Users and groups; sign-in lockouts (django-axes: lifting one is deleting its attempts);
# users' authenticator apps and recovery codes (django-otp: removing a lost phone's); email
# alerts (visitors' addresses: personal data).
ADMINISTERED_APPS = ["auth", "axes", "otp_totp", "otp_static", "alerts"]
# The audit log and the sign-ins: who changed what, who signed in.
AUDIT = ["secretariat.view_auditlog"]
# The Process's formal record (process): it has no draft, so what is saved is public at
# once; publishers and administrators write it, editors read it.
PROCESS_RECORD = ["process.membership", "process.steeringcommitteeseat", "process.chairmanship"]


def codenames(labels, actions):
    query = Q(pk__in=[])
    for label in labels:
        app_label, model = label.split(".")
        query |= Q(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    return query


def named(permissions):
    query = Q(pk__in=[])
    for permission in permissions:
        app_label, codename = permission.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return query


def editor_permissions():
    return (
        codenames(WRITTEN, ["add", "change", "view", "delete"])
        | codenames(SHARED_LISTS, ["add", "change", "view"])
        # Types, counts and earlier files: seen, not written.
        | (Q(content_type__app_label__in=CONTENT_APPS, codename__startswith="view_"))
        | codenames(PROCESS_RECORD, ["view"])
    )


def publisher_permissions():
    return (
        editor_permissions()
        | named(PUBLISH)
        | codenames(PROCESS_RECORD, ["add", "change", "delete"])
    )


def administrator_permissions():
    return (
        Q(content_type__app_label__in=[*CONTENT_APPS, *ADMINISTERED_APPS])
        | named(AUDIT)
        | codenames(PROCESS_RECORD, ["add", "change", "view", "delete"])
    )


ROLES = {
    EDITOR: editor_permissions,
    PUBLISHER: publisher_permissions,
    ADMINISTRATOR: administrator_permissions,
}


def role_group(name):
    """Create or refresh the role's group so it holds exactly the role's permissions."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(Permission.objects.filter(ROLES[name]()))
    return group


def create_role_groups(sender, **kwargs):
    # Runs after each content app has its permissions, so the groups end up with all of them;
    # and after the alerts app's, which comes after them.
    if sender.label in [*CONTENT_APPS, "alerts"]:
        for name in ROLES:
            role_group(name)
