"""Beat tasks: queueing what a broker outage left in DeferredTask, sending the mails that wait."""

from celery import shared_task

from common.mail import mail_send_due
from common.queueing import requeue_deferred


@shared_task(name="common.requeue_deferred_tasks", ignore_result=True)
def requeue_deferred_tasks() -> int:
    return requeue_deferred()


@shared_task(name="common.send_queued_mail", ignore_result=True)
def send_queued_mail() -> int:
    """Beat runs this every minute: the mails the mail server could not take yet, when their next
    try is due. Acknowledged late (settings): a worker killed mid-run leaves its rows "sending",
    and a later run queues them again (common.mail.mail_reclaim_stale)."""
    return mail_send_due()
