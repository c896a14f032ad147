from django.urls import path

from cfp import manage_views

app_name = "cfp-manage"
urlpatterns = [
    path("<slug:slug>/submissions/", manage_views.submission_list, name="submissions"),
    path("<slug:slug>/submissions.csv", manage_views.submission_export, name="export"),
    path("<slug:slug>/submissions/<str:code>/", manage_views.submission_review_detail, name="submission"),
    path("<slug:slug>/cfp/", manage_views.cfp_settings, name="settings"),
    path("<slug:slug>/cfp/questions/new/", manage_views.question_edit, name="question-new"),
    path("<slug:slug>/cfp/questions/<int:pk>/", manage_views.question_edit, name="question"),
    path("<slug:slug>/cfp/late-codes/new/", manage_views.late_code_new, name="late-code-new"),
]
