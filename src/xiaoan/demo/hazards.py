"""The demo month on the hazard desk: places, supervision visits, inspections and hazards.

What the seed briefing of 4 March 2024 (shared/seed/000_228dc85e4fe5cccb.txt) says about
inspections, loaded into the demo city through `xiaoan.places.services` and
`xiaoan.hazards.services` (`demo.loader.load_city` and `demo.directives.load_directives`
must have run first: the two campaigns are looked up by name):

- about thirty places across the four county-level districts: 惠宾社区's high-rises managed
  by 盘锦惠宾物业服务有限公司, other residential communities, hotels (兴隆台区宜居主题酒店
  among them), several of the nine small-venue kinds and a few key units;
- section 三: the three unannounced supervision visits (四不两直) led by 刘占明副市长 on
  1/30, 2/16 and 2/17, which found 27 hazards, all being rectified on 3/4 (均已督促整改),
  with a temporary sealing (临时查封) of 兴隆台区宜居主题酒店 not yet lifted; and 邢鹏市长's
  visit of 3/2 to key units and residential communities;
- the self-check phase (3/1–3/8) of 全市住宅小区消防安全综合治理: inspections by the grid
  worker, the property manager (self-check) and the brigades from 3/1 to 3/4, covering about
  half of the residential places, some with hazards and several explicitly with none, two
  with a second inspector who has not signed yet;
- how the hazards stood on 4 March: four verified and closed (the fix reported by one
  person, verified by another), one overdue, and a trace-back case (惠宾小区1号楼 was
  reported clean by the brigade on 2/20, and the grid worker found electric bikes in its
  lobby on 3/1).

Everything is made with the clock pinned to the day it happened (`directives.on_day`).
Idempotent: a place that exists by name, a visit by date + title, an inspection by place +
time, an enforcement action by place + kind + decision day is left alone; a hazard's
rectification story and an inspection's later signatures are played only when the
inspection itself is created.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.directives.models import Campaign
from xiaoan.hazards.choices import EnforcementKind, HazardCategory, InspectionKind, Severity
from xiaoan.hazards.models import EnforcementAction, Hazard, Inspection, SupervisionVisit
from xiaoan.hazards.services import (
    HazardSpec,
    do_record_inspection,
    do_record_visit,
    do_report_fixed,
    do_sign_inspection,
    do_start_rectifying,
    do_take_enforcement,
    do_verify,
)
from xiaoan.places.choices import PlaceKind, RiskLevel
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

from . import city
from .directives import CAMPAIGNS, on_day

Row = dict[str, Any]

K = PlaceKind
C = HazardCategory
HUIBIN_PROPERTY = "盘锦惠宾物业服务有限公司"
HOTEL = "兴隆台区宜居主题酒店"

#: the brigade user of each county-level district (by area code)
BRIGADE_USERS = {
    "211102": "shuangtaizi",
    "211103": "xinglongtai",
    "211104": "dawa",
    "211122": "panshan",
}

# ----- places -----
# The ledger the brigades built from earlier surveys (前期摸排), registered in January.
# area: the area code (惠宾社区's places on its grids, so the grid worker sees grid 1's);
# property: managed by 盘锦惠宾物业服务有限公司; lat/lng for a few places on the map.
PLACES_REGISTERED_ON = "2024-01-22"

PLACES: list[Row] = [
    # ---- 兴隆台区 · 兴隆街道 · 惠宾社区 (盘锦惠宾物业) ----
    {
        "name": "惠宾小区1号楼",
        "address": "兴隆台区惠宾街18号1号楼",
        "area": "211103001001-1",
        "kind": K.HIGH_RISE,
        "responsible": "赵立新",
        "property": True,
        "risk": RiskLevel.HIGH,
        "lat": "41.123400",
        "lng": "122.071200",
    },
    {
        "name": "惠宾小区2号楼",
        "address": "兴隆台区惠宾街18号2号楼",
        "area": "211103001001-1",
        "kind": K.HIGH_RISE,
        "responsible": "赵立新",
        "property": True,
        "risk": RiskLevel.HIGH,
        "lat": "41.123900",
        "lng": "122.072000",
    },
    {
        "name": "惠宾小区3号楼",
        "address": "兴隆台区惠宾街18号3号楼",
        "area": "211103001001-2",
        "kind": K.HIGH_RISE,
        "responsible": "赵立新",
        "property": True,
        "risk": RiskLevel.HIGH,
    },
    {
        "name": "惠宾小区5号楼",
        "address": "兴隆台区惠宾街18号5号楼",
        "area": "211103001001-2",
        "kind": K.HIGH_RISE,
        "responsible": "赵立新",
        "property": True,
        "risk": RiskLevel.HIGH,
    },
    {
        "name": "惠宾花园小区",
        "address": "兴隆台区惠宾街36号",
        "area": "211103001001-3",
        "kind": K.RESIDENTIAL,
        "responsible": "孙海燕",
        "property": True,
    },
    {
        "name": "惠宾社区电动自行车集中充电棚",
        "address": "兴隆台区惠宾街18号小区北门内",
        "area": "211103001001-2",
        "kind": K.OTHER,
        "responsible": "赵立新",
        "property": True,
        "risk": RiskLevel.LOW,
        "lat": "41.124300",
        "lng": "122.071600",
    },
    # ---- 兴隆台区 · 兴盛社区, 振兴社区, 渤海社区 ----
    {
        "name": "兴盛小区",
        "address": "兴隆台区兴盛路52号",
        "area": "211103001002",
        "kind": K.RESIDENTIAL,
        "responsible": "周凤琴",
    },
    {
        "name": "兴盛花园高层住宅",
        "address": "兴隆台区兴盛路77号",
        "area": "211103001002",
        "kind": K.HIGH_RISE,
        "responsible": "钱玉梅",
        "risk": RiskLevel.HIGH,
    },
    {
        "name": "振兴家园",
        "address": "兴隆台区振兴街120号",
        "area": "211103002001",
        "kind": K.RESIDENTIAL,
        "responsible": "吴德明",
    },
    {
        "name": HOTEL,
        "address": "兴隆台区振兴街88号",
        "area": "211103002001",
        "kind": K.HOTEL,
        "responsible": "郑宏伟",
        "risk": RiskLevel.HIGH,
        "lat": "41.117800",
        "lng": "122.064500",
    },
    {
        "name": "老味道饺子馆",
        "address": "兴隆台区振兴街96号",
        "area": "211103002001",
        "kind": K.SMALL_RESTAURANT,
        "responsible": "刘春梅",
    },
    {
        "name": "鑫源网吧",
        "address": "兴隆台区振兴街102号二层",
        "area": "211103002001",
        "kind": K.SMALL_INTERNET_CAFE,
        "responsible": "陈志强",
    },
    {
        "name": "渤海明珠高层住宅",
        "address": "兴隆台区渤海路66号",
        "area": "211103003001",
        "kind": K.HIGH_RISE,
        "responsible": "杨秀兰",
        "risk": RiskLevel.HIGH,
        "lat": "41.112600",
        "lng": "122.079300",
    },
    {
        "name": "兴隆大家庭购物中心",
        "address": "兴隆台区渤海路1号",
        "area": "211103003001",
        "kind": K.CROWDED,
        "responsible": "黄振东",
        "risk": RiskLevel.HIGH,
        "lat": "41.114100",
        "lng": "122.074800",
    },
    {
        "name": "兴隆台区悦来宾馆",
        "address": "兴隆台区渤海路37号",
        "area": "211103003001",
        "kind": K.SMALL_HOTEL,
        "responsible": "马丽娟",
    },
    {
        "name": "盘锦鑫达石化储运有限公司",
        "address": "兴隆台区渤海路东段工业园8号",
        "area": "211103003001",
        "kind": K.OTHER,
        "responsible": "高建军",
        "risk": RiskLevel.HIGH,
        "lat": "41.108900",
        "lng": "122.091700",
    },
    # ---- 双台子区 ----
    {
        "name": "胜利小区",
        "address": "双台子区胜利街25号",
        "area": "211102001001",
        "kind": K.RESIDENTIAL,
        "responsible": "林淑珍",
    },
    {
        "name": "胜利花园高层住宅",
        "address": "双台子区胜利街71号",
        "area": "211102001001",
        "kind": K.HIGH_RISE,
        "responsible": "何永强",
        "risk": RiskLevel.HIGH,
        "lat": "41.191500",
        "lng": "122.046200",
    },
    {
        "name": "建设小区",
        "address": "双台子区建设路40号",
        "area": "211102002001",
        "kind": K.RESIDENTIAL,
        "responsible": "罗桂英",
    },
    {
        "name": "建设新村",
        "address": "双台子区建设路112号",
        "area": "211102002001",
        "kind": K.RESIDENTIAL,
        "responsible": "卢建华",
    },
    {
        "name": "建设路社区诊所",
        "address": "双台子区建设路58号",
        "area": "211102002001",
        "kind": K.SMALL_CLINIC,
        "responsible": "梁文博",
    },
    {
        "name": "红旗小区",
        "address": "双台子区红旗大街15号",
        "area": "211102003001",
        "kind": K.RESIDENTIAL,
        "responsible": "宋玉华",
    },
    {
        "name": "红旗街阳光幼儿园",
        "address": "双台子区红旗大街33号",
        "area": "211102003001",
        "kind": K.SMALL_SCHOOL,
        "responsible": "谢春燕",
    },
    {
        "name": "红旗星光KTV",
        "address": "双台子区红旗大街90号三层",
        "area": "211102003001",
        "kind": K.SMALL_ENTERTAINMENT,
        "responsible": "韩东",
        "risk": RiskLevel.HIGH,
    },
    # ---- 大洼区 ----
    {
        "name": "向阳小区",
        "address": "大洼区向阳路19号",
        "area": "211104001001",
        "kind": K.RESIDENTIAL,
        "responsible": "唐国庆",
        "lat": "40.994800",
        "lng": "122.082300",
    },
    {
        "name": "向阳便民超市",
        "address": "大洼区向阳路27号",
        "area": "211104001001",
        "kind": K.SMALL_SHOP,
        "responsible": "冯晓东",
    },
    {
        "name": "大洼红海滩假日酒店",
        "address": "大洼区田家路200号",
        "area": "211104002001",
        "kind": K.HOTEL,
        "responsible": "许文静",
    },
    {
        "name": "田家美容养生馆",
        "address": "大洼区田家路61号",
        "area": "211104002001",
        "kind": K.SMALL_BEAUTY_BATH,
        "responsible": "邓丽",
    },
    {
        "name": "田家小区",
        "address": "大洼区田家路88号",
        "area": "211104002001",
        "kind": K.RESIDENTIAL,
        "responsible": "曹永胜",
    },
    # ---- 盘山县 ----
    {
        "name": "太平小区",
        "address": "盘山县太平街道太平路12号",
        "area": "211122001001",
        "kind": K.RESIDENTIAL,
        "responsible": "彭立军",
    },
    {
        "name": "盘山县太平商贸城",
        "address": "盘山县太平街道商贸路1号",
        "area": "211122001001",
        "kind": K.CROWDED,
        "responsible": "董海峰",
        "risk": RiskLevel.HIGH,
        "lat": "41.242700",
        "lng": "121.996400",
    },
    {
        "name": "高升小区",
        "address": "盘山县高升街道高升路46号",
        "area": "211122002001",
        "kind": K.RESIDENTIAL,
        "responsible": "袁淑芬",
    },
    {
        "name": "高升街道粮米加工厂",
        "address": "盘山县高升街道工业路9号",
        "area": "211122002001",
        "kind": K.SMALL_WORKSHOP,
        "responsible": "蒋大成",
        "risk": RiskLevel.HIGH,
    },
    {
        "name": "盘山县高升宾馆",
        "address": "盘山县高升街道高升路80号",
        "area": "211122002001",
        "kind": K.SMALL_HOTEL,
        "responsible": "潘雪",
    },
    {
        "name": "沙岭村农家饭庄",
        "address": "盘山县沙岭镇沙岭村村委会东100米",
        "area": "211122101001",
        "kind": K.SMALL_RESTAURANT,
        "responsible": "田福贵",
    },
]

# ----- supervision visits (三、督导检查情况) -----
# Recorded by the detachment office; the leader is named on the visit.

UNANNOUNCED_NOTE = (
    "以“四不两直”方式明察暗访：不发通知、不打招呼、不听汇报、不用陪同接待，直奔基层、直插现场。"
)

VISITS: list[Row] = [
    {
        "key": "v0130",
        "date": "2024-01-30",
        "leader": ("刘占明", "副市长"),
        "title": "刘占明副市长“四不两直”明察暗访督导检查（第一次）",
        "unannounced": True,
        "notes": UNANNOUNCED_NOTE + "检查兴隆台区、双台子区商场、餐饮、娱乐场所和高层住宅。",
    },
    {
        "key": "v0216",
        "date": "2024-02-16",
        "leader": ("刘占明", "副市长"),
        "title": "刘占明副市长“四不两直”明察暗访督导检查（第二次）",
        "unannounced": True,
        "notes": UNANNOUNCED_NOTE
        + "检查兴隆台区、大洼区宾馆酒店和九小场所；对兴隆台区宜居主题酒店采取临时查封。",
    },
    {
        "key": "v0217",
        "date": "2024-02-17",
        "leader": ("刘占明", "副市长"),
        "title": "刘占明副市长“四不两直”明察暗访督导检查（第三次）",
        "unannounced": True,
        "notes": UNANNOUNCED_NOTE + "检查盘山县、双台子区商贸城、生产加工企业、餐饮场所和幼儿园。",
    },
    {
        "key": "v0302",
        "date": "2024-03-02",
        "leader": ("邢鹏", "市长"),
        "title": "邢鹏市长带队检查重点单位和住宅小区",
        "unannounced": False,
        "notes": "检查企业安全生产、高层建筑消防整治、电动车公共充电桩、重点场所消防隐患排查情况。",
    },
]

# ----- inspections and the hazards they found -----
# at: local time; by: the recording inspector (a visit's inspections by the brigade of the
# place's district); campaign: a key of directives.CAMPAIGNS; hazards: [] is "no hazard".
# A hazard's story: (day, action, username[, text]) with action start / fixed / verify.
# sign: (day, username) of a second inspector signing later; one left out has not signed.


def hz(category: str, description: str, deadline: str, *story: tuple[str, ...], **more: Any) -> Row:
    return {
        "category": category,
        "description": description,
        "deadline": deadline,
        "story": story,
        **more,
    }


INSPECTIONS: list[Row] = [
    # ===== 1/30 四不两直 (first): 9 hazards =====
    {
        "place": "兴隆大家庭购物中心",
        "at": "2024-01-30 09:40",
        "visit": "v0130",
        "hazards": [
            hz(
                C.FACILITIES_BROKEN,
                "火灾自动报警控制器有12处故障报警未处理，二层部分感烟探测器被装修吊顶遮挡。",
                "2024-03-15",
                ("2024-01-31", "start", "xinglongtai"),
            ),
            hz(
                C.ESCAPE_BLOCKED,
                "一层东侧安全出口上锁，出口内侧疏散通道堆放促销货架。",
                "2024-02-01",
                ("2024-01-30", "start", "xinglongtai"),
                (
                    "2024-01-31",
                    "fixed",
                    "xinglongtai",
                    "现场督促拆除门锁、清走货架，疏散通道畅通。",
                ),
            ),
            hz(
                C.FIRE_DOOR,
                "三层防火门被木楔固定呈常开状态，闭门器拆除。",
                "2024-02-05",
                ("2024-01-31", "start", "xinglongtai"),
                (
                    "2024-02-03",
                    "fixed",
                    "xinglongtai",
                    "已拆除木楔，重新安装闭门器，防火门恢复常闭。",
                ),
            ),
        ],
    },
    {
        "place": "老味道饺子馆",
        "at": "2024-01-30 11:20",
        "visit": "v0130",
        "hazards": [
            # the overdue one: due 2/29, still being rectified on 3/4
            hz(
                C.GAS,
                "后厨使用液化石油气钢瓶，未安装可燃气体浓度报警装置和紧急切断阀。",
                "2024-02-29",
                ("2024-01-31", "start", "xinglongtai"),
            ),
            hz(
                C.ILLEGAL_WIRING,
                "后厨私拉电线接和面机、蒸柜等大功率电器，电线未穿管保护。",
                "2024-02-05",
                ("2024-01-31", "start", "xinglongtai"),
                ("2024-02-02", "fixed", "xinglongtai", "已由电工重新敷设线路并穿管保护。"),
            ),
        ],
    },
    {
        "place": "红旗星光KTV",
        "at": "2024-01-30 14:30",
        "visit": "v0130",
        "hazards": [
            hz(
                C.ESCAPE_BLOCKED,
                "包房区疏散走道堆放桌椅，净宽度不足1.1米。",
                "2024-02-01",
                ("2024-01-30", "start", "shuangtaizi"),
                ("2024-01-31", "fixed", "shuangtaizi", "桌椅已清出，疏散走道畅通。"),
            ),
            hz(
                C.FACILITIES_BROKEN,
                "应急照明灯具、疏散指示标志损坏12处。",
                "2024-02-29",
                ("2024-01-31", "start", "shuangtaizi"),
                ("2024-02-27", "fixed", "shuangtaizi", "已更换应急照明灯具8具、疏散指示标志4处。"),
            ),
            hz(
                C.COMBUSTIBLE_MATERIAL,
                "包房墙面采用海绵软包等可燃装修材料。",
                "2024-03-31",
                ("2024-02-01", "start", "shuangtaizi"),
            ),
        ],
    },
    {
        "place": "胜利花园高层住宅",
        "at": "2024-01-30 16:00",
        "visit": "v0130",
        "hazards": [
            hz(
                C.EBIKE_INDOOR,
                "1单元一层大堂停放电动自行车5辆，其中2辆正在充电。",
                "2024-01-31",
                ("2024-01-30", "start", "shuangtaizi"),
                (
                    "2024-01-31",
                    "fixed",
                    "shuangtaizi",
                    "电动自行车已移至室外集中停放区，大堂张贴禁停告示。",
                ),
            ),
        ],
    },
    # ===== 2/16 四不两直 (second): 10 hazards; the hotel is sealed =====
    {
        "place": HOTEL,
        "at": "2024-02-16 10:10",
        "visit": "v0216",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.FACILITIES_BROKEN,
                "三至五层客房系擅自改建，未按规定设置火灾自动报警系统和自动喷水灭火系统。",
                "2024-03-31",
                ("2024-02-17", "start", "xinglongtai"),
                severity=Severity.MAJOR,
                major_element="GB 35181-2017 第5.6条：旅馆未按国家工程建设消防技术标准的规定"
                "设置自动喷水灭火系统或火灾自动报警系统",
            ),
            hz(
                C.ESCAPE_BLOCKED,
                "二层通往疏散楼梯的门上锁，安全出口锁闭。",
                "2024-02-18",
                ("2024-02-16", "start", "xinglongtai"),
                (
                    "2024-02-18",
                    "fixed",
                    "xinglongtai",
                    "已拆除疏散楼梯门锁，更换为推闩式逃生门锁。",
                ),
            ),
            hz(
                C.COMBUSTIBLE_MATERIAL,
                "客房走道采用可燃装饰材料吊顶和墙面。",
                "2024-03-31",
                ("2024-02-17", "start", "xinglongtai"),
            ),
            hz(
                C.MANAGEMENT_DUTY,
                "未落实消防控制室值班制度，员工不会使用灭火器和室内消火栓。",
                "2024-03-10",
                ("2024-02-17", "start", "xinglongtai"),
            ),
        ],
    },
    {
        "place": "兴隆台区悦来宾馆",
        "at": "2024-02-16 11:30",
        "visit": "v0216",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.ILLEGAL_WIRING,
                "前台及客房楼道私拉乱接电线，插排串接使用。",
                "2024-02-23",
                ("2024-02-17", "start", "xinglongtai"),
                ("2024-02-22", "fixed", "xinglongtai", "已拆除私拉电线，增设固定插座。"),
            ),
            hz(
                C.FACILITIES_BROKEN,
                "配置的灭火器过期失效8具。",
                "2024-02-23",
                ("2024-02-17", "start", "xinglongtai"),
                ("2024-02-20", "fixed", "xinglongtai", "已更换合格灭火器8具。"),
            ),
        ],
    },
    {
        "place": "田家美容养生馆",
        "at": "2024-02-16 14:20",
        "visit": "v0216",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.THREE_IN_ONE,
                "二层经营区内设置员工宿舍，住宿与经营部分未采取防火分隔。",
                "2024-03-15",
                ("2024-02-17", "start", "dawa"),
            ),
            hz(
                C.ILLEGAL_WIRING,
                "美容床电热毯私拉电线，线路老化。",
                "2024-02-20",
                ("2024-02-17", "start", "dawa"),
                ("2024-02-19", "fixed", "dawa", "已拆除私拉电线，更换老化线路。"),
            ),
        ],
    },
    {
        "place": "向阳便民超市",
        "at": "2024-02-16 15:40",
        "visit": "v0216",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.THREE_IN_ONE,
                "超市后部仓库内住人，与经营区域未分隔。",
                "2024-03-15",
                ("2024-02-17", "start", "dawa"),
            ),
            hz(
                C.EBIKE_INDOOR,
                "店内为电动自行车电池充电。",
                "2024-02-17",
                ("2024-02-16", "start", "dawa"),
                ("2024-02-17", "fixed", "dawa", "已将充电电池移出店外，店内张贴禁止充电告示。"),
            ),
        ],
    },
    # ===== 2/17 四不两直 (third): 8 hazards =====
    {
        "place": "盘山县太平商贸城",
        "at": "2024-02-17 09:30",
        "visit": "v0217",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.FIRE_LANE,
                "东侧消防车道被商户摊位和车辆占用。",
                "2024-02-20",
                ("2024-02-17", "start", "panshan"),
                ("2024-02-20", "fixed", "panshan", "摊位已清离，施划消防车道标线并设置禁停标识。"),
            ),
            hz(
                C.FACILITIES_BROKEN,
                "室内消火栓系统无水，消防水泵控制柜处于手动状态。",
                "2024-03-15",
                ("2024-02-18", "start", "panshan"),
            ),
            hz(
                C.ESCAPE_BLOCKED,
                "二层疏散通道被商品占用。",
                "2024-02-18",
                ("2024-02-17", "start", "panshan"),
                ("2024-02-18", "fixed", "panshan", "商品已清理，疏散通道畅通。"),
            ),
        ],
    },
    {
        "place": "高升街道粮米加工厂",
        "at": "2024-02-17 11:00",
        "visit": "v0217",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.SANDWICH_PANEL,
                "厂区内员工宿舍采用彩钢夹芯板搭建，芯材为聚苯乙烯泡沫。",
                "2024-03-31",
                ("2024-02-18", "start", "panshan"),
            ),
            hz(
                C.HOT_WORK,
                "车间内违规电焊作业，未办理动火审批，未清理周边可燃物。",
                "2024-02-17",
                ("2024-02-17", "start", "panshan"),
                (
                    "2024-02-18",
                    "fixed",
                    "panshan",
                    "已停止违规动火，建立动火审批制度并清理可燃物。",
                ),
            ),
            hz(
                C.THREE_IN_ONE,
                "生产车间内设置员工住宿。",
                "2024-03-15",
                ("2024-02-18", "start", "panshan"),
            ),
        ],
    },
    {
        "place": "沙岭村农家饭庄",
        "at": "2024-02-17 13:10",
        "visit": "v0217",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.GAS,
                "厨房液化石油气钢瓶与灶具间距不足，连接胶管老化。",
                "2024-02-20",
                ("2024-02-17", "start", "panshan"),
                ("2024-02-19", "fixed", "panshan", "已更换金属软管，钢瓶移至独立气瓶间。"),
            ),
        ],
    },
    {
        "place": "红旗街阳光幼儿园",
        "at": "2024-02-17 15:20",
        "visit": "v0217",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.MANAGEMENT_DUTY,
                "未落实每日防火巡查，教职工消防安全培训记录缺失。",
                "2024-02-29",
                ("2024-02-18", "start", "shuangtaizi"),
                (
                    "2024-02-28",
                    "fixed",
                    "shuangtaizi",
                    "已建立每日防火巡查记录，组织教职工消防培训一次。",
                ),
            ),
        ],
    },
    # ===== 2/20: the brigade reports 惠宾小区1号楼 clean (later traced back) =====
    {
        "place": "惠宾小区1号楼",
        "at": "2024-02-20 10:00",
        "kind": InspectionKind.BRIGADE,
        "by": "xinglongtai",
        "campaign": "chuhuan",
        "notes": "检查楼道、消防设施，未发现隐患。",
        "hazards": [],
    },
    # ===== 3/1–3/4: 住宅小区综合治理 · 自查自改 =====
    {
        "place": "惠宾小区1号楼",
        "at": "2024-03-01 09:30",
        "kind": InspectionKind.GRID_CHECK,
        "by": "grid",
        "inspectors": ["xinglongtai"],
        "sign": [("2024-03-01", "xinglongtai")],
        "campaign": "zhuzhai",
        "notes": "网格员与大队监督员共同检查，物业经理陪同。",
        "hazards": [
            hz(
                C.EBIKE_INDOOR,
                "一楼大堂停放电动自行车4辆，楼道内存放电动车电池。",
                "2024-03-08",
                ("2024-03-01", "start", "property"),
            ),
            hz(
                C.ILLEGAL_WIRING,
                "二单元三楼住户从窗户飞线为电动自行车充电。",
                "2024-03-03",
                ("2024-03-01", "start", "property"),
                ("2024-03-02", "fixed", "property", "已拆除飞线，引导住户到小区充电棚充电。"),
                ("2024-03-03", "verify", "xinglongtai", "现场复核，飞线已拆除。"),
            ),
        ],
    },
    {
        "place": "惠宾小区3号楼",
        "at": "2024-03-01 14:00",
        "kind": InspectionKind.SELF_CHECK,
        "by": "property",
        "campaign": "zhuzhai",
        "hazards": [
            hz(
                C.CLUTTER,
                "消防通道及楼梯间堆放废旧家具、纸箱。",
                "2024-03-03",
                ("2024-03-01", "start", "property"),
                ("2024-03-02", "fixed", "property", "已组织保洁清运杂物，楼梯间畅通。"),
                ("2024-03-03", "verify", "xinglongtai", "抽查确认已清理。"),
            ),
        ],
    },
    {
        "place": "胜利小区",
        "at": "2024-03-01 10:00",
        "kind": InspectionKind.BRIGADE,
        "by": "shuangtaizi",
        "campaign": "zhuzhai",
        "hazards": [
            hz(
                C.ESCAPE_BLOCKED,
                "2号楼单元门加装电子门禁后常闭，无法从内部手动开启。",
                "2024-03-03",
                ("2024-03-01", "start", "shuangtaizi"),
                ("2024-03-02", "fixed", "shuangtaizi", "已加装内侧手动开启装置并张贴使用说明。"),
                ("2024-03-03", "verify", "office", "核对整改照片，同意销号。"),
            ),
        ],
    },
    {
        "place": "惠宾小区2号楼",
        "at": "2024-03-02 10:00",
        "kind": InspectionKind.GRID_CHECK,
        "by": "grid",
        "inspectors": ["xinglongtai"],  # the brigade's supervisor has not signed yet
        "campaign": "zhuzhai",
        "notes": "大队监督员随同检查。",
        "hazards": [],
    },
    {
        "place": "惠宾小区5号楼",
        "at": "2024-03-02 15:00",
        "kind": InspectionKind.SELF_CHECK,
        "by": "property",
        "campaign": "zhuzhai",
        "notes": "物业自查楼道、消防设施和电动车停放，未发现隐患。",
        "hazards": [],
    },
    {
        "place": "建设小区",
        "at": "2024-03-02 14:30",
        "kind": InspectionKind.BRIGADE,
        "by": "shuangtaizi",
        "campaign": "zhuzhai",
        "hazards": [],
    },
    {
        "place": "向阳小区",
        "at": "2024-03-02 09:00",
        "kind": InspectionKind.BRIGADE,
        "by": "dawa",
        "campaign": "zhuzhai",
        "hazards": [
            hz(
                C.EBIKE_INDOOR,
                "4号楼楼梯间停放电动自行车。",
                "2024-03-15",
                ("2024-03-03", "start", "dawa"),
            ),
            hz(
                C.ILLEGAL_WIRING,
                "1号楼自行车棚私拉电线充电。",
                "2024-03-04",
                ("2024-03-02", "start", "dawa"),
                ("2024-03-03", "fixed", "dawa", "已拆除私拉电线，车棚加装智能充电桩。"),
                ("2024-03-04", "verify", "office", "核对整改照片，同意销号。"),
            ),
        ],
    },
    {
        "place": "惠宾花园小区",
        "at": "2024-03-03 09:30",
        "kind": InspectionKind.BRIGADE,
        "by": "xinglongtai",
        "campaign": "zhuzhai",
        "hazards": [
            hz(
                C.FIRE_DOOR,
                "2号楼地下室防火门闭门器损坏，无法自行关闭。",
                "2024-03-10",
                ("2024-03-04", "start", "property"),
            ),
            hz(C.FACILITIES_BROKEN, "5号楼室内消火栓箱内水带、水枪缺失。", "2024-03-15"),
        ],
    },
    {
        "place": "太平小区",
        "at": "2024-03-04 09:00",
        "kind": InspectionKind.BRIGADE,
        "by": "panshan",
        "campaign": "zhuzhai",
        "hazards": [],
    },
    # ===== 3/2 邢鹏市长's visit =====
    {
        "place": "盘锦鑫达石化储运有限公司",
        "at": "2024-03-02 09:30",
        "visit": "v0302",
        "campaign": "chuhuan",
        "notes": "检查企业安全生产和动火作业管理。",
        "hazards": [
            hz(
                C.HOT_WORK,
                "储罐区检修动火作业票填写不全，现场监护人员未到位。",
                "2024-03-09",
                ("2024-03-02", "start", "xinglongtai"),
            ),
        ],
    },
    {
        "place": "渤海明珠高层住宅",
        "at": "2024-03-02 10:40",
        "visit": "v0302",
        "campaign": "chuhuan",
        "notes": "抽查消防控制室值班、室内消火栓出水和电梯电动车阻车装置，未发现隐患。",
        "hazards": [],
    },
    {
        "place": "惠宾社区电动自行车集中充电棚",
        "at": "2024-03-02 14:00",
        "visit": "v0302",
        "campaign": "chuhuan",
        "notes": "充电棚配置灭火器和智能断电充电桩，运行正常。",
        "hazards": [],
    },
    {
        "place": "振兴家园",
        "at": "2024-03-02 15:10",
        "visit": "v0302",
        "campaign": "chuhuan",
        "hazards": [
            hz(
                C.CLUTTER,
                "3号楼楼道堆放纸箱等杂物。",
                "2024-03-06",
                ("2024-03-03", "start", "xinglongtai"),
            ),
        ],
    },
]

# ----- enforcement -----
# place, kind, decided on, by, visit key, categories of the place's hazards concerned
ENFORCEMENT: list[Row] = [
    {
        "place": HOTEL,
        "kind": EnforcementKind.TEMPORARY_SEALING,
        "decided_on": "2024-02-16",
        "by": "xinglongtai",
        "visit": "v0216",
        "hazards": [C.FACILITIES_BROKEN, C.ESCAPE_BLOCKED],
        "document_number": "兴消临封字〔2024〕第0002号",
        "note": "存在重大火灾隐患，安全出口锁闭，对三至五层客房区域实施临时查封；整改验收合格后解除。",
    },
]


# =====================================================================
# loading
# =====================================================================

COUNTED = (
    "places",
    "visits",
    "inspections",
    "hazards",
    "signatures",
    "hazard_transitions",
    "enforcement_actions",
)


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def moment(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=clock.LOCAL_TZ)


def png_bytes() -> bytes:
    """A valid 8x8 PNG (a green square): the after-photo of a demo rectification."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    size = 8
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = b"".join(b"\x00" + b"\x2e\x9e\x4f" * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class HazardsLoader:
    def __init__(self) -> None:
        self.created = dict.fromkeys(COUNTED, 0)
        root = Area.objects.filter(code=city.CITY[0]).first()
        if root is None:
            raise XiaoanError("请先载入演示城市（load_demo），再载入隐患数据。")
        self.city: Area = root
        self.areas = {a.code: a for a in Area.objects.all()}
        self.campaigns: dict[str, Campaign] = {}
        for row in CAMPAIGNS:
            campaign = Campaign.objects.filter(name=row["name"]).first()
            if campaign is None:
                raise XiaoanError(f"请先载入督办台数据（专项行动“{row['name']}”）。")
            self.campaigns[row["key"]] = campaign
        self.users: dict[str, User] = {}
        self.places: dict[str, Place] = {}
        self.visits: dict[str, SupervisionVisit] = {}
        #: later events of records created in this run: (day, order, action)
        self.events: list[tuple[str, int, Callable[[], None]]] = []

    def user(self, username: str) -> User:
        if username not in self.users:
            found = User.objects.select_related("organisation", "area").filter(username=username)
            user = found.first()
            if user is None:
                raise XiaoanError(f"演示城市中没有用户“{username}”。")
            self.users[username] = user
        return self.users[username]

    def brigade_of(self, place: Place) -> User:
        for code, username in BRIGADE_USERS.items():
            if place.area.is_within(self.areas[code]):
                return self.user(username)
        raise XiaoanError(f"场所“{place}”不在四个县区内。")

    # ----- records -----

    def load_places(self) -> None:
        company = Organisation.objects.filter(name=HUIBIN_PROPERTY).first()
        for row in PLACES:
            existing = Place.objects.filter(name=row["name"]).select_related("area").first()
            if existing:
                self.places[row["name"]] = existing
                continue
            area = self.areas[row["area"]]
            registrar = self.user(BRIGADE_USERS[row["area"][:6]])
            with on_day(PLACES_REGISTERED_ON):
                self.places[row["name"]] = do_register_place(
                    acting_user=registrar,
                    name=row["name"],
                    address=row["address"],
                    area=area,
                    kind=row["kind"],
                    responsible_person=row.get("responsible", ""),
                    property_company=company if row.get("property") else None,
                    risk_level=row.get("risk", RiskLevel.MEDIUM),
                    latitude=Decimal(row["lat"]) if row.get("lat") else None,
                    longitude=Decimal(row["lng"]) if row.get("lng") else None,
                )
            self.created["places"] += 1

    def load_visits(self) -> None:
        office = self.user("office")
        for row in VISITS:
            leader_name, leader_title = row["leader"]
            existing = SupervisionVisit.objects.filter(
                date=day(row["date"]), title=row["title"]
            ).first()
            if existing:
                self.visits[row["key"]] = existing
                continue
            with on_day(row["date"]):
                self.visits[row["key"]] = do_record_visit(
                    acting_user=office,
                    date=day(row["date"]),
                    leader_name=leader_name,
                    leader_title=leader_title,
                    title=row["title"],
                    area=self.city,
                    unannounced=row["unannounced"],
                    notes=row["notes"],
                )
            self.created["visits"] += 1

    def load_inspections(self) -> None:
        for order, row in enumerate(sorted(INSPECTIONS, key=lambda r: r["at"])):
            place = self.places[row["place"]]
            at = moment(row["at"])
            if Inspection.objects.filter(place=place, at=at).exists():
                continue
            visit = self.visits[row["visit"]] if row.get("visit") else None
            # a visit's inspections are recorded by the brigade of the place's district
            actor = self.brigade_of(place) if visit else self.user(row["by"])
            kind = InspectionKind.UNANNOUNCED if visit and visit.unannounced else row.get("kind")
            if kind is None:
                kind = InspectionKind.JOINT if visit else InspectionKind.BRIGADE
            specs = [
                HazardSpec(
                    category=h["category"],
                    description=h["description"],
                    severity=h.get("severity", Severity.ORDINARY),
                    major_element=h.get("major_element", ""),
                    deadline=day(h["deadline"]),
                )
                for h in row["hazards"]
            ]
            with on_day(clock.local_date(at), at=clock.local(at).time()):
                inspection = do_record_inspection(
                    acting_user=actor,
                    place=place,
                    kind=kind,
                    inspectors=[self.user(u) for u in row.get("inspectors", [])],
                    at=at,
                    campaign=self.campaigns[row["campaign"]] if row.get("campaign") else None,
                    visit=visit,
                    hazards=specs,
                    no_hazard=not specs,
                    notes=row.get("notes", ""),
                )
            self.created["inspections"] += 1
            self.created["hazards"] += len(specs)
            for when, username in row.get("sign", []):
                self.later(when, order, self.sign(inspection, username))
            hazards = list(inspection.hazards.order_by("pk"))
            for hazard, spec in zip(hazards, row["hazards"], strict=True):
                for step in spec["story"]:
                    self.later(step[0], order, self.step(hazard, *step[1:]))

    def later(self, when: str, order: int, action: Callable[[], None]) -> None:
        self.events.append((when, order, action))

    def sign(self, inspection: Inspection, username: str) -> Callable[[], None]:
        def run() -> None:
            do_sign_inspection(inspection, acting_user=self.user(username))
            self.created["signatures"] += 1

        return run

    def step(
        self, hazard: Hazard, action: str, username: str, text: str = ""
    ) -> Callable[[], None]:
        def run() -> None:
            actor = self.user(username)
            if action == "start":
                do_start_rectifying(hazard, acting_user=actor)
            elif action == "fixed":
                do_report_fixed(
                    hazard,
                    acting_user=actor,
                    text=text,
                    photos=[("整改后.png", io.BytesIO(png_bytes()))],
                )
            elif action == "verify":
                do_verify(hazard, acting_user=actor, accept=True, note=text)
            else:
                raise XiaoanError(f"未知的演示操作：{action}")
            self.created["hazard_transitions"] += 1

        return run

    def play_events(self) -> None:
        # stable sort: by day, then in the order the inspections happened and the story goes
        for when, _order, action in sorted(self.events, key=lambda e: (e[0], e[1])):
            with on_day(when):
                action()
        self.events = []

    def load_enforcement(self) -> None:
        for row in ENFORCEMENT:
            place = self.places[row["place"]]
            decided = day(row["decided_on"])
            if EnforcementAction.objects.filter(
                place=place, kind=row["kind"], decided_on=decided
            ).exists():
                continue
            actor = self.user(row["by"])
            with on_day(decided):
                do_take_enforcement(
                    acting_user=actor,
                    place=place,
                    kind=row["kind"],
                    decided_on=decided,
                    organisation=actor.organisation,
                    hazards=list(
                        Hazard.objects.filter(
                            place=place, found_on=decided, category__in=row["hazards"]
                        )
                    ),
                    document_number=row.get("document_number", ""),
                    visit=self.visits[row["visit"]] if row.get("visit") else None,
                    note=row.get("note", ""),
                )
            self.created["enforcement_actions"] += 1


def load_hazards(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Load the seed month's places, supervision visits, inspections and hazards;
    returns what was created, by kind."""
    with on_day(city.DEMO_TODAY), transaction.atomic():
        loader = HazardsLoader()
        loader.load_places()
        loader.load_visits()
        loader.load_inspections()
        loader.play_events()
        loader.load_enforcement()
    created = loader.created
    log(
        "隐患排查演示数据："
        f"场所 {created['places']} 处，督导检查 {created['visits']} 次，"
        f"检查 {created['inspections']} 次，隐患 {created['hazards']} 处，"
        f"整改流转 {created['hazard_transitions']} 次，补签 {created['signatures']} 人次，"
        f"执法措施 {created['enforcement_actions']} 项"
    )
    return created
