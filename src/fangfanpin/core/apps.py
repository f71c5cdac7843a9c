from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fangfanpin.core"
    label = "core"
    verbose_name = "基础"
