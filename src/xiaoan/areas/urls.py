from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/", views.area_list, name="area-list"),
    path("areas/new/", views.area_create, name="area-create"),
    path("areas/<int:area_id>/", views.area_detail, name="area-detail"),
    path("areas/<int:area_id>/aliases/", views.area_aliases, name="area-aliases"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path(
        "organisations/<int:organisation_id>/",
        views.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "organisations/<int:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user-edit"),
]
