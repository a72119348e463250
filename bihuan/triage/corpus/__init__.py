"""Bihuan's own labelled complaint corpus (synthetic, composed from fragments)."""

from bihuan.triage.corpus.generator import generate_corpus, training_corpus

__all__ = ["generate_corpus", "training_corpus"]
