"""Route guards that read the permission table."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from caseflow.permissions import Permission


def permission_required(permission: Permission):
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated or not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorator
