from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.roles import PUBLISHER, role_group

USERNAME = "secretariat"
PASSWORD = "khartoum-demo"


class Command(BaseCommand):
    help = "Create a publisher's login for trying the admin locally (only with debug on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo account is for a local run with DJANGO_DEBUG on only.")
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"is_staff": True}
        )
        user.is_staff = True
        user.is_superuser = False
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(role_group(PUBLISHER))
        # A lockout left from mistyped passwords ends with a fresh run.
        reset(username=USERNAME)
        self.stdout.write(f"Secretariat login (Publisher): {USERNAME} / {PASSWORD}")
        if settings.REQUIRE_2FA:
            self.stdout.write(
                "DJANGO_REQUIRE_2FA is on: the admin first asks this account to set up an "
                "authenticator app."
            )
