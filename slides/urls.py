from django.urls import path

from slides import review_views, views

app_name = "slides"
urlpatterns = [
    path("me/slides/", views.portal, name="portal"),
    path("me/slides/<str:code>/", views.talk, name="talk"),
    path("me/slides/<str:code>/upload/", views.upload, name="upload"),
    path("me/slides/<str:code>/opt-out/", views.opt_out, name="opt-out"),
    path("slides/<slug:slug>/talks/<str:code>/v<int:number>.pdf", views.download, {"what": "pdf"}, name="download"),
    path("slides/<slug:slug>/talks/<str:code>/v<int:number>.png", views.download, {"what": "png"}, name="thumbnail"),
    path("slides/<slug:slug>/review/", review_views.review_list, name="review-list"),
    path("slides/<slug:slug>/review/<str:code>/", review_views.review_talk, name="review-talk"),
    path("slides/<slug:slug>/review/<str:code>/versions/<int:number>/comment/", review_views.comment, name="comment"),
    path("slides/<slug:slug>/review/<str:code>/versions/<int:number>/verdict/", review_views.verdict, name="verdict"),
]
