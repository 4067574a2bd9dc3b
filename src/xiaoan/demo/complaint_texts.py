"""What callers say to the 12345 hotline in the demo city: fire-safety reports by
hazard category and the everyday requests that are not about fire, with the
platform's wording for their classification, handling units and replies."""

from __future__ import annotations

from xiaoan.hazards.choices import HazardCategory

C = HazardCategory

#: hazard category → (title, [content templates]); {place} is where it is
FIRE_TEXTS: dict[str, tuple[str, list[str]]] = {
    C.EBIKE_INDOOR: (
        "楼道电动车停放充电",
        [
            "{place}楼道内长期停放多辆电动车，晚上还在楼道里充电，存在火灾隐患，请尽快处理。",
            "{place}一楼大厅停满电动自行车，有人拉插排充电，物业不管，担心像南京那样起火。",
            "{place}有住户把电动车推进电梯带回家充电，多次劝阻无效，请有关部门查处。",
            "{place}地下室停放大量电动车并私接电源充电，没有任何消防设施。",
        ],
    ),
    C.ILLEGAL_WIRING: (
        "私拉电线飞线充电",
        [
            "{place}有居民从楼上窗户私拉电线给楼下电动车充电，电线垂到地面，下雨天很危险。",
            "{place}门口飞线充电现象严重，电线横穿人行道，请相关部门清理。",
            "{place}商户私拉乱接电线，插排串联使用，电线老化发热。",
        ],
    ),
    C.CLUTTER: (
        "楼道堆放杂物",
        [
            "{place}楼道内堆放大量纸箱、旧家具、废品等杂物，堵塞通道，存在火灾隐患。",
            "{place}楼梯间被住户堆满杂物和旧自行车，物业多次通知仍未清理。",
        ],
    ),
    C.ESCAPE_BLOCKED: (
        "安全出口锁闭、疏散通道堵塞",
        [
            "{place}安全出口被铁链锁死，疏散通道堆满货物，发生火灾人员无法逃生。",
            "{place}的消防通道被堵，疏散指示标志不亮，安全出口常年上锁。",
        ],
    ),
    C.FIRE_LANE: (
        "消防车道被占用",
        [
            "{place}消防车道被私家车长期占用，划线区域停满车辆，物业不管。",
            "{place}小区消防通道被地桩和临时摊位占用，消防车进不来。",
        ],
    ),
    C.FACILITIES_BROKEN: (
        "消防设施损坏",
        [
            "{place}消火栓箱里没有水带水枪，灭火器早已过期，应急照明灯不亮。",
            "{place}楼内烟感报警器拆除，消防水泵长期停用，请消防部门检查。",
        ],
    ),
    C.FIRE_DOOR: (
        "防火门损坏或常开",
        [
            "{place}楼梯间防火门被拆掉了，有的用木楔顶住常年开着。",
            "{place}防火门闭门器损坏，门关不上。",
        ],
    ),
    C.GAS: (
        "燃气使用不规范",
        [
            "{place}饭店后厨液化气罐和明火距离很近，软管老化，一直能闻到煤气味。",
            "{place}烧烤摊在居民楼下使用多个液化气罐，存在安全隐患。",
        ],
    ),
    C.THREE_IN_ONE: (
        "“三合一”场所住人",
        [
            "{place}一楼门市房前店后宅，里面住人还做饭，属于“三合一”场所。",
            "{place}小作坊生产、仓储和住宿在一起，晚上有工人住在里面。",
        ],
    ),
    C.HOT_WORK: (
        "违规动火作业",
        [
            "{place}装修工人在外墙保温材料旁边电焊，没有看护人员也没有灭火器。",
            "{place}工地夜间违规动火作业，火花四溅。",
        ],
    ),
    C.SANDWICH_PANEL: (
        "彩钢板房",
        [
            "{place}旁边私搭彩钢板房，里面住人还用电暖器取暖。",
        ],
    ),
    C.MANAGEMENT_DUTY: (
        "消防管理不落实",
        [
            "{place}物业从不进行消防检查，消防控制室无人值守。",
            "{place}消防安全责任人不明确，消防设施无人维护保养。",
        ],
    ),
}

#: fire categories and how often callers report them in ordinary times
FIRE_WEIGHTS: dict[str, float] = {
    C.EBIKE_INDOOR: 24,
    C.ILLEGAL_WIRING: 12,
    C.CLUTTER: 14,
    C.ESCAPE_BLOCKED: 9,
    C.FIRE_LANE: 10,
    C.FACILITIES_BROKEN: 9,
    C.FIRE_DOOR: 5,
    C.GAS: 6,
    C.THREE_IN_ONE: 4,
    C.HOT_WORK: 3,
    C.SANDWICH_PANEL: 2,
    C.MANAGEMENT_DUTY: 2,
}

#: after the Nanjing fire of 2024-02-23 (an electric bike in a residential lobby),
#: residents report electric bikes, flying wires and cluttered stairs far more
SURGE_WEIGHTS: dict[str, float] = {
    **FIRE_WEIGHTS,
    C.EBIKE_INDOOR: 55,
    C.ILLEGAL_WIRING: 18,
    C.CLUTTER: 16,
    C.ESCAPE_BLOCKED: 10,
}

#: (platform classification, title, content, handling unit kind, weight)
OTHER_TEXTS: list[tuple[str, str, str, str, float]] = [
    ("城乡建设/供热", "供热温度不达标", "{place}供暖温度不达标，室温只有十四五度。", "住建", 12),
    (
        "环境保护/噪音",
        "装修噪音扰民",
        "{place}楼上装修每天早上七点就开始砸墙，噪音扰民。",
        "街道",
        9,
    ),
    (
        "城乡建设/市政设施",
        "路灯损坏",
        "{place}附近路灯损坏多日无人维修，晚上出行不便。",
        "综合执法",
        7,
    ),
    ("城乡建设/道路", "道路破损积水", "{place}门口道路破损，一下雨就积水。", "住建", 6),
    ("物业管理", "物业收费问题", "{place}物业收费不合理，服务不到位。", "住建", 8),
    ("城乡建设/供水", "自来水水质问题", "{place}自来水发黄有异味，请相关部门检测。", "住建", 5),
    ("城市管理/违章建筑", "违章搭建", "{place}有住户在绿地上私搭乱建。", "综合执法", 5),
    ("交通运输/公交", "公交班次少", "{place}附近公交车班次太少，等车时间长。", "街道", 4),
    ("环境保护/噪音", "广场舞噪音", "{place}广场舞音响声音太大，晚上九点后还在跳。", "街道", 4),
    ("城乡建设/市政设施", "井盖缺失", "{place}人行道上井盖缺失，容易掉人。", "综合执法", 3),
    ("市场监管/消费维权", "商家拒绝退款", "{place}一家商户预付卡不给退款。", "街道", 5),
    ("劳动保障/欠薪", "拖欠工资", "{place}工地拖欠农民工工资三个月。", "街道", 4),
]

FIRE_REPLIES = [
    "经消防救援大队会同社区现场核查，已督促物业清理楼道电动车并张贴禁停标识，现已整改完毕。",
    "已责令相关责任人立即整改，现场复查隐患已消除，并对居民开展了消防安全宣传。",
    "经核查情况属实，已下达责令改正通知书，限期整改，复查合格。",
    "已协调物业增设电动车集中充电设施，楼道飞线充电已清理。",
]
OTHER_REPLIES = [
    "经核实，已协调相关单位处理完毕，并向来电人反馈。",
    "已转交属地街道办理，问题已解决，来电人表示认可。",
    "已安排工作人员现场处理，后续将加强巡查。",
]

#: place names callers use, by kind
BUILDINGS = ["{community}小区{n}号楼", "{community}家园{n}栋", "{community}花园{n}号楼"]
VENUES = [
    "{street}{n}号门市",
    "{community}菜市场",
    "{street}饭店",
    "{street}小旅馆",
    "{community}超市",
]

#: streets of each county-level district (by area code)
STREETS: dict[str, list[str]] = {
    "211102": ["胜利街", "建设街", "红旗大街", "双兴路"],
    "211103": ["惠宾街", "兴隆台街", "石油大街", "泰山路", "渤海路"],
    "211104": ["大洼街", "田家路", "迎宾路"],
    "211122": ["太平街", "高升路", "沙岭大街"],
    "211171": ["荣兴路", "海滨大道"],
}
