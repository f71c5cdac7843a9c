from django.urls import path

from fangfanpin.quality import views_dept

urlpatterns = [
    path("", views_dept.dept_upload, name="dept_upload"),
    path("<int:pk>/", views_dept.dept_batch, name="dept_batch"),
]
