"""The application's URLs plus the task list's import and export pages."""

from django.urls import include, path

from xiaoan.urls import urlpatterns as base

urlpatterns = [path("", include("xiaoan.directives.import_urls")), *base]
