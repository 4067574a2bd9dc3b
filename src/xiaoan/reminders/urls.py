from django.urls import path

from . import views

urlpatterns = [path("reminders/settings/", views.reminder_settings, name="reminder-settings")]
