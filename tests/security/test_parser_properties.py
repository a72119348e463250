"""Properties of the parsers that take outside input: signatures, channel payloads, import rows.

Whatever arrives, each parser either accepts it or refuses it with its own error type; nothing
else escapes (an escaping exception is a 500 or a crashed import). Pure Python, no database.
(Extraction from free text has its own properties in bihuan/intake/tests/test_extraction.py.)
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bihuan.intake.adapters import ADAPTERS
from bihuan.intake.services.importing.rows import TARGET_FIELDS, parse_mapping, resolve_mapping, validate_row
from bihuan.intake.services.signatures import SignatureError, sign, verify

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = 1_790_000_000
# Text as it really arrives: Chinese, emoji, RTL marks, control characters, lone surrogates.
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60) | st.sampled_from(
    ["冰箱坏了😡", "\u202eرفض", "<script>alert(1)</script>", "\ud800", "\x00", "２０２６-１１-２２", "  "])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12)


@FAST
@given(secret=st.text(min_size=1, max_size=40),
       body=st.binary(max_size=300), skew=st.integers(-299, 299))
def test_a_body_signed_with_the_secret_within_the_window_verifies(secret, body, skew):
    try:
        secret.encode()
    except UnicodeEncodeError:
        return  # a secret from the environment is always encodable
    ts = str(NOW + skew)
    verify(secrets=["other", secret], body=body, timestamp=ts, signature=sign(secret, ts, body),
           tolerance=300, now=NOW)


@FAST
@given(body=st.binary(max_size=200), flip=st.integers(0, 10_000), extra=st.binary(min_size=1, max_size=5))
def test_any_change_to_the_body_breaks_the_signature(body, flip, extra):
    ts = str(NOW)
    signature = sign("s3cret", ts, body)
    if body:
        i = flip % len(body)
        tampered = body[:i] + bytes([body[i] ^ 0x01]) + body[i + 1:]
    else:
        tampered = extra
    with pytest.raises(SignatureError) as error:
        verify(secrets=["s3cret"], body=tampered, timestamp=ts, signature=signature, tolerance=300, now=NOW)
    assert error.value.code == "bad_signature"


@FAST
@given(timestamp=TEXT | st.integers().map(str), signature=TEXT, body=st.binary(max_size=50))
@example(timestamp="9" * 400, signature="sha256=00", body=b"")
@example(timestamp="-" + "9" * 5000, signature="sha256=00", body=b"")
@example(timestamp="١٧٩٠٠٠٠٠٠٠", signature="sha256=00", body=b"")
def test_arbitrary_signature_headers_are_refused_only_with_a_signature_error(timestamp, signature, body):
    try:
        verify(secrets=["s3cret"], body=body, timestamp=timestamp, signature=signature, tolerance=300,
               now=time.time())
    except SignatureError as error:
        assert error.code in {"missing_signature", "bad_timestamp", "stale_timestamp", "bad_signature"}
    else:
        pytest.fail("an arbitrary signature verified")


@FAST
@given(channel=st.sampled_from(sorted(ADAPTERS)), data=JSON)
def test_any_json_is_a_draft_or_a_validation_error_for_every_channel(channel, data):
    adapter = ADAPTERS[channel]
    try:
        payload = adapter.schema.model_validate(data)
    except ValidationError:
        return
    draft = adapter.draft(payload)
    assert draft.channel == channel and isinstance(draft.description, str)


@FAST
@given(channel=st.sampled_from(sorted(ADAPTERS)), data=st.data())
def test_every_channel_example_with_fields_replaced_by_odd_values_never_escapes(channel, data):
    adapter = ADAPTERS[channel]
    payload = dict(adapter.example)
    for key in data.draw(st.lists(st.sampled_from(sorted(payload)), max_size=3, unique=True)):
        payload[key] = data.draw(JSON)
    try:
        adapter.draft(adapter.schema.model_validate(payload))
    except ValidationError:
        pass


ROW_VALUE = TEXT | st.none() | st.integers() | st.floats(allow_nan=True) | st.datetimes() | st.dates() \
    | st.sampled_from(
    ["2026/11/22 10:00", "2026-02-30", "已结案", "电话", "退款", "red", "9999-12-31T23:59:59", "2026-11-22T25:00"])


@settings(max_examples=300, deadline=None)
@given(values=st.fixed_dictionaries({}, optional={f: ROW_VALUE for f in TARGET_FIELDS}), row=st.integers(1, 10**6))
def test_any_import_row_is_a_clean_dict_or_row_errors(values, row):
    clean, errors = validate_row(values, row, "phone", dt.datetime(2026, 11, 22, tzinfo=dt.UTC))
    if clean is None:
        assert errors and all(e.row == row and e.field in TARGET_FIELDS for e in errors)
        return
    assert not errors and clean["description"] and len(clean["description"]) <= 20_000
    assert len(clean["title"]) <= 200 and len(clean["phone"]) <= 32 and len(clean["order_no"]) <= 40
    assert len(clean["tags"]) <= 20 and clean["received_at"].tzinfo is not None


@FAST
@given(spec=TEXT | st.lists(st.tuples(TEXT, st.sampled_from([*TARGET_FIELDS, "nope"])), max_size=5).map(
    lambda pairs: ",".join(f"{a}={b}" for a, b in pairs)), headers=st.lists(TEXT, max_size=6))
def test_column_mappings_parse_or_say_which_target_is_unknown(spec, headers):
    try:
        mapping = parse_mapping(spec)
    except ValueError as error:
        assert "unknown target field" in str(error)
        return
    assert set(mapping.values()) <= set(TARGET_FIELDS)
    assert set(resolve_mapping(headers, mapping).values()) <= set(TARGET_FIELDS)
