"""Hand-written examples (corpus/written/*.tsv): whole reviews, car-owner
complaint summaries and social posts written one by one for Bihuan.

The generated corpus (generator.py, polarity.py) varies fragments inside a
few sentence shapes; these files add what composition cannot: real sentence
shapes, long mixed narratives, sarcasm, slang and domain vocabulary. Each line
is original text (see written/README.md; ``bench/corpus_leakage.py`` checks
them against the public data sets, which the writers never opened).

A stable hash of the text puts about one line in seven into a hold-out part
that is never trained on: ``bench/triage_blend_fit.py`` reports the shipped
engine's accuracy on it (own text the model never saw; the blend itself is
checked with out-of-topic models, see there).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

WRITTEN_DIR = Path(__file__).resolve().parent / "written"
# Files are named by kind: cars*.tsv, social*.tsv, enquiries*.tsv; every
# other file holds reviews labelled pos / neg.
CAR_PREFIX, SOCIAL_PREFIX, ENQUIRY_PREFIX = "cars", "social", "enquiries"
# Customers' messages to a service desk: questions, suggestions and thanks are
# not complaints; a complaint (often asked as a question: "你们客服是摆设吗？")
# is labelled as one, with no sub-category.
_ENQUIRY = {"question": "policy_question", "suggestion": "suggestion", "thanks": "praise"}
# Social posts use six everyday emotions; Bihuan's four map from them.
_EMOTION = {
    "angry": "angry",
    "fear": "anxious",
    "sad": "disappointed",
    "happy": "calm",
    "neutral": "calm",
    "surprise": "calm",
}
_HOLDOUT_SHARE = 7  # one in seven


def files_of(kind: str) -> list[str]:
    """The stems of the files of one kind: "cars", "social", "enquiries" or "reviews"."""
    stems = sorted(p.stem for p in WRITTEN_DIR.glob("*.tsv"))
    if kind == "reviews":
        return [s for s in stems if not s.startswith((CAR_PREFIX, SOCIAL_PREFIX, ENQUIRY_PREFIX))]
    return [s for s in stems if s.startswith(kind)]


def is_holdout(text: str) -> bool:
    return hashlib.sha1(text.encode()).digest()[0] % _HOLDOUT_SHARE == 0


def _rows(name: str, fields: int) -> list[list[str]]:
    path = WRITTEN_DIR / f"{name}.tsv"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == fields and parts[-1].strip():
            out.append([p.strip() for p in parts])
    return out


def _review(label: str, text: str, domain: str) -> dict[str, Any] | None:
    if label not in ("pos", "neg"):
        return None
    if label == "pos":
        return {"text": text, "is_complaint": False, "category": "other", "subcategory": "praise",
                "emotion": "calm", "demand": "none", "domain": domain}
    # A negative review is a complaint; which sub-category it is and how the
    # writer feels are not labelled (left to the heads trained on complaints).
    return {"text": text, "is_complaint": True, "domain": domain}


def _enquiry(label: str, text: str, domain: str) -> dict[str, Any] | None:
    if label == "complaint":
        return {"text": text, "is_complaint": True, "domain": domain}
    if label not in _ENQUIRY:
        return None
    rec = {"text": text, "is_complaint": False, "category": "other", "subcategory": _ENQUIRY[label],
           "emotion": "calm", "domain": domain}
    if label == "thanks":
        rec["demand"] = "none"  # a question or suggestion asks for something; its demand is left unlabelled
    return rec


def _car(label: str, subs: str, text: str, domain: str) -> list[dict[str, Any]]:
    codes = [s.strip() for s in subs.split(",") if "." in s]
    if label not in ("product", "service", "both") or not codes:
        return []
    # Dealer fees count as service on car platforms: such a line is labelled
    # "service" by its writer while its code is other.billing_dispute.
    return [
        {"text": text, "is_complaint": True, "category": c.split(".")[0], "subcategory": c.split(".")[1],
         "car_label": label, "domain": domain}
        for c in codes
    ]


@lru_cache(maxsize=1)
def written_examples() -> tuple[dict[str, Any], ...]:
    """Every hand-written example, each tagged with ``holdout``."""
    out: list[dict[str, Any]] = []
    for name in files_of("reviews"):
        for label, text in _rows(name, 2):
            rec = _review(label, text, name)
            if rec:
                out.append(rec)
    for name in files_of(CAR_PREFIX):
        for label, subs, text in _rows(name, 3):
            out.extend(_car(label, subs, text, name))
    for name in files_of(ENQUIRY_PREFIX):
        for label, text in _rows(name, 2):
            rec = _enquiry(label, text, name)
            if rec:
                out.append(rec)
    for name in files_of(SOCIAL_PREFIX):
        for emotion, text in _rows(name, 2):
            if emotion in _EMOTION:
                out.append({"text": text, "emotion": _EMOTION[emotion], "emotion6": emotion, "domain": name})
    for rec in out:
        rec["holdout"] = is_holdout(rec["text"])
    return tuple(out)


def written_training(weight: float) -> list[dict[str, Any]]:
    """The training part, each example weighted ``weight`` (one hand-written
    line is worth several generated ones)."""
    return [dict(e, weight=weight) for e in written_examples() if not e["holdout"]]


def written_holdout() -> list[dict[str, Any]]:
    return [e for e in written_examples() if e["holdout"]]
