"""Send the email alerts that are due: run by cron (see the README, "Email alerts").

    manage.py send_alerts --frequency immediate   # every few minutes
    manage.py send_alerts --frequency daily       # once a day

Each confirmed subscription of the frequency is sent one digest of the items that became
public since it was last told, if there are any, and is then told up to now. An item is
new once: it is dated by when it was first public (`first_public_at`), which publishing
again does not change. Two runs at once never send the same digest twice: a subscription is
locked while it is sent (and skipped by the other run), and is moved on only if no other
run has moved it meanwhile.
"""

import logging
from contextlib import nullcontext

from django.core.mail import get_connection
from django.core.management.base import BaseCommand
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from alerts.emails import absolute, send_digest
from alerts.lists import LISTS
from alerts.models import Subscription
from alerts.tokens import confirm_max_age
from core.logs import log_event

# Items published in the last moments are left to the next run: an editor's save may not
# have been committed yet when this run reads, and would otherwise be dated before the
# moment the subscription is told up to.
SETTLE_SECONDS = 60


def new_items(subscription, until):
    """The items of the subscription's filter first public after it was last told."""
    alert_list = LISTS[subscription.kind]
    with translation.override(subscription.language):
        queryset = alert_list.public_items().first_public_between(subscription.last_sent_at, until)
        filterset = alert_list.filterset(QueryDict(subscription.query), queryset=queryset)
        if not filterset.form.is_valid():
            # A filter that no longer applies (a type since deleted): nothing matches it.
            return []
        return list(filterset.qs)


class Command(BaseCommand):
    help = "Send the email alerts that are due, one digest per subscription."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", required=True, choices=Subscription.Frequency.values)

    def handle(self, *args, frequency, **options):
        absolute("/")  # a missing DJANGO_SITE_URL stops the run before anything is sent
        now = timezone.now()
        until = now - timezone.timedelta(seconds=SETTLE_SECONDS)
        forgotten, _ = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - confirm_max_age()
        ).delete()
        due = list(
            Subscription.objects.filter(
                confirmed_at__isnull=False, frequency=frequency, last_sent_at__lt=until
            ).values_list("pk", flat=True)
        )
        sent = failed = 0
        # One connection to the mail server for the run, opened only when there is work.
        with get_connection() if due else nullcontext() as connection:
            for pk in due:
                try:
                    sent += self.send_one(pk, until, connection)
                except Exception as error:  # one address's failure stops no other's
                    failed += 1
                    log_event(
                        "alerts.failed", level=logging.ERROR, subscription=pk, error=repr(error)
                    )
        self.stdout.write(
            f"{sent} alert(s) sent, {failed} failed; {forgotten} unconfirmed request(s) forgotten."
        )
        log_event("alerts.sent", frequency=frequency, sent=sent, failed=failed)

    @staticmethod
    def send_one(pk, until, connection):
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, confirmed_at__isnull=False, last_sent_at__lt=until)
                .first()
            )
            if subscription is None:  # another run has it, or has sent it
                return 0
            # Moved on only from the time read: a run that moved it first wins, on every
            # database (SQLite has no row locks). An error while sending undoes it.
            moved = Subscription.objects.filter(
                pk=pk, last_sent_at=subscription.last_sent_at
            ).update(last_sent_at=until)
            if not moved:
                return 0
            items = new_items(subscription, until)
            if items:
                send_digest(subscription, items, connection=connection)
            return 1 if items else 0
