"""The demo month's reward reports (有奖举报), in every state, through
`xiaoan.rewards.services` (the city and the hazard desk's demo must be loaded first:
two reports are linked to demo hazards).

- the city's reward standard: 200 yuan for an ordinary hazard, 1,000 for a major one;
- 2/15: a guest reports that the upper floors of 兴隆台区宜居主题酒店 have no sprinklers
  or alarms; the 2/16 unannounced visit confirms it as a major hazard; 1,000 yuan decided by
  the brigade, approved by the office, paid by WeChat on 2/22, and the reporter satisfied;
- 2/28 and 3/1: two residents report the electric bikes in the lobby of 惠宾小区1号楼; the
  grid worker records the hazard on 3/1; the first reporter's 200 yuan is approved and waits
  to be paid, the second gets nothing (only the first reporter is rewarded);
- 3/2: a report in 大洼区 found untrue; 3/3: a corridor report in 双台子区 awaits checking,
  and a second report of the same corridor is marked a duplicate; 3/4: a report from a
  reporter who did not pick an area waits at the city for the office to place it.

Idempotent: a report that exists by its description is left alone.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.hazards.choices import HazardCategory, Severity
from xiaoan.hazards.models import Hazard
from xiaoan.rewards import services
from xiaoan.rewards.choices import PayoutMethod, Verdict
from xiaoan.rewards.models import RewardReport, RewardRule

from . import city
from .directives import on_day
from .hazards import HOTEL, png_bytes


@dataclass
class DemoReport:
    day: str
    description: str
    address: str
    area: str | None
    phone: str = ""
    #: (day, action, username, arguments) played in order
    steps: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)


HOTEL_HAZARD = (HOTEL, HazardCategory.FACILITIES_BROKEN)
LOBBY_HAZARD = ("惠宾小区1号楼", HazardCategory.EBIKE_INDOOR)
CORRIDOR = "双台子区胜利街道胜利小区8号楼2单元楼道堆满纸箱和旧家具，晚上没有灯。"

REPORTS = [
    DemoReport(
        "2024-02-15",
        "入住宜居主题酒店，发现三楼以上客房是后来改建的，走廊没有烟感也没有喷淋。",
        "兴隆台区宜居主题酒店",
        "兴隆台区",
        "13904271234",
        [
            (
                "2024-02-16",
                "verify",
                "xinglongtai",
                {"hazard": HOTEL_HAZARD, "note": "四不两直暗访核实属实，已判定为重大火灾隐患。"},
            ),
            ("2024-02-18", "decide", "xinglongtai", {}),
            ("2024-02-20", "approve", "office", {}),
            (
                "2024-02-22",
                "pay",
                "xinglongtai",
                {"method": PayoutMethod.WECHAT, "reference": "WX202402220018"},
            ),
            ("2024-02-23", "satisfaction", "", {"answer": "satisfied", "note": "处理很快，谢谢"}),
        ],
    ),
    DemoReport(
        "2024-02-28",
        "惠宾小区1号楼一楼大堂天天停着好几辆电动车，楼道里还放着电瓶，怕出事。",
        "兴隆台区惠宾街道惠宾小区1号楼",
        "兴隆街道",
        "13604275678",
        [
            (
                "2024-03-01",
                "verify",
                "xinglongtai",
                {"hazard": LOBBY_HAZARD, "note": "网格员检查核实属实。"},
            ),
            ("2024-03-02", "decide", "xinglongtai", {}),
            ("2024-03-04", "approve", "xifeng", {}),
        ],
    ),
    DemoReport(
        "2024-03-01",
        "惠宾小区1号楼大堂停电动车，有人在楼里给电瓶充电。",
        "惠宾小区1号楼",
        "兴隆台区",
        "15004279876",
        [
            (
                "2024-03-01",
                "verify",
                "xinglongtai",
                {"hazard": LOBBY_HAZARD, "note": "与此前举报为同一隐患，已核实。"},
            ),
            ("2024-03-02", "decide", "xinglongtai", {}),
        ],
    ),
    DemoReport(
        "2024-03-02",
        "大洼区某饭店后厨煤气罐放在门口，怀疑违规使用液化气。",
        "大洼区田家街道商业街",
        "大洼区",
        "",
        [
            (
                "2024-03-03",
                "verify",
                "dawa",
                {
                    "verdict": Verdict.FALSE,
                    "note": "现场检查，该饭店已改用管道天然气，未发现液化气罐。",
                },
            )
        ],
    ),
    DemoReport("2024-03-03", CORRIDOR, "双台子区胜利小区8号楼2单元", "双台子区", "13304270001"),
    DemoReport(
        "2024-03-03",
        "胜利小区8号楼2单元楼道杂物太多，堵住了楼梯。",
        "胜利小区8号楼",
        "双台子区",
        "",
        [
            (
                "2024-03-04",
                "verify",
                "shuangtaizi",
                {
                    "verdict": Verdict.DUPLICATE,
                    "duplicate_of": CORRIDOR,
                    "note": "与同日另一举报为同一楼道，已合并办理。",
                },
            )
        ],
    ),
    DemoReport(
        "2024-03-04",
        "小区消防车道被私家车长期占用，消防车进不来。",
        "盘锦市某小区南门",
        None,
        "18804271111",
    ),
]


class RewardsLoader:
    def __init__(self) -> None:
        self.created = {"reward_rules": 0, "reward_reports": 0}
        self.users = {u.username: u for u in User.objects.select_related("area", "organisation")}

    def load_rules(self) -> None:
        root = Area.objects.get(code=city.CITY[0])
        for severity, amount in ((Severity.ORDINARY, "200"), (Severity.MAJOR, "1000")):
            if RewardRule.objects.filter(area=root, severity=severity).exists():
                continue
            services.do_create_rule(
                acting_user=None,
                area=root,
                severity=severity,
                amount=Decimal(amount),
                note="全市标准",
            )
            self.created["reward_rules"] += 1

    def hazard(self, place_and_category: tuple[str, str]) -> Hazard:
        place, category = place_and_category
        found = Hazard.objects.filter(place__name=place, category=category).order_by("pk").first()
        if found is None:
            raise LookupError(f"演示隐患不存在：{place} {category}（请先载入隐患排查演示数据）")
        return found

    def load_report(self, spec: DemoReport) -> None:
        if RewardReport.objects.filter(description=spec.description).exists():
            return
        with on_day(spec.day):
            report = services.do_submit_report(
                description=spec.description,
                address=spec.address,
                phone=spec.phone,
                area=Area.objects.get(name=spec.area) if spec.area else None,
                photos=[("现场照片.png", io.BytesIO(png_bytes()))],
                consent=True,
            )
        self.created["reward_reports"] += 1
        for day, action, username, arguments in spec.steps:
            with on_day(day):
                report = self.play(report, action, self.users.get(username), arguments)

    def play(
        self, report: RewardReport, action: str, user: Any, arguments: dict[str, Any]
    ) -> RewardReport:
        if action == "verify":
            duplicate = arguments.get("duplicate_of")
            services.do_verify_report(
                report,
                acting_user=user,
                verdict=arguments.get("verdict", Verdict.TRUE),
                note=arguments.get("note", ""),
                hazard=self.hazard(arguments["hazard"]) if "hazard" in arguments else None,
                duplicate_of=RewardReport.objects.get(description=duplicate) if duplicate else None,
            )
        elif action == "decide":
            services.do_decide_reward(report, acting_user=user)
        elif action == "approve":
            services.do_approve_reward(report, acting_user=user)
        elif action == "pay":
            services.do_pay_reward(report, acting_user=user, **arguments)
        elif action == "satisfaction":
            services.do_record_satisfaction(report, **arguments)
        return RewardReport.objects.get(pk=report.pk)


def load_rewards(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Load the demo month's reward rules and reports; returns what was created."""
    with transaction.atomic():
        loader = RewardsLoader()
        loader.load_rules()
        for spec in REPORTS:
            loader.load_report(spec)
    log(
        f"有奖举报演示数据：奖励标准 {loader.created['reward_rules']} 条，"
        f"举报 {loader.created['reward_reports']} 条"
    )
    return loader.created
