"""Caseflow: work items of financial-assistance services, rolled up into the committee's monthly counts."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    """A folder of the checkout (``templates``, ``migrations``), or its copy inside the package when
    Caseflow was installed from a wheel (``setup.py`` puts it there)."""
    inside = Path(__file__).resolve().parent / name
    return inside if inside.is_dir() else PROJECT_ROOT / name


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration from the environment, then ``config`` on top (tests pass theirs)."""
    from caseflow import auth, web
    from caseflow.config import from_environment
    from caseflow.extensions import babel, csrf, db, login_manager, migrate

    app = Flask(
        __name__,
        instance_path=os.environ.get("CASEFLOW_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(shipped("templates")),
    )
    environ = dict(os.environ)
    if config and "SECRET_KEY" in config:
        environ["CASEFLOW_SECRET_KEY"] = config["SECRET_KEY"]
    app.config.from_mapping(from_environment(Path(app.instance_path), environ))
    app.config.from_mapping(config or {})
    _keep_instance_private(app)
    if proxies := app.config.get("CASEFLOW_TRUSTED_PROXIES", 0):
        # The client address the sign-in throttle counts by is then the one the proxies forward.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(shipped("migrations")), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=web.select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))

    _import_models()
    auth.init_login(login_manager)
    web.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _keep_instance_private(app: Flask) -> None:
    """The instance folder 0700 when the database lives in it (each SQLite file is made 0600 as it is
    opened, ``caseflow.db``); a database elsewhere leaves its folder to whoever chose it."""
    from sqlalchemy.engine import make_url

    from caseflow.config import private_folder

    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    instance = Path(app.instance_path).resolve()
    if url.get_backend_name() == "sqlite" and url.database and Path(url.database).resolve().parent == instance:
        private_folder(instance)


def _import_models() -> None:
    """Every model module, so the metadata (and Alembic's autogenerate) sees all tables."""
    from caseflow.api import models as _api  # noqa: F401
    from caseflow.audit import models as _audit  # noqa: F401
    from caseflow.auth import models as _auth  # noqa: F401
    from caseflow.calendar import models as _calendar  # noqa: F401
    from caseflow.checks import models as _checks  # noqa: F401
    from caseflow.feeds import models as _feeds  # noqa: F401
    from caseflow.figures import models as _figures  # noqa: F401
    from caseflow import health as _health  # noqa: F401
    from caseflow.items import models as _items  # noqa: F401
    from caseflow.measures import models as _measures  # noqa: F401
    from caseflow.reference import models as _reference  # noqa: F401
    from caseflow.referrals import models as _referrals  # noqa: F401
    from caseflow.reports import models as _reports  # noqa: F401
    from caseflow.sip import models as _sip  # noqa: F401
    from caseflow.sublease import models as _sublease  # noqa: F401
    from caseflow.units import models as _units  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from caseflow.extensions import csrf
    from caseflow.admin.views import bp as admin_bp
    from caseflow.api.admin_views import bp as tokens_bp
    from caseflow.api.views import API_PREFIX
    from caseflow.api.views import bp as api_bp
    from caseflow.audit.views import bp as logs_bp
    from caseflow.auth.views import bp as auth_bp
    from caseflow.calendar.views import bp as calendar_bp
    from caseflow.caseload.views import bp as caseload_bp
    from caseflow.feeds.views import bp as feeds_bp
    from caseflow.calendar.feed import committee_feed_events
    from caseflow.feeds.sources import register as register_feed_source
    from caseflow.figures.views import bp as figures_bp
    from caseflow.items.views import bp as items_bp
    from caseflow.main.views import bp as main_bp
    from caseflow.measures.views import bp as measures_bp
    from caseflow.quality.views import bp as quality_bp
    from caseflow.reference.views import bp as reference_bp
    from caseflow.referrals.views import bp as referrals_bp
    from caseflow.reports.target_views import bp as targets_bp
    from caseflow.reports.views import bp as reports_bp
    from caseflow.sip.views import bp as sip_bp
    from caseflow.sublease.views import bp as sublease_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(tokens_bp, url_prefix="/admin/tokens")
    app.register_blueprint(figures_bp, url_prefix="/figures")
    app.register_blueprint(caseload_bp)
    app.register_blueprint(measures_bp)
    app.register_blueprint(reference_bp, url_prefix="/admin/reference")
    app.register_blueprint(logs_bp, url_prefix="/logs")
    app.register_blueprint(items_bp)
    app.register_blueprint(referrals_bp, url_prefix="/referrals")
    app.register_blueprint(sublease_bp, url_prefix="/sublease-cases")
    app.register_blueprint(sip_bp)
    app.register_blueprint(quality_bp)
    app.register_blueprint(feeds_bp)
    register_feed_source(committee_feed_events)  # the committee's dates in leaders' and analysts' feeds
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(targets_bp, url_prefix="/targets")
    app.register_blueprint(calendar_bp, url_prefix="/calendar")
    app.register_blueprint(api_bp, url_prefix=API_PREFIX)
    csrf.exempt(api_bp)  # bearer tokens are no cookies: a forged cross-site request cannot carry one


def _register_commands(app: Flask) -> None:
    from caseflow.api.cli import tokens_cli
    from caseflow.auth.cli import users_cli
    from caseflow.backup import backup_command
    from caseflow.demo.cli import demo_data_command
    from caseflow.figures.cli import figures_cli
    from caseflow.reports.cli import freeze_command, report_command, rollup_command
    from caseflow.units.cli import units_cli

    for command in (units_cli, users_cli, tokens_cli, demo_data_command, backup_command, figures_cli,
                    rollup_command, freeze_command, report_command):
        app.cli.add_command(command)
