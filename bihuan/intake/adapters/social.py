"""Social platforms: Weibo (私信/@提及/评论), Douyin (私信/评论/抖店客服), Xiaohongshu (笔记/评论/私信).

Public posts rarely carry a phone number; the author's platform id is kept in
the details and tags, and extraction may still find a phone or order in the text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from .base import Draft, Payload, join_text


class SocialUser(Payload):
    uid: str = Field(..., min_length=1, max_length=64)
    nickname: str = Field("", max_length=80)
    followers: int = Field(0, ge=0)


class SocialPost(Payload):
    id: str = Field(..., min_length=1, max_length=64)
    kind: Literal["private_message", "mention", "comment", "note", "shop_im"] = "private_message"
    user: SocialUser
    title: str = Field("", max_length=200)
    text: str = Field(..., min_length=1, max_length=20_000)
    url: str = Field("", max_length=500)
    order_no: str = Field("", max_length=40)
    images: list[str] = Field(default_factory=list, max_length=30)
    created_at: datetime


def social_draft(channel: str, p: SocialPost) -> Draft:
    public = p.kind in ("mention", "comment", "note")
    tags = [f"{channel}:{p.kind}"] + (["public"] if public else [])
    if p.user.followers >= 10_000:
        tags.append("influencer")  # wide reach: a public complaint here spreads
    return Draft(
        channel=channel, message_id=f"{p.kind}:{p.id}", title=p.title,
        description=join_text(p.title, p.text), customer_name=p.user.nickname,
        order_no=p.order_no, received_at=p.created_at, tags=tags,
        details={"platform_user": p.user.model_dump(), "kind": p.kind, "url": p.url,
                 "images": p.images, "reply_to": {"uid": p.user.uid, "kind": p.kind, "id": p.id}},
    )
