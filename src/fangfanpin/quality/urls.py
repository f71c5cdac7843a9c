from django.urls import include, path

app_name = "quality"
urlpatterns = [
    path("quality/", include("fangfanpin.quality.urls_problems")),
    path("departments/", include("fangfanpin.quality.urls_dept")),
]
