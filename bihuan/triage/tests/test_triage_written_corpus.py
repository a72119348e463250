"""The hand-written corpus files are well-formed and feed training as labelled."""

from __future__ import annotations

from collections import Counter

import pytest

from bihuan.triage.corpus import training_corpus
from bihuan.triage.corpus.written import (
    WRITTEN_DIR,
    files_of,
    is_holdout,
    written_examples,
    written_holdout,
    written_training,
)
from bihuan.triage.labels import subcategory_codes

REVIEW_FILES, CAR_FILES, SOCIAL_FILES = files_of("reviews"), files_of("cars"), files_of("social")
ENQUIRY_FILES = files_of("enquiries")
FIELDS = {**{n: 2 for n in REVIEW_FILES + SOCIAL_FILES + ENQUIRY_FILES}, **{n: 3 for n in CAR_FILES}}
LABELS = {
    **{n: {"pos", "neg"} for n in REVIEW_FILES},
    **{n: {"question", "suggestion", "thanks", "complaint"} for n in ENQUIRY_FILES},
    **{n: {"product", "service", "both"} for n in CAR_FILES},
    **{n: {"angry", "sad", "fear", "happy", "surprise", "neutral"} for n in SOCIAL_FILES},
}


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_line_is_well_formed_and_unique(name):
    path = WRITTEN_DIR / f"{name}.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 500, f"{name}.tsv is missing or short"
    bad = [n for n, line in enumerate(lines, 1) if len(line.split("\t")) != FIELDS[name]]
    assert not bad, f"{name}.tsv lines with the wrong number of fields: {bad[:10]}"
    labels = Counter(line.split("\t")[0] for line in lines)
    assert set(labels) <= LABELS[name], set(labels) - LABELS[name]
    assert min(labels.values()) >= 0.04 * len(lines), labels  # no label is a token presence
    texts = [line.split("\t")[-1].strip() for line in lines]
    assert all(texts)
    dupes = [t for t, c in Counter(texts).items() if c > 1]
    assert len(dupes) <= 0.01 * len(lines), dupes[:10]
    if name in CAR_FILES:
        codes = {c for line in lines for c in line.split("\t")[1].split(",")}
        assert codes <= set(subcategory_codes()), codes - set(subcategory_codes())


def test_examples_carry_the_labels_of_their_file():
    ex = written_examples()
    reviews = [e for e in ex if e["domain"] in REVIEW_FILES]
    assert all(e["is_complaint"] == ("subcategory" not in e) for e in reviews)  # neg: complaint, no sub
    assert all(e["subcategory"] == "praise" for e in reviews if not e["is_complaint"])
    cars = [e for e in ex if e["domain"] in CAR_FILES]
    assert all(e["is_complaint"] and e["category"] in ("product", "service", "other") for e in cars)
    # A line labelled "both" yields one example per code, so the softmax shares probability.
    both = Counter(e["text"] for e in cars if e["car_label"] == "both")
    assert max(both.values()) >= 2
    enquiries = [e for e in ex if e["domain"] in ENQUIRY_FILES]
    assert {e["subcategory"] for e in enquiries if not e["is_complaint"]} == {"policy_question", "suggestion", "praise"}
    assert all("subcategory" not in e for e in enquiries if e["is_complaint"])
    social = [e for e in ex if e["domain"] in SOCIAL_FILES]
    assert {e["emotion"] for e in social} == {"angry", "anxious", "disappointed", "calm"}
    assert all("is_complaint" not in e for e in social)


def test_holdout_is_stable_about_one_in_seven_and_never_trained_on():
    assert is_holdout("房间很干净") == is_holdout("房间很干净")
    ex = written_examples()
    share = sum(e["holdout"] for e in ex) / len(ex)
    assert 0.1 < share < 0.19
    held = {e["text"] for e in written_holdout()}
    train = written_training(3.0)
    assert not held & {e["text"] for e in train}
    assert all(e["weight"] == 3.0 for e in train)
    corpus = training_corpus(200, seed=1)
    assert not held & {e["text"] for e in corpus}
    assert len(corpus) == len(training_corpus(200, seed=1, written_weight=0)) + len(train)
