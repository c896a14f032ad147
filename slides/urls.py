"""The slides app's URLs, as named lists with their namespaces: summit/urls.py and summit/api_urls.py
mount each under its own prefix and among the other apps' (`include(slides_urls.manage_urls)`)."""

from django.urls import path

from schedule import converters  # noqa: F401 (registers isodate)
from slides.api import extensions as extensions_api
from slides.api import publication as publication_api
from slides.api import talks as talks_api
from slides.views import manage, publication, review, speaker

# The speaker's portal, the permission-checked downloads and the slide review.
portal_urls = (
    [
        path("me/slides/", speaker.portal, name="portal"),
        path("me/slides/<str:code>/", speaker.talk, name="talk"),
        path("me/slides/<str:code>/upload/", speaker.upload, name="upload"),
        path("me/slides/<str:code>/opt-out/", speaker.opt_out, name="opt-out"),
        path(
            "slides/<slug:slug>/talks/<str:code>/v<int:number>.pdf", speaker.download, {"what": "pdf"}, name="download"
        ),
        path(
            "slides/<slug:slug>/talks/<str:code>/v<int:number>.png", speaker.download, {"what": "png"}, name="thumbnail"
        ),
        path("slides/<slug:slug>/review/", review.review_list, name="review-list"),
        path("slides/<slug:slug>/review/<str:code>/", review.review_talk, name="review-talk"),
        path("slides/<slug:slug>/review/<str:code>/versions/<int:number>/comment/", review.comment, name="comment"),
        path("slides/<slug:slug>/review/<str:code>/versions/<int:number>/verdict/", review.verdict, name="verdict"),
    ],
    "slides",
)

# The public download of a published deck, beside the talk's page.
public_urls = ([path("<slug:slug>/talks/<str:code>/slides.pdf", publication.public_deck, name="deck")], "slides_public")

# Organiser pages under /manage/<slug>/slides/: deadlines and reviewers, then publication.
manage_urls = (
    [
        path("<slug:slug>/slides/", manage.dashboard, name="dashboard"),
        path("<slug:slug>/slides/settings/", manage.settings_edit, name="settings"),
        path("<slug:slug>/slides/reviewers/appoint/", manage.reviewer_appoint, name="reviewer-appoint"),
        path("<slug:slug>/slides/reviewers/<int:pk>/remove/", manage.reviewer_remove, name="reviewer-remove"),
        path("<slug:slug>/slides/talks/<str:code>/deadlines/", manage.talk_deadlines, name="talk"),
    ],
    "slides-manage",
)
publication_urls = (
    [
        path("<slug:slug>/slides/publication/", publication.publication, name="publication"),
        path("<slug:slug>/slides/publication/<str:code>/", publication.publication_set, name="publication-set"),
        path("<slug:slug>/slides/videos/", publication.videos, name="videos"),
        path("<slug:slug>/slides/videos/import/", publication.videos_csv, name="videos-csv"),
        path("<slug:slug>/slides/videos/<str:code>/remove/", publication.video_delete, name="video-remove"),
        path("<slug:slug>/slides/av-pack/", publication.av_pack, name="av-pack"),
        path(
            "<slug:slug>/slides/av-pack/<int:room>/<isodate:day>.zip",
            publication.av_pack_download,
            name="av-pack-download",
        ),
    ],
    "slides_publication",
)

# The API under /api/: talks, versions, comments and verdicts (no namespace), then publication.
API = "conferences/<slug:conference_slug>/slides"
TALK = f"{API}/talks/<str:code>"
VERSION = f"{TALK}/versions/<int:number>"
api_urls = [
    path(f"{API}/talks/", talks_api.TalkList.as_view(), name="slides-talk-list"),
    path(f"{TALK}/", talks_api.TalkDetail.as_view(), name="slides-talk-detail"),
    path(f"{TALK}/versions/", talks_api.VersionList.as_view(), name="slides-version-list"),
    path(f"{TALK}/extensions/", extensions_api.ExtensionList.as_view(), name="slides-extension-list"),
    path(f"{TALK}/reminders/", extensions_api.ReminderList.as_view(), name="slides-reminder-list"),
    path(f"{VERSION}/", talks_api.VersionDetail.as_view(), name="slides-version-detail"),
    path(f"{VERSION}/download/", talks_api.VersionDownload.as_view(), name="slides-version-download"),
    path(f"{VERSION}/comments/", talks_api.CommentList.as_view(), name="slides-comment-list"),
    path(f"{VERSION}/reviews/", talks_api.ReviewList.as_view(), name="slides-review-list"),
]
publication_api_urls = (
    [
        path(f"{API}/publication/", publication_api.PublicationListView.as_view(), name="publication"),
        path(
            f"{API}/publication/<str:code>/", publication_api.PublicationDetailView.as_view(), name="publication-detail"
        ),
        path(f"{API}/media/", publication_api.MediaListView.as_view(), name="media"),
        path(f"{API}/videos/<str:code>/", publication_api.VideoView.as_view(), name="video"),
    ],
    "slides-publication-api",
)
