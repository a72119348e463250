"""Text normalisation shared by rules, models and the corpus."""

from __future__ import annotations

import unicodedata

# NFKC folds full-width digits/letters/punctuation ("１２３１５", "！") to ASCII;
# lower() lets English cues match regardless of case. Length is preserved for
# almost all CJK text, which keeps reason spans valid on the original text; when
# it is not preserved the engine drops spans rather than report wrong ones.


def normalize(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).lower()
