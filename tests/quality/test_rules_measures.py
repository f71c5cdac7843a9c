import datetime as dt
from decimal import Decimal

from .households import ELIMINATED, MONITORED, found, home

NO_MEASURES = {"m_health": "", "m_industry": ""}


def test_meas01_finds_a_household_identified_a_month_ago_without_measures(township, findings):
    bare = home(township.lianhe, **MONITORED | NO_MEASURES)
    home(township.lianhe, **MONITORED | NO_MEASURES | {"identified_month": dt.date(2021, 9, 1)})
    home(township.lianhe, **MONITORED | NO_MEASURES | {"m_social": "结对帮扶"})
    home(township.lianhe, **ELIMINATED | NO_MEASURES)
    assert found(findings("MEAS-01")) == {f"H{bare.pk}": "识别监测时间2021-03，未落实任何帮扶措施"}


def test_meas01_reads_the_months_from_its_parameter(township, findings):
    home(township.lianhe, **MONITORED | NO_MEASURES | {"identified_month": dt.date(2021, 6, 1)})
    assert len(findings("MEAS-01")) == 1
    assert findings("MEAS-01", overrides={"MEAS-01": {"months": "6"}}) == []


def test_meas02_finds_each_risk_or_flag_without_its_expected_measures(township, findings):
    water = home(township.lianhe, **MONITORED | {"risk2": "因安全饮水"})
    flag = home(
        township.lianhe,
        **MONITORED | {"risk1": "因学", "m_health": "", "m_education": "雨露计划", "uninsured_member": True},
    )
    home(township.lianhe, **MONITORED | {"m_health": "", "m_social": "结对帮扶", "risk2": "因自然灾害"})
    home(township.lianhe, risk2="因安全饮水", uninsured_member=True)
    assert found(findings("MEAS-02")) == {
        f"H{water.pk}:因安全饮水": "致贫/返贫风险含因安全饮水，未落实饮水安全保障",
        f"H{flag.pk}:有成员未参加基本医疗保险": (
            "是否有家庭成员未参加城乡居民（职工）基本医疗保险为“是”，未落实健康帮扶或社会帮扶"
        ),
    }


def test_meas02_names_every_expected_measure_of_a_risk(township, findings):
    ill = home(township.lianhe, **MONITORED | {"m_health": ""})
    assert found(findings("MEAS-02")) == {
        f"H{ill.pk}:因病": "致贫/返贫风险含因病，未落实健康帮扶、社会帮扶或综合保障"
    }


def test_meas03_finds_labour_without_development_measures(township, findings):
    none = home(township.lianhe, **MONITORED | {"m_industry": ""})
    pending = home(township.lianhe, {}, {}, **MONITORED | {"development_done": "尚未实施"})
    home(township.lianhe, {"labour_skill": "丧失劳动力"}, **MONITORED | {"m_industry": ""})
    home(township.lianhe, **MONITORED | {"m_industry": "", "m_public_job": "护林员"})
    home(township.lianhe, **ELIMINATED | {"m_industry": ""})
    assert found(findings("MEAS-03")) == {
        f"H{none.pk}": "在册成员中有1名劳动力，未落实产业帮扶、就业帮扶、金融帮扶或公益岗位帮扶等开发式帮扶措施",
        f"H{pending.pk}": "在册成员中有2名劳动力，实施开发式帮扶措施情况为“尚未实施”",
    }


def test_meas04_finds_dibao_or_tekun_that_measures_and_members_disagree_on(township, findings):
    listed = home(township.lianhe, **MONITORED | {"m_security": "低保、临时救助"})
    enjoyed = home(township.lianhe, {"tekun": "农村特困"}, **MONITORED)
    home(township.lianhe, {"dibao": "农村低保"}, {"dibao": "未享受"}, **MONITORED | {"m_security": "低保"})
    home(township.lianhe, {"dibao": "农村低保"}, {"tekun": "不享受"})
    assert found(findings("MEAS-04")) == {
        f"H{listed.pk}:低保": "综合保障中有低保，但在册成员均未享受低保",
        f"H{enjoyed.pk}:特困供养": "1名在册成员享受特困供养，但综合保障中没有特困供养",
    }


def test_meas05_finds_a_disability_allowance_without_a_disabled_member(township, findings):
    allowance = home(township.lianhe, **MONITORED | {"m_security": "残疾人补贴"})
    home(township.lianhe, {}, {"health": "残疾"}, **MONITORED | {"m_security": "残疾人补贴"})
    assert found(findings("MEAS-05")) == {
        f"H{allowance.pk}": "综合保障中有残疾人补贴，但在册成员的健康状况均不含残疾"
    }


def test_meas06_finds_employment_help_without_anyone_working(township, findings):
    idle = home(township.lianhe, **MONITORED | {"m_employment": "劳务输出", "m_public_job": "护林员"})
    home(township.lianhe, {}, {"work_months": Decimal("6")}, **MONITORED | {"m_employment": "劳务输出"})
    home(township.lianhe, {"public_job": "护林员"}, **MONITORED | {"m_public_job": "护林员"})
    assert found(findings("MEAS-06")) == {
        f"H{idle.pk}": "已落实就业帮扶（劳务输出）、公益岗位帮扶（护林员），但在册成员均无务工时间或公益性岗位"
    }


def test_meas07_finds_yulu_without_a_vocational_student(township, findings):
    yulu = home(
        township.lianhe, {}, {"school_status": "普通高中二年级"}, **MONITORED | {"m_education": "雨露计划"}
    )
    home(township.lianhe, {}, {"school_status": "中职二年级"}, **MONITORED | {"m_education": "雨露计划"})
    home(township.lianhe, **MONITORED | {"m_education": "其他"})
    assert found(findings("MEAS-07")) == {
        f"H{yulu.pk}": "教育帮扶中有雨露计划，但在册成员中没有中职或高职高专在校生"
    }
