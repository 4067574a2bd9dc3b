from django.urls import include, path

from . import views
from .views import record_edits

urlpatterns = [
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/mine/", views.my_tasks, name="task-mine"),
    path("tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/history/", views.task_history, name="task-history"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:task_id>/extend/", views.task_extend, name="task-extend"),
    path("tasks/<int:task_id>/reassign/", views.task_reassign, name="task-reassign"),
    path(
        "tasks/<int:task_id>/targets/<int:target_id>/edit/", views.target_edit, name="target-edit"
    ),
    path("tasks/<int:task_id>/transition/", views.task_transition, name="task-transition"),
    path("tasks/<int:task_id>/progress/", views.task_progress, name="task-progress"),
    path("tasks/<int:task_id>/chase/", views.task_chase, name="task-chase"),
    path(
        "tasks/<int:task_id>/chases/<int:chase_id>/answer/", views.chase_answer, name="chase-answer"
    ),
    path("instructions/", views.instruction_list, name="instruction-list"),
    path("instructions/new/", views.instruction_create, name="instruction-create"),
    path("instructions/<int:instruction_id>/", views.instruction_detail, name="instruction-detail"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("documents/new/", views.document_create, name="document-create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("documents/<int:document_id>/", views.document_detail, name="document-detail"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/new/", views.campaign_create, name="campaign-create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:campaign_id>/activities/", views.activity_create, name="activity-create"),
    path(
        "instructions/<int:instruction_id>/edit/",
        record_edits.instruction_edit,
        name="instruction-edit",
    ),
    path("meetings/<int:meeting_id>/edit/", record_edits.meeting_edit, name="meeting-edit"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/edit/",
        record_edits.meeting_item_edit,
        name="meeting-item-edit",
    ),
    path("documents/<int:document_id>/edit/", record_edits.document_edit, name="document-edit"),
    path(
        "documents/<int:document_id>/items/<int:item_id>/edit/",
        record_edits.document_item_edit,
        name="document-item-edit",
    ),
    path("campaigns/<int:campaign_id>/edit/", record_edits.campaign_edit, name="campaign-edit"),
    path(
        "campaigns/<int:campaign_id>/phases/<int:phase_id>/edit/",
        record_edits.phase_edit,
        name="phase-edit",
    ),
    path(
        "campaigns/<int:campaign_id>/activities/<int:activity_id>/edit/",
        record_edits.activity_edit,
        name="activity-edit",
    ),
    path("", include("xiaoan.directives.import_urls")),
]
