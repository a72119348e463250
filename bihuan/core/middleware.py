"""Turn ApplicationError raised in a view into a friendly page, never a 500;
keep every /api/ answer JSON, even where Django itself answers (unknown path,
method not allowed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # An API client must be able to parse every error, also a typo in the path.
            allow = response.get("Allow")
            if response.status_code == 404:
                body = {"code": "not_found", "message": _("Not found.")}
            else:
                body = {"code": "method_not_allowed", "message": _("This method is not allowed here.")}
            response = JsonResponse(body, status=response.status_code)
            if allow:
                response["Allow"] = allow
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(exception.as_dict(), status=exception.status_code)
        return render(request, "error.html", {"error": exception}, status=exception.status_code)
