"""The Joint Valletta Action Plan's five priority domains, in the three languages of the site.

They come with the site, not with the demo: they are the Process's own taxonomy. The slugs are
those the meetings' former “thematic focus” used, so its values carry over (meetings 0013).
"""

from django.db import migrations

DOMAINS = [
    (
        1,
        "development",
        {
            "en": (
                "Development benefits of migration and addressing root causes of irregular "
                "migration and forced displacement",
                "Development and root causes",
            ),
            "fr": (
                "Avantages des migrations en termes de développement et lutte contre les causes "
                "profondes de la migration irrégulière et des déplacements forcés",
                "Développement et causes profondes",
            ),
            "ar": (
                "فوائد الهجرة للتنمية ومعالجة الأسباب الجذرية للهجرة غير النظامية والتهجير القسري",
                "التنمية والأسباب الجذرية",
            ),
        },
    ),
    (
        2,
        "legal-migration",
        {
            "en": ("Legal migration and mobility", "Legal migration and mobility"),
            "fr": ("Migration légale et mobilité", "Migration légale et mobilité"),
            "ar": ("الهجرة النظامية والتنقل", "الهجرة النظامية والتنقل"),
        },
    ),
    (
        3,
        "protection",
        {
            "en": ("Protection and asylum", "Protection and asylum"),
            "fr": ("Protection et asile", "Protection et asile"),
            "ar": ("الحماية واللجوء", "الحماية واللجوء"),
        },
    ),
    (
        4,
        "irregular-migration",
        {
            "en": (
                "Prevention of and fight against irregular migration, migrant smuggling and "
                "trafficking in human beings",
                "Irregular migration, smuggling, trafficking",
            ),
            "fr": (
                "Prévention de la migration irrégulière, du trafic de migrants et de la traite "
                "des êtres humains, et lutte contre ces phénomènes",
                "Migration irrégulière, trafic, traite",
            ),
            "ar": (
                "منع الهجرة غير النظامية وتهريب المهاجرين والاتجار بالبشر ومكافحتها",
                "الهجرة غير النظامية والتهريب والاتجار",
            ),
        },
    ),
    (
        5,
        "return",
        {
            "en": ("Return, readmission and reintegration", "Return, readmission, reintegration"),
            "fr": ("Retour, réadmission et réintégration", "Retour, réadmission, réintégration"),
            "ar": ("العودة وإعادة القبول وإعادة الإدماج", "العودة وإعادة القبول وإعادة الإدماج"),
        },
    ),
]


def add_domains(apps, schema_editor):
    PriorityDomain = apps.get_model("priorities", "PriorityDomain")
    for number, slug, names in DOMAINS:
        columns = {}
        for language, (name, short_name) in names.items():
            columns[f"name_{language}"] = name
            columns[f"short_name_{language}"] = short_name
        PriorityDomain.objects.update_or_create(
            slug=slug,
            defaults={
                "number": number,
                "name": names["en"][0],
                "short_name": names["en"][1],
                **columns,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("priorities", "0001_initial")]

    operations = [migrations.RunPython(add_domains, migrations.RunPython.noop)]
