from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_domains_from_thematic_focus")]

    operations = [
        migrations.RemoveField(model_name="meeting", name="thematic_focus"),
        migrations.AlterField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="The organisation's page address; empty: made from the name.",
                max_length=200,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
