"""Account services: API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str = "default") -> str:
    """Create a token for `user` and return the raw value (shown only once)."""
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name=name, digest=ApiToken.hash(raw), prefix=raw[3:11])
    return raw


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning `raw`, or None. Never raises on garbage input."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__team")
        .filter(digest=ApiToken.hash(raw), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute so authentication stays a read on hot paths.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
