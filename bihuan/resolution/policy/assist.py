# ruff: noqa: E501  (tables of human sentences read better unwrapped)
"""Agent assistance: talk tracks by emotion and stage, a plain-language check of
outgoing replies, and the close-out summary read back to the customer.

Rules live in data (the tables below), so a supervisor can read and extend
them; matching is plain substring/regex work, fast and explainable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import pick
from . import tiers as t

# ------------------------------------------------------------------ talk tracks
# Approach per emotion (SPEC §6): empathy first for angry; explicit time
# commitments for anxious; step-by-step for calm; listen–confirm–commit when
# the conflict is high (red priority or repeated contact).
APPROACHES: dict[str, tuple[str, str]] = {
    "angry": ("先共情，再解决", "Empathy first, then the fix"),
    "anxious": ("给出明确的时间承诺", "Give explicit time commitments"),
    "disappointed": ("承认失望，给出补救", "Acknowledge the let-down, then make it right"),
    "calm": ("分步骤说明", "Explain step by step"),
    "high_conflict": ("倾听—确认—承诺", "Listen – confirm – commit"),
}
TRACKS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("angry", "verifying"): [
        ("非常理解您现在的心情，换作是我也会很生气。我马上帮您核实，{hours}小时内给您答复。",
         "I completely understand why you are upset; I would be too. I am checking it now and will answer within {hours} hours."),
        ("这件事是我们没做好，先向您道歉。为了尽快解决，想请您提供一下商品照片，好吗？",
         "We got this wrong and I apologise. To fix it fast, could you send me a photo of the item?"),
    ],
    ("angry", "resolving"): [
        ("给您添麻烦了，非常抱歉。我们为您申请了{remedy}，您看这样可以吗？",
         "I am sorry for the trouble. We have arranged {remedy} for you. Would that work for you?"),
    ],
    ("anxious", "verifying"): [
        ("请您放心，我已经记录下来并开始核实，今天{time}前一定给您回电。",
         "Please don't worry: it is recorded and I am checking it now. I will call you back today before {time}."),
    ],
    ("anxious", "resolving"): [
        ("方案已经确认：{remedy}。预计{promised}前完成，每一步我都会及时告诉您。",
         "The solution is confirmed: {remedy}. It will be done by {promised}, and I will tell you at each step."),
    ],
    ("calm", "verifying"): [
        ("我先说明一下处理步骤：第一步核实订单和物流；第二步确定方案；第三步安排执行，整个过程大约{days}天。",
         "Here is how it works: first I check the order and shipping, then we agree a solution, then we carry it out, about {days} days in all."),
    ],
    ("calm", "resolving"): [
        ("根据核实结果，我们可以为您办理{remedy}。具体步骤是：{steps}。",
         "Based on what we found, we can offer {remedy}. The steps are: {steps}."),
    ],
    ("disappointed", "resolving"): [
        ("让您失望了，真的很抱歉。为了弥补，我们为您申请了{remedy}。",
         "I am sorry we let you down. To make up for it we have arranged {remedy}."),
    ],
    ("high_conflict", "any"): [
        ("我先完整听您说完，您看我理解得对不对：{summary}。我向您承诺：{promised}前给您结果。",
         "Let me hear you out fully. Did I get it right: {summary}? I promise you an answer by {promised}."),
    ],
    ("any", "executing"): [
        ("跟您同步一下进度：{steps}。有任何变化我会第一时间通知您。",
         "A quick update: {steps}. If anything changes I will tell you straight away."),
    ],
}


@dataclass(frozen=True)
class TalkTrack:
    approach: str
    lines: list[str]


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "……"


def talk_tracks(*, emotion: str, stage: str, high_conflict: bool, language: str | None,
                values: dict | None = None) -> TalkTrack:
    """Suggested lines; {placeholders} are filled from `values`, unknown ones become "……" to say aloud."""
    key = "high_conflict" if high_conflict else (emotion if emotion in APPROACHES else "calm")
    stage_key = "resolving" if stage in ("resolving", "executing_offer") else stage
    candidates = (TRACKS.get((key, stage_key)) or TRACKS.get((key, "any"))
                  or TRACKS.get(("any", stage_key)) or TRACKS.get((key, "verifying"), []))
    if high_conflict:
        candidates = TRACKS[("high_conflict", "any")] + [c for c in TRACKS.get((emotion, stage_key), [])]
    fill = _Blank(values or {})
    return TalkTrack(pick(APPROACHES[key], language), [pick(line, language).format_map(fill) for line in candidates])


# ------------------------------------------------------------------ plain-language check
BLAME = "blame"
DISMISSIVE = "dismissive"
JARGON = "jargon"

# (pattern, kind, suggested replacement as (zh-Hans, English)).
RULES: list[tuple[str, str, tuple[str, str]]] = [
    (r"这是快递的问题[，,]?\s*不归我们管", BLAME, ("包裹在运输中出了问题，我来帮您联系快递并跟进到底",
                                          "the parcel ran into trouble in transit; I will chase the courier for you until it is sorted")),
    (r"不归我们管|不归我管|不关我们的事|跟我们没关系", BLAME, ("我来帮您跟进", "I will follow it up for you")),
    (r"(这是|都是)?(快递|物流|厂家|商家|仓库)的问题", BLAME, ("这个环节出了问题，由我来协调处理",
                                                    "something went wrong at that step, and I will coordinate the fix")),
    (r"不是我们的(问题|责任)", BLAME, ("我们一起把问题解决", "let's sort this out together")),
    (r"(是)?你自己的(问题|原因|责任)", BLAME, ("我们一起看看怎么解决", "let's see how we can solve it")),
    (r"你(去)?找(快递|厂家|商家)", BLAME, ("我来帮您联系", "I will contact them for you")),
    (r"规定就是这样|系统就是这样|公司规定", BLAME, ("按照我们的服务标准，我能为您做的是", "under our service standard, what I can do for you is")),
    (r"你冷静一点|你先冷静|冷静一下", DISMISSIVE, ("非常理解您的心情", "I completely understand how you feel")),
    (r"这点小事|多大点事|至于吗", DISMISSIVE, ("这件事给您添了麻烦", "this has caused you real trouble")),
    (r"我已经说过了|跟你说了多少遍", DISMISSIVE, ("我再为您说明一下", "let me explain it again")),
    (r"没办法|办不了", DISMISSIVE, ("我来看看还有什么办法", "let me see what else I can do")),
    (r"不可能", DISMISSIVE, ("我帮您再确认一下", "let me double-check for you")),
    (r"逆向物流", JARGON, ("退货快递", "return shipping")),
    (r"揽收", JARGON, ("快递员上门取件", "the courier picking up the parcel")),
    (r"拦截件|拦截", JARGON, ("让快递停止派送", "asking the courier to stop the delivery")),
    (r"滞留件|滞留", JARGON, ("包裹暂时停在中转站", "the parcel is held at a depot")),
    (r"原路退回", JARGON, ("退回到您付款时使用的账户", "back to the account you paid with")),
    (r"核销", JARGON, ("使用", "use")),
    (r"工单", JARGON, ("您的问题记录", "the record of your request")),
    (r"\bSKU\b", JARGON, ("商品型号", "product model")),
    (r"\bSLA\b", JARGON, ("承诺的处理时间", "the time we promised")),
    (r"(it'?s |that'?s )?not our (problem|fault|responsibility)", BLAME, ("我们一起把问题解决", "let's sort this out together")),
    (r"(contact|ask) the courier yourself", BLAME, ("我来帮您联系", "I will contact them for you")),
    (r"calm down", DISMISSIVE, ("非常理解您的心情", "I completely understand how you feel")),
    (r"(it'?s|that'?s) (the |our |company )?policy", BLAME, ("按照我们的服务标准", "under our service standard")),
    (r"\bRMA\b", JARGON, ("退换货编号", "return number")),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), kind, repl) for p, kind, repl in RULES]
EMPATHY_OPENERS = ("抱歉", "对不起", "理解", "sorry", "apolog", "understand")
EMPATHY_PREFIX = ("非常抱歉给您带来不便，", "I am sorry for the trouble. ")


@dataclass(frozen=True)
class Flag:
    phrase: str
    kind: str
    start: int
    suggestion: str


@dataclass(frozen=True)
class PlainCheck:
    flags: list[Flag]
    rewrite: str

    @property
    def ok(self) -> bool:
        return not self.flags


def plain_language_check(text: str, *, language: str | None = None) -> PlainCheck:
    """Flag jargon, blame-shifting and dismissive phrases; propose a rewrite."""
    text = text[:10_000]
    flags: list[Flag] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind, repl in _COMPILED:
        for match in pattern.finditer(text):
            span = match.span()
            if span[0] == span[1] or any(a < span[1] and span[0] < b for a, b in taken):
                continue  # an earlier, more specific rule covers this text
            taken.append(span)
            flags.append(Flag(match.group(0), kind, span[0], pick(repl, language or _guess(text))))
    flags.sort(key=lambda f: f.start)
    rewrite = text
    for flag in sorted(flags, key=lambda f: f.start, reverse=True):
        rewrite = rewrite[:flag.start] + flag.suggestion + rewrite[flag.start + len(flag.phrase):]
    language = language or _guess(text)
    opening = rewrite.lower()[: 40 if language.startswith("en") else 12]
    if any(f.kind in (BLAME, DISMISSIVE) for f in flags) and not any(w in opening for w in EMPATHY_OPENERS):
        rewrite = pick(EMPATHY_PREFIX, language) + rewrite
    return PlainCheck(flags, rewrite)


def _guess(text: str) -> str:
    return "zh-hans" if re.search(r"[\u4e00-\u9fff]", text) else "en"


# ------------------------------------------------------------------ close-out summary
_SUMMARY: dict[str, tuple[str, str]] = {
    t.REFUND_FULL: ("退款已申请，预计{days}个工作日内到账", "the refund has been requested and should arrive within {days} working days"),
    t.REFUND_PARTIAL: ("{amount}元退款已申请，预计{days}个工作日内到账", "a refund of {amount} CNY has been requested and should arrive within {days} working days"),
    t.RETURN: ("退货已登记，快递员会上门取件，仓库收货后{days}个工作日内退款到账", "the return is booked, a courier will collect it, and the refund arrives within {days} working days of the warehouse receiving it"),
    t.EXCHANGE: ("换货已安排，新商品预计{date}前送到", "the exchange is arranged and the replacement should reach you by {date}"),
    t.RESHIP: ("补发已安排，预计{date}前送达", "a replacement is on its way and should arrive by {date}"),
    t.REPAIR: ("维修已预约，预计{date}前修好", "the repair is booked and should be done by {date}"),
    t.COUPON: ("{amount}元优惠券已发到您的账户", "a {amount} CNY coupon is in your account"),
    t.POINTS: ("{points}积分已加到您的账户", "{points} points have been added to your account"),
    t.CASH: ("{amount}元补偿款预计{days}个工作日内到账", "compensation of {amount} CNY should arrive within {days} working days"),
    t.SERVICE_EXTENSION: ("服务期已为您延长", "your service period has been extended"),
    t.APOLOGY: ("再次向您郑重道歉", "once more, we sincerely apologise"),
    t.DATE_CHANGE: ("已为您改期", "the date has been changed for you"),
}


def closeout_summary(lines: list[t.Line], *, refund_days: int = 3, promised: str = "",
                     language: str | None = None) -> str:
    """"退款已申请，预计3个工作日内到账，对吗？" — read back to the customer to confirm."""
    english = (language or "").startswith("en")
    parts = []
    for line in lines:
        template = pick(_SUMMARY[line.remedy_type], language)
        parts.append(template.format(days=refund_days, amount=line.amount, points=line.points,
                                     date=promised or ("soon" if english else "近日")))
    if not parts:
        return ""
    if english:
        body = "; ".join(parts)
        return body[0].upper() + body[1:] + " — is that right?"
    return "；".join(parts) + "，对吗？"
