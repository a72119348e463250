"""Application errors: user-readable, translated, with a stable machine code.

Services raise these; the API maps them to 4xx JSON bodies
({"code": ..., "message": ...}) and views show the message to the user.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """Base error. `code` is stable for API clients; `message` is for humans."""

    status_code = 400
    code = "bad_request"
    default_message = _("The request could not be processed.")

    def __init__(self, message: Any = None, *, code: str | None = None, **extra: Any) -> None:
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.extra = extra
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        body.update({k: v for k, v in self.extra.items() if v is not None})
        return body


class ValidationFailed(ApplicationError):
    status_code = 422
    code = "validation_error"
    default_message = _("Some fields are not valid.")


class NotFound(ApplicationError):
    status_code = 404
    code = "not_found"
    default_message = _("Not found.")


class PermissionDenied(ApplicationError):
    status_code = 403
    code = "permission_denied"
    default_message = _("You do not have permission to do this.")


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"
    default_message = _("The request conflicts with the current state.")
