"""The demo city: Panjin (盘锦市), as the seed briefing of March 2024 names it.

Areas are the real county-level districts with a handful of townships,
communities and grids under each; organisations and leaders are those the
seed names. Later features add their records of the demo month here.
"""

from __future__ import annotations

#: every demo account signs in with this password (documented in the README)
DEMO_PASSWORD = "Xiaoan@2024"
#: the seed's date: `make demo` pins the clock to it
DEMO_TODAY = "2024-03-04"

CITY = ("211100", "盘锦市")

# county code, name → township code, name → [community code, name, [grid names]]
AREAS: dict[tuple[str, str], dict[tuple[str, str], list[tuple[str, str, list[str]]]]] = {
    ("211102", "双台子区"): {
        ("211102001", "胜利街道"): [("211102001001", "胜利社区", ["第一网格", "第二网格"])],
        ("211102002", "建设街道"): [("211102002001", "建设社区", ["第一网格"])],
        ("211102003", "红旗街道"): [("211102003001", "红旗社区", ["第一网格"])],
    },
    ("211103", "兴隆台区"): {
        ("211103001", "兴隆街道"): [
            ("211103001001", "惠宾社区", ["第一网格", "第二网格", "第三网格"]),
            ("211103001002", "兴盛社区", ["第一网格"]),
        ],
        ("211103002", "振兴街道"): [("211103002001", "振兴社区", ["第一网格"])],
        ("211103003", "渤海街道"): [("211103003001", "渤海社区", ["第一网格"])],
    },
    ("211104", "大洼区"): {
        ("211104001", "大洼街道"): [("211104001001", "向阳社区", ["第一网格"])],
        ("211104002", "田家街道"): [("211104002001", "田家社区", ["第一网格"])],
    },
    ("211122", "盘山县"): {
        ("211122001", "太平街道"): [("211122001001", "太平社区", ["第一网格"])],
        ("211122002", "高升街道"): [("211122002001", "高升社区", ["第一网格"])],
        ("211122101", "沙岭镇"): [("211122101001", "沙岭村", ["第一网格"])],
    },
    ("211171", "辽东湾新区"): {
        ("211171001", "荣兴街道"): [("211171001001", "荣兴社区", ["第一网格"])],
    },
}

# name, short name, kind, area code
ORGANISATIONS: list[tuple[str, str, str, str]] = [
    ("中共盘锦市委", "市委", "government", "211100"),
    ("盘锦市人民政府", "市政府", "government", "211100"),
    ("盘锦市消防救援支队", "支队", "detachment", "211100"),
    ("盘锦市消防安全委员会办公室", "市消安委办", "government", "211100"),
    ("盘锦市住房和城乡建设局", "住建", "department", "211100"),
    ("盘锦市应急管理局", "应急", "department", "211100"),
    ("盘锦市公安局", "公安", "department", "211100"),
    ("盘锦市综合行政执法局", "综合执法", "department", "211100"),
    ("盘锦市营商环境建设局", "营商局", "department", "211100"),
    ("盘锦市教育局", "教育", "department", "211100"),
    ("双台子区消防救援大队", "双台子大队", "brigade", "211102"),
    ("兴隆台区消防救援大队", "兴隆台大队", "brigade", "211103"),
    ("大洼区消防救援大队", "大洼大队", "brigade", "211104"),
    ("盘山县消防救援大队", "盘山大队", "brigade", "211122"),
    ("辽东湾新区消防救援大队", "辽东湾大队", "brigade", "211171"),
    ("兴隆街道办事处", "兴隆街道", "township_office", "211103001"),
    ("胜利街道办事处", "胜利街道", "township_office", "211102001"),
    ("惠宾社区居民委员会", "惠宾社区", "community", "211103001001"),
    ("盘锦惠宾物业服务有限公司", "惠宾物业", "property_company", "211103001001"),
    ("胜利社区居民委员会", "胜利社区", "community", "211102001001"),
]

# username, full name, title, roles, area code, organisation name
USERS: list[tuple[str, str, str, list[str], str, str]] = [
    ("admin", "系统管理员", "管理员", ["admin"], "211100", "盘锦市消防救援支队"),
    ("leader", "市领导", "分管副市长", ["city_leader"], "211100", "盘锦市人民政府"),
    ("bingsen", "炳森", "市委书记", ["city_leader"], "211100", "中共盘锦市委"),
    ("xingpeng", "邢鹏", "市长", ["city_leader"], "211100", "盘锦市人民政府"),
    ("zhanming", "占明", "副市长", ["city_leader"], "211100", "盘锦市人民政府"),
    ("xifeng", "曹希锋", "支队长", ["detachment_office"], "211100", "盘锦市消防救援支队"),
    ("office", "支队办公室", "秘书", ["detachment_office"], "211100", "盘锦市消防救援支队"),
    ("yingshang", "营商局 12345 专员", "科员", ["department"], "211100", "盘锦市营商环境建设局"),
    ("zhujian", "住建局联络员", "科员", ["department"], "211100", "盘锦市住房和城乡建设局"),
    ("shuangtaizi", "双台子大队", "大队长", ["brigade"], "211102", "双台子区消防救援大队"),
    ("xinglongtai", "兴隆台大队", "大队长", ["brigade"], "211103", "兴隆台区消防救援大队"),
    ("dawa", "大洼大队", "大队长", ["brigade"], "211104", "大洼区消防救援大队"),
    ("panshan", "盘山大队", "大队长", ["brigade"], "211122", "盘山县消防救援大队"),
    ("grid", "惠宾社区网格员", "网格员", ["grid_worker"], "211103001001-1", "惠宾社区居民委员会"),
    (
        "property",
        "惠宾物业经理",
        "物业经理",
        ["property_manager"],
        "211103001001",
        "盘锦惠宾物业服务有限公司",
    ),
    ("auditor", "审计员", "审计", ["auditor"], "211100", "盘锦市消防安全委员会办公室"),
    # 三员分立: roles are assigned by the security administrator, the security log is
    # read by the audit administrator; neither is the system administrator
    ("secadmin", "安全管理员", "安全管理员", ["security_admin"], "211100", "盘锦市消防救援支队"),
    ("auditadmin", "审计管理员", "审计管理员", ["audit_admin"], "211100", "盘锦市消防救援支队"),
]


def grid_code(community_code: str, index: int) -> str:
    return f"{community_code}-{index}"


#: area code → other names the public uses (placing 12345 orders); short forms such as
#: 兴隆台 (兴隆台区) or 大洼 (大洼区) are derived from the names and need no entry
AREA_ALIASES: dict[str, list[str]] = {
    "211103001001": ["惠宾小区"],
    "211102001001": ["胜利小区"],
}
