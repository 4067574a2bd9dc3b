"""API error handlers for Django's own exceptions, in the API's one error shape.

`core.api.install_error_handlers` covers the API's and the domain's errors; a
`django.core.exceptions.ValidationError` that reaches the API (a model's
`full_clean`, the password validators) would otherwise be a 500. Its messages are
already Chinese (Django's catalogue, plus `xiaoan/locale` for what it lacks).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse

from xiaoan.core.api import error_response


def describe_django_errors(exc: DjangoValidationError) -> Any:
    """`{"field": [messages]}` when the error names fields, else a list of messages."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return [str(m) for m in exc.messages]


def install_django_error_handlers(api: Any) -> None:
    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        message = "提交的内容未通过校验：" + "；".join(str(m) for m in exc.messages)
        return error_response(
            api, request, 422, "validation_error", message, describe_django_errors(exc)
        )
