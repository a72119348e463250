"""Extraction from free text: pure Python, no database (hypothesis properties + examples)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bihuan.intake.extraction import (
    chinese_to_int,
    compile_order_patterns,
    extract,
    extract_amounts,
    extract_demands,
    extract_order_numbers,
    extract_phones,
    extract_products,
)
from bihuan.intake.extraction.dates import extract_dates

TODAY = dt.date(2026, 11, 25)  # a Wednesday
DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Reference writer for 1..99,999,999 (standard form with 零 and 十 rules)."""
    def below_10000(x: int, leading: bool) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            if value == 10 and d == 1 and not out and leading:
                out += "十"
            else:
                out += DIGITS[d] + unit
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, False)
    return text


@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    assert chinese_to_int(to_chinese(n)) == n


@pytest.mark.parametrize("text, value", [
    ("两百", 200), ("一千五百", 1500), ("一千五", 1500), ("三万二", 32000), ("十五", 15),
    ("一百零五", 105), ("壹佰", 100), ("贰仟叁佰", 2300), ("一百一", 110),
])
def test_colloquial_and_financial_numerals(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text, amounts", [
    ("退我两百元就行", [Decimal(200)]),
    ("花了一千五百块买的", [Decimal(1500)]),
    ("赔偿1.5万元", [Decimal(15000)]),
    ("¥299 的空气炸锅", [Decimal(299)]),
    ("paid 1,299.50 yuan for it", [Decimal("1299.50")]),
    ("3千块钱打水漂", [Decimal(3000)]),
])
def test_amounts_in_yuan(text, amounts):
    assert extract_amounts(text) == amounts


@given(st.integers(min_value=1, max_value=9_999_999))
def test_any_amount_written_in_chinese_with_yuan_is_found(n):
    assert extract_amounts(f"我要求退还{to_chinese(n)}元。") == [Decimal(n)]


MOBILE_PREFIXES = ["130", "135", "138", "139", "150", "152", "158", "177", "186", "188"]


@given(st.sampled_from(MOBILE_PREFIXES), st.integers(min_value=0, max_value=10**8 - 1),
       st.text(alphabet="投诉电话我的是，。 ", max_size=6))
def test_mainland_mobile_numbers_are_found_in_chinese_text(head, rest, prefix):
    number = f"{head}{rest:08d}"
    assert number in extract_phones(f"{prefix}{number}，尽快回电")


def test_phones_in_international_and_landline_forms():
    assert extract_phones("call +86 139-1234-5678 or 010-88886666") == ["13912345678", "1088886666"]


@given(st.sampled_from(["TB", "JD", "DY", "WX", "PDD"]), st.integers(min_value=10**11, max_value=10**16))
def test_prefixed_order_numbers_are_found_and_not_taken_for_phones(prefix, digits):
    text = f"订单{prefix}{digits}还没发货"
    found = extract(text, today=TODAY)
    assert found.order_numbers == [f"{prefix}{digits}"]
    assert found.phones == []


def test_bare_order_digits_need_an_order_keyword_and_patterns_are_configurable():
    assert extract_order_numbers("订单号：123456789012345678") == [(4, 22, "123456789012345678")]
    assert extract_order_numbers("号码123456789012345678") == []
    custom = compile_order_patterns([r"\b(SO-\d{6})\b"])
    assert [o for _, _, o in extract_order_numbers("单据 SO-123456 已签收", custom)] == ["SO-123456"]


@pytest.mark.parametrize("text, date", [
    ("昨天收到的", dt.date(2026, 11, 24)), ("前天下午", dt.date(2026, 11, 23)),
    ("上周三买的", dt.date(2026, 11, 18)), ("本周一", dt.date(2026, 11, 23)),
    ("11月20日到货", dt.date(2026, 11, 20)), ("12月30号下单", dt.date(2025, 12, 30)),
    ("2026-11-20 签收", dt.date(2026, 11, 20)), ("2026年3月8日", dt.date(2026, 3, 8)),
    ("三天前", dt.date(2026, 11, 22)), ("yesterday", dt.date(2026, 11, 24)),
    ("last Friday", dt.date(2026, 11, 20)), ("十一月二十日", dt.date(2026, 11, 20)),
])
def test_dates_resolve_against_the_reference_day(text, date):
    assert [d for _, d in extract_dates(text, today=TODAY)] == [date]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_iso_dates_round_trip(date):
    assert [d for _, d in extract_dates(f"于{date.isoformat()}发生", today=TODAY)] == [date]


@pytest.mark.parametrize("text, demands", [
    ("要求退款并道歉", ["refund", "apology"]),
    ("我不要退款，给我换货", ["exchange"]),
    ("请尽快补发", ["reship"]),
    ("必须赔偿我的损失，还要给个说法", ["compensation", "explanation"]),
    ("退货退款", ["return", "refund"]),
    ("I want a refund and an apology", ["refund", "apology"]),
    ("只是咨询一下", []),
])
def test_demands(text, demands):
    assert extract_demands(text) == demands


def test_products_come_from_the_catalogue_passed_in():
    catalogue = ["智能电饭煲 4L", "变频空调 1.5匹", "无线蓝牙耳机", "5G 智能手机 256G"]
    assert extract_products("空调不制冷，电饭煲也坏了", catalogue) == ["变频空调 1.5匹", "智能电饭煲 4L"]
    assert extract_products("5G信号差", catalogue) == []


@given(st.text(max_size=300))
def test_extraction_never_fails_on_arbitrary_text(text):
    extract(text, today=TODAY, catalogue=["智能电饭煲 4L"])


def test_the_module_imports_no_django():
    import subprocess
    import sys

    code = ("import sys, bihuan.intake.extraction as e; "
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django'")
    subprocess.run([sys.executable, "-c", code], check=True)
