from django.urls import include, path

from . import views

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
    path("", include("xiaoan.directives.import_urls")),
]
