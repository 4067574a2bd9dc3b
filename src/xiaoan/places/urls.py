from django.urls import path

from . import edit, views

urlpatterns = [
    path("water-sources/", views.water_source_list, name="water-source-list"),
    path("water-sources/<int:source_id>/edit/", edit.water_source_edit, name="water-source-edit"),
    path("places/<int:place_id>/edit/", edit.place_edit, name="place-edit"),
]
