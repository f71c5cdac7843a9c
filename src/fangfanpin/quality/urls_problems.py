from django.urls import path

from fangfanpin.quality import views_problems, views_rules, views_runs

urlpatterns: list = [
    path("", views_problems.problem_list, name="problem_list"),
    path("export.xlsx", views_problems.problem_export, name="problem_export"),
    path("problems/<int:pk>/", views_problems.problem_detail, name="problem_detail"),
    path("households/<int:pk>/", views_problems.household_problems, name="household_problems"),
    path("households/<int:pk>/review/", views_problems.household_review, name="household_review"),
    path("runs/", views_runs.run_list, name="run_list"),
    path("runs/<int:pk>/", views_runs.run_detail, name="run_detail"),
    path("overview/", views_runs.overview, name="overview"),
    path("rules/", views_rules.rule_list, name="rule_list"),
    path("rules/<str:code>/", views_rules.rule_edit, name="rule_edit"),
]
