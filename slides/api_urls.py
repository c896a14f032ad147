from django.urls import path

from slides import api, deadline_api

PREFIX = "conferences/<slug:conference_slug>/slides"
TALK = f"{PREFIX}/talks/<str:code>"
VERSION = f"{TALK}/versions/<int:number>"
urlpatterns = [
    path(f"{PREFIX}/talks/", api.TalkList.as_view(), name="slides-talk-list"),
    path(f"{TALK}/", api.TalkDetail.as_view(), name="slides-talk-detail"),
    path(f"{TALK}/versions/", api.VersionList.as_view(), name="slides-version-list"),
    path(f"{TALK}/extensions/", deadline_api.ExtensionList.as_view(), name="slides-extension-list"),
    path(f"{TALK}/reminders/", deadline_api.ReminderList.as_view(), name="slides-reminder-list"),
    path(f"{VERSION}/", api.VersionDetail.as_view(), name="slides-version-detail"),
    path(f"{VERSION}/download/", api.VersionDownload.as_view(), name="slides-version-download"),
    path(f"{VERSION}/comments/", api.CommentList.as_view(), name="slides-comment-list"),
    path(f"{VERSION}/reviews/", api.ReviewList.as_view(), name="slides-review-list"),
]
