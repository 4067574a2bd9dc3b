from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/new/", views.incident_create, name="incident-create"),
    path("incidents/rates/", views.on_time_rates, name="incident-rates"),
    path("incidents/rules/", views.rule_list, name="incident-rules"),
    path("incidents/rules/new/", views.rule_create, name="incident-rule-create"),
    path("incidents/rules/<int:rule_id>/", views.rule_update, name="incident-rule-update"),
    path("incidents/reminders/", views.reminder_create, name="incident-reminder-create"),
    path(
        "incidents/reminders/<int:point_id>/",
        views.reminder_toggle,
        name="incident-reminder-toggle",
    ),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident-detail"),
    path("incidents/<int:incident_id>/edit/", views.incident_edit, name="incident-edit"),
    path("incidents/<int:incident_id>/reports/", views.incident_report, name="incident-report"),
    path("duty/", views.roster, name="duty-roster"),
    path("duty/day/", views.roster_day, name="duty-day"),
    path("duty/import/", views.roster_import, name="duty-import"),
    path("duty/shifts/<int:shift_id>/remove/", views.shift_remove, name="duty-shift-remove"),
    path("duty/shifts/<int:shift_id>/edit/", views.shift_edit, name="duty-shift-edit"),
    path("dispatches/", views.dispatch_list, name="dispatch-list"),
    path("dispatches/new/", views.dispatch_create, name="dispatch-create"),
    path("dispatches/<int:period_id>/", views.dispatch_detail, name="dispatch-detail"),
    path("dispatches/<int:period_id>/submit/", views.dispatch_submit, name="dispatch-submit"),
    path("upcoming-inspections/", views.inspection_list, name="inspection-visit-list"),
    path("upcoming-inspections/new/", views.inspection_create, name="inspection-visit-create"),
    path(
        "upcoming-inspections/<int:inspection_id>/",
        views.inspection_detail,
        name="inspection-visit-detail",
    ),
    path(
        "upcoming-inspections/<int:inspection_id>/edit/",
        views.inspection_edit,
        name="inspection-visit-edit",
    ),
    path(
        "upcoming-inspections/<int:inspection_id>/checklist/",
        views.checklist_add,
        name="inspection-checklist-add",
    ),
]
