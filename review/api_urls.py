from rest_framework.routers import SimpleRouter

from review import api

PREFIX = r"conferences/(?P<conference_slug>[a-z][a-z0-9-]*)"
router = SimpleRouter()
router.register(rf"{PREFIX}/review/submissions", api.ReviewSubmissionViewSet, basename="review-submission")
router.register(rf"{PREFIX}/reviews", api.ReviewViewSet, basename="review")
router.register(rf"{PREFIX}/ranking", api.RankingViewSet, basename="ranking")
router.register(rf"{PREFIX}/decisions", api.DecisionViewSet, basename="decision")
router.register(rf"{PREFIX}/pass-codes", api.PassCodeViewSet, basename="pass-code")
urlpatterns = router.urls
