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
from ninja.security import HttpBearer, django_auth

from bihuan.accounts.services import api_token_authenticate
from bihuan.core.errors import ApplicationError


class BearerAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Bihuan 闭环 API",
    version="1",
    description="Closed-loop complaint handling. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `python manage.py create_api_token USERNAME`).",
    urls_namespace="api",
    auth=[BearerAuth(), django_auth],
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError):
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError):
    details = [
        {"loc": [str(p) for p in err.get("loc", [])], "msg": str(err.get("msg", ""))}
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
    # Ninja raises HttpError(400) for bodies it cannot parse (e.g. broken JSON).
    if exc.status_code == 400:
        body = {"code": "malformed_body", "message": _("The request body could not be read; send valid JSON.")}
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
