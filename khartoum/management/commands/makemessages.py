"""Django's makemessages, set up for this project: `manage.py makemessages -l fr -l ar`.

It reads only the site's own code and templates (not the virtual environment, the tests, the
benchmarks or the documentation), and notes each message's files but not its line numbers, so
that moving code does not change the catalogues (see locale/README.md).
"""

from django.core.management.commands import makemessages

# Folders that hold no interface text. compilemessages skips them too.
NOT_THE_SITES_CODE = [
    ".venv",
    "node_modules",
    "bench",
    "docs",
    "tests",
    "media",
    "staticfiles",
    "screenshots",
]


class Command(makemessages.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(add_location="file")

    def handle(self, *args, **options):
        # A folder named `locale` is not searched for messages, nor taken as the catalogue of the
        # code beside it: see find_files.
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_THE_SITES_CODE, "locale"]
        return super().handle(*args, **options)

    def find_files(self, root):
        # The site has one catalogue per language, in the first of LOCALE_PATHS. Django would
        # also write to ./locale, found in the current folder, even when LOCALE_PATHS points
        # elsewhere, as the tests make it.
        self.locale_paths = self.locale_paths[:1]
        return super().find_files(root)
