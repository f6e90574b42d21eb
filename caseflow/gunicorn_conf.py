"""gunicorn's settings for Caseflow: ``gunicorn -c python:caseflow.gunicorn_conf 'caseflow:create_app()'``.

The access log names each request by its path only. Query strings carry what people filter by
(``?case_ref=H394``) and the referring page's address carries the same, so neither is logged: an access
log is read by more people, and kept longer, than the case data it would otherwise copy.
"""

#: gunicorn's default format without ``%(r)s`` (the request line, query string included) and ``%(f)s``
#: (the referrer): method, path and protocol instead.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
accesslog = "-"
