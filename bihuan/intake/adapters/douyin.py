"""Douyin: Douyin private message, comment or shop IM (see social.py for the shared shape)."""

from __future__ import annotations

from .base import Adapter
from .social import SocialPost, social_draft

EXAMPLE = {
    "id": "7311234567890123456",
    "kind": "shop_im",
    "user": {"uid": "MS4wLjABAAAA_abcdEFGH", "nickname": "爱吃坚果的猫"},
    "text": "坚果礼盒收到的时候一半都受潮了，订单DY20261117334455，要么补发要么退款。",
    "order_no": "DY20261117334455",
    "created_at": "2026-11-22T13:05:12+08:00",
}

ADAPTER = Adapter(channel="douyin", schema=SocialPost, to_draft=lambda p: social_draft("douyin", p),
                  example=EXAMPLE, summary="Douyin private message, comment or shop IM")
