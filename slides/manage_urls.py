from django.urls import path

from slides import manage_views

app_name = "slides-manage"
urlpatterns = [
    path("<slug:slug>/slides/", manage_views.dashboard, name="dashboard"),
    path("<slug:slug>/slides/settings/", manage_views.settings_edit, name="settings"),
    path("<slug:slug>/slides/reviewers/appoint/", manage_views.reviewer_appoint, name="reviewer-appoint"),
    path("<slug:slug>/slides/reviewers/<int:pk>/remove/", manage_views.reviewer_remove, name="reviewer-remove"),
    path("<slug:slug>/slides/talks/<str:code>/deadlines/", manage_views.talk_deadlines, name="talk"),
]
