"""Facts in a complaint's free text: order numbers, phones, amounts, dates, products, demand.

Pure Python (plus `phonenumbers`); no Django. The intake service passes in the
configured order-number patterns and the product catalogue, and stores the
result as suggestions for the agent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import phonenumbers

from .dates import extract_dates
from .numerals import NUMERAL_CHARS, parse_number

DEFAULT_ORDER_PATTERNS: tuple[str, ...] = (
    # Prefixed shop order numbers (TB/JD/DY/WX/PDD/XHS + digits).
    r"(?<![A-Za-z0-9])((?:TB|TM|JD|DY|WX|PDD|XHS|KS)\d{10,22})(?!\d)",
    # Bare digits only right after an order keyword, so phones are not taken for orders.
    r"(?:订单编?号?|单号|order\s*(?:no\.?|number|#|id)?)\s*[:：#]?\s*([A-Za-z]{0,4}\d{10,24})(?!\d)",
)

# Demand keywords, most specific first; the first mention in the text is the primary demand.
DEMAND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("return", r"退货|退回去|return(?:ing)? (?:it|the)|send it back"),
    ("refund", r"退款|退钱|退费|退还|返还|refund|money back"),
    ("exchange", r"换货|换新|换一[个台件双部]|更换|调换|exchange|replace(?:ment)?"),
    ("reship", r"补发|重发|重新发|再发一|resend|re-ship|reship"),
    ("repair", r"维修|修理|上门修|repair|fix it"),
    ("compensation", r"赔偿|补偿|赔付|赔钱|赔我|compensat\w*"),
    ("apology", r"道歉|致歉|赔礼|apolog\w*"),
    ("explanation", r"解释|说法|交代|explain\w*|explanation"),
)
_DEMAND_RE = [(code, re.compile(rx, re.IGNORECASE)) for code, rx in DEMAND_KEYWORDS]
_NEGATION = re.compile(r"(?:不|不要|不用|不需要|不想|无需|没要求|don't want|do not want|no)\s*$", re.IGNORECASE)

_AMOUNT_NUMBER = rf"(\d[\d,]*(?:\.\d+)?\s*[万千百]?|[{NUMERAL_CHARS}]{{1,24}})"
_AMOUNT_PATTERNS = (
    re.compile(rf"{_AMOUNT_NUMBER}\s*(?:元|块钱|块|圆|人民币|rmb|RMB|yuan|CNY)"),
    re.compile(r"(?:[¥￥]|RMB|CNY)\s*(\d[\d,]*(?:\.\d+)?)"),
)


@dataclass
class Extraction:
    order_numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    amounts: list[Decimal] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    demands: list[str] = field(default_factory=list)

    @property
    def demand(self) -> str:
        return self.demands[0] if self.demands else ""

    def as_dict(self) -> dict:
        return {
            "order_numbers": self.order_numbers, "phones": self.phones,
            "amounts": [str(a) for a in self.amounts], "dates": [d.isoformat() for d in self.dates],
            "products": self.products, "demands": self.demands,
        }


def _unique(values: Iterable) -> list:
    seen, out = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def compile_order_patterns(patterns: Sequence[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


_DEFAULT_COMPILED = compile_order_patterns(DEFAULT_ORDER_PATTERNS)


def extract_order_numbers(text: str, patterns: Sequence[re.Pattern[str]] | None = None
                          ) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for pattern in patterns if patterns is not None else _DEFAULT_COMPILED:
        for m in pattern.finditer(text):
            group = 1 if m.re.groups else 0
            start, end = m.span(group)
            if not any(start < e and s < end for s, e, _ in spans):
                spans.append((start, end, m.group(group).upper()))
    return sorted(spans)


def _format_phone(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code == 86:
        return str(number.national_number)  # stored like 13800001234, as customers are
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def extract_phones(text: str, *, region: str = "CN", exclude: Sequence[tuple[int, int]] = ()
                   ) -> list[str]:
    phones = []
    for m in phonenumbers.PhoneNumberMatcher(text, region):
        if any(m.start < e and s < m.end for s, e in exclude):
            continue
        if phonenumbers.is_valid_number(m.number):
            phones.append(_format_phone(m.number))
    return _unique(phones)


def extract_amounts(text: str, *, exclude: Sequence[tuple[int, int]] = ()) -> list[Decimal]:
    found: list[tuple[int, Decimal]] = []
    for pattern in _AMOUNT_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start(1) < e and s < m.end(1) for s, e in exclude):
                continue
            try:
                value = parse_number(m.group(1).replace(" ", ""))
            except ValueError:
                continue
            if value > 0:
                found.append((m.start(), value))
    return _unique(v for _, v in sorted(found))


def extract_demands(text: str) -> list[str]:
    hits: list[tuple[int, str]] = []
    for code, pattern in _DEMAND_RE:
        for m in pattern.finditer(text):
            if not _NEGATION.search(text[max(0, m.start() - 6):m.start()]):
                hits.append((m.start(), code))
                break
    return _unique(code for _, code in sorted(hits))


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def extract_products(text: str, catalogue: Iterable[str]) -> list[str]:
    """Catalogue names mentioned in the text, by full name or by the name's head word (智能电饭煲 of 智能电饭煲 4L)."""
    squashed = _squash(text)
    found: list[tuple[int, str]] = []
    for name in catalogue:
        full = _squash(name)
        head = next((t.lower() for t in name.split() if _CJK.search(t)), "")
        # 变频空调 → also 空调; 智能电饭煲 → also 电饭煲 (customers name the thing, not the model).
        probes = (full, head, head[-3:], head[-2:]) if len(head) >= 4 else (full, head)
        for probe in probes:
            if len(probe) >= 2 and (pos := squashed.find(probe)) >= 0:
                found.append((pos, name))
                break
    return _unique(n for _, n in sorted(found))


def extract(text: str, *, today: dt.date, catalogue: Iterable[str] = (),
            order_patterns: Sequence[re.Pattern[str]] | None = None, region: str = "CN") -> Extraction:
    """Everything at once; order-number spans are excluded from phone and amount matching."""
    orders = extract_order_numbers(text, order_patterns)
    order_spans = [(s, e) for s, e, _ in orders]
    return Extraction(
        order_numbers=_unique(o for _, _, o in orders),
        phones=extract_phones(text, region=region, exclude=order_spans),
        amounts=extract_amounts(text, exclude=order_spans),
        dates=_unique(d for _, d in extract_dates(text, today=today)),
        products=extract_products(text, catalogue),
        demands=extract_demands(text),
    )
