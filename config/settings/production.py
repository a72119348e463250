"""Production settings: secrets and hosts only from the environment."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403

if not env.SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment")
SECRET_KEY = env.SECRET_KEY
DEBUG = False
SECURE_SSL_REDIRECT = env.env_bool("BIHUAN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
