from django.urls import path

from accounts import token_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("profile/api-tokens/", token_views.api_tokens, name="api-tokens"),
    path("profile/api-tokens/<str:prefix>/revoke/", token_views.api_token_revoke_view, name="api-token-revoke"),
    # Where the default storage's URL for a photo points (MEDIA_URL + the field's upload_to): the
    # pages link here, with DEBUG on or off. `str` matches no "/", and the view allows no "..".
    path("media/speaker-photos/<str:name>", views.profile_photo, name="photo"),
]
