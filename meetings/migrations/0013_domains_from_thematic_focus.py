"""Each meeting's thematic focus becomes its priority domain (the slugs are the same), and each
organisation gets the slug of its page."""

from django.db import migrations
from django.utils.text import slugify


def domains_from_focus(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    PriorityDomain = apps.get_model("priorities", "PriorityDomain")
    domains = {domain.slug: domain for domain in PriorityDomain.objects.all()}
    for meeting in Meeting.objects.exclude(thematic_focus="").iterator():
        if meeting.thematic_focus in domains:
            meeting.domains.add(domains[meeting.thematic_focus])


def focus_from_domains(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.prefetch_related("domains").iterator(chunk_size=500):
        first = next(iter(meeting.domains.all()), None)
        if first is not None:
            Meeting.objects.filter(pk=meeting.pk).update(thematic_focus=first.slug)


def organisation_slugs(apps, schema_editor):
    Organisation = apps.get_model("meetings", "Organisation")
    taken = set()
    for organisation in Organisation.objects.order_by("pk").iterator():
        base = slugify(organisation.name)[:190] or "organisation"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        Organisation.objects.filter(pk=organisation.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_domains_and_organisation_slugs")]

    operations = [
        migrations.RunPython(domains_from_focus, focus_from_domains),
        migrations.RunPython(organisation_slugs, migrations.RunPython.noop),
    ]
