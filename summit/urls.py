from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts.views import admin_sign_in
from conference.public_views import home
from slides import urls as slides_urls

admin.site.login = admin_sign_in

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("manage/", include("cfp.manage_urls")),
    path("manage/", include("review.manage_urls")),
    path("manage/", include("schedule.manage_urls")),
    path("manage/", include("office_hours.manage_urls")),
    path("manage/", include(slides_urls.manage_urls)),
    path("manage/", include(slides_urls.publication_urls)),
    path("manage/", include("webhooks.urls")),
    path("manage/", include("conference.urls")),
    path("api/", include("summit.api_urls")),
    path("", include("review.portal_urls")),
    path("", include("review.urls")),
    path("", include("cfp.urls")),
    path("", include(slides_urls.public_urls)),
    path("", include("schedule.urls")),
    path("", include("office_hours.urls")),
    path("", include(slides_urls.portal_urls)),
    # Public conference pages come last: /<conference-slug>/… catches what is left.
    path("", include("conference.public_urls")),
]

handler404 = "summit.api.not_found"
handler500 = "common.unavailable.server_error"
