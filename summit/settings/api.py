"""The API's settings and the limits on every client (throttles, guess counters, trusted proxies),
read from the environment like the rest of summit.settings.base, which imports them."""

from summit.settings.env import env_int, env_str

# --- Limits (common/addresses.py, common/attempts.py, common/throttling.py) -------------------
# Whose address a request is: the socket's, unless proxies of ours say otherwise. Behind N proxies
# that append to X-Forwarded-For, N; or the header one trusted proxy sets (X-Real-IP, CF-Connecting-IP).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER")
# API calls ("N/s|min|h|day", or "N/10m"): anonymous per address, signed-in per account, writes and
# the pass-code endpoints on top. Far above what organisers' tools, the schedule editor and attendee
# apps send; a scan or a guesser meets them within seconds.
API_THROTTLE_RATES = {
    "anon": env_str("API_THROTTLE_ANON", "600/min"),
    "user": env_str("API_THROTTLE_USER", "1200/min"),
    "write": env_str("API_THROTTLE_WRITE", "300/min"),
    "pass_codes": env_str("API_THROTTLE_PASS_CODES", "120/min"),
}
# Wrong guesses, per client address and per account: once used up, every guess is refused until the
# window (opened by the first wrong one) closes. The pass-code limit also counts the ticketing
# system's typos for everybody at the box office, hence more room than the speakers' late codes.
ATTEMPT_LIMITS = {
    "api_token": env_str("API_TOKEN_FAILURES_LIMIT", "20/10m"),
    "late_code": env_str("LATE_CODE_GUESS_LIMIT", "5/10m"),
    "pass_code": env_str("PASS_CODE_GUESS_LIMIT", "10/10m"),
}

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",  # made on the profile page; scoped
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "summit.api.SummitAutoSchema",
    "EXCEPTION_HANDLER": "summit.api.json_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [
        "common.throttling.TokenGuessThrottle",
        "common.throttling.AnonymousThrottle",
        "common.throttling.AccountThrottle",
        "common.throttling.WriteThrottle",
        "common.throttling.ViewScopeThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON in as well as out: a form-encoded body cannot carry null, lists of objects or nested
    # fields, so the schema's promise held for JSON only. Uploads name their multipart parser.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Summit API",
    "DESCRIPTION": (
        "Conference, call for papers, review, office hours and schedule data.\n\n"
        "**Authentication**: make an API token on your profile page (`/profile/api-tokens/`) and send it as "
        "`Authorization: Bearer <token>` (`Authorization: Token <token>` is accepted too). A token acts as you, "
        "within its scope: read only or read and write, one conference or all; it stops at its expiry or when "
        "revoked. Out of scope, the API answers 403 with `token_read_only` or `token_out_of_scope`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "summit.api.text_refuses_nul",
    ],
    # Several apps have a "kind" field; each choice set gets a name of its own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OfficeHoursKindEnum": "office_hours.models.Kind",
        "ScheduleSlotKindEnum": "schedule.models.ScheduleSlot.Kind",
        "PassCodeKindEnum": "review.models.PassCode.Kind",
        "ReviewPhaseKindEnum": "review.models.ReviewPhase.Kind",
        "NotificationKindEnum": "review.models.Notification.Kind",
        "SlideKindEnum": "slides.models.Kind",
        "StateEnum": "cfp.models.Submission.State",
        "WebhookDeliveryStateEnum": "webhooks.models.WebhookDelivery.State",
        "ReservationStatusEnum": "schedule.models.Reservation.Status",
    },
}

# --- Security (tightened in production.py) ---------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        # The offline programme: its service worker and web app manifest (schedule.offline_views).
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        # Talk videos are framed only from these privacy-friendly players (slides.media.EMBED_ORIGINS).
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint (printable programme) logs every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
