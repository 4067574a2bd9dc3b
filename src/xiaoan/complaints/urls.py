from django.urls import path

from . import correction_views, handling_views, stats_views, triage_views, views

urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/<int:complaint_id>/", views.complaint_detail, name="complaint-detail"),
    path(
        "complaints/<int:complaint_id>/edit/",
        correction_views.complaint_edit,
        name="complaint-edit",
    ),
    path(
        "complaints/<int:complaint_id>/personal/",
        views.complaint_reveal,
        name="complaint-reveal",
    ),
    path("complaints/stats/", stats_views.stats_page, name="complaint-stats"),
    path("complaints/stats/export/", stats_views.stats_export, name="complaint-stats-export"),
    path("complaints/import/", views.import_page, name="complaint-import"),
    path("complaints/imports/", views.import_history, name="complaint-import-history"),
    path("complaints/imports/<int:job_id>/", views.import_job, name="complaint-import-job"),
    path(
        "complaints/imports/<int:job_id>/progress/",
        views.import_progress,
        name="complaint-import-progress",
    ),
    path(
        "complaints/imports/<int:job_id>/files/<str:which>/",
        views.import_file,
        name="complaint-import-file",
    ),
    path(
        "complaints/<int:complaint_id>/dispatch/",
        handling_views.complaint_dispatch,
        name="complaint-dispatch",
    ),
    path(
        "complaints/<int:complaint_id>/reply/",
        handling_views.complaint_reply,
        name="complaint-reply",
    ),
    path(
        "complaints/<int:complaint_id>/move/", handling_views.complaint_move, name="complaint-move"
    ),
    path(
        "complaints/<int:complaint_id>/chase/",
        handling_views.complaint_chase,
        name="complaint-chase",
    ),
    path(
        "complaints/<int:complaint_id>/chases/<int:chase_id>/answer/",
        handling_views.chase_answer,
        name="complaint-chase-answer",
    ),
    path(
        "complaints/<int:complaint_id>/convert/",
        handling_views.complaint_convert,
        name="complaint-convert",
    ),
    path(
        "complaints/<int:complaint_id>/places/",
        handling_views.place_options,
        name="complaint-place-options",
    ),
    path("complaints/export/", views.complaint_export, name="complaint-export"),
    # classification, placing and the dictionary
    path(
        "complaints/<int:complaint_id>/classification/",
        triage_views.complaint_classify,
        name="complaint-classify",
    ),
    path(
        "complaints/<int:complaint_id>/placing/",
        triage_views.complaint_place,
        name="complaint-place",
    ),
    path("complaints/unplaced/", triage_views.placing_queue, name="complaint-placing-queue"),
    path("complaints/keywords/", triage_views.keyword_list, name="complaint-keywords"),
    path(
        "complaints/keywords/<int:keyword_id>/",
        triage_views.keyword_edit,
        name="complaint-keyword-edit",
    ),
]
