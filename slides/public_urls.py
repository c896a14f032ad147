"""The public download of a published deck, beside the talk's page."""

from django.urls import path

from slides import publication_views as views

app_name = "slides_public"
urlpatterns = [
    path("<slug:slug>/talks/<str:code>/slides.pdf", views.public_deck, name="deck"),
]
