from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from slides import urls as slides_urls

# Swagger UI sets inline styles; the exception is confined to this one page.
swagger_ui = csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", swagger_ui, name="api-docs"),
    path("", include("cfp.api_urls")),
    path("", include("review.api_urls")),
    path("", include("office_hours.api_urls")),
    path("", include(slides_urls.api_urls)),
    path("", include("conference.api_urls")),
    path("", include("schedule.api_urls")),
    path("", include("webhooks.api_urls")),
    path("", include(slides_urls.publication_api_urls)),
]
