"""Xiaohongshu: Xiaohongshu note, comment or private message (see social.py for the shared shape)."""

from __future__ import annotations

from .base import Adapter
from .social import SocialPost, social_draft

EXAMPLE = {
    "id": "6571f2a9000000001a02b3c4",
    "kind": "note",
    "user": {"uid": "5f1e2d3c000000000101abcd", "nickname": "小鹿在种草", "followers": 5200},
    "title": "避雷！运动鞋穿一周就开胶",
    "text": "在官方旗舰店买的女士运动鞋，穿了一周鞋底就开胶了，联系客服只说让等，大家别买了。",
    "images": ["https://ci.xiaohongshu.com/abc123.jpg"],
    "created_at": "2026-11-21T20:18:00+08:00",
}

ADAPTER = Adapter(channel="xiaohongshu", schema=SocialPost, to_draft=lambda p: social_draft("xiaohongshu", p),
                  example=EXAMPLE, summary="Xiaohongshu note, comment or private message")
