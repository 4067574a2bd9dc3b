"""The demo month on the supervision desk: what the seed briefing of 4 March 2024 records.

The seed (shared/seed/000_228dc85e4fe5cccb.txt) is the detachment's "3月份行政办公会议重点工作情况
通报". This module loads its supervision-desk content into the demo city
(`demo.loader.load_demo` must have run first), through the services of
`xiaoan.directives.services`:

- section 一: four leaders' instructions, the 2/26 follow-up chained to the 2/25 one;
- section 二: four meetings, their numbered items as requirements;
- section 四: eight documents with requirements, deadlines and local follow-through,
  and the two campaigns with their dated phases;
- the tasks these create (assigned by the detachment unless a row says otherwise),
  and how they stood on 4 March 2024: progress reports, two tasks reported done,
  one verified and closed, one overdue and chased, three hydrants in the register,
  three campaign activities.

Everything is made with the clock pinned to the day it happened (see `on_day`), so
creation times, history, chases and closing times read as they did that month.
Dates are ISO strings in the tables; every event lies on or before 2024-03-04.

Idempotent: a record that already exists by its natural fields (instruction date +
leader + kind, meeting date + title, document title, campaign name, task title +
lead organisation, activity date + title, water source number) is left alone; a
task's progress story is played only when the task itself is created.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.directives import services
from xiaoan.directives.choices import (
    ActionKind,
    ActivityKind,
    ChaseChannel,
    InstructionKind,
    Level,
    Recurrence,
    RegisterKind,
    SourceKind,
)
from xiaoan.directives.models import (
    Activity,
    Campaign,
    Document,
    Instruction,
    Meeting,
    Phase,
    Task,
)
from xiaoan.places.choices import WaterSourceKind, WaterSourceStatus
from xiaoan.places.models import WaterSource
from xiaoan.places.services import do_register_water_source

from . import city

Row = dict[str, Any]

# ----- organisations the tables refer to (names as in demo/city.py) -----

DETACHMENT = "盘锦市消防救援支队"
FIRE_SAFETY_OFFICE = "盘锦市消防安全委员会办公室"
HOUSING = "盘锦市住房和城乡建设局"
EMERGENCY = "盘锦市应急管理局"
POLICE = "盘锦市公安局"
LAW_ENFORCEMENT = "盘锦市综合行政执法局"
BUSINESS_BUREAU = "盘锦市营商环境建设局"
EDUCATION = "盘锦市教育局"
XINGLONGTAI = "兴隆台区消防救援大队"
SHUANGTAIZI = "双台子区消防救援大队"
DAWA = "大洼区消防救援大队"
PANSHAN = "盘山县消防救援大队"
LIAODONGWAN = "辽东湾新区消防救援大队"
#: the four county-level areas' brigades, and with the functional zone's all five
COUNTY_BRIGADES = [SHUANGTAIZI, XINGLONGTAI, DAWA, PANSHAN]
BRIGADES = [*COUNTY_BRIGADES, LIAODONGWAN]

ALL_ACTIONS = [a.value for a in ActionKind]

# ----- 四（一）1、3: the two campaigns -----

CAMPAIGNS: list[Row] = [
    {
        "key": "chuhuan",
        "name": "全市消防安全集中除患攻坚大整治",
        "plan_title": "全市消防安全集中除患攻坚大整治行动实施方案",
        "start": "2024-02-01",
        "end": "2024-03-31",
        "description": "当前已进入第二阶段，三月中旬前集中开展大排查、大整治、大曝光、"
        "大演练、大约谈、大督导行动。",
        # name, start, end, action kinds
        "phases": [
            ("动员部署", "2024-02-01", "2024-02-25", [ActionKind.INSPECT]),
            ("集中攻坚", "2024-02-26", "2024-03-20", ALL_ACTIONS),
            ("巩固提升", "2024-03-21", "2024-03-31", [ActionKind.INSPECT, ActionKind.SUPERVISE]),
        ],
    },
    {
        "key": "zhuzhai",
        "name": "全市住宅小区消防安全综合治理",
        "plan_title": "全市住宅小区消防安全综合治理工作方案",
        "start": "2024-03-01",
        "end": "2024-03-31",
        "description": "分四阶段进行，到3月31日结束，8日前为自查自改阶段。"
        "3月1日召开动员部署会议，曹希锋支队长解读工作方案。",
        "phases": [
            ("自查自改", "2024-03-01", "2024-03-08", [ActionKind.INSPECT]),
            ("全面排查", "2024-03-09", "2024-03-20", [ActionKind.INSPECT, ActionKind.RECTIFY]),
            (
                "集中整治",
                "2024-03-21",
                "2024-03-27",
                [ActionKind.RECTIFY, ActionKind.EXPOSE, ActionKind.TALK],
            ),
            ("回头看与验收", "2024-03-28", "2024-03-31", [ActionKind.SUPERVISE]),
        ],
    },
]

# ----- 一、领导批示情况 -----

INSTRUCTIONS: list[Row] = [
    {
        "key": "bingsen-0225",
        "date": "2024-02-25",
        "leader": ("bingsen", "炳森", "书记"),
        "kind": InstructionKind.INSTRUCTION,
        "source_title": "市委《内部参考》：九小场所安全设施简陋隐患不容小觑",
        "source_kind": SourceKind.INTERNAL_REFERENCE,
        "addressees": "邢鹏、占明",
        "text": "请邢鹏、占明同志阅，不仅九小场所，居民住宅也是防范重点。",
    },
    {
        "key": "zhanming-0226",
        "date": "2024-02-26",
        "leader": ("zhanming", "占明", "副市长"),
        "kind": InstructionKind.FOLLOW_UP,
        "parent": "bingsen-0225",
        "source_title": "市委《内部参考》：九小场所安全设施简陋隐患不容小觑",
        "source_kind": SourceKind.INTERNAL_REFERENCE,
        "addressees": "希锋",
        "text": "请希锋同志阅，并认真按照炳森书记指示要求抓好落实。要对标对标认真查找问题，"
        "不断完善措施，改进工作方式，按市委、市政府部署安排，认真细致抓好落实，扎实开展"
        "全市消防安全集中除患攻坚大整治行动，彻底根除隐患，不断完善长效机制，确保全市安全。",
    },
    {
        "key": "zhanming-0227",
        "date": "2024-02-27",
        "leader": ("zhanming", "占明", "副市长"),
        "kind": InstructionKind.INSTRUCTION,
        "source_title": "辽宁省12345政务服务便民平台专报",
        "source_kind": SourceKind.HOTLINE_REPORT,
        "addressees": "市营商局",
        "text": "要组织立即整改投诉问题，同时，继续加大隐患排查整治力度，市营商局及时梳理我市"
        "消防安全隐患诉求情况，并及时认真做好督办。",
        # the report's figures, the reason for the instruction
        "figures": [
            {
                "label": "全省12345热线平台共转办消防安全隐患诉求问题",
                "count": 4490,
                "unit": "件",
                "as_of": "2024-02-26",
                "change_pct": 168,
                "basis": "yoy",
            },
            {
                "label": "相关诉求量合计达到",
                "count": 678,
                "unit": "件",
                "period": ("2024-02-24", "2024-02-26"),
                "change_pct": 239,
                "basis": "mom",
            },
        ],
    },
    {
        "key": "xingpeng-0228",
        "date": "2024-02-28",
        "leader": ("xingpeng", "邢鹏", "市长"),
        "kind": InstructionKind.READ,
        "source_title": "《消防工作专报》（盘锦市消防救援支队报送）",
        "source_kind": SourceKind.WORK_REPORT,
    },
]

#: what the 2/27 hotline report said; the instruction model keeps only the leader's words
HOTLINE_REPORT_EXCERPT = (
    "专报：南京市雨花台区“2.23”居民住宅电动车停放起火造成重大伤亡事故引发社会关注，"
    "截止2月26日，全省12345热线平台共转办消防安全隐患诉求问题4490件，较去年同期增长168%。"
    "尤其是2月24日至26日，相关诉求量合计达到678件，环比增长239%。"
)

# ----- 二、有关会议情况 -----

# items: (text, deadline or None)
MEETINGS: list[Row] = [
    {
        "key": "m0222",
        "date": "2024-02-22",
        "level": Level.PROVINCE,
        "title": "省、市消防工作会议暨除患攻坚大整治推进会议",
        "summary": "省、市相继召开消防工作会议暨除患攻坚大整治推进会议，通报分析当前火灾形势，"
        "明确隐患治理防控重点，部署全年消防工作任务。",
        "items": [
            ("加强消防队站建设。", None),
            ("年度完成新建市政消火栓100个，消防水鹤5个。", "2024-12-31"),
            ("组织行业单位深入推进消防安全标准化建设。", None),
            ("消防、公安、镇街道落实“新三级”消防监管责任。", None),
            ("综合执法部门督促户外广告责任主体落实管理。", None),
            ("健全保温材料、电气焊“一件事”全链条监管责任。", None),
        ],
    },
    {
        "key": "m0225",
        "date": "2024-02-25",
        "level": Level.CITY,
        "title": "炳森书记专题听取消防工作汇报会议",
        "host": "炳森书记",
        "attendees": "住建、应急、消防等部门",
        "summary": "炳森书记组织住建、应急、消防等部门专题听取消防工作汇报，并作工作部署。",
        "items": [
            (
                "在管理内容上再细化，按照“四管”工作要求，结合前期摸排成果，建立社会单位内部"
                "管理体系责任链条，绘制各类场所风险治理“鱼骨图”。",
                None,
            ),
            (
                "在培训方式上更具体，在现场或利用各类新媒体具体指导居民如何开展疏散逃生教育，"
                "在学校开展“小手拉大手”教育宣传。",
                None,
            ),
            (
                "在行政执法上敢碰硬，坚持“全覆盖、全周期”的监管原则，实施全面化、普遍性监管"
                "举措，理直气壮地检查、督改火灾隐患。",
                None,
            ),
            (
                "在专项整治上造声势，针对高层住宅消防隐患乱象问题，由多部门联合开展一次专项"
                "整治，督促小区物业落实管理主体责任，发动群众力量灵活设置隐患有奖举报机制。",
                None,
            ),
        ],
    },
    {
        "key": "m0229",
        "date": "2024-02-29",
        "level": Level.CITY,
        "title": "市委常委会（听取全市“两会”期间安全生产工作汇报）",
        "host": "炳森书记",
        "summary": "市委常委会听取全市“两会”期间安全生产工作汇报，炳森书记重点询问了全市"
        "春节期间火灾情况。",
        "items": [
            ("各职能部门一个月内按照“四管”要求上报管理内容。", "2024-03-29"),
        ],
    },
    {
        "key": "m0301",
        "date": "2024-03-01",
        "level": Level.CITY,
        "title": "消防安全“除患攻坚”工作调度暨全市住宅小区消防安全综合治理动员部署会议",
        "attendees": "刘占明副市长、曹希锋支队长，15个地区及部门",
        "summary": "曹希锋支队长通报消防“除患攻坚”进展情况，解读《全市住宅小区消防安全综合治理"
        "工作方案》，15个地区及部门作汇报。刘占明副市长提出具体要求。",
        "items": [
            ("开展全覆盖、地毯式排查。", None),
            ("组织专业人员带队检查。", None),
            ("要明确排查责任，排查人清单签字。", None),
            ("对重大风险隐患视而不见要进行倒查、实施问责。", None),
            ("全社会参与，建立奖励制度。", None),
            ("问题从快整改、逐项对账销号。", None),
            ("组织“回头看”，巩固整改成果。", None),
        ],
    },
]

# ----- 四、近期重点工作及文件要求 -----

# Issuers the seed does not name (the two city plans) are the city fire safety committee,
# which issues such plans. "recorded_on" is the day the desk entered the document.
DOCUMENTS: list[Row] = [
    {
        "key": "d-chuhuan",
        "title": "全市消防安全集中除患攻坚大整治行动实施方案",
        "issuer": "盘锦市消防安全委员会",
        "level": Level.CITY,
        "recorded_on": "2024-02-01",
        "summary": "当前已进入第二阶段，三月中旬前集中开展大排查、大整治、大曝光、大演练、"
        "大约谈、大督导行动。",
        "follow_through": "已进入第二阶段（集中攻坚）。",
        "requirements": [
            (
                "三月中旬前集中开展大排查、大整治、大曝光、大演练、大约谈、大督导行动。",
                "2024-03-20",
            ),
        ],
    },
    {
        "key": "d-tasklist",
        "title": "2024年度全市消防工作任务清单",
        "issuer": "盘锦市消防安全委员会",
        "level": Level.CITY,
        "recorded_on": "2024-03-04",
        "summary": "市消安委印发2024年度全市消防工作任务清单。",
        "requirements": [
            ("各县区大队结合具体任务逐条推动属地政府抓好落实。", None),
        ],
    },
    {
        "key": "d-zhuzhai",
        "title": "全市住宅小区消防安全综合治理工作方案",
        "issuer": "盘锦市消防安全委员会",
        "level": Level.CITY,
        "recorded_on": "2024-03-01",
        "summary": "分四阶段进行，到3月31日结束，8日前为自查自改阶段。",
        "follow_through": "3月1日召开动员部署会议，曹希锋支队长解读方案。",
        "requirements": [
            ("8日前完成自查自改阶段。", "2024-03-08"),
            ("综合治理分四阶段进行，到3月31日结束。", "2024-03-31"),
        ],
    },
    {
        "key": "d-lianghui",
        "title": "关于做好2024年全国两会期间安全稳定和值班工作的通知",
        "issuer": "中共盘锦市委、盘锦市人民政府",
        "level": Level.CITY,
        "recorded_on": "2024-03-02",
        "summary": "要求深入细致做好安全稳定工作，严格落实值班值守工作责任，强化信息报送能力，"
        "压紧压实领导责任。从3月3日开始，市领导每天下午3点在应急局值班室调度县区、部门安全"
        "生产情况。",
        "requirements": [
            ("深入细致做好安全稳定工作。", None),
            ("严格落实值班值守工作责任。", None),
            ("强化信息报送能力。", None),
            ("压紧压实领导责任。", None),
            ("从3月3日开始，市领导每天下午3点在应急局值班室调度县区、部门安全生产情况。", None),
        ],
    },
    {
        "key": "d-zhiben",
        "title": "关于贯彻落实〈安全生产治本攻坚三年行动方案〉消防安全子方案（2024-2026年）的通知",
        "issuer": "国家消防救援局办公室",
        "level": Level.NATIONAL,
        "recorded_on": "2024-03-04",
        "summary": "明确23项重点任务，提出4项保障措施。",
        "follow_through": "等待省级子方案",
        "requirements": [
            ("落实消防安全子方案明确的23项重点任务和4项保障措施（2024-2026年）。", None),
        ],
    },
    {
        "key": "d-fangcheng",
        "title": "关于河南方城“1.19”火灾信息迟报情况的通报",
        "issuer": "应急管理部办公厅",
        "level": Level.NATIONAL,
        "recorded_on": "2024-03-04",
        "summary": "河南方城县消防救援大队未能对敏感群体场所火情接警即报，应急管理和消防部门"
        "落实信息共享制度不到位。",
        "requirements": [
            (
                "务必将重大突发事件紧急信息1小时报送的要求作为一项政治纪律和政治规矩。",
                None,
            ),
            (
                "以2024年底为期限，稳步推进地方各级应急与消防共建共用应急联合指挥平台。",
                "2024-12-31",
            ),
        ],
    },
    {
        "key": "d-zhengzhi",
        "title": "除患攻坚行动专项政治监督工作实施方案",
        "issuer": "辽宁省消防救援总队",
        "level": Level.PROVINCE,
        "recorded_on": "2024-03-04",
        "summary": "总队成立政治监督工作组，至3月底，主要围绕4个方面开展政治监督；将《除患攻坚"
        "行动中政治工作十四项措施》纳入监督内容。",
        "follow_through": "2月份总队专项行动政治监督工作组已到我市开展督导检查。",
        "requirements": [
            ("至3月底，主要围绕4个方面开展政治监督。", "2024-03-31"),
            ("将《除患攻坚行动中政治工作十四项措施》纳入监督内容。", "2024-03-31"),
        ],
    },
    {
        "key": "d-tongbao",
        "title": "全省除患攻坚大整治工作通报（2月份，2期）及熟悉演练和预案制定情况通报（1期）",
        "issuer": "辽宁省消防救援总队",
        "level": Level.PROVINCE,
        "recorded_on": "2024-03-04",
        "summary": "2月份，总队下发全省除患攻坚大整治工作通报2期，熟悉演练和预案制定情况通报1期。",
        "requirements": [
            ("相关科室及时对照通报内容梳理总结，推动工作落实。", None),
        ],
    },
]

# ----- the tasks -----
# source: ("instruction", key) | ("meeting", key, item number) | ("document", key, number)
# lead: one organisation, or a list (one task per organisation; its key gets ":<short name>")
# campaign: (campaign key, phase number or None); assigner: DETACHMENT unless given
TASKS: list[Row] = [
    # 2/22 province and city meetings: the year's work (the 2024 task list)
    {
        "key": "stations",
        "assigned_on": "2024-02-23",
        "source": ("meeting", "m0222", 1),
        "title": "加强消防队站建设",
        "lead": HOUSING,
        "co": [DETACHMENT],
        "deadline": "2024-12-31",
    },
    {
        "key": "hydrants",
        "assigned_on": "2024-02-23",
        "source": ("meeting", "m0222", 2),
        "title": "年度新建市政消火栓100个、消防水鹤5个",
        "lead": HOUSING,
        "deadline": "2024-12-31",
        # subject, quantity, unit, register it counts, year
        "targets": [
            ("市政消火栓", 100, "个", RegisterKind.HYDRANT, 2024),
            ("消防水鹤", 5, "个", RegisterKind.WATER_CRANE, 2024),
        ],
    },
    {
        "key": "standardisation",
        "assigned_on": "2024-02-23",
        "source": ("meeting", "m0222", 3),
        "title": "组织行业单位深入推进消防安全标准化建设",
        "lead": FIRE_SAFETY_OFFICE,
        "co": [EDUCATION, HOUSING, EMERGENCY],
        "deadline": "2024-12-31",
    },
    {
        "key": "three-level",
        "assigned_on": "2024-02-23",
        "source": ("meeting", "m0222", 4),
        "title": "消防、公安、镇街道落实“新三级”消防监管责任",
        "lead": POLICE,
        "co": [*BRIGADES, "兴隆街道办事处", "胜利街道办事处"],
        "deadline": "2024-12-31",
    },
    {
        "key": "adverts",
        "assigned_on": "2024-02-23",
        "source": ("meeting", "m0222", 5),
        "title": "督促户外广告责任主体落实管理责任",
        "lead": LAW_ENFORCEMENT,
        "deadline": "2024-06-30",
    },
    {
        "key": "one-thing",
        "assigned_on": "2024-02-23",
        "source": ("meeting", "m0222", 6),
        "title": "健全保温材料、电气焊“一件事”全链条监管责任",
        "lead": EMERGENCY,
        "co": [HOUSING, POLICE],
        "deadline": "2024-06-30",
    },
    # 2/25 炳森书记's hearing
    {
        "key": "fishbone",
        "assigned_on": "2024-02-26",
        "source": ("meeting", "m0225", 1),
        "title": "按“四管”要求建立社会单位内部管理责任链条，绘制各类场所风险治理“鱼骨图”",
        "lead": FIRE_SAFETY_OFFICE,
        "co": [HOUSING, EMERGENCY],
        "deadline": "2024-03-31",
    },
    {
        "key": "school",
        "assigned_on": "2024-02-26",
        "source": ("meeting", "m0225", 2),
        "title": "在学校开展“小手拉大手”消防安全教育宣传",
        "lead": EDUCATION,
        "co": BRIGADES,
        "campaign": ("chuhuan", 2),
        "deadline": "2024-03-20",
        "description": "同时在现场或利用各类新媒体具体指导居民开展疏散逃生教育。",
    },
    {
        "key": "high-rise",
        "assigned_on": "2024-02-26",
        "source": ("meeting", "m0225", 4),
        "title": "多部门联合开展一次高层住宅消防隐患专项整治",
        "lead": HOUSING,
        "co": [POLICE, LAW_ENFORCEMENT, EMERGENCY, DETACHMENT],
        "campaign": ("zhuzhai", None),
        "deadline": "2024-03-31",
        "description": "督促小区物业落实管理主体责任，发动群众力量设置隐患有奖举报机制。",
    },
    # 2/26 占明副市长's follow-up on 炳森书记's instruction
    {
        "key": "follow-up",
        "assigned_on": "2024-02-26",
        "source": ("instruction", "zhanming-0226"),
        "title": "对标炳森书记批示查找问题，将居民住宅与九小场所一并作为除患攻坚防范重点",
        "lead": FIRE_SAFETY_OFFICE,
        "co": BRIGADES,
        "campaign": ("chuhuan", 2),
        "deadline": "2024-03-20",
        "description": "不断完善措施，改进工作方式，彻底根除隐患，不断完善长效机制。",
    },
    # 2/27 占明副市长 on the 12345 hotline report
    {
        "key": "hotline",
        "assigned_on": "2024-02-27",
        "source": ("instruction", "zhanming-0227"),
        "title": "及时梳理我市12345消防安全隐患诉求情况并认真做好督办",
        "lead": BUSINESS_BUREAU,
        "deadline": "2024-03-31",
        "description": "按属地分转各消防救援大队办理，每日跟踪办理进度。\n"
        + HOTLINE_REPORT_EXCERPT,
    },
    {
        "key": "complaints",
        "assigned_on": "2024-02-27",
        "source": ("instruction", "zhanming-0227"),
        "title": "立即整改12345平台转办的消防安全隐患投诉问题",
        "lead": COUNTY_BRIGADES,
        "campaign": ("chuhuan", 2),
        "deadline": "2024-03-01",
        "description": "对营商局分转的诉求逐件现场核查、整改，办理结果回复营商局。",
    },
    # 2/29 市委常委会
    {
        "key": "four-manage",
        "assigned_on": "2024-02-29",
        "source": ("meeting", "m0229", 1),
        "title": "各职能部门按照“四管”要求上报管理内容",
        "lead": FIRE_SAFETY_OFFICE,
        "co": [HOUSING, EMERGENCY, POLICE, LAW_ENFORCEMENT, BUSINESS_BUREAU, EDUCATION],
        "deadline": "2024-03-29",
    },
    # 3/1 dispatching and mobilisation meeting; the residential plan's self-check phase
    {
        "key": "carpet",
        "assigned_on": "2024-03-01",
        "source": ("meeting", "m0301", 1),
        "title": "开展辖区住宅小区全覆盖、地毯式排查",
        "lead": BRIGADES,
        "campaign": ("zhuzhai", None),
        "deadline": "2024-03-20",
        "description": "组织专业人员带队检查，明确排查责任，排查人清单签字；"
        "问题从快整改、逐项对账销号。",
    },
    {
        "key": "reward",
        "assigned_on": "2024-03-01",
        "source": ("meeting", "m0301", 5),
        "title": "建立火灾隐患有奖举报奖励制度",
        "lead": FIRE_SAFETY_OFFICE,
        "co": [BUSINESS_BUREAU],
        "campaign": ("zhuzhai", None),
        "deadline": "2024-03-15",
    },
    {
        "key": "look-back",
        "assigned_on": "2024-03-01",
        "source": ("meeting", "m0301", 7),
        "title": "组织住宅小区整改“回头看”，巩固整改成果",
        "lead": FIRE_SAFETY_OFFICE,
        "co": BRIGADES,
        "campaign": ("zhuzhai", 4),
        "deadline": "2024-03-31",
    },
    {
        "key": "self-check",
        "assigned_on": "2024-03-01",
        "source": ("document", "d-zhuzhai", 1),
        "title": "完成惠宾社区住宅小区消防安全自查自改",
        "lead": "盘锦惠宾物业服务有限公司",
        "assigner": XINGLONGTAI,
        "campaign": ("zhuzhai", 1),
        "deadline": "2024-03-08",
    },
    # documents
    {
        "key": "dispatch",
        "assigned_on": "2024-03-02",
        "source": ("document", "d-lianghui", 5),
        "title": "两会期间市领导每天下午3点在应急局值班室调度县区、部门安全生产情况",
        "lead": EMERGENCY,
        "recurrence": (Recurrence.DAILY, "2024-03-03", "15:00"),
    },
    {
        "key": "task-list",
        "assigned_on": "2024-03-04",
        "source": ("document", "d-tasklist", 1),
        "title": "结合《2024年度全市消防工作任务清单》逐条推动属地政府抓好落实",
        "lead": BRIGADES,
        "deadline": "2024-12-31",
    },
    {
        "key": "command-platform",
        "assigned_on": "2024-03-04",
        "source": ("document", "d-fangcheng", 2),
        "title": "稳步推进应急与消防共建共用应急联合指挥平台",
        "lead": EMERGENCY,
        "co": [DETACHMENT],
        "deadline": "2024-12-31",
    },
]

# ----- how the tasks stood on 4 March 2024 -----
# (day, action, task key, username, text); actions: report, complete, verify (the
# reason), chase (the note, by phone), answer (the latest chase of the task).
STORY: list[tuple[str, str, str, str, str]] = [
    (
        "2024-02-28",
        "report",
        "hotline",
        "yingshang",
        "已梳理2月以来我市12345平台消防安全隐患诉求46件（兴隆台区18件、双台子区12件、"
        "大洼区9件、盘山县7件），已按属地分转各消防救援大队办理，实行每日跟踪督办。",
    ),
    (
        "2024-02-28",
        "report",
        "complaints:兴隆台大队",
        "xinglongtai",
        "对转办的18件诉求逐件现场核查，楼道堆物、电动车入户充电等15件已当场整改，"
        "3件责令物业限期整改。",
    ),
    (
        "2024-02-29",
        "report",
        "complaints:兴隆台大队",
        "xinglongtai",
        "3件限期整改问题已全部整改到位，办理结果已回复营商局。",
    ),
    ("2024-02-29", "complete", "complaints:兴隆台大队", "xinglongtai", ""),
    (
        "2024-02-29",
        "report",
        "complaints:双台子大队",
        "shuangtaizi",
        "12件诉求已核查完毕，整改10件，2件正在整改。",
    ),
    (
        "2024-02-29",
        "report",
        "complaints:大洼大队",
        "dawa",
        "9件诉求已全部核查，整改8件，1件消防车通道占用问题已协调物业清理。",
    ),
    (
        "2024-02-29",
        "report",
        "complaints:盘山大队",
        "panshan",
        "7件诉求已全部核查，整改5件，2件正在整改。",
    ),
    (
        "2024-03-01",
        "verify",
        "complaints:兴隆台大队",
        "office",
        "现场抽查3件，整改到位，同意销号。",
    ),
    (
        "2024-03-01",
        "report",
        "complaints:双台子大队",
        "shuangtaizi",
        "剩余2件已整改到位，办理结果已回复营商局。",
    ),
    ("2024-03-01", "complete", "complaints:双台子大队", "shuangtaizi", ""),
    (
        "2024-03-01",
        "report",
        "complaints:大洼大队",
        "dawa",
        "9件诉求全部整改到位，办理结果已回复营商局。",
    ),
    ("2024-03-01", "complete", "complaints:大洼大队", "dawa", ""),
    (
        "2024-03-01",
        "report",
        "hydrants",
        "zhujian",
        "3个市政消火栓已验收投用（兴隆台区2个、双台子区1个），其余消火栓和5个消防水鹤"
        "已完成选址，待土壤解冻后开工。",
    ),
    (
        "2024-03-01",
        "report",
        "school",
        "xinglongtai",
        "开学第一课在兴隆街道辖区小学开展“小手拉大手”消防安全教育，布置“告家长书”亲子作业。",
    ),
    (
        "2024-03-02",
        "chase",
        "complaints:盘山大队",
        "office",
        "整改期限（3月1日）已过，盘山县仍有2件投诉问题未整改，请说明原因，"
        "3月5日前整改完毕并报送佐证材料。",
    ),
    (
        "2024-03-02",
        "answer",
        "complaints:盘山大队",
        "panshan",
        "剩余2件为太平街道老旧小区楼道堆放杂物和飞线充电问题，已约谈物业负责人，"
        "3月5日前整改完毕并报送照片。",
    ),
    (
        "2024-03-02",
        "report",
        "self-check",
        "property",
        "已完成惠宾小区12栋住宅楼自查，清理楼道杂物9处，劝离楼道停放电动车6辆，"
        "张贴《致居民的一封信》。",
    ),
    (
        "2024-03-03",
        "report",
        "hotline",
        "yingshang",
        "截至3月3日，转办的46件诉求已整改44件，盘山县剩余2件已由支队电话督办；"
        "新增诉求每日分转、次日跟踪。",
    ),
    (
        "2024-03-03",
        "report",
        "carpet:兴隆台大队",
        "xinglongtai",
        "组织专业人员带队排查住宅小区23个、高层住宅楼86栋，发现隐患41处，当场整改29处，"
        "排查人员均已在排查清单上签字。",
    ),
    (
        "2024-03-03",
        "report",
        "follow-up",
        "xinglongtai",
        "已将居民住宅与九小场所同步纳入排查，辖区排查九小场所132家，发现隐患57处，已整改43处。",
    ),
    (
        "2024-03-04",
        "report",
        "four-manage",
        "zhujian",
        "已梳理住建领域“四管”管理内容初稿（物业服务企业、建筑施工工地等），正在征求意见。",
    ),
    (
        "2024-03-04",
        "report",
        "task-list:双台子大队",
        "shuangtaizi",
        "已将任务清单中涉及双台子区的任务逐条分解，报区政府并抄送各街道。",
    ),
]

# ----- the water-source register: hydrants commissioned this year -----
# number, location, area code, commissioned on
HYDRANTS: list[tuple[str, str, str, str]] = [
    ("PJ-XHS-2024-001", "兴隆台区惠宾社区东门外人行道", "211103001001", "2024-01-16"),
    ("PJ-XHS-2024-002", "兴隆台区振兴社区活动中心北侧", "211103002001", "2024-02-06"),
    ("PJ-XHS-2024-003", "双台子区胜利社区3号楼西侧路口", "211102001001", "2024-02-27"),
]

# ----- campaign activities -----
ACTIVITIES: list[Row] = [
    {
        "date": "2024-03-01",
        "kind": ActivityKind.SCHOOL,
        "title": "“小手拉大手”消防安全进校园（兴隆街道辖区小学开学第一课）",
        "organiser": XINGLONGTAI,
        "area": "211103001",
        "campaign": ("chuhuan", 2),
        "participants": 650,
        "description": "消防员讲解电动自行车火灾危险和家庭逃生要点，布置“告家长书”亲子作业。",
    },
    {
        "date": "2024-03-02",
        "kind": ActivityKind.TRAINING,
        "title": "惠宾社区高层住宅现场疏散逃生教育",
        "organiser": XINGLONGTAI,
        "area": "211103001001",
        "campaign": ("zhuzhai", 1),
        "participants": 120,
        "reach": 3600,
        "description": "在楼道现场讲解疏散路线、低姿逃生和电动车禁止入户，同步短视频直播。",
    },
    {
        "date": "2024-03-03",
        "kind": ActivityKind.DRILL,
        "title": "胜利社区高层住宅初起火灾扑救和疏散演练",
        "organiser": SHUANGTAIZI,
        "area": "211102001001",
        "campaign": ("chuhuan", 2),
        "participants": 85,
        "description": "联合胜利街道、物业微型消防站开展，检验楼内消火栓出水和疏散引导。",
    },
]


# =====================================================================
# loading
# =====================================================================

COUNTED = (
    "campaigns",
    "instructions",
    "meetings",
    "documents",
    "requirements",
    "tasks",
    "targets",
    "progress_reports",
    "transitions",
    "chases",
    "water_sources",
    "activities",
)


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@contextmanager
def on_day(value: str | dt.date, at: dt.time | None = None) -> Iterator[None]:
    """Set xiaoan's clock to a day while that day's records are made, so their
    timestamps, chase times and closing times fall on it, at times of that day's
    working hours (from 08:30, moving on at each reading; from `at` if given) —
    the same whenever the demo is loaded."""
    day = dt.date.fromisoformat(str(value))
    with override_settings(XIAOAN_TODAY=str(day)), clock.scripted_day(day, at):
        yield


class DirectivesLoader:
    def __init__(self) -> None:
        self.created = dict.fromkeys(COUNTED, 0)
        root = Area.objects.filter(code=city.CITY[0]).first()
        if root is None:
            raise XiaoanError("请先载入演示城市（load_demo），再载入督办台数据。")
        self.city: Area = root
        self.areas = {a.code: a for a in Area.objects.all()}
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.campaigns: dict[str, Campaign] = {}
        self.instructions: dict[str, Instruction] = {}
        self.meetings: dict[str, Meeting] = {}
        self.documents: dict[str, Document] = {}
        self.tasks: dict[str, Task] = {}
        #: tasks created in this run: only their progress story is played
        self.new_tasks: set[str] = set()

    def organisation(self, name: str) -> Organisation:
        try:
            return self.organisations[name]
        except KeyError:
            raise XiaoanError(f"演示城市中没有单位“{name}”。") from None

    def user(self, username: str) -> User:
        found = User.objects.select_related("organisation", "area").filter(username=username)
        user = found.first()
        if user is None:
            raise XiaoanError(f"演示城市中没有用户“{username}”。")
        return user

    def phase(self, link: tuple[str, int | None] | None) -> tuple[Campaign | None, Phase | None]:
        if link is None:
            return None, None
        campaign = self.campaigns[link[0]]
        if link[1] is None:
            return campaign, None
        return campaign, campaign.phases.get(number=link[1])

    # ----- records -----

    def load_campaigns(self) -> None:
        for row in CAMPAIGNS:
            existing = Campaign.objects.filter(name=row["name"]).first()
            if existing:
                self.campaigns[row["key"]] = existing
                continue
            with on_day(row["start"]):
                self.campaigns[row["key"]] = services.do_create_campaign(
                    acting_user=None,
                    name=row["name"],
                    plan_title=row["plan_title"],
                    area=self.city,
                    start=day(row["start"]),
                    end=day(row["end"]),
                    description=row["description"],
                    phases=[
                        services.PhaseSpec(name, day(start), day(end), [str(a) for a in actions])
                        for name, start, end, actions in row["phases"]
                    ],
                )
            self.created["campaigns"] += 1

    def load_instructions(self) -> None:
        for row in INSTRUCTIONS:
            username, leader_name, leader_title = row["leader"]
            existing = Instruction.objects.filter(
                date=day(row["date"]), leader_name=leader_name, kind=row["kind"]
            ).first()
            if existing:
                self.instructions[row["key"]] = existing
                continue
            with on_day(row["date"]):
                self.instructions[row["key"]] = services.do_record_instruction(
                    acting_user=None,
                    date=day(row["date"]),
                    leader=User.objects.filter(username=username).first(),
                    leader_name=leader_name,
                    leader_title=leader_title,
                    kind=row["kind"],
                    parent=self.instructions[row["parent"]] if row.get("parent") else None,
                    source_title=row["source_title"],
                    source_kind=row["source_kind"],
                    text=row.get("text", ""),
                    addressees=row.get("addressees", ""),
                    area=self.city,
                )
                if row.get("figures"):
                    services.do_record_source_figures(
                        acting_user=None,
                        instruction=self.instructions[row["key"]],
                        figures=[self.figure_spec(f) for f in row["figures"]],
                    )
            self.created["instructions"] += 1

    @staticmethod
    def figure_spec(row: Row) -> services.FigureSpec:
        start, end = row.get("period") or (None, None)
        return services.FigureSpec(
            label=row["label"],
            count=row["count"],
            unit=row.get("unit", ""),
            as_of=day(row["as_of"]) if row.get("as_of") else None,
            period_start=day(start) if start else None,
            period_end=day(end) if end else None,
            change_pct=row.get("change_pct"),
            basis=row.get("basis", ""),
        )

    @staticmethod
    def requirement_specs(items: list[tuple[str, str | None]]) -> list[services.RequirementSpec]:
        return [
            services.RequirementSpec(text, day(deadline) if deadline else None)
            for text, deadline in items
        ]

    def load_meetings(self) -> None:
        for row in MEETINGS:
            existing = Meeting.objects.filter(date=day(row["date"]), title=row["title"]).first()
            if existing:
                self.meetings[row["key"]] = existing
                continue
            with on_day(row["date"]):
                self.meetings[row["key"]] = services.do_record_meeting(
                    acting_user=None,
                    date=day(row["date"]),
                    level=row["level"],
                    title=row["title"],
                    host=row.get("host", ""),
                    attendees=row.get("attendees", ""),
                    summary=row["summary"],
                    items=self.requirement_specs(row["items"]),
                    area=self.city,
                )
            self.created["meetings"] += 1
            self.created["requirements"] += len(row["items"])

    def load_documents(self) -> None:
        for row in DOCUMENTS:
            existing = Document.objects.filter(title=row["title"]).first()
            if existing:
                self.documents[row["key"]] = existing
                continue
            with on_day(row["recorded_on"]):
                self.documents[row["key"]] = services.do_record_document(
                    acting_user=None,
                    title=row["title"],
                    issuer=row["issuer"],
                    level=row["level"],
                    summary=row["summary"],
                    follow_through=row.get("follow_through", ""),
                    requirements=self.requirement_specs(row["requirements"]),
                    area=self.city,
                )
            self.created["documents"] += 1
            self.created["requirements"] += len(row["requirements"])

    def load_water_sources(self) -> None:
        for number, location, area_code, commissioned in HYDRANTS:
            if WaterSource.objects.filter(kind=WaterSourceKind.HYDRANT, number=number).exists():
                continue
            with on_day(commissioned):
                do_register_water_source(
                    acting_user=None,
                    kind=WaterSourceKind.HYDRANT,
                    number=number,
                    location=location,
                    area=self.areas[area_code],
                    status=WaterSourceStatus.IN_SERVICE,
                    commissioned_on=day(commissioned),
                )
            self.created["water_sources"] += 1

    # ----- tasks -----

    def task_source(self, source: tuple[Any, ...]) -> dict[str, Any]:
        kind, key, *number = source
        if kind == "instruction":
            return {"instruction": self.instructions[key]}
        parent = self.meetings[key] if kind == "meeting" else self.documents[key]
        items = parent.items if isinstance(parent, Meeting) else parent.requirements
        return {"requirement": items.get(number=number[0])}

    def load_tasks(self) -> None:
        for row in sorted(TASKS, key=lambda r: r["assigned_on"]):
            leads = row["lead"] if isinstance(row["lead"], list) else [row["lead"]]
            for lead_name in leads:
                lead = self.organisation(lead_name)
                key = row["key"] if len(leads) == 1 else f"{row['key']}:{lead.short_name}"
                existing = Task.objects.filter(title=row["title"], lead_organisation=lead).first()
                if existing:
                    self.tasks[key] = existing
                    continue
                self.tasks[key] = self.create_task(row, lead)
                self.new_tasks.add(key)

    def create_task(self, row: Row, lead: Organisation) -> Task:
        campaign, phase = self.phase(row.get("campaign"))
        recurrence, recurrence_start, recurrence_time = row.get("recurrence", ("", None, None))
        with on_day(row["assigned_on"]):
            task = services.do_create_task(
                acting_user=None,
                title=row["title"],
                description=row.get("description", ""),
                lead_organisation=lead,
                co_organisations=[self.organisation(name) for name in row.get("co", [])],
                assigning_organisation=self.organisation(row.get("assigner", DETACHMENT)),
                deadline=day(row["deadline"]) if row.get("deadline") else None,
                campaign=campaign,
                phase=phase,
                targets=[
                    services.TargetSpec(subject, quantity, unit, counts, year)
                    for subject, quantity, unit, counts, year in row.get("targets", [])
                ],
                recurrence=recurrence,
                recurrence_start=day(recurrence_start) if recurrence_start else None,
                recurrence_time=dt.time.fromisoformat(recurrence_time) if recurrence_time else None,
                **self.task_source(row["source"]),
            )
        self.created["tasks"] += 1
        self.created["targets"] += len(row.get("targets", []))
        return task

    def play_story(self) -> None:
        for when, action, key, username, text in STORY:
            if key not in self.new_tasks:
                continue
            task = Task.objects.get(pk=self.tasks[key].pk)
            actor = self.user(username)
            with on_day(when):
                if action == "report":
                    services.do_report_progress(task, acting_user=actor, text=text, date=day(when))
                    self.created["progress_reports"] += 1
                elif action in ("complete", "verify"):
                    services.do_transition_task(task, action, acting_user=actor, reason=text)
                    self.created["transitions"] += 1
                elif action == "chase":
                    services.do_chase(
                        task, acting_user=actor, note=text, channel=ChaseChannel.PHONE
                    )
                    self.created["chases"] += 1
                elif action == "answer":
                    chase = task.chases.order_by("-at", "-id").first()
                    if chase is None:
                        raise XiaoanError(f"任务“{task.title}”没有可答复的督办。")
                    services.do_answer_chase(
                        chase, acting_user=actor, expected_version=chase.version, answer=text
                    )
                else:
                    raise XiaoanError(f"未知的演示操作：{action}")

    def load_activities(self) -> None:
        for row in ACTIVITIES:
            if Activity.objects.filter(date=day(row["date"]), title=row["title"]).exists():
                continue
            campaign, phase = self.phase(row["campaign"])
            with on_day(row["date"]):
                services.do_record_activity(
                    acting_user=None,
                    kind=row["kind"],
                    date=day(row["date"]),
                    title=row["title"],
                    organiser=self.organisation(row["organiser"]),
                    area=self.areas[row["area"]],
                    campaign=campaign,
                    phase=phase,
                    participants=row.get("participants"),
                    reach=row.get("reach"),
                    description=row.get("description", ""),
                )
            self.created["activities"] += 1


def load_directives(log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Load the seed month's supervision-desk records; returns what was created, by kind."""
    with on_day(city.DEMO_TODAY), transaction.atomic():
        loader = DirectivesLoader()
        loader.load_campaigns()
        loader.load_instructions()
        loader.load_meetings()
        loader.load_documents()
        loader.load_water_sources()
        loader.load_tasks()
        loader.play_story()
        loader.load_activities()
    created = loader.created
    log(
        "督办台演示数据："
        f"专项行动 {created['campaigns']} 个，批示 {created['instructions']} 条，"
        f"会议 {created['meetings']} 个，文件 {created['documents']} 份，"
        f"要求事项 {created['requirements']} 项，任务 {created['tasks']} 项，"
        f"进展报告 {created['progress_reports']} 份，督办 {created['chases']} 次，"
        f"消防水源 {created['water_sources']} 处，活动 {created['activities']} 次"
    )
    return created
