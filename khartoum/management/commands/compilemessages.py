"""Django's compilemessages, which leaves the virtual environment's catalogues alone.

Run from the project's folder, Django's command compiles every `locale` folder below it,
including those of the installed packages in `.venv`; this one compiles only the site's own.
"""

from django.core.management.commands import compilemessages

from khartoum.management.commands.makemessages import NOT_THE_SITES_CODE


class Command(compilemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_THE_SITES_CODE]
        return super().handle(*args, **options)
