from django.urls import path

from . import views

urlpatterns = [
    path("water-sources/", views.water_source_list, name="water-source-list"),
]
