"""The phrasebook web app: ``create_app(config=None)`` builds it; views stay thin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from .extensions import get_store


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` may carry ``PHRASEBOOK_SETTINGS`` (a Settings) and
    ``PHRASEBOOK_STORE`` (an opened Store); otherwise both come from the environment."""
    # Imported here, not at the top: the command line imports this package, and most of its
    # commands need neither Flask nor the store.
    from flask import Flask

    from phrasebook.bootstrap import bootstrap
    from phrasebook.config import Settings

    from .extensions import RUNTIME_KEY

    app = Flask(__name__)
    app.config.from_mapping(config or {})
    settings: Settings = app.config.get("PHRASEBOOK_SETTINGS") or Settings.from_env()
    app.config["PHRASEBOOK_SETTINGS"] = settings
    proxies: int = settings.value("PHRASEBOOK_TRUSTED_PROXIES")
    if proxies:
        # Behind proxies, the client's address, scheme and host are what they forward (as many
        # hops as configured; more entries than that are the client's to forge, and ignored).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # (Flask's documented way)
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    # The one composition root (phrasebook.bootstrap), shared with the CLI and the worker.
    app.extensions[RUNTIME_KEY] = bootstrap(settings, app.config.get("PHRASEBOOK_STORE"))

    from .errors import init_errors
    from .i18n import init_i18n
    from .input_guard import init_input_guard
    from .reading import bp as browse_bp
    from .search import bp as search_bp
    from .search import init_search
    from .security_headers import init_security_headers

    init_i18n(app)
    init_errors(app)
    init_input_guard(app)
    init_security_headers(app)
    init_search(app)
    app.register_blueprint(browse_bp)
    app.register_blueprint(search_bp)

    from . import editing, interchange
    from .api import bp as api_bp
    from .auth import init_security
    from .extensions import csrf

    init_security(app, settings)
    csrf.init_app(app)
    # One blueprint, routes from two modules: editing (pages), interchange (import, export).
    assert editing.bp is interchange.bp
    app.register_blueprint(editing.bp)
    app.register_blueprint(api_bp)

    from .audio import bp as audio_bp

    app.register_blueprint(audio_bp)

    from .api.mt import init_app as init_suggestions

    init_suggestions(app)

    from .pronunciation import init_app as init_pronunciation

    init_pronunciation(app)

    from .page_cache import init_page_cache

    init_page_cache(app, app.config.get("PHRASEBOOK_PAGE_CACHE_BYTES", settings.page_cache_bytes))

    from .pdf import bp as printing_bp

    app.register_blueprint(printing_bp)

    from .kit import bp as kit_bp

    app.register_blueprint(kit_bp)

    from .health import init_app as init_health

    init_health(app)

    from .limits import init_limits

    # Last: limits attach to endpoints, so every blueprint must be registered by now.
    init_limits(app, settings)

    from .cli import main as phrasebook_cli

    # `flask --app app phrasebook seed` works like `phrasebook seed`.
    app.cli.add_command(phrasebook_cli, name="phrasebook")
    return app


def __getattr__(name: str) -> Any:
    if name == "get_store":
        from .extensions import get_store

        return get_store
    raise AttributeError(name)


__all__ = ["create_app", "get_store"]
