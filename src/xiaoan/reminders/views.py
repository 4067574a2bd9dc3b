"""A user's own reminder settings (no one else's: there is nothing to scope)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xiaoan.core.views import actor

from .models import ReminderKind
from .preferences import preference_of, save_preference


@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if request.method == "POST":
        save_preference(user, {kind: kind in request.POST for kind in ReminderKind.values})
        messages.success(request, "提醒设置已保存。")
        return redirect("reminder-settings")
    pref = preference_of(user)
    choices = [(kind, label, pref.wants(kind)) for kind, label in ReminderKind.choices]
    return render(request, "reminders/settings.html", {"choices": choices})
