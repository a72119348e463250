"""One-pass cue matcher: finds rule terms and function words in a text.

Why not one big regex: Python's ``re`` tries every alternative at every
position, so ~2,000 literal cues would cost milliseconds per text. Here a dict
keyed by first character gives the few candidate terms at each position, and
the longest one wins (leftmost-longest, like a segmenter), so "不错" is one
positive cue rather than the negator "不" plus "错".

Scope handling in the same pass:
- clause boundaries (punctuation) and contrast words ("但是") end negation scope;
- a negator within ``negation_window`` chars before a cue negates it;
- a clause that contains a question marker or ends with "?" is a question;
- an intensifier within ``intensifier_window`` chars before a cue boosts it.

Terms that begin or end with a Latin letter or a digit match only as whole
words at that edge: "i" must not fire inside "rice", nor "12315" inside a
phone number such as 13912315000.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bihuan.triage.rules import RuleSet

_BOUNDARY = frozenset(",，。.!！?？;；\n~～…、:：")
_QMARK = frozenset("?？")
# Quotation marks around a cue: praise in quotes is not praise. After a
# marker of irony (服务真是“一流”) it is sarcasm; otherwise often a label
# (给了“好评”).
_OPEN_QUOTES = frozenset('"“「『\'‘')
_CLOSE_QUOTES = frozenset('"”」』\'’')
_IRONY = ("真", "好一个", "太", "多么", "可")

# Function-word kinds (bit flags so one term can be several kinds).
NEG, QUES, INTENS, CONTRAST, BLOCK, BOUND, RESERVE = 1, 2, 4, 8, 16, 32, 64


class Hit(NamedTuple):
    start: int
    end: int
    term: str
    rules: tuple[int, ...]  # indices into CompiledRules.rules
    negated: bool
    intensified: bool
    clause: int
    neg_gap: int = 99  # chars between the last negator in scope and the cue
    quoted: int = 0  # the cue alone is in quotation marks: 1, or 2 after an irony marker


class Scan(NamedTuple):
    hits: list[Hit]
    question_clauses: frozenset[int]
    exclaims: int  # "!" count, a cheap arousal cue
    questions: int  # "?" count
    # Start offsets of strong contrast markers ("但是", "可惜"): in "不错，但是很脏"
    # the clause after the marker carries the review's polarity.
    contrasts: tuple[int, ...] = ()
    # End offsets of reservation markers ("美中不足的是", "唯一的缺点"): what follows
    # is a small complaint inside praise, so its polarity cues count less.
    reservations: tuple[int, ...] = ()


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _inherit_prefix_rules(owners: dict[str, list[int]], flags: dict[str, int], rules: list) -> None:
    """Let a longer term also credit the rules of the terms it starts with that
    give evidence for another field.

    Leftmost-longest matching keeps only the longest term at a position, so the
    polarity cue "太慢了" used to hide the delivery-delay cue "太慢". Rules of the
    same field are not inherited ("好吃" must not also count as "好"), nor are
    one-character terms (the pos cue "好" inside "好多人"). Praise never passes
    on or takes a problem: a positive cue is often the first word of a
    complaint idiom ("良心" in "良心被狗吃"), and a longer praise, enquiry or
    disclaimer term exists to override what it starts with ("质量不错" is not
    the quality problem "质量", "怎么办理" is not the anxious "怎么办").
    Blockers inherit nothing: hiding shorter cues is what they are for.
    """

    def overrides(i: int) -> bool:
        r = rules[i]
        return (r.field == "sentiment" and r.value == "pos") or r.field == "complaint" or (
            r.field == "subcategory" and r.value.startswith("other.") and r.value != "other.billing_dispute"
        )

    for term in sorted(owners, key=len):
        if flags.get(term, 0) & BLOCK or any(overrides(i) for i in owners[term]):
            continue
        fields = {rules[i].field for i in owners[term]}
        for k in range(2, len(term)):
            for i in owners.get(term[:k], ()):
                if rules[i].field not in fields and i not in owners[term] and not overrides(i):
                    owners[term].append(i)


def _edges(term: str) -> int:
    """Which edges of ``term`` need a word boundary: 1 = start, 2 = end."""
    return (1 if _alnum(term[0]) else 0) | (2 if _alnum(term[-1]) else 0)


def _edges_ok(text: str, start: int, end: int, edges: int) -> bool:
    if edges & 1 and start > 0 and _alnum(text[start - 1]):
        return False
    return not (edges & 2 and end < len(text) and _alnum(text[end]))


class CompiledRules:
    """Index built once per RuleSet; ``scan`` is the hot path."""

    def __init__(self, ruleset: RuleSet) -> None:
        p = ruleset.params
        self.rules = [r for r in ruleset.rules if r.enabled]
        self.neg_window = int(p["negation_window"])
        self.esc_neg_window = int(p["escalation_negation_window"])
        self.int_window = int(p["intensifier_window"])
        flags: dict[str, int] = {}
        for kind, name in (
            (NEG, "negation"),
            (QUES, "question"),
            (INTENS, "intensifier"),
            (CONTRAST, "contrast"),
            (BLOCK, "blocker"),
            (RESERVE, "reservation"),
        ):
            for t in ruleset.lexicons.get(name, ()):
                flags[t] = flags.get(t, 0) | kind
        owners: dict[str, list[int]] = {}
        self.patterns: list[tuple[int, re.Pattern[str]]] = []
        for i, r in enumerate(self.rules):
            for t in r.terms:
                owners.setdefault(t, []).append(i)
            if r.pattern:
                self.patterns.append((i, re.compile(r.pattern)))
        _inherit_prefix_rules(owners, flags, self.rules)
        index: dict[str, list[tuple[str, tuple[int, ...], int, int]]] = {}
        for t in set(flags) | set(owners):
            index.setdefault(t[0], []).append((t, tuple(owners.get(t, ())), flags.get(t, 0), _edges(t)))
        for ch in _BOUNDARY:
            index.setdefault(ch, []).append((ch, (), BOUND, 0))
        for cands in index.values():
            cands.sort(key=lambda c: -len(c[0]))  # longest first
        self.index = index
        # Hot-path views of the same index: multi-character terms keyed by their
        # first two characters (a few candidates each instead of dozens), and
        # single-character terms by the character.
        self.first = frozenset(index)
        self.single = {c: next(x for x in cands if len(x[0]) == 1)
                       for c, cands in index.items() if len(cands[-1][0]) == 1}
        index2: dict[str, list[tuple[str, tuple[int, ...], int, int]]] = {}
        for cands in index.values():
            for cand in cands:
                if len(cand[0]) > 1:
                    index2.setdefault(cand[0][:2], []).append(cand)  # stays longest first
        self.index2 = index2
        self.strong_contrast = frozenset(ruleset.lexicons.get("strong_contrast", ()))
        self.escalation_ids = frozenset(i for i, r in enumerate(self.rules) if r.field == "escalation")

    def scan(self, text: str) -> Scan:
        hits: list[Hit] = []
        qclauses: set[int] = set()
        clause = 0
        clause_start = 0
        neg_end = -100  # end offset of the last negator in the current scope
        int_end = -100
        exclaims = questions = 0
        contrasts: list[int] = []
        reserves: list[int] = []
        strong = self.strong_contrast
        i, n = 0, len(text)
        first, single, index2 = self.first, self.single, self.index2
        while i < n:
            ch = text[i]
            if ch not in first:
                i += 1
                continue
            cand = None
            multi = index2.get(text[i : i + 2])
            if multi is not None:
                for c in multi:
                    if (len(c[0]) == 2 or text.startswith(c[0], i)) and (
                        not c[3] or _edges_ok(text, i, i + len(c[0]), c[3])
                    ):
                        cand = c
                        break
            if cand is None:
                cand = single.get(ch)
                if cand is None or (cand[3] and not _edges_ok(text, i, i + 1, cand[3])):
                    i += 1
                    continue
            term, owners, kind, _edge = cand
            end = i + len(term)
            if owners:
                gap_neg = i - neg_end
                negated = gap_neg <= self.neg_window or (
                    gap_neg <= self.esc_neg_window and not self.escalation_ids.isdisjoint(owners)
                )
                quoted = 0
                if 0 < i and end < n and text[i - 1] in _OPEN_QUOTES and text[end] in _CLOSE_QUOTES:
                    quoted = 2 if any(m in text[max(0, i - 4) : i - 1] for m in _IRONY) else 1
                hits.append(
                    Hit(i, end, term, owners, negated, i - int_end <= self.int_window, clause, gap_neg, quoted)
                )
            if kind:
                if kind & BOUND:
                    if term in _QMARK:
                        qclauses.add(clause)
                        questions += 1
                    elif term in "!！":
                        exclaims += 1
                    clause += 1
                    clause_start = end
                    neg_end = int_end = -100
                else:
                    if kind & NEG:
                        neg_end = end
                    if kind & QUES:
                        qclauses.add(clause)
                    if kind & INTENS:
                        int_end = end
                    if kind & CONTRAST:
                        neg_end = -100  # "虽然不贵，但是很差": scope resets
                        if term in strong:
                            contrasts.append(i)
                    if kind & RESERVE:
                        reserves.append(end)
            i = end
        del clause_start
        if self.patterns:
            hits.extend(self._pattern_hits(text, hits))
        return Scan(hits, frozenset(qclauses), exclaims, questions, tuple(contrasts), tuple(reserves))

    def _pattern_hits(self, text: str, hits: list[Hit]) -> list[Hit]:
        # Regex rules are rare; they get no negation/intensifier handling beyond
        # what the pattern itself expresses, and their clause is looked up.
        out = []
        for idx, pat in self.patterns:
            for m in pat.finditer(text):
                clause = sum(1 for ch in text[: m.start()] if ch in _BOUNDARY)
                out.append(Hit(m.start(), m.end(), m.group(0), (idx,), False, False, clause))
        return out
