"""URL map: pages, sign-in, the API under /api/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from xiaoan.api import api
from xiaoan.core import account_views, error_pages, pwa, securitylog_views
from xiaoan.core import views as core_views
from xiaoan.core.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("inbox/", core_views.inbox, name="inbox"),
    path("inbox/<int:notification_id>/read/", core_views.inbox_read, name="inbox-read"),
    path("inbox/read-all/", core_views.inbox_read_all, name="inbox-read-all"),
    path("healthz", core_views.healthz, name="healthz"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("api/", api.urls),
    re_path(r"^api/", error_pages.not_found, name="api-not-found"),
    path("", include("xiaoan.directives.urls")),
    path("", include("xiaoan.places.urls")),
    path("", include("xiaoan.hazards.urls")),
    path("", include("xiaoan.complaints.urls")),
    path("", include("xiaoan.dashboard.urls")),
    path("", include("xiaoan.reminders.urls")),
    path("", include("xiaoan.briefings.urls")),
    path("", include("xiaoan.areas.urls")),
    path("", include("xiaoan.reader.urls")),
    path("", include("xiaoan.rewards.urls")),
]
urlpatterns += [path("", include("xiaoan.duty.urls"))]
urlpatterns += [
    path("tokens/", account_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", account_views.token_revoke, name="token-revoke"),
    path("lockouts/", account_views.lockouts, name="lockouts"),
    path("lockouts/unlock/", account_views.unlock, name="unlock"),
    path("users/<int:user_id>/password/", account_views.reset_password, name="user-reset-password"),
    path("security-log/", securitylog_views.security_log, name="security-log"),
    path("security-log/export/", securitylog_views.security_log_export, name="security-log-export"),
]

handler400 = "xiaoan.core.error_pages.bad_request"
handler403 = "xiaoan.core.error_pages.permission_denied"
handler404 = "xiaoan.core.error_pages.not_found"
handler500 = "xiaoan.core.error_pages.server_error"
