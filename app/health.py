"""``GET /healthz`` (the process answers) and ``GET /readyz`` (it can serve: database reachable,
schema at head, rate-limit counters reachable), for a reverse proxy or an orchestrator. JSON,
no sign-in, no rate limit, never kept in the page cache."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Flask, current_app, jsonify, request
from werkzeug.wrappers import Response

from phrasebook import health
from phrasebook.users import Role

from .auth import current_account
from .extensions import get_queue, get_store
from .limits import current_limiter

bp = Blueprint("health", __name__)


def rate_limit_storage() -> health.Check:
    uri = str(current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    return health.rate_limits(uri, current_limiter().storage.check)


def _may_see_details() -> bool:
    """A check's detail names files and servers: for a signed-in admin, or a caller on this
    machine that came straight (not through a proxy, which forwards everyone from loopback)."""
    account = current_account()
    if account is not None and account.role.allows(Role.ADMIN):
        return True
    if request.headers.get("X-Forwarded-For") or request.headers.get("Forwarded"):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def _answer(checks: list[health.Check]) -> tuple[Response, int]:
    ready = all(check.ok for check in checks if check.required)
    details = _may_see_details()
    body = {
        "status": "ready" if ready else "unready",
        "checks": {
            check.name: {"ok": check.ok, **({"detail": check.detail} if details else {})}
            for check in checks
        },
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ready else 503


@bp.get("/healthz")
def healthz() -> Response:
    response = jsonify({"status": "alive"})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    return _answer(
        health.readiness(get_store(), rate_limit_storage, lambda: health.task_queue(get_queue()))
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
