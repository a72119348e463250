"""Chinese numerals to integers: 两百 → 200, 一千五 → 1500, 三万二 → 32000, 壹佰 → 100.

Pure Python, no Django. Handles everyday (一二两三…十百千万亿) and financial
(壹贰叁…拾佰仟) characters, the colloquial dropped trailing unit (一千五 means
1500, 三万二 means 32000) and mixed forms like 1.5万 or 3千.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def _section(text: str) -> int:
    """A run below 万: 一千五百二十 → 1520; 一千五 → 1500 (dropped unit); 十五 → 15."""
    total, digit, last_unit = 0, None, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            raise ValueError(f"not a numeral: {ch!r}")
    if digit is not None:
        # 一千五: a trailing digit right after a unit means one unit lower (500);
        # after 零 (一千零五) or with no unit it is just the digit.
        if last_unit and len(text) >= 2 and text[-2] in SMALL_UNITS:
            total += digit * (last_unit // 10)
        else:
            total += digit
    return total


def chinese_to_int(text: str) -> int:
    """Parse a Chinese numeral; raises ValueError if `text` is not one."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # Digit-by-digit reading (二零二六 → 2026), as in years and codes.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section_start = 0, 0
    result = 0
    for i, ch in enumerate(text):
        if ch in BIG_UNITS:
            head = text[section_start:i]
            value = _section(head) if head else (1 if result == 0 and total == 0 else 0)
            total = (total + value) * BIG_UNITS[ch]
            if BIG_UNITS[ch] == 100_000_000:
                result, total = result + total, 0
            section_start = i + 1
    tail = text[section_start:]
    if tail:
        value = _section(tail)
        big_before = section_start > 0 and text[section_start - 1] in BIG_UNITS
        if big_before and len(tail) == 1 and tail in DIGITS:
            # 三万二 → 32000: a lone trailing digit after 万 counts thousands.
            unit = BIG_UNITS[text[section_start - 1]]
            value *= unit // 10
        total += value
    return result + total


def parse_number(text: str) -> Decimal:
    """Arabic (1,299.5 / 1.5万 / 3千) or Chinese numerals to a Decimal; ValueError otherwise."""
    raw = text.replace(",", "").replace("，", "").strip()
    if not raw:
        raise ValueError("empty number")
    multiplier = Decimal(1)
    while raw and raw[-1] in "万萬千仟百佰亿億" and any(c.isdigit() for c in raw):
        unit = raw[-1]
        multiplier *= {"万": 10_000, "萬": 10_000, "千": 1000, "仟": 1000, "百": 100, "佰": 100,
                       "亿": 100_000_000, "億": 100_000_000}[unit]
        raw = raw[:-1]
    if raw and all(c.isdigit() or c == "." for c in raw):
        try:
            return Decimal(raw) * multiplier
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None
    return Decimal(chinese_to_int(raw)) * multiplier
