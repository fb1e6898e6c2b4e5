from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0011_submitted_for_review"),
        ("priorities", "0002_the_five_domains"),
    ]

    operations = [
        migrations.AddField(
            model_name="conclusion",
            name="domains",
            field=models.ManyToManyField(
                blank=True,
                related_name="conclusions",
                to="priorities.prioritydomain",
                verbose_name="priority domains",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="domains",
            field=models.ManyToManyField(
                blank=True,
                help_text="The Joint Valletta Action Plan's priority domains the meeting was about.",
                related_name="meetings",
                to="priorities.prioritydomain",
                verbose_name="priority domains",
            ),
        ),
        # Not unique until each organisation has its own (0013).
        migrations.AddField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="The organisation's page address; empty: made from the name.",
                max_length=200,
                verbose_name="slug",
            ),
        ),
    ]
