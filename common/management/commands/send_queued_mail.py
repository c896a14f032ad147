from django.core.management.base import BaseCommand

from common.mail import mail_send_due
from common.models import OutgoingMail


class Command(BaseCommand):
    help = (
        "Send the e-mails the mail server could not take yet, due or not (beat's common.send_queued_mail "
        "does it every minute; without a broker, the embedded profile, run this once the server is back)."
    )

    def handle(self, *args, **options):
        sent = mail_send_due(limit=10**9, due_only=False)
        left = OutgoingMail.objects.filter(status__in=["queued", "sending"]).count()
        self.stdout.write(f"{sent} e-mail(s) sent, {left} still waiting for the mail server.")
        if left:
            raise SystemExit(1)
