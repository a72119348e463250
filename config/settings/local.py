"""Embedded defaults for `make run`: SQLite, debug toolbar-free, served on 127.0.0.1."""

from .base import *  # noqa: F403

DEBUG = True
