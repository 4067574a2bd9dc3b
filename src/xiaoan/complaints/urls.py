from django.urls import path

from . import triage_views, views

urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/<int:complaint_id>/", views.complaint_detail, name="complaint-detail"),
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
