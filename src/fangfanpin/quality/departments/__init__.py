"""The department formats (FORMATS §4): one module per department, gathered here by code."""

from fangfanpin.quality.departments import (
    caizheng_gongyang,
    canlian_canjiren,
    gongan_cheliang,
    gongan_huji,
    jiaoyu_xueji,
    minzheng_jiuzhu,
    renshe_jiuye,
    renshe_yanglao,
    shichang_zhuti,
    shuili_yinshui,
    weijian_bingzhong,
    yibao_canbao,
    yingji_shouzai,
    zhujian_weifang,
    ziranziyuan_budongchan,
)
from fangfanpin.quality.departments.base import COMMON_SCHEMA, Column, DepartmentFormat, id_key_sql, id_keys

_MODULES = (
    gongan_huji,
    gongan_cheliang,
    ziranziyuan_budongchan,
    caizheng_gongyang,
    shichang_zhuti,
    yibao_canbao,
    renshe_yanglao,
    renshe_jiuye,
    minzheng_jiuzhu,
    canlian_canjiren,
    jiaoyu_xueji,
    zhujian_weifang,
    shuili_yinshui,
    yingji_shouzai,
    weijian_bingzhong,
)
DEPARTMENTS: dict[str, DepartmentFormat] = {m.FORMAT.code: m.FORMAT for m in _MODULES}

__all__ = ["COMMON_SCHEMA", "DEPARTMENTS", "Column", "DepartmentFormat", "id_key_sql", "id_keys"]
