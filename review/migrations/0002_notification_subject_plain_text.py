"""Subjects queued before they were rendered as plain text hold HTML entities (`&#x27;`, `&amp;`):
turn them back into the text they stand for, so the message leaves as the organisers read it.
Django's escaping is exactly reversed by `html.unescape`."""

import html

from django.db import migrations


def unescape_subjects(apps, schema_editor):
    Notification = apps.get_model("review", "Notification")
    for notification in Notification.objects.filter(subject__contains="&").only("pk", "subject").iterator():
        plain = html.unescape(notification.subject)
        if plain != notification.subject:
            Notification.objects.filter(pk=notification.pk).update(subject=plain)


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]

    operations = [migrations.RunPython(unescape_subjects, migrations.RunPython.noop)]
