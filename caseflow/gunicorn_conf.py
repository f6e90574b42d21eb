"""gunicorn's settings for Caseflow: ``gunicorn -c python:caseflow.gunicorn_conf 'caseflow:create_app()'``.

The access log names each request by its path only. Query strings carry what people filter by
(``?case_ref=H394``) and the referring page's address carries the same, so neither is logged: an access
log is read by more people, and kept longer, than the case data it would otherwise copy.
"""

#: gunicorn's default format without ``%(r)s`` (the request line, query string included) and ``%(f)s``
#: (the referrer): method, path and protocol instead.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
accesslog = "-"

import re  # noqa: E402

from gunicorn.glogging import Logger  # noqa: E402

#: Paths that carry a secret: a calendar feed's address is its own credential (``caseflow.feeds``).
_SECRET_PATHS = re.compile(r"^/calendar/[^/]+\.ics$")


def masked_path(path: str) -> str:
    """``path`` as the access log names it: a calendar feed's token left out."""
    return "/calendar/[token].ics" if _SECRET_PATHS.match(path or "") else path


class MaskingLogger(Logger):
    """gunicorn's logger, with the secret of a calendar feed's path masked in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = masked_path(atoms.get("U", ""))
        return atoms


logger_class = MaskingLogger
