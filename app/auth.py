"""Accounts in the web app: sign in and out, who is signed in, roles, and the app's security
settings (secret key, cookies, CSRF, request size).

The session cookie carries the user's id and a key derived from their password hash, so
changing a password signs out every other session. The JSON API also accepts
``Authorization: Bearer <token>`` (tokens from ``phrasebook user token NAME``).
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from phrasebook.config import Settings
from phrasebook.uow import UnitOfWork
from phrasebook.users import (
    Account,
    Role,
    account_by_id,
    account_for_token,
    authenticate,
    end_sessions,
)

from .extensions import get_store
from .redirects import safe_next

bp = Blueprint("auth", __name__)

SECRET_KEY_FILE = "secret_key"
# Multipart form framing around an uploaded file, on top of the import size limit.
FORM_OVERHEAD_BYTES = 64 * 1024

F = TypeVar("F", bound=Callable[..., Any])


# --- app set-up ------------------------------------------------------------------------------


def ensure_secret_key(data_dir: Path) -> str:
    """Read ``<data_dir>/secret_key``, creating it (mode 0600) with 64 random hex digits."""
    path = data_dir / SECRET_KEY_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        descriptor = -1
    if descriptor < 0:
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise RuntimeError(f"{path}: secret key is too short; delete the file to renew it")
        return key
    key = secrets.token_hex(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def init_security(app: Flask, settings: Settings) -> None:
    """Secret key, cookie flags, size limit, the signed-in account, and the auth views."""
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.value("PHRASEBOOK_SECRET_KEY") or (
            ensure_secret_key(settings.data_dir)
        )
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = settings.value("PHRASEBOOK_SECURE_COOKIES")
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default config holds None
        app.config["MAX_CONTENT_LENGTH"] = settings.import_max_bytes + FORM_OVERHEAD_BYTES
    app.config["PHRASEBOOK_REQUIRE_LOGIN"] = settings.value("PHRASEBOOK_REQUIRE_LOGIN")
    app.before_request(_load_account)
    app.before_request(_require_login_to_read)
    app.context_processor(lambda: {"current_account": current_account(), "Role": Role})
    app.register_blueprint(bp)


def user_uow() -> UnitOfWork:
    return get_store().uow()


# --- who is signed in ------------------------------------------------------------------------


def current_account() -> Account | None:
    return cast(Account | None, g.get("account"))


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _load_account() -> None:
    g.account = None
    g.via_token = False
    token = _bearer_token()
    if token is not None:
        account = account_for_token(user_uow(), token)
        if account is None:
            abort(401)
        g.account = account
        g.via_token = True
        return
    user_id = session.get("user_id")
    if not isinstance(user_id, int):
        return
    account = account_by_id(user_uow(), user_id)
    if account is None or not secrets.compare_digest(
        str(session.get("user_key", "")), account.session_key
    ):
        session.clear()
        return
    g.account = account


def _require_login_to_read() -> Response | None:
    if not current_app.config.get("PHRASEBOOK_REQUIRE_LOGIN") or current_account():
        return None
    # The sign-in page, its assets, the interface-language switch and the health checks
    # (app/health.py) stay reachable.
    if request.endpoint in ("auth.login", "static", "browse.preferences", None):
        return None
    if request.endpoint in ("health.healthz", "health.readyz"):
        return None
    return _unauthenticated()


def _is_api_request() -> bool:
    return request.path.startswith("/api/")


def _unauthenticated() -> Response:
    if _is_api_request():
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def role_required(needed: Role) -> Callable[[F], F]:
    """Sign-in required (401 or the sign-in page), then at least ``needed`` (403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return _unauthenticated()
            if not account.may(needed):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


# --- failed sign-ins ------------------------------------------------------------------------


def signin_refused_page(reset_at: float) -> Response:
    """The sign-in page with "try again in N min" and 429: a sign-in limit (app/limits.py)
    was reached. ``reset_at`` is when the oldest counted failure leaves the window."""
    wait = max(1, int(reset_at - time.time()) + 1)
    minutes = (wait + 59) // 60
    flash(_("Too many failed sign-ins. Try again in %(minutes)s min.", minutes=minutes))
    next_url = safe_next(request.values.get("next"), url_for("browse.index"))
    name = request.form.get("name", "").strip()
    page = make_response(render_template("auth/login.html", next_url=next_url, name=name), 429)
    page.headers["Retry-After"] = str(wait)
    return page


# --- views -----------------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    next_url = safe_next(request.values.get("next"), url_for("browse.index"))
    if request.method == "GET":
        return render_template("auth/login.html", next_url=next_url, name="")
    name = request.form.get("name", "").strip()
    password = request.form.get("password", "")
    account = authenticate(user_uow(), name=name, password=password)
    if account is None:  # a 401 counts against the sign-in limits (app/limits.py)
        flash(_("Wrong name or password."))
        return render_template("auth/login.html", next_url=next_url, name=name), 401
    session.clear()
    session["user_id"] = account.id
    session["user_key"] = account.session_key
    flash(_("Signed in as %(name)s.", name=account.name))
    return redirect(next_url)


@bp.post("/logout")
def logout() -> Response:
    user_id = session.get("user_id")
    if isinstance(user_id, int) and g.account is not None and not g.via_token:
        # Ends this session and any copy of its cookie: the account's session key moves on.
        end_sessions(user_uow(), user_id)
    session.clear()
    flash(_("Signed out."))
    return redirect(url_for("browse.index"))
