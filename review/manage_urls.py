from django.urls import path

from review import decision_views, manage_views

app_name = "review-manage"
urlpatterns = [
    path("<slug:slug>/review/", manage_views.setup, name="setup"),
    path("<slug:slug>/review/phases/new/", manage_views.phase_edit, name="phase-new"),
    path("<slug:slug>/review/phases/<int:pk>/", manage_views.phase_edit, name="phase"),
    path("<slug:slug>/review/categories/new/", manage_views.category_edit, name="category-new"),
    path("<slug:slug>/review/categories/<int:pk>/", manage_views.category_edit, name="category"),
    path("<slug:slug>/review/assignments/", manage_views.assignments, name="assignments"),
    path("<slug:slug>/review/assignments/automatic/", manage_views.assign_automatically, name="assign-automatically"),
    path("<slug:slug>/review/assignments/<str:code>/add/", manage_views.assignment_new, name="assignment-add"),
    path("<slug:slug>/review/assignments/<int:pk>/remove/", manage_views.assignment_delete, name="assignment-remove"),
    path("<slug:slug>/review/ranking/", decision_views.ranking, name="ranking"),
    path("<slug:slug>/review/decide/", decision_views.decide, name="decide"),
    path("<slug:slug>/review/submissions/<str:code>/", decision_views.submission_detail, name="submission"),
    path("<slug:slug>/review/outbox/", decision_views.outbox, name="outbox"),
    path("<slug:slug>/review/outbox/prepare/", decision_views.prepare, name="prepare"),
    path("<slug:slug>/review/outbox/send/", decision_views.send, name="send"),
    path("<slug:slug>/review/outbox/<int:pk>/", decision_views.notification_preview, name="notification"),
    path("<slug:slug>/review/outbox/batches/<int:pk>/", decision_views.batch, name="batch"),
    path("<slug:slug>/review/codes.csv", decision_views.codes_export, name="codes"),
]
