from django.urls import path

from fangfanpin.quality import views_problems

urlpatterns: list = [
    path("", views_problems.problem_list, name="problem_list"),
    path("export.xlsx", views_problems.problem_export, name="problem_export"),
    path("problems/<int:pk>/", views_problems.problem_detail, name="problem_detail"),
    path("households/<int:pk>/", views_problems.household_problems, name="household_problems"),
    path("households/<int:pk>/review/", views_problems.household_review, name="household_review"),
]
