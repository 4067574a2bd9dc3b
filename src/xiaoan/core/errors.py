"""Domain errors with Chinese messages, mapped to one error shape by the API
and to form errors by the pages."""

from __future__ import annotations


class XiaoanError(Exception):
    """Base of every error a user may see; `message` is shown as is."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class StaleEditError(XiaoanError):
    """The record changed since the editor loaded it."""

    status = 409
    code = "stale_edit"


class PermissionDeniedError(XiaoanError):
    status = 403
    code = "forbidden"


class InvalidTransitionError(XiaoanError):
    status = 409
    code = "invalid_transition"


class UploadRejectedError(XiaoanError):
    status = 400
    code = "upload_rejected"


class CsrfRefusedError(XiaoanError):
    """A session-authenticated API call that changes data came without the
    CSRF token the pages send (scripts use a personal token instead)."""

    status = 403
    code = "csrf_failed"
