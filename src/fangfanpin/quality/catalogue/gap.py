"""Should be monitored (GAP) — 应纳尽纳: households the rules say belong under monitoring, or back in it.

A household none of whose members is still registered has left the registry (all naturally removed):
there is nobody to monitor, so every GAP rule skips it (`h.n_members > 0`).
"""

from fangfanpin.quality.catalogue.fragments import money
from fangfanpin.quality.catalogue.household_fragments import (
    OUT_OF_SCHOOL,
    UNINSURED,
    UNMONITORED,
    UNSAFE_HOUSING,
    below_line,
    household_rule,
)
from fangfanpin.quality.models import Severity

NOT_MONITORED = "NOT h.monitored AND h.n_members > 0"
ELIMINATED = "h.is_eliminated AND h.n_members > 0"
NO_LABOUR = "'在册成员' || CAST(h.n_members AS VARCHAR) || '人均无劳动能力'"


RULES = (
    # The computed 人均纯收入 (GLOSSARY's formula, as the registry pages show it); INC-02 reports a
    # recorded value that differs from it.
    household_rule(
        "GAP-01",
        "未纳入监测但人均纯收入低于监测标准",
        Severity.ERROR,
        f"{UNMONITORED} || '，' || {below_line('per_capita', '人均纯收入')}",
        f"{NOT_MONITORED} AND h.per_capita < h.line",
    ),
    # Either field says so; the description shows both as recorded (是否危房户 是 with 危房等级 B is
    # still unsafe by the flag).
    household_rule(
        "GAP-02",
        "未纳入监测但住房不安全",
        Severity.ERROR,
        f"{UNMONITORED} || '，' || {UNSAFE_HOUSING}",
        f"{NOT_MONITORED} AND h.housing_unsafe",
    ),
    household_rule(
        "GAP-03",
        "未纳入监测但饮水不安全",
        Severity.ERROR,
        f"{UNMONITORED} || '，是否解决安全饮用水为“否”'",
        f"{NOT_MONITORED} AND h.water_unsafe",
    ),
    household_rule(
        "GAP-04",
        "未纳入监测但有义务教育阶段失学辍学儿童",
        Severity.ERROR,
        f"{UNMONITORED} || '，' || {OUT_OF_SCHOOL}",
        f"{NOT_MONITORED} AND h.n_out_of_school > 0",
    ),
    household_rule(
        "GAP-05",
        "未纳入监测但有成员未参加基本医疗保险",
        Severity.ERROR,
        f"{UNMONITORED} || '，' || {UNINSURED}",
        f"{NOT_MONITORED} AND h.n_uninsured > 0",
    ),
    household_rule(
        "GAP-06",
        "未纳入监测的无劳动能力户且未享受低保或特困供养",
        Severity.DOUBT,
        f"{UNMONITORED} || '，' || {NO_LABOUR} || '，且无人享受低保或特困供养'",
        f"{NOT_MONITORED} AND h.n_labour = 0 AND h.n_dibao_tekun = 0",
    ),
    # This year's computed 人均纯收入, as for GAP-01 (ELIM-01 checks the 风险消除后 amount).
    household_rule(
        "GAP-07",
        "已消除风险但本年度人均纯收入低于监测标准",
        Severity.ERROR,
        f"'已标注风险消除，本年度' || {below_line('per_capita', '人均纯收入')} || '，应回退风险消除'",
        f"{ELIMINATED} AND h.per_capita < h.line",
    ),
    household_rule(
        "GAP-08",
        "已消除风险的无劳动能力户",
        Severity.DOUBT,
        f"'已标注风险消除，' || {NO_LABOUR}",
        f"{ELIMINATED} AND h.n_labour = 0",
    ),
    # Ours: a household above the line whose compliant out-of-pocket medical spending takes it below
    # (GLOSSARY: income after rigid medical spending) is the 突发严重困难户 a checker looks for. Compared
    # as totals (line × 家庭人口数), so the description needs no division.
    household_rule(
        "GAP-09",
        "未纳入监测但扣除合规自付支出后人均收入低于监测标准",
        Severity.DOUBT,
        f"""{UNMONITORED} || '，家庭纯收入' || {money("h.net_income")} || '元扣除合规自付支出'
           || {money("h.medical_expense")} || '元后为' || {money("h.net_income - h.medical_expense")}
           || '元，按' || CAST(h.population AS VARCHAR) || '人计人均低于监测标准' || {money("h.line")} || '元'""",
        f"""{NOT_MONITORED} AND h.per_capita >= h.line AND h.medical_expense > 0
           AND h.net_income - h.medical_expense < h.line * h.population""",
    ),
)
