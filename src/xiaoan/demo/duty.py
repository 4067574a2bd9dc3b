"""The demo month on the duty desk, as the seed briefing of 4 March 2024 records it.

- 四.(一)4: from 3 March, during the national sessions, city leaders hold a dispatch
  at 15:00 every day on the counties' and departments' safety status — the dispatch
  period, its 3 March submissions (all in, one late) and 4 March (some still missing);
  the detachment's duty roster for those days;
- 四.(二)2: urgent information on major incidents must reach the higher level within
  one hour — one incident reported on time (a deadly residential fire) and one late
  (a fire at a kindergarten, as in the 方城 case the notice cites), plus one that
  needed no urgent report;
- 三: the provincial work-safety supervision team from 1 March and the announced
  research visit of the vice minister, each with a preparation checklist of tasks.

Made through the services, as the users who would have done it; idempotent (each
record is looked up by its natural fields first). Times are Beijing time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.core import clock
from xiaoan.duty import services
from xiaoan.duty.models import (
    DispatchPeriod,
    DispatchSubmission,
    DutyShift,
    Incident,
    UpcomingInspection,
)

from . import city
from .directives import on_day

PERIOD_TITLE = "全国两会期间安全稳定"
DISPATCH_UNITS = [
    "双台子区消防救援大队",
    "兴隆台区消防救援大队",
    "大洼区消防救援大队",
    "盘山县消防救援大队",
    "辽东湾新区消防救援大队",
    "盘锦市住房和城乡建设局",
    "盘锦市应急管理局",
    "盘锦市公安局",
    "盘锦市综合行政执法局",
    "盘锦市教育局",
]
# (day, organisation, time given, status, content); 4 March: 盘山、辽东湾、综合执法、教育 not yet in
SUBMISSIONS = [
    (
        "2024-03-03",
        "双台子区消防救援大队",
        "14:05",
        "stable",
        "辖区安全平稳，开展住宅小区夜查 12 处。",
    ),
    (
        "2024-03-03",
        "兴隆台区消防救援大队",
        "13:50",
        "stable",
        "惠宾社区高层住宅电动车集中清理 46 辆，辖区平稳。",
    ),
    ("2024-03-03", "大洼区消防救援大队", "14:30", "stable", "辖区安全平稳。"),
    (
        "2024-03-03",
        "盘山县消防救援大队",
        "15:25",
        "attention",
        "太平街道阳光幼儿园发生电气火灾，无人员伤亡，信息迟报，已督促说明情况。",
    ),
    ("2024-03-03", "辽东湾新区消防救援大队", "14:40", "stable", "辖区安全平稳。"),
    (
        "2024-03-03",
        "盘锦市住房和城乡建设局",
        "14:10",
        "stable",
        "在建工地电气焊作业全面排查，未发现违规动火。",
    ),
    ("2024-03-03", "盘锦市应急管理局", "13:30", "stable", "值班值守正常，无突发事件。"),
    ("2024-03-03", "盘锦市公安局", "14:00", "stable", "社会面平稳，派出所日常消防检查 38 家。"),
    ("2024-03-03", "盘锦市综合行政执法局", "14:50", "stable", "户外广告设施巡查 20 处。"),
    ("2024-03-03", "盘锦市教育局", "14:20", "stable", "各中小学、幼儿园开学前消防检查完成。"),
    ("2024-03-04", "双台子区消防救援大队", "13:40", "stable", "辖区安全平稳。"),
    (
        "2024-03-04",
        "兴隆台区消防救援大队",
        "13:55",
        "stable",
        "继续开展高层住宅地毯式排查，辖区平稳。",
    ),
    ("2024-03-04", "大洼区消防救援大队", "14:15", "stable", "辖区安全平稳。"),
    ("2024-03-04", "盘锦市住房和城乡建设局", "14:05", "stable", "辖区安全平稳。"),
    ("2024-03-04", "盘锦市应急管理局", "13:20", "stable", "值班值守正常。"),
    ("2024-03-04", "盘锦市公安局", "14:30", "stable", "社会面平稳。"),
]
# (day, role, person, phone) on the detachment's roster
SHIFTS = [
    (day, role, person, phone)
    for day in ("2024-03-03", "2024-03-04", "2024-03-05")
    for role, person, phone in (
        ("leader", "曹希锋", "0427-2800119"),
        ("officer", "支队值班员", "0427-2800119"),
        ("driver", "支队驾驶员", ""),
    )
]
# (username, alarm, area, place name, venue, dead, injured, trapped, description, reports)
INCIDENTS = [
    (
        "dawa",
        "2024-03-02 21:15",
        "大洼区",
        "向阳社区 6 号楼居民住宅",
        "",
        1,
        1,
        0,
        "居民住宅室内电动自行车电池充电起火，死亡 1 人、受伤 1 人。",
        [
            (
                "first",
                "2024-03-02 21:52",
                "电话",
                "向阳社区 6 号楼住宅火灾，死亡 1 人、受伤 1 人，明火已扑灭。",
            ),
            (
                "final",
                "2024-03-03 09:30",
                "书面报告",
                "起火原因初步认定为电动自行车电池在室内充电故障。",
            ),
        ],
    ),
    (
        "panshan",
        "2024-03-03 16:20",
        "盘山县",
        "太平街道阳光幼儿园",
        "kindergarten",
        0,
        0,
        0,
        "幼儿园厨房配电箱起火，幼儿和教职工 126 人已全部疏散，无人员伤亡。",
        [
            (
                "first",
                "2024-03-03 17:34",
                "应急联合指挥平台",
                "阳光幼儿园厨房配电箱起火，已扑灭，无人员伤亡。",
            ),
        ],
    ),
    (
        "xinglongtai",
        "2024-03-03 09:10",
        "兴隆台区",
        "振兴街道停车场",
        "",
        0,
        0,
        0,
        "一辆小型汽车自燃，无人员伤亡。",
        [],
    ),
]
CHANNELS = {"电话": "phone", "应急联合指挥平台": "platform", "书面报告": "document"}
# (title, body, starts, ends, note, location, focus, the briefing's sentence,
#  [(task, owner, deadline)])
INSPECTIONS = [
    (
        "省安委会全国“两会”期间安全生产督导",
        "辽宁省安全生产委员会督导组",
        "2024-03-01",
        "2024-03-15",
        "全国“两会”期间",
        "各县区",
        "安全生产责任落实、除患攻坚大整治、值班值守和信息报送。",
        "3月1日起，省安委会将在全国“两会”期间成立督导组到我市各县区开展检查",
        [
            ("备齐除患攻坚大整治台账及检查资料（迎检）", "兴隆台区消防救援大队", "2024-03-05"),
            ("备齐除患攻坚大整治台账及检查资料（迎检）", "双台子区消防救援大队", "2024-03-05"),
            ("自查值班值守和紧急信息报送制度落实（迎检）", "盘锦市应急管理局", "2024-03-06"),
        ],
    ),
    (
        "应急管理部副部长胡明朗到盘锦调研",
        "应急管理部",
        None,
        None,
        "近期（接总队通知）",
        "盘锦市",
        "消防安全、除患攻坚、应急联合指挥平台建设。",
        "接总队通知，应急管理部副部长胡明朗将于近期到盘锦开展调研",
        [
            ("准备消防工作汇报材料（调研）", "盘锦市消防救援支队", "2024-03-08"),
            ("选定调研点位并提前检查（调研）", "兴隆台区消防救援大队", "2024-03-08"),
        ],
    ),
]


def beijing(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=clock.LOCAL_TZ)


class DutyLoader:
    def __init__(self) -> None:
        self.created = dict.fromkeys(
            ("incidents", "reports", "dispatch_periods", "submissions", "shifts", "inspections"), 0
        )
        self.root = Area.objects.get(code=city.CITY[0])
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.users = {u.username: u for u in User.objects.select_related("area", "organisation")}

    def load_dispatch(self) -> None:
        period = DispatchPeriod.objects.filter(title=PERIOD_TITLE).first()
        if period is None:
            with on_day("2024-03-02"):
                period = services.do_create_dispatch_period(
                    acting_user=self.users["office"],
                    title=PERIOD_TITLE,
                    area=self.root,
                    start_date=dt.date(2024, 3, 3),
                    due_time=dt.time(15, 0),
                    organisations=[self.organisations[n] for n in DISPATCH_UNITS],
                    description="市委、市政府《关于做好2024年全国两会期间安全稳定和值班工作的通知》：从3月3日开始，市领导每天下午3点在应急局值班室调度县区、部门安全生产情况。",
                )
            self.created["dispatch_periods"] += 1
        members = {u.organisation.name: u for u in self.users.values() if u.organisation}
        for day, unit, time, status, content in SUBMISSIONS:
            organisation = self.organisations[unit]
            date = dt.date.fromisoformat(day)
            if DispatchSubmission.objects.filter(
                period=period, organisation=organisation, date=date
            ).exists():
                continue
            member = members.get(unit)
            given = beijing(f"{day} {time}")
            with on_day(date, at=given.time()):  # recorded as it came in
                services.do_submit_status(
                    period,
                    acting_user=member
                    if member and member.organisation_id == organisation.pk
                    else None,
                    organisation=organisation,
                    date=date,
                    status=status,
                    content=content,
                    submitted_at=given,
                )
            self.created["submissions"] += 1

    def load_roster(self) -> None:
        detachment = self.organisations["盘锦市消防救援支队"]
        for day, role, person, phone in SHIFTS:
            date = dt.date.fromisoformat(day)
            if DutyShift.objects.filter(
                organisation=detachment, date=date, role=role, person=person
            ).exists():
                continue
            services.do_assign_shift(
                acting_user=self.users["office"],
                organisation=detachment,
                date=date,
                role=role,
                person=person,
                phone=phone,
            )
            self.created["shifts"] += 1

    def load_incidents(self) -> None:
        areas = {a.name: a for a in Area.objects.filter(level__lte=Area.Level.COUNTY)}
        for username, alarm, area, place, venue, dead, injured, trapped, text, reports in INCIDENTS:
            alarm_at = beijing(alarm)
            if Incident.objects.filter(alarm_at=alarm_at, place_name=place).exists():
                continue
            brigade = self.users[username]
            incident = services.do_record_incident(
                acting_user=brigade,
                alarm_at=alarm_at,
                kind="fire",
                address=f"{area}{place}",
                area=areas[area],
                place_name=place,
                sensitive_venue=venue,
                dead=dead,
                injured=injured,
                trapped=trapped,
                description=text,
            )
            self.created["incidents"] += 1
            for kind, sent, channel, content in reports:
                services.do_send_report(
                    incident,
                    acting_user=brigade,
                    kind=kind,
                    recipient="盘锦市应急管理局指挥中心",
                    channel=CHANNELS[channel],
                    content=content,
                    sent_at=beijing(sent),
                )
                self.created["reports"] += 1

    def load_inspections(self) -> None:
        office = self.users["office"]
        for title, body, starts, ends, note, location, focus, summary, items in INSPECTIONS:
            if UpcomingInspection.objects.filter(title=title).exists():
                continue
            with on_day("2024-03-01"):
                inspection = services.do_announce_inspection(
                    acting_user=office,
                    title=title,
                    inspecting_body=body,
                    area=self.root,
                    starts_on=dt.date.fromisoformat(starts) if starts else None,
                    ends_on=dt.date.fromisoformat(ends) if ends else None,
                    date_note=note,
                    location=location,
                    focus=focus,
                    summary=summary,
                    host_organisation=self.organisations["盘锦市消防救援支队"],
                )
                for task, owner, deadline in items:
                    services.do_add_checklist_item(
                        inspection,
                        acting_user=office,
                        title=task,
                        owner=self.organisations[owner],
                        deadline=dt.date.fromisoformat(deadline),
                    )
            self.created["inspections"] += 1


def load_duty(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Load the seed month's duty-desk records; returns what was created, by kind."""
    services.ensure_default_rules()
    with on_day(city.DEMO_TODAY), transaction.atomic():
        loader = DutyLoader()
        loader.load_dispatch()
        loader.load_roster()
        loader.load_incidents()
        loader.load_inspections()
    created = loader.created
    log(
        "值班调度演示数据："
        f"警情 {created['incidents']} 起，报送 {created['reports']} 次，"
        f"调度安排 {created['dispatch_periods']} 个，每日报送 {created['submissions']} 条，"
        f"值班 {created['shifts']} 人次，迎检 {created['inspections']} 项"
    )
    return created
