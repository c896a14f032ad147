from rest_framework.routers import SimpleRouter

from cfp import api

router = SimpleRouter()
router.register(
    r"conferences/(?P<conference_slug>[a-z][a-z0-9-]*)/submissions", api.SubmissionViewSet, basename="submission"
)
urlpatterns = router.urls
