from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "fangfanpin.quality"
    label = "quality"
    verbose_name = "数据比对清洗"
