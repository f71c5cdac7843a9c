from django.urls import include, path

urlpatterns = [
    path("", include("fangfanpin.areas.urls")),
    path("", include("fangfanpin.registry.urls")),
    path("", include("fangfanpin.quality.urls")),
]
