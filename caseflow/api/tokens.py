"""Creating, finding and revoking API tokens."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.api.models import ApiToken, hash_token, new_token
from caseflow.audit.services import record_change
from caseflow.db import utcnow
from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.permissions import Scope
from caseflow.units.models import Unit


def create_token(name: str, scope: str, unit: Unit | None) -> tuple[ApiToken, str]:
    """A new token and its plain text, which is shown once and never stored."""
    problems = {}
    if not name.strip() or len(name) > 64:
        problems["name"] = _("A name of 1 to 64 characters is required.")
    try:
        scope = Scope(scope)
    except ValueError:
        problems["scope"] = _("Scope must be ingest or read.")
    if problems:
        raise ValidationError(_("The token was not created."), problems)
    plain = new_token()
    token = ApiToken(name=name.strip(), scope=scope, unit_id=unit.id if unit else None,
                     token_hash=hash_token(plain))
    db.session.add(token)
    db.session.flush()
    record_change("token.create", "api_token", token.id,
                  after={"name": token.name, "scope": str(scope), "unit_id": token.unit_id})
    return token, plain


def token_for(plain: str) -> ApiToken | None:
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    return token if token is not None and token.is_active else None


def revoke_token(token: ApiToken) -> None:
    token.revoked_at = utcnow()
    record_change("token.revoke", "api_token", token.id)
    db.session.flush()
