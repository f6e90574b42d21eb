"""``CASEFLOW_SMTP_URL``: empty means no e-mail; a URL Caseflow cannot send through refuses to start."""

import pytest

from caseflow.calendar.mail import SmtpServer, parse_smtp_url
from caseflow.config import ConfigError, from_environment

SECRET = {"CASEFLOW_SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests"}


def test_no_smtp_url_means_no_e_mail(tmp_path):
    config = from_environment(tmp_path, SECRET)
    assert config["CASEFLOW_SMTP_URL"] == "" and config["CASEFLOW_MAIL_FROM"] == "caseflow@localhost"


@pytest.mark.parametrize(("url", "server"), [
    ("smtp://mail.kommun.example", SmtpServer("smtp", "mail.kommun.example", 25)),
    ("smtp+starttls://caseflow:hemligt%40ord@mail.kommun.example:587",
     SmtpServer("smtp+starttls", "mail.kommun.example", 587, "caseflow", "hemligt@ord")),
    ("smtps://mail.kommun.example", SmtpServer("smtps", "mail.kommun.example", 465)),
])
def test_smtp_urls(tmp_path, url, server):
    assert parse_smtp_url(url) == server
    assert from_environment(tmp_path, SECRET | {"CASEFLOW_SMTP_URL": url})["CASEFLOW_SMTP_URL"] == url


@pytest.mark.parametrize("url", ["http://mail.kommun.example", "smtp://", "smtp://mail:99999", "mail.kommun.example"])
def test_a_bad_smtp_url_refuses_to_start(tmp_path, url):
    with pytest.raises(ConfigError, match="CASEFLOW_SMTP_URL"):
        from_environment(tmp_path, SECRET | {"CASEFLOW_SMTP_URL": url})
