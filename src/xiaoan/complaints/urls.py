from django.urls import path

from . import stats_views, views

urlpatterns = [
    path("complaints/", views.complaint_list, name="complaint-list"),
    path("complaints/<int:complaint_id>/", views.complaint_detail, name="complaint-detail"),
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
]
