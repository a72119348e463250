"""The REST API root: authentication and error mapping shared by every app.

Every error leaves as JSON {"code": ..., "message": ...}; the message follows
the request's Accept-Language (zh-Hans by default).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth

from bihuan.accounts.services import api_token_authenticate
from bihuan.core.errors import ApplicationError, ValidationFailed


class BearerAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


def _nul_at(value, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """Where in a parsed value a NUL character sits (its key path), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_at(key, (*path, str(key))) or _nul_at(item, (*path, str(key)))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, (*path, str(index)))
            if found is not None:
                return found
    return None


def reject_nul(value, *, where: str) -> None:
    """Text holding NUL (U+0000) is refused up front: PostgreSQL text and JSONB cannot store it,
    and Django's own form fields refuse it too. A clear 422 instead of a database error (500)."""
    path = _nul_at(value)
    if path is not None:
        field = ".".join(path) or where
        raise ValidationFailed(_("%(field)s contains a NUL character (U+0000), which is not allowed in text.")
                               % {"field": field}, code="nul_character", field=field)


class TextSafeParser(Parser):
    """JSON bodies and query strings, with NUL characters refused (see `reject_nul`)."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        reject_nul(data, where="body")
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        result = super().parse_querydict(data, list_fields, request)
        reject_nul(result, where="query")
        return result


api = NinjaAPI(
    title="Bihuan 闭环 API",
    version="1",
    description="Closed-loop complaint handling. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `python manage.py create_api_token USERNAME`).",
    urls_namespace="api",
    auth=[BearerAuth(), django_auth],
    parser=TextSafeParser(),
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError):
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


def _error_message(err: dict) -> str:
    """Pydantic's message for one field, in the request's language where we know the kind."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # our own validators' messages are already translated
    templates = {
        "missing": _("This field is required."),
        "string_too_short": _("Too short: at least %(min_length)s characters."),
        "string_too_long": _("Too long: at most %(max_length)s characters."),
        "string_type": _("Must be text."),
        "int_parsing": _("Must be a whole number."),
        "int_type": _("Must be a whole number."),
        "greater_than_equal": _("Must be at least %(ge)s."),
        "less_than_equal": _("Must be at most %(le)s."),
    }
    try:
        return templates[kind] % ctx
    except (KeyError, TypeError, ValueError):
        return str(err.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError):
    details = [
        {"loc": [str(p) for p in err.get("loc", [])], "msg": _error_message(err), "type": str(err.get("type", ""))}
        for err in exc.errors
    ]
    body = {"code": "validation_error", "message": _("Some fields are not valid."), "errors": details}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError):
    body = {"code": "unauthorized", "message": _("Authentication is required (Bearer token).")}
    return api.create_response(request, body, status=401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"code": "not_found", "message": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    # Ninja raises HttpError(400) for bodies it cannot parse (e.g. broken JSON), and wraps
    # what our parser refuses (`reject_nul`): that keeps its own code and message.
    if isinstance(exc.__cause__, ApplicationError):
        return _application_error(request, exc.__cause__)
    if exc.status_code == 400:
        body = {"code": "malformed_body", "message": _("The request body could not be read; send valid JSON.")}
    elif exc.status_code == 403 and "csrf" in str(exc).lower():
        # Ninja's session auth checks CSRF before it knows whether anyone is logged in:
        # a client without any credentials is unauthenticated (401), not forbidden.
        if not request.user.is_authenticated:
            return _auth_error(request, AuthenticationError())
        body = {"code": "csrf_failed",
                "message": _("CSRF check failed: send the X-CSRFToken header, or use a Bearer token.")}
    else:
        body = {"code": "error", "message": str(exc)}
    return api.create_response(request, body, status=exc.status_code)


def _register_routers() -> None:
    from bihuan.complaints.api import router as complaints_router
    from bihuan.triage.api import router as triage_router

    api.add_router("/v1/complaints", complaints_router)
    from bihuan.intake.api import router as intake_router

    api.add_router("/v1/intake", intake_router)
    api.add_router("/v1/triage", triage_router)
    from bihuan.resolution.api import router as resolution_router

    api.add_router("/v1/resolution", resolution_router)
    from bihuan.routing.api import complaint_router as complaint_sla_router
    from bihuan.routing.api import router as sla_router

    api.add_router("/v1/sla", sla_router)
    api.add_router("/v1/complaints", complaint_sla_router)
    from bihuan.followup.api import router as followup_router

    api.add_router("/v1/followup", followup_router)


_register_routers()
