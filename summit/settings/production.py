"""Production profile: the embedded settings with secure defaults that a deployment may not forget."""

from django.core.exceptions import ImproperlyConfigured

from summit.settings.base import *  # noqa: F403
from summit.settings.env import env_bool, env_int, env_str

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one proxy (README, "Production"): the address it appends is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# Slide decks in an S3-compatible bucket (AWS, MinIO, Ceph…) when one is named; otherwise the private
# local folder of the embedded profile (SLIDES_ROOT). The bucket must not be public: decks leave it
# through Summit's permission-checked views, never by a bucket URL.
if env_str("SLIDES_S3_BUCKET"):
    STORAGES["slides"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("SLIDES_S3_BUCKET"),
            "endpoint_url": env_str("SLIDES_S3_ENDPOINT_URL") or None,
            "region_name": env_str("SLIDES_S3_REGION") or None,
            "location": env_str("SLIDES_S3_PREFIX", "slides"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            # Credentials come from the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables
            # or the instance's role, as boto3 reads them.
        },
    }
