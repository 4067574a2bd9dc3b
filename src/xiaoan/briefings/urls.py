from django.urls import path

from . import views

urlpatterns = [
    path("briefings/", views.briefing_list, name="briefing-list"),
    path("briefings/new/", views.briefing_new, name="briefing-new"),
    path("briefings/<int:briefing_id>/", views.briefing_detail, name="briefing-detail"),
    path(
        "briefings/<int:briefing_id>/progress/",
        views.briefing_progress,
        name="briefing-progress",
    ),
    path("briefings/<int:briefing_id>/edit/", views.briefing_edit, name="briefing-edit"),
    path("briefings/<int:briefing_id>/export/", views.briefing_export, name="briefing-export"),
    path(
        "briefings/<int:briefing_id>/versions/<int:number>/",
        views.version_detail,
        name="briefing-version",
    ),
    path(
        "briefings/<int:briefing_id>/versions/<int:number>/<str:which>/",
        views.version_file,
        name="briefing-version-file",
    ),
    path(
        "briefings/<int:briefing_id>/charts/<int:index>.png",
        views.chart_image,
        name="briefing-chart",
    ),
    path(
        "briefings/<int:briefing_id>/versions/<int:number>/charts/<int:index>.png",
        views.chart_image,
        name="briefing-version-chart",
    ),
]
