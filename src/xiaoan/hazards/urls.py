from django.urls import path

from . import views

urlpatterns = [
    path("hazards/", views.hazard_list, name="hazard-list"),
    path("hazards/export.xlsx", views.hazard_export, name="hazard-export"),
    path("hazards/<int:hazard_id>/", views.hazard_detail, name="hazard-detail"),
    path("hazards/<int:hazard_id>/move/", views.hazard_move, name="hazard-move"),
    path("hazards/<int:hazard_id>/fix/", views.hazard_fix, name="hazard-fix"),
    path("hazards/<int:hazard_id>/trace-back/", views.trace_back_page, name="hazard-trace-back"),
    path("inspections/", views.inspection_list, name="inspection-list"),
    path("inspections/export.xlsx", views.inspection_export, name="inspection-export"),
    path("inspections/<int:inspection_id>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:inspection_id>/sign/", views.inspection_sign, name="inspection-sign"),
    path("inspections/<int:inspection_id>/edit/", views.inspection_edit, name="inspection-edit"),
    path("places/", views.place_list, name="place-list"),
    path("places/export.xlsx", views.place_export, name="place-export"),
    path("places/new/", views.place_create, name="place-create"),
    path("places/import/", views.place_import, name="place-import"),
    path("places/map/", views.place_map, name="place-map"),
    path("places/<int:place_id>/", views.place_detail, name="place-detail"),
    path("places/<int:place_id>/inspect/", views.inspection_create, name="inspection-create"),
    path("places/<int:place_id>/enforcement/", views.enforcement_create, name="enforcement-create"),
    path(
        "places/<int:place_id>/enforcement/<int:action_id>/lift/",
        views.enforcement_lift,
        name="enforcement-lift",
    ),
    path("places/<int:place_id>/notices/", views.notice_create, name="notice-create"),
    path(
        "places/<int:place_id>/notices/<int:notice_id>/serve/",
        views.notice_serve,
        name="notice-serve",
    ),
    path("coverage/", views.coverage_page, name="coverage"),
    path("inspections/schedule/", views.schedule_page, name="inspection-schedule"),
    path("supervision-visits/", views.visit_list, name="visit-list"),
    path("supervision-visits/new/", views.visit_create, name="visit-create"),
    path("supervision-visits/<int:visit_id>/", views.visit_detail, name="visit-detail"),
    path("rechecks/", views.recheck_page, name="recheck"),
    path("rechecks/start/", views.recheck_start, name="recheck-start"),
    path("rechecks/<int:recheck_id>/", views.recheck_record, name="recheck-record"),
]
