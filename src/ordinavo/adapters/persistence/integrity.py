"""Telling a duplicate key apart from other integrity errors, on both databases."""

from __future__ import annotations


def is_duplicate_key(error: Exception) -> bool:
    """SQLite and asyncpg report unique violations differently; both mean 'duplicate'."""
    text = str(getattr(error, "orig", error)).lower()
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None) or getattr(
        getattr(getattr(error, "orig", None), "__cause__", None), "sqlstate", None
    )
    return sqlstate == "23505" or "unique" in text or "duplicate" in text
