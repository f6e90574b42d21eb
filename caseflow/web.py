"""What every page shares: the sign-in guard, the language, the navigation, errors and headers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from flask import Flask, current_app, has_request_context, render_template, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from caseflow.audit.services import commit_refusals
from caseflow.auth.sessions import end_idle_session
from caseflow.db import utcnow
from caseflow.formatting import FILTERS, local_datetime
from caseflow.items.state_labels import kind_label, state_label
from caseflow.permissions import Permission

log = logging.getLogger(__name__)

LANGUAGES = ("sv", "en")

#: Endpoints anyone may reach; every other page needs a signed-in user.
#: ``feeds.ics``: a calendar program fetches it; its token is its credential (``caseflow.feeds``).
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "main.healthz", "feeds.ics"})
#: Blueprints that authenticate on their own (API tokens).
SELF_AUTHENTICATING_BLUEPRINTS = frozenset({"api"})


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: object
    permission: Permission | None = None


#: The main navigation; each entry shows only to the roles whose permissions include it.
NAVIGATION = (
    NavEntry("main.index", _l("Start")),
    NavEntry("referrals.index", _l("Referrals"), Permission.ITEMS_READ),
    NavEntry("sublease.index", _l("Sublease cases"), Permission.ITEMS_READ),
    NavEntry("sip.plans", _l("SIP plans"), Permission.ITEMS_READ),
    NavEntry("sip.meetings", _l("SIP meetings"), Permission.ITEMS_READ),
    NavEntry("sip.week", _l("SIP week"), Permission.ITEMS_READ),
    NavEntry("reports.index", _l("Committee reports"), Permission.REPORTS_VIEW),
    NavEntry("figures.index", _l("Monthly figures"), Permission.FIGURES_IMPORT),
    NavEntry("targets.index", _l("Targets"), Permission.REPORTS_TARGETS),
    NavEntry("calendar.index", _l("Committee calendar"), Permission.CALENDAR_VIEW),
    NavEntry("admin.users", _l("Users"), Permission.ADMIN_USERS),
    NavEntry("admin.units", _l("Units"), Permission.ADMIN_UNITS),
    NavEntry("tokens.index", _l("API tokens"), Permission.ADMIN_TOKENS),
    NavEntry("caseload.index", _l("Caseload"), Permission.CASELOAD_VIEW),
    NavEntry("measures.index", _l("Action plans"), Permission.MEASURES_MANAGE),
    NavEntry("quality.index", _l("Quality reviews"), Permission.ITEMS_READ),
    NavEntry("reference.index", _l("Reference data"), Permission.ADMIN_REFERENCE),
    NavEntry("logs.review", _l("Log review"), Permission.AUDIT_READ),
)


def is_api_request() -> bool:
    """A request to the API, matched to a route or not (a 404 or 405 under ``/api/`` is the API's too)."""
    return has_request_context() and (request.blueprint in SELF_AUTHENTICATING_BLUEPRINTS
                                      or request.path.startswith("/api/"))


def select_locale() -> str:
    if is_api_request():
        return "en"  # the API's clients are machines: its messages stay stable English (docs/api.md)
    chosen = session.get("lang") if has_request_context() else None
    return chosen if chosen in LANGUAGES else "sv"


def language_url(code: str) -> str:
    """The page one is on, in language ``code``: an absolute path a GET can load.

    A page shown in answer to a POST (a refused form) may be at a URL that takes no GET (an item's
    event): then the page the form was sent from, else the nearest parent path that takes a GET
    (``/items/7/events/accept`` → ``/items/7``), else the start page.
    """
    query = list(request.args.items(multi=True))
    path = request.path
    if request.method != "GET" and not _answers_get(path):
        referrer = urlsplit(request.referrer or "")
        parts = path.rstrip("/").split("/")
        parents = ["/".join(parts[:n]) for n in range(len(parts) - 1, 1, -1)]
        candidates = ([referrer.path] if referrer.netloc in ("", request.host) and referrer.path else []) + parents
        path, query = next((c for c in candidates if _answers_get(c)), "/"), []
    query = [(key, value) for key, value in query if key != "lang"] + [("lang", code)]
    return f"{path}?{urlencode(query)}"


def _answers_get(path: str) -> bool:
    try:
        current_app.url_map.bind(request.host).match(path, method="GET")
    except HTTPException:
        return False
    return True


def _css_string(text: str) -> str:
    """``text`` as a CSS string: every character but letters, digits, spaces and plain punctuation
    escaped (``\\22 `` for a quote), so a display name can end neither the string nor the rule."""
    return '"' + "".join(c if c.isalnum() or c in " .,:-·()" else f"\\{ord(c):x} " for c in text) + '"'


def print_stamp():
    """The print stylesheet's stamp on every printed page: when, and by whom (CSS paged media margin
    boxes; the page's own print-only block says it too where a browser has no margin boxes)."""
    text = _("Printed %(at)s by %(name)s", at=local_datetime(utcnow()), name=current_user.display_name)
    if current_user.unit:
        text += f" · {current_user.unit.name}"
    css = ("@page { @top-left { content: " + _css_string(text) + "; font: 9pt system-ui, sans-serif; } "
           "@top-right { content: counter(page) \" / \" counter(pages); font: 9pt system-ui, sans-serif; } }\n")
    return current_app.response_class(css, mimetype="text/css",
                                      headers={"Cache-Control": "private, no-store"})


def init_app(app: Flask) -> None:
    app.add_url_rule("/print-stamp.css", "print_stamp", print_stamp)
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(kind_label=kind_label, state_label=state_label)

    @app.before_request
    def remember_language():
        # ?lang=en on any page (the login page included) switches the language for the session.
        lang = request.args.get("lang")
        if lang in LANGUAGES:
            session["lang"] = lang

    @app.before_request
    def expire_idle_session():
        if request.endpoint == "static" or request.blueprint in SELF_AUTHENTICATING_BLUEPRINTS:
            return None  # a stylesheet is no sign of a person at work; tokens have no session
        return end_idle_session()

    @app.before_request
    def require_sign_in():
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if request.blueprint in SELF_AUTHENTICATING_BLUEPRINTS:
            return None
        if not current_user.is_authenticated:
            return app.login_manager.unauthorized()
        return None

    @app.context_processor
    def layout_context():
        entries, subscribes = [], False
        if current_user.is_authenticated:
            subscribes = current_user.can(Permission.CALENDAR_SUBSCRIBE)  # a calendar of one's meetings and dates
            entries = [e for e in NAVIGATION if e.permission is None or current_user.can(e.permission)]
        # ``printed_at``: the print-only header of every page says when, and by whom, it was printed.
        return {"navigation": entries, "current_locale": str(get_locale() or "sv"),
                "languages": LANGUAGES, "language_url": language_url, "printed_at": local_datetime(utcnow()),
                "calendar_subscription": subscribes}

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                           "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if current_user and current_user.is_authenticated:
            headers.setdefault("Cache-Control", "no-store")  # case data never sits in a shared cache
        return response

    # A refused attempt stays on record although its request rolls back (caseflow.audit.services).
    app.after_request(commit_refusals)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if app.config.get("SESSION_COOKIE_SECURE") and not request.is_secure:
            # The token lives in the session cookie, which the browser keeps to HTTPS: over plain
            # HTTP every form fails, sign-in first. Say so, or the operator sees only "bad request".
            log.warning("A form was posted over plain HTTP, but the session cookie is Secure and the browser "
                        "does not send it back: serve Caseflow over HTTPS, and behind a TLS proxy set "
                        "CASEFLOW_TRUSTED_PROXIES so the proxy's X-Forwarded-Proto is believed (%s %s)",
                        request.method, request.path)
            return render_template("errors/error.html", error=error, needs_https=True), error.code
        return http_error(error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if is_api_request():
            from caseflow.api.errors import http_error_response
            return http_error_response(error)  # the API's JSON error shape, also for paths it lacks
        return render_template("errors/error.html", error=error), error.code
