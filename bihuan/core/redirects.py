"""Where a form sends the user back to after a POST."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_next(request: HttpRequest, default: str) -> str:
    """The POSTed ``next`` when it is a path on this site, else ``default``.

    Only paths: a bare word such as "abc" passes the host check, and
    ``redirect()`` would then look it up as a view name and fail (a 500).
    """
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return default
