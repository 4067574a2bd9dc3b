"""The JSON API: assembles each app's ninja router under /api/."""

from ninja import NinjaAPI

from xiaoan import __version__
from xiaoan.areas.api import router as areas_router
from xiaoan.briefings.api import router as briefings_router
from xiaoan.complaints.api import router as complaints_router
from xiaoan.core.api import (
    AUTH,
    ChineseJSONRenderer,
    attachments_router,
    install_error_handlers,
    me_router,
    notifications_router,
)
from xiaoan.core.api_errors import install_django_error_handlers
from xiaoan.core.inputs import CleaningParser
from xiaoan.core.securitylog_api import security_events_router
from xiaoan.dashboard.api import router as dashboard_router
from xiaoan.directives.api import router as directives_router
from xiaoan.duty.api import router as duty_router
from xiaoan.hazards.api import router as hazards_router
from xiaoan.places.api import places_router, water_sources_router
from xiaoan.reader.api import router as reader_router
from xiaoan.reminders.api import router as reminders_router
from xiaoan.rewards.api import router as rewards_router

api = NinjaAPI(
    title="消安 xiaoan API",
    version=__version__,
    description=(
        "消防安全隐患治理平台接口。认证：浏览器会话，或个人令牌 "
        "`Authorization: Bearer TOKEN`（`xiaoan token 用户名` 生成）。"
        '列表返回 `{"items": [...], "count": N}`，用 `limit`/`offset` 翻页；'
        '出错时返回 `{"error": {"code", "message", "details"}}`。'
    ),
    auth=AUTH,
    urls_namespace="api",
    renderer=ChineseJSONRenderer(),
    parser=CleaningParser(),
)
install_error_handlers(api)
install_django_error_handlers(api)

api.add_router("/me", me_router)
api.add_router("/notifications", notifications_router)
api.add_router("/attachments", attachments_router)
api.add_router("/", areas_router)
api.add_router("/", directives_router)
api.add_router("/water-sources", water_sources_router)
api.add_router("/places", places_router)
api.add_router("/", hazards_router)
api.add_router("/", complaints_router)
api.add_router("/", dashboard_router)
api.add_router("/reminder-preferences", reminders_router)
api.add_router("/", reader_router)
api.add_router("/", rewards_router)
api.add_router("/", duty_router)
api.add_router("/", briefings_router)
api.add_router("/security-events", security_events_router)
