from django.urls import include, path

urlpatterns = [
    path("", include("fangfanpin.registry.urls")),
]
