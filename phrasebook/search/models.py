"""The table of search keys: one row per phrase (written by :mod:`.index`)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Text
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
