from django.urls import path

from conference import public_views

app_name = "public"
urlpatterns = [
    path("<slug:slug>/", public_views.conference_detail, name="conference"),
    path("<slug:slug>/identity.css", public_views.identity_stylesheet, name="identity-css"),
]
