"""Execution-plan templates and agent assistance, without the database."""

from bihuan.resolution.policy import assist, plans
from bihuan.resolution.policy import tiers as t


def test_a_return_plan_runs_request_pickup_warehouse_refund_then_confirmation():
    steps = plans.plan_for(["return", "coupon"])
    assert [s.code for s in steps] == ["return_requested", "coupon_issued", "pickup", "warehouse_received",
                                       "refund_paid", "customer_confirmed"]
    assert [s.days for s in steps] == [0, 0, 2, 5, 8, 9]
    assert "refund_requested" not in [s.code for s in plans.plan_for(["return", "refund_partial"])]


def test_blame_shifting_and_dismissive_phrases_are_flagged_and_rewritten():
    check = assist.plain_language_check("这是快递的问题，不归我们管。你冷静一点，这点小事。")
    assert [f.kind for f in check.flags] == ["blame", "dismissive", "dismissive"]
    assert "不归我们管" not in check.rewrite and "冷静一点" not in check.rewrite
    assert check.rewrite.startswith("非常抱歉")
    assert "跟进" in check.rewrite


def test_jargon_gets_a_plain_word_and_clean_text_passes():
    check = assist.plain_language_check("逆向物流揽收后原路退回。")
    assert {f.kind for f in check.flags} == {"jargon"}
    assert check.rewrite == "退货快递快递员上门取件后退回到您付款时使用的账户。"
    assert assist.plain_language_check("您好，退款已经为您申请了。").ok
    english = assist.plain_language_check("Calm down, it's not our problem.")
    assert {f.kind for f in english.flags} == {"dismissive", "blame"}
    assert english.rewrite.startswith("I completely understand")


def test_closeout_summary_reads_the_agreed_remedy_back():
    lines = t.parse_lines([{"type": "refund_full"}])
    assert assist.closeout_summary(lines) == "退款已申请，预计3个工作日内到账，对吗？"
    lines = t.parse_lines([{"type": "reship"}, {"type": "coupon", "amount": "20"}])
    text = assist.closeout_summary(lines, promised="11月25日")
    assert text == "补发已安排，预计11月25日前送达；20.00元优惠券已发到您的账户，对吗？"
    assert assist.closeout_summary(lines, language="en").endswith("— is that right?")


def test_talk_tracks_follow_emotion_and_conflict():
    angry = assist.talk_tracks(emotion="angry", stage="verifying", high_conflict=False, language="zh-hans")
    assert angry.approach == "先共情，再解决" and "心情" in angry.lines[0]
    conflict = assist.talk_tracks(emotion="calm", stage="resolving", high_conflict=True, language="en")
    assert conflict.approach == "Listen – confirm – commit"
