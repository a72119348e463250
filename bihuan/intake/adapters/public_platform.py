"""Public complaint platforms (黑猫投诉-style posts, 聚投诉, 消费保)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Adapter, Draft, Payload, join_text, normalise_demand


class PublicPost(Payload):
    platform: Literal["heimao", "jutousu", "xiaofeibao", "other"] = "heimao"
    complaint_id: str = Field(..., min_length=1, max_length=64)
    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field(..., min_length=1, max_length=20_000)
    demands: list[str] = Field(default_factory=list, max_length=10, description="诉求, e.g. 退款, 道歉")
    amount: Decimal | None = Field(None, ge=0, le=100_000_000, description="涉诉金额 (yuan)")
    user_nick: str = Field("", max_length=80)
    published_at: datetime
    url: str = Field("", max_length=500)


def to_draft(p: PublicPost) -> Draft:
    demands = [d for d in (normalise_demand(x) for x in p.demands) if d]
    return Draft(
        channel="public_platform", message_id=f"{p.platform}:{p.complaint_id}", title=p.title,
        description=join_text(p.title, p.content), customer_name=p.user_nick,
        demand=demands[0] if demands else "", received_at=p.published_at,
        tags=[p.platform, "public"],
        details={"platform": p.platform, "url": p.url, "demands": p.demands,
                 "amount": str(p.amount) if p.amount is not None else None},
    )


EXAMPLE = {
    "platform": "heimao",
    "complaint_id": "17350012345",
    "title": "购买的电热水器漏水，商家拒不处理",
    "content": "10月在官方旗舰店购买电热水器 60L，安装一个月后开始漏水，把楼下天花板泡了。"
               "多次联系客服，一直说会有人联系，至今没有结果。",
    "demands": ["退款", "赔偿", "道歉"],
    "amount": "1899",
    "user_nick": "匿名用户",
    "published_at": "2026-11-22T08:40:00+08:00",
    "url": "https://tousu.sina.com.cn/complaint/view/17350012345/",
}

ADAPTER = Adapter(channel="public_platform", schema=PublicPost, to_draft=to_draft, example=EXAMPLE,
                  summary="Public complaint platform post (黑猫投诉-style)")
