"""The tables of search keys, one row per phrase, and of their words (written by :mod:`.index`)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base


class SearchKey(Base):
    """One row per phrase: the normalized lines queries are matched against. Queries made
    only of initial consonants (ㄱㅅ) are matched against ``initials``, others against ``key``."""

    __tablename__ = "search_keys"

    phrase_id: Mapped[int] = mapped_column(
        ForeignKey("phrases.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(Text)
    initials: Mapped[str] = mapped_column(Text)
    # the language of each line of ``key``, one per line (to rank the reader's languages first)
    langs: Mapped[str] = mapped_column(Text, server_default="")
    # the languages (tags, space-separated) whose translation of the phrase is reviewed, to
    # put reviewed phrases first without looking up their translations on each search
    reviewed: Mapped[str] = mapped_column(Text, server_default="")


class SearchWord(Base):
    """Every word of the keys (normalized, four letters or more), for matching typos
    (:mod:`.typos`). Rows are only ever added: ``id`` tells a reader what is new since it last
    looked, and a word no phrase holds any more can only suggest a spelling that then matches
    nothing."""

    __tablename__ = "search_words"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused (see above)

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(Text, unique=True)


SEARCH_KEYS = cast(Table, SearchKey.__table__)
SEARCH_WORDS = cast(Table, SearchWord.__table__)
