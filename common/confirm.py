"""A second step before an action that cannot be undone (a decision, a cancellation, sending
e-mails), done by the server so it works with JavaScript off: the first POST, without
`confirmed=yes`, answers a page that asks the question and repeats the form's fields; its button
posts them again with the confirmation."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED_FIELD = "confirmed"
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRMED_FIELD}


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED_FIELD) == "yes"


def confirmation_page(request: HttpRequest, *, question: str, detail: str = "", button: str, back: str) -> HttpResponse:
    fields = [(name, value) for name, values in request.POST.lists() if name not in NOT_REPEATED for value in values]
    context = {
        "question": question,
        "detail": detail,
        "button": button,
        "back": back,
        "action": request.get_full_path(),
        "fields": fields,
        "confirmed_field": CONFIRMED_FIELD,
    }
    return render(request, "common/confirm.html", context)
