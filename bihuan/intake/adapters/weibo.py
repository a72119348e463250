"""Weibo: Weibo private message, @mention or comment (see social.py for the shared shape)."""

from __future__ import annotations

from .base import Adapter
from .social import SocialPost, social_draft

EXAMPLE = {
    "id": "5041234567890123",
    "kind": "mention",
    "user": {"uid": "6543210987", "nickname": "吃瓜的小李", "followers": 23800},
    "text": "@某某家电官方 买的扫地机器人三天就坏了，客服电话打了五次都没人接，这就是你们的服务？",
    "url": "https://weibo.com/6543210987/P1aBcDeFg",
    "created_at": "2026-11-22T21:47:00+08:00",
}

ADAPTER = Adapter(channel="weibo", schema=SocialPost, to_draft=lambda p: social_draft("weibo", p),
                  example=EXAMPLE, summary="Weibo private message, @mention or comment")
