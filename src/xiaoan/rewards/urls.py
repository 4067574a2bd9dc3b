from django.urls import path
from django.views.generic import RedirectView

from . import public_views, rule_views, views

urlpatterns = [
    # public, no login
    path("report", public_views.report_form, name="public-report"),
    path("report/", RedirectView.as_view(pattern_name="public-report")),
    path("report/done", public_views.report_done, name="public-report-done"),
    path("report/status", public_views.report_status, name="public-report-status"),
    path(
        "report/status/satisfaction",
        public_views.report_satisfaction,
        name="public-report-satisfaction",
    ),
    # staff
    path("rewards/", views.report_list, name="reward-list"),
    path("rewards/export/", views.report_export, name="reward-export"),
    path("rewards/<int:report_id>/", views.report_detail, name="reward-detail"),
    path("rewards/<int:report_id>/reveal/", views.report_reveal, name="reward-reveal"),
    path("rewards/<int:report_id>/<str:action>/", views.report_act, name="reward-act"),
    path("rewards/ledger/", views.ledger, name="reward-ledger"),
    path("rewards/ledger/export/", views.ledger_export, name="reward-ledger-export"),
    path("rewards/rules/", rule_views.rule_list, name="reward-rules"),
    path("rewards/rules/save/", rule_views.rule_save, name="reward-rule-save"),
]
