"""The slides API: talks and versions, deadline extensions and reminders, publication and media."""
