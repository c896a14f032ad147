from django.urls import path

from office_hours import manage_views

app_name = "office_hours_manage"
urlpatterns = [
    path("<slug:slug>/office-hours/", manage_views.overview, name="overview"),
    path("<slug:slug>/office-hours/settings/", manage_views.settings_edit, name="settings"),
]
