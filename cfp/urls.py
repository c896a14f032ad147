from django.urls import path

from cfp import views

app_name = "cfp"
urlpatterns = [
    path("me/submissions/", views.my_submissions, name="mine"),
    path("me/submissions/<str:code>/", views.submission_detail, name="submission"),
    path("me/submissions/<str:code>/withdraw/", views.submission_withdraw_view, name="withdraw"),
    path("me/submissions/<str:code>/invite/", views.submission_invite, name="invite"),
    path("me/invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("<slug:slug>/cfp/", views.cfp_landing, name="landing"),
    path("<slug:slug>/cfp/new/", views.submission_create, name="create"),
]
