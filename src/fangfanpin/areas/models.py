from django.contrib.auth.models import AbstractUser
from django.db import models

from fangfanpin.core.enums import AREA_PREFIX_LEN, AreaLevel, Role


class Area(models.Model):
    """An administrative division; villager groups extend their village's 12-digit code by 3 digits."""

    code = models.CharField("区划代码", max_length=15, primary_key=True)
    name = models.CharField("名称", max_length=60)
    level = models.CharField("级别", max_length=2, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    centre_lon = models.DecimalField("中心经度", max_digits=9, decimal_places=6, null=True, blank=True)
    centre_lat = models.DecimalField("中心纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    boundary = models.JSONField("边界（GeoJSON）", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The significant part of the code: every descendant's code starts with it."""
        return self.code[: AREA_PREFIX_LEN[AreaLevel(self.level)]]


class User(AbstractUser):
    """A person who signs in: one role, acting on one area and everything below it."""

    full_name = models.CharField("姓名", max_length=40, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, verbose_name="管辖区域")
    department = models.CharField("部门代码", max_length=40, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username
