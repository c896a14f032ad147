from rest_framework.routers import SimpleRouter

from office_hours import api

PREFIX = r"conferences/(?P<conference_slug>[a-z][a-z0-9-]*)/office-hours"
router = SimpleRouter()
router.register(rf"{PREFIX}/slots", api.SlotViewSet, basename="office-hours-slot")
router.register(rf"{PREFIX}/bookings", api.BookingViewSet, basename="office-hours-booking")
urlpatterns = router.urls
