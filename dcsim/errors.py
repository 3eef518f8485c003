"""Errors raised by services and routes. The routes layer renders them in the shape of the API family."""


class ApiError(Exception):
    """An error with an HTTP status.

    kind: "status" (status body), "errorlist" (v1/v2 error-list body), or None (the family's default).
    fields: v1/v2 form-error field names. field_errors: OAuth 2.0 admin `fieldErrors`.
    error: the RFC 6749 `error` code of the token endpoints. details/context: v3 error extras; entries: several v3
    errors at once ([{"summary", "context"?, "details"?}], a validation failure).
    """

    def __init__(self, status, message, *, kind=None, fields=None, field_errors=None, error=None,
                 details=None, context=None, headers=None, messages=None, entries=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.messages = messages if messages is not None else ([message] if message else [])
        self.kind = kind
        self.fields = fields
        self.field_errors = field_errors
        self.error = error
        self.details = details
        self.context = context
        self.headers = headers or {}
        self.entries = entries


def not_found(message="Not found", **kw):
    return ApiError(404, message, **kw)


def bad_request(message, **kw):
    return ApiError(400, message, **kw)


def field_errors(errors, status=400):
    """OAuth 2.0 admin validation failure: {field: [messages]}."""
    return ApiError(status, "; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()),
                    field_errors=errors, messages=[])
