"""Access to the objects the factory binds to the app."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from phrasebook.store import Store

# Bound to the app in create_app; every POST/PUT/PATCH/DELETE needs a CSRF token, except
# JSON API calls signed with a bearer token (see app/api).
csrf = CSRFProtect()
# Bound in create_app by app.i18n.init_i18n (locale selector, catalog folder).
babel = Babel()


def get_store() -> Store:
    store: Store = current_app.extensions["phrasebook_store"]
    return store
