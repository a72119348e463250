"""WeChat official-account messages and WeCom (企业微信) customer-service messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import Field, model_validator

from .base import Adapter, Draft, Payload


class WeChatMessage(Payload):
    msg_id: str = Field(..., min_length=1, max_length=64, alias="MsgId")
    source: Literal["official_account", "wecom_kf"] = "official_account"
    open_id: str = Field("", max_length=64, alias="FromUserName")
    union_id: str = Field("", max_length=64)
    external_user_id: str = Field("", max_length=64, description="WeCom external contact id")
    nickname: str = Field("", max_length=80)
    msg_type: Literal["text", "image", "voice", "video", "event"] = Field("text", alias="MsgType")
    content: str = Field("", max_length=20_000, alias="Content")
    recognition: str = Field("", max_length=20_000, alias="Recognition", description="Voice-to-text result")
    media_id: str = Field("", max_length=128, alias="MediaId")
    create_time: int = Field(..., ge=946684800, le=4102444800, alias="CreateTime",
                             description="Unix seconds (2000–2100)")

    model_config = {"populate_by_name": True}

    @model_validator(mode="after")
    def _needs_text(self) -> WeChatMessage:
        if not (self.content or self.recognition or self.media_id):
            raise ValueError("a WeChat message needs Content, Recognition or MediaId")
        return self


def to_draft(p: WeChatMessage) -> Draft:
    wechat_id = p.union_id or p.open_id or p.external_user_id
    text = p.content or p.recognition or f"[{p.msg_type}]"
    return Draft(
        channel="wechat", message_id=p.msg_id, description=text, customer_name=p.nickname,
        customer_wechat_id=wechat_id, received_at=datetime.fromtimestamp(p.create_time, tz=UTC),
        tags=[f"wechat:{p.source}"],
        details={"source": p.source, "open_id": p.open_id, "msg_type": p.msg_type,
                 "media_id": p.media_id,
                 "reply_to": {"open_id": p.open_id, "external_user_id": p.external_user_id}},
    )


EXAMPLE = {
    "MsgId": "24681357902468135",
    "source": "official_account",
    "FromUserName": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
    "union_id": "o6_bmasdasdsad6_2sgVt7hMZOPfL",
    "nickname": "小雨",
    "MsgType": "text",
    "Content": "你们的奶粉罐子里有黑色异物！订单DY20261119556677，孩子已经喝了两次，我要求退款并给个说法。",
    "CreateTime": 1795318200,
}

ADAPTER = Adapter(channel="wechat", schema=WeChatMessage, to_draft=to_draft, example=EXAMPLE,
                  summary="WeChat official account / WeCom customer-service message")
