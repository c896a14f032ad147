from django.urls import path

from review import portal_views

app_name = "review-portal"
urlpatterns = [
    path("me/decisions/", portal_views.decisions, name="decisions"),
    path("me/decisions/<str:code>/respond/", portal_views.respond, name="respond"),
    path("me/clarifications/<int:pk>/answer/", portal_views.answer, name="answer"),
]
