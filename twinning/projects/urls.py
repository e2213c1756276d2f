from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.gallery, name="gallery"),
    path("projects/mine/", views.mine, name="mine"),
    path("projects/new/", views.new, name="new"),
    path("projects/kits/", views.kits, name="kits"),
    path("projects/kits/<int:kit_id>/", views.kit_detail, name="kit"),
    path("projects/esep-history/", views.my_esep_history, name="my_esep_history"),
    path("projects/<int:project_id>/", views.detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.edit, name="edit"),
    path("projects/<int:project_id>/delete/", views.delete, name="delete"),
    path("projects/<int:project_id>/submit/", views.submit, name="submit"),
    path("projects/<int:project_id>/accept/", views.accept, name="accept"),
    path("projects/<int:project_id>/decline/", views.decline, name="decline"),
    path("projects/<int:project_id>/invite/", views.invite, name="invite"),
    path("projects/<int:project_id>/cofounder/", views.cofounder, name="cofounder"),
    path("projects/<int:project_id>/leave/", views.leave, name="leave"),
    path("projects/<int:project_id>/members/<int:member_id>/remove/", views.remove, name="remove"),
    path("projects/<int:project_id>/members/<int:member_id>/hand-over/", views.hand_over, name="hand_over"),
    path("projects/<int:project_id>/founder-rights/", views.founder_answer, name="founder_answer"),
    path("projects/<int:project_id>/school/", views.change_school, name="change_school"),
    path("projects/<int:project_id>/esep-partners/", views.external_add, name="external_add"),
    path("projects/<int:project_id>/close/", views.close, name="close"),
    path("projects/<int:project_id>/archive/", views.archive, name="archive"),
    path("staff/projects/approvals/", views.approvals, name="approvals"),
    path("staff/projects/founderless/", views.founderless, name="founderless"),
    path("staff/projects/kits/", views.kit_staff, name="kit_staff"),
    path("staff/projects/kits/new/", views.kit_edit, name="kit_new"),
    path("staff/projects/kits/<int:kit_id>/", views.kit_edit, name="kit_edit"),
    path("staff/projects/esep-history/", views.esep_history, name="esep_history"),
    path("staff/projects/esep-history/<int:import_id>/", views.esep_import, name="esep_import"),
    path("staff/projects/esep-history/items/<int:item_id>/", views.esep_item_decide, name="esep_item_decide"),
]
