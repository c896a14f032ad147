from django.urls import path

from conference import views

app_name = "conference"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("new/", views.conference_create, name="create"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/settings/", views.conference_edit, name="edit"),
    path("<slug:slug>/identity/", views.conference_identity, name="identity"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/<int:pk>/revoke/", views.team_revoke, name="team-revoke"),
    path("<slug:slug>/events/", views.event_log, name="events"),
    path("<slug:slug>/mail/", views.outgoing_mail, name="outgoing-mail"),
    path("<slug:slug>/<str:kind>/", views.catalogue_list, name="catalogue"),
    path("<slug:slug>/<str:kind>/<int:pk>/", views.catalogue_edit, name="catalogue-edit"),
    path("<slug:slug>/<str:kind>/<int:pk>/delete/", views.catalogue_delete, name="catalogue-delete"),
]
