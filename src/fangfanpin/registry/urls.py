from django.urls import path

from fangfanpin.registry import views, views_import

app_name = "registry"
urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/reveal/", views.household_reveal, name="household_reveal"),
    path("households/<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path("imports/", views_import.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views_import.import_batch, name="import_batch"),
]
