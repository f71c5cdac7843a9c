from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "fangfanpin.registry"
    label = "registry"
    verbose_name = "户籍信息"
