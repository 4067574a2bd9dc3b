"""URLs of the task list's Excel import and export."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("tasks/import/", import_views.task_import, name="task-import"),
    path("tasks/import/rejected/", import_views.task_import_rejected, name="task-import-rejected"),
    path(
        "tasks/import/template.xlsx", import_views.task_import_template, name="task-import-template"
    ),
    path("tasks/export.xlsx", import_views.task_export, name="task-export"),
]
