"""The API's shared parts: authentication, the one error shape, and core's
own collections (`/api/me`, `/api/notifications`, `/api/attachments`)."""

import logging
from typing import Any

from django.db import DataError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from xiaoan.core.attachment_targets import area_of, target_for_upload
from xiaoan.core.attachments import store_attachment
from xiaoan.core.error_pages import CSRF_MESSAGE
from xiaoan.core.errors import CsrfRefusedError, XiaoanError
from xiaoan.core.inputs import InputSchema
from xiaoan.core.models import Attachment, Notification
from xiaoan.core.notifications import mark_all_read, mark_read
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.securitylog import SecurityEventKind, record_security_event
from xiaoan.core.tokens import TokenRefusedError, authenticate_token

log = logging.getLogger(__name__)


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer TOKEN` with a personal token (the /tokens/ page or
    `xiaoan token`). An expired or revoked token, or one of a deactivated
    account, is answered 401 with a Chinese message saying which."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user, problem = authenticate_token(token)
        if problem in ("expired", "revoked", "inactive"):
            raise TokenRefusedError(problem)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser session (CSRF-checked on unsafe methods)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError as exc:  # ninja's refusal says "CSRF check Failed"
            if exc.status_code != 403:
                raise
            raise CsrfRefusedError(CSRF_MESSAGE) from exc


AUTH = [BearerTokenAuth(), ActiveSessionAuth()]


class ChineseJSONRenderer(JSONRenderer):
    """JSON with Chinese text as UTF-8 rather than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


def error_response(
    api: Any, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "details": details}}
    return api.create_response(request, body, status=status)


#: pydantic's error types in plain Chinese ({name} takes the error's context)
VALIDATION_REASONS = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_long": "内容超过 {max_length} 字",
    "string_too_short": "至少 {min_length} 字",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少 {min_length} 项",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为时间（YYYY-MM-DDTHH:MM）",
    "datetime_from_date_parsing": "应为时间（YYYY-MM-DDTHH:MM）",
    "datetime_type": "应为时间（YYYY-MM-DDTHH:MM）",
    "time_parsing": "应为时刻（HH:MM）",
    "time_type": "应为时刻（HH:MM）",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式不正确",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "extra_forbidden": "不允许的字段",
}


def validation_reason(error: dict[str, Any]) -> str:
    """A Chinese reason for one pydantic error; custom errors carry their own."""
    template = VALIDATION_REASONS.get(error.get("type", ""))
    if template is None:
        msg = str(error.get("msg", ""))
        return msg if any("\u4e00" <= ch <= "\u9fff" for ch in msg) else "格式不正确"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template.split("{")[0].strip() or "格式不正确"


def describe_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    described = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", [])]
        # ninja puts the parameter's source (and the body's parameter name) first
        while loc and loc[0] in ("body", "query", "path", "form", "file", "payload"):
            loc.pop(0)
            if len(loc) == 1:
                break
        kind = error.get("type", "")
        described.append({"field": ".".join(loc), "reason": validation_reason(error), "type": kind})
    return described


def record_refusal(request: HttpRequest, message: str) -> None:
    """A refused API call is a security event (who, from where, what)."""
    record_security_event(
        SecurityEventKind.PERMISSION_DENIED,
        request=request,
        target=f"{request.method} {request.path}"[:200],
        detail=message,
    )


#: ninja's own English refusals, in Chinese
HTTP_MESSAGES = {
    "Cannot parse request body": "请求体不是有效的 JSON。",
}


def install_error_handlers(api: Any) -> None:
    """Every failure answers `{"error": {"code", "message", "details"}}` with a Chinese message."""

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = describe_validation_errors(list(exc.errors))
        fields = "；".join(
            f"{d['field']}（{d['reason']}）" if d["field"] else d["reason"] for d in details
        )
        message = "请求参数有误" + (f"：{fields}" if fields else "")
        return error_response(api, request, 422, "validation_error", message, details)

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthenticated", "未登录或令牌无效，请先登录。")

    @api.exception_handler(AuthorizationError)
    def on_authz(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        record_refusal(request, "无权执行此操作。")
        return error_response(api, request, 403, "forbidden", "无权执行此操作。")

    @api.exception_handler(Http404)
    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", "记录不存在或无权访问。")

    @api.exception_handler(XiaoanError)
    def on_domain(request: HttpRequest, exc: XiaoanError) -> HttpResponse:
        if exc.status == 403:
            record_refusal(request, exc.message)
        return error_response(api, request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(HttpError)
    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = HTTP_MESSAGES.get(str(exc).split(" (")[0], str(exc))
        return error_response(api, request, exc.status_code, "http_error", message)

    @api.exception_handler(DataError)
    def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # a last line: a value the column cannot hold (too long for its varchar, out of range)
        log.warning("data error on %s: %s", request.path, exc)
        return error_response(
            api,
            request,
            422,
            "value_out_of_range",
            "提交的内容过长或数值超出允许范围，请检查后重试。",
        )

    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return error_response(
            api,
            request,
            400,
            "bad_multipart",
            "上传的表单格式有误（multipart/form-data 缺少或损坏了 boundary），请重新选择文件上传。",
        )

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("unhandled API error on %s", request.path)
        return error_response(
            api, request, 500, "server_error", "服务器内部错误，已记录，请稍后重试。"
        )


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.can(permission):  # type: ignore[union-attr]
        raise AuthorizationError()


# ----- /api/me -----
me_router = Router(tags=["me"])


class AreaRef(Schema):
    id: int
    code: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    title: str
    roles: list[str]
    role_labels: list[str]
    permissions: list[str]
    area: AreaRef | None
    organisation: OrganisationRef | None


@me_router.get("", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "title": user.title,
        "roles": sorted(user.role_codes),
        "role_labels": user.role_labels,
        "permissions": sorted(user.granted_permissions),
        "area": user.area,
        "organisation": user.organisation,
    }


# ----- /api/notifications -----
notifications_router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: Any
    read_at: Any
    is_read: bool


@notifications_router.get("", response=list[NotificationOut], summary="我的通知")
@paginate(BoundedPagination)
def list_notifications(request: HttpRequest, unread: bool | None = None) -> Any:
    user: Any = request.user
    qs = Notification.objects.filter(recipient=user)
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    return qs


def own_notification(request: HttpRequest, notification_id: int) -> Notification:
    user: Any = request.user
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise Http404
    return notification


@notifications_router.get("/{int:notification_id}", response=NotificationOut, summary="一条通知")
def get_notification(request: HttpRequest, notification_id: int) -> Any:
    return own_notification(request, notification_id)


@notifications_router.post(
    "/{int:notification_id}/read", response=NotificationOut, summary="标为已读"
)
def read_notification(request: HttpRequest, notification_id: int) -> Any:
    return mark_read(own_notification(request, notification_id))


class CountOut(Schema):
    count: int


@notifications_router.post("/read-all", response=CountOut, summary="全部标为已读")
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"count": mark_all_read(request.user)}


# ----- /api/attachments -----
attachments_router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: int
    original_name: str
    kind: str
    mime_type: str
    size: int
    sha256: str


class AttachmentTarget(InputSchema):
    target_type: str = Field(description="关联记录的类型，如 hazards.hazard")
    target_id: int = Field(description="关联记录的 id")


@attachments_router.post(
    "", response={201: AttachmentOut}, summary="上传附件（须关联一条可修改的记录）"
)
def upload_attachment(
    request: HttpRequest, file: File[UploadedFile], target: Form[AttachmentTarget]
) -> Any:
    """Needs the change permission of the target record within the uploader's
    area (a neighbour's record is 404), and counts against the daily quota."""
    user: Any = request.user
    if user.area is None:
        raise AuthorizationError()
    record = target_for_upload(user, target.target_type, target.target_id)
    attachment = store_attachment(
        file,
        name=file.name or "file",
        acting_user=user,
        area=area_of(record, user),
        target=record,
    )
    return Status(201, attachment)


@attachments_router.get("/{int:attachment_id}", response=AttachmentOut, summary="附件信息")
def get_attachment(request: HttpRequest, attachment_id: int) -> Any:
    return get_visible_or_404(Attachment.objects.all(), request.user, pk=attachment_id)


@attachments_router.get("/{int:attachment_id}/file", summary="下载附件")
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = get_visible_or_404(Attachment.objects.all(), request.user, pk=attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
