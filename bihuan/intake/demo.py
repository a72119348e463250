"""A realistic mixed stream of channel payloads (for replay_intake and the intake benchmark)."""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime

from .adapters import ADAPTERS

# Rough channel mix of a consumer brand's complaint intake.
WEIGHTS = {"phone": 28, "wechat": 16, "web": 9, "app": 9, "ecommerce": 12, "email": 4, "weibo": 5,
           "douyin": 5, "xiaohongshu": 3, "public_platform": 3, "regulator": 2, "api": 4}
PROBLEMS = [
    "空调安装师傅迟到三个小时，还把墙面弄脏了", "快递显示已签收但我根本没收到", "奶粉罐子里有黑色异物",
    "扫地机器人用了三天就不充电了", "羽绒服跑绒严重", "退款申请提交一周了还没到账", "客服电话一直打不通",
    "收到的坚果礼盒一半受潮", "手机屏幕有亮点", "洗衣机漏水把地板泡了",
]
DEMANDS = ["要求退款", "要求换货", "请尽快补发", "要求赔偿两百元", "给个说法", "要求道歉"]


def _set_text(channel: str, data: dict, text: str) -> None:
    if channel == "phone":
        data["transcript"] = [{"speaker": "agent", "text": "您好，请问有什么可以帮您？"},
                              {"speaker": "customer", "text": text}]
    elif channel in ("web", "app", "api"):
        data["description"] = text
    elif channel == "email":
        data["text"] = text
    elif channel == "wechat":
        data["Content"] = text
    elif channel in ("weibo", "douyin", "xiaohongshu"):
        data["text"] = text
    elif channel == "ecommerce":
        data["description"] = text
    elif channel == "public_platform":
        data["content"] = text
    elif channel == "regulator":
        data["content"] = text


_ID_FIELD = {"phone": "call_id", "web": "submission_id", "app": "submission_id", "email": "message_id",
             "wechat": "MsgId", "weibo": "id", "douyin": "id", "xiaohongshu": "id", "ecommerce": "dispute_id",
             "public_platform": "complaint_id", "regulator": "work_order_no", "api": "message_id"}
_TIME_FIELD = {"phone": "started_at", "ecommerce": "created_at", "public_platform": "published_at",
               "regulator": "received_at", "weibo": "created_at", "douyin": "created_at",
               "xiaohongshu": "created_at"}


def payload(channel: str, rng: random.Random, serial: int) -> dict:
    data = copy.deepcopy(ADAPTERS[channel].example)
    data[_ID_FIELD[channel]] = f"demo-{int(time.time())}-{serial}-{rng.randrange(10**9)}"
    phone = f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}"
    text = f"{rng.choice(PROBLEMS)}，{rng.choice(DEMANDS)}。联系电话{phone}"
    _set_text(channel, data, text)
    now = datetime.now(UTC).isoformat()
    if channel in _TIME_FIELD:
        data[_TIME_FIELD[channel]] = now
    if channel == "phone":
        data.update(caller=phone, ended_at=None)
    if channel == "wechat":
        data["CreateTime"] = int(time.time())
    return data


def stream(count: int, *, seed: int = 7, duplicate_share: float = 0.1) -> Iterator[tuple[str, dict]]:
    """(channel, payload) pairs; about `duplicate_share` of them re-deliver an earlier message."""
    rng = random.Random(seed)
    sent: list[tuple[str, dict]] = []
    channels, weights = list(WEIGHTS), list(WEIGHTS.values())
    for serial in range(count):
        if sent and rng.random() < duplicate_share:
            yield rng.choice(sent)
            continue
        channel = rng.choices(channels, weights=weights)[0]
        item = (channel, payload(channel, rng, serial))
        sent.append(item)
        yield item
