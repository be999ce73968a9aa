"""Rendered reader pages kept in memory, for visitors who are not signed in.

Reader pages are the same for every anonymous visitor with the same language pair, regional
variant and interface language, and they only change when the phrase book does. So a page is
rendered once and kept, keyed by those choices, its path and query, and the store's
*generation* (``UnitOfWork.generation``: it goes up with every committed change, in whichever
process made it). A request first reads the generation (one small query); a page kept at
that generation is still exactly what rendering would produce, so it is sent as it is.

Only what cannot depend on anyone's session is kept: no signed-in account (editors see edit
controls, tokens go with API calls), an empty session (no flashed messages), a 200 answer
that set no cookie and did not touch the session (a CSRF token). Each process has its own
cache, bounded in bytes (``PHRASEBOOK_PAGE_CACHE_MB``, 0 turns it off); the least recently
used pages go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, current_app, make_response, request, session
from werkzeug.wrappers import Response

from phrasebook import reading

from .auth import current_account
from .extensions import get_store
from .i18n import current_pair, ui_locale

F = TypeVar("F", bound=Callable[..., Any])

EXTENSION = "phrasebook_page_cache"


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    mimetype: str


class PageCache:
    """A thread-safe least-recently-used map of pages, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple[object, ...], KeptPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[object, ...]) -> KeptPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                self.misses += 1
                return None
            self._pages.move_to_end(key)
            self.hits += 1
            return page

    def put(self, key: tuple[object, ...], page: KeptPage) -> None:
        size = len(page.body)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, evicted = self._pages.popitem(last=False)
                self._bytes -= len(evicted.body)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)


def init_page_cache(app: Flask, max_bytes: int) -> None:
    app.extensions[EXTENSION] = PageCache(max_bytes) if max_bytes > 0 else None


def _cache() -> PageCache | None:
    return cast(PageCache | None, current_app.extensions.get(EXTENSION))


def _shareable_request() -> bool:
    # Reading the session loads it from the cookie; an empty one is what anonymous visitors
    # without flashed messages have.
    return current_account() is None and not session


def kept_page(view: F) -> F:
    """Serve a reader view from the page cache when the visitor is anonymous."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        cache = _cache()
        if cache is None or not _shareable_request():
            return view(*args, **kwargs)
        pair = current_pair()
        key = (
            reading.generation(get_store().uow()),
            ui_locale(),
            pair.reader,
            pair.target,
            pair.variant,
            request.host,  # the home page says whether phones can reach this address
            request.full_path,
        )
        page = cache.get(key)
        if page is not None:
            return Response(page.body, mimetype=page.mimetype)
        response: Response = make_response(view(*args, **kwargs))
        if (
            response.status_code == 200
            and not response.is_streamed
            and "Set-Cookie" not in response.headers
            and not session.modified
        ):
            cache.put(key, KeptPage(response.get_data(), response.mimetype or "text/html"))
        return response

    return cast(F, wrapped)
