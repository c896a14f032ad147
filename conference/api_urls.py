from rest_framework.routers import DefaultRouter

from conference import api

router = DefaultRouter()
router.register("conferences", api.ConferenceViewSet, basename="conference")
for prefix, viewset in [
    ("tracks", api.TrackViewSet),
    ("rooms", api.RoomViewSet),
    ("submission-types", api.SubmissionTypeViewSet),
    ("levels", api.LevelViewSet),
]:
    router.register(
        rf"conferences/(?P<conference_slug>[a-z][a-z0-9-]*)/{prefix}", viewset, basename=f"conference-{prefix}"
    )

urlpatterns = router.urls
