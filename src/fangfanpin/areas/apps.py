from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "fangfanpin.areas"
    label = "areas"
    verbose_name = "行政区划与用户"
