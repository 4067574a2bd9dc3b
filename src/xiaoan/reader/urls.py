from django.urls import path

from . import views

urlpatterns = [
    path("reader/", views.reader_list, name="reader-list"),
    path("reader/new/", views.reader_new, name="reader-new"),
    path("reader/<int:reading_id>/", views.reader_detail, name="reader-detail"),
]
