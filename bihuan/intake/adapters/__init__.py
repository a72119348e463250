"""One adapter per channel: payload schema + pure mapping to a `Draft`."""

from __future__ import annotations

from . import (
    douyin,
    ecommerce,
    email,
    phone,
    public_platform,
    regulator,
    rest,
    webform,
    wechat,
    weibo,
    xiaohongshu,
)
from .base import Adapter, Draft, Payload

ADAPTERS: dict[str, Adapter] = {
    a.channel: a
    for a in (
        phone.ADAPTER, webform.WEB, webform.APP, email.ADAPTER, wechat.ADAPTER, weibo.ADAPTER,
        douyin.ADAPTER, xiaohongshu.ADAPTER, ecommerce.ADAPTER, public_platform.ADAPTER,
        regulator.ADAPTER, rest.ADAPTER,
    )
}

__all__ = ["ADAPTERS", "Adapter", "Draft", "Payload"]
