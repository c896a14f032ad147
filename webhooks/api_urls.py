from rest_framework.routers import SimpleRouter

from webhooks import api

router = SimpleRouter()
router.register(r"conferences/(?P<conference_slug>[a-z][a-z0-9-]*)/webhooks", api.EndpointViewSet, basename="webhook")

urlpatterns = router.urls
