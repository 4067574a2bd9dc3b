"""Generate a realistic 12345 hotline export (.xlsx) of fire-hazard work orders in 盘锦市.

    .venv/bin/python bench/generate_complaints.py --rows 100000 --seed 12345 \
        --out bench/data/complaints-100000.xlsx

The same --rows and --seed always give the same rows (one `random.Random(seed)`
drives everything; no clock is read), so a benchmark can be repeated on
another machine; the last line prints a digest of the rows' values to check
it (the .xlsx bytes themselves differ, as the archive stamps the time). The sheet looks like a platform export: a title line, then
the usual header (工单编号, 来电时间, 受理渠道 … 满意度, plus the caller columns
an importer keeps only in `raw`), one order per row in order of the call.

Most 来电时间 cells are real Excel dates, a few are text as some platforms
export them. A small share of rows is deliberately bad so that the importer's
error path and its rejected-rows workbook are exercised: by default 0.5% of
the rows have an unparseable 来电时间 and 0.1% an empty 诉求内容.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "工单编号",
    "来电时间",
    "来电人",
    "联系电话",
    "受理渠道",
    "诉求类型",
    "紧急程度",
    "问题分类",
    "事发地址",
    "工单标题",
    "诉求内容",
    "承办单位",
    "分派时间",
    "办理时限",
    "工单状态",
    "回复时间",
    "回复内容",
    "办结时间",
    "满意度",
]

#: the export covers calls from FIRST_DAY to LAST_DAY; it was taken the day after
FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
EXPORTED_ON = LAST_DAY + dt.timedelta(days=1)

# district → its streets (街道/镇) → communities, and the residential compounds used in addresses
DISTRICTS: dict[str, dict[str, list[str]]] = {
    "双台子区": {
        "胜利街道": ["胜利社区", "双盛社区", "新兴社区"],
        "建设街道": ["建设社区", "光明社区"],
        "红旗街道": ["红旗社区", "园林社区"],
        "辽河街道": ["辽河社区", "双兴社区"],
        "铁东街道": ["铁东社区", "东盛社区"],
    },
    "兴隆台区": {
        "兴隆街道": ["惠宾社区", "兴盛社区", "石油社区"],
        "振兴街道": ["振兴社区", "创新社区"],
        "渤海街道": ["渤海社区", "水木社区"],
        "新工街道": ["新工社区", "锦华社区"],
        "曙光街道": ["曙光社区", "采油社区"],
        "茨采街道": ["茨采社区", "兴海社区"],
    },
    "大洼区": {
        "大洼街道": ["向阳社区", "东风社区"],
        "田家街道": ["田家社区", "大堡子村"],
        "唐家镇": ["唐家村", "小亮沟村"],
        "新立镇": ["新立村", "田庄台社区"],
        "西安镇": ["西安村", "上口子村"],
    },
    "盘山县": {
        "太平街道": ["太平社区", "新兴村"],
        "高升街道": ["高升社区", "前进村"],
        "沙岭镇": ["沙岭村", "新开村"],
        "甜水镇": ["甜水村", "朱家村"],
        "坝墙子镇": ["坝墙子村", "后坝村"],
    },
    "辽东湾新区": {
        "荣兴街道": ["荣兴社区", "辽滨社区"],
        "二界沟街道": ["二界沟社区", "渔港社区"],
    },
}
COMPOUNDS = [
    "惠宾小区",
    "石油大院",
    "锦绣华城",
    "泰郡小区",
    "红海滩花园",
    "兴海家园",
    "中兴小区",
    "鼎翔国际",
    "湖滨家园",
    "碧水龙庭",
    "双兴小区",
    "万达华府",
    "恒大名都",
    "金茂府",
    "渤海明珠",
    "曙光小区",
    "工人村",
    "建设里",
    "新华里",
    "辽河人家",
]
STREETS = [
    "中兴路",
    "兴隆大街",
    "市府大路",
    "石油大街",
    "双兴北路",
    "惠宾大街",
    "泰山路",
    "渤海路",
    "繁荣路",
    "鼎翔路",
    "平安大街",
    "团结路",
]
SHOPS = [
    "海鲜大排档",
    "烧烤店",
    "麻辣烫店",
    "小超市",
    "网吧",
    "足疗店",
    "KTV",
    "小旅馆",
    "服装店",
    "五金店",
    "电动车维修部",
    "幼儿托管班",
    "棋牌室",
    "洗浴中心",
    "汽修厂",
]

# (问题分类, 工单标题, contents, replies, who handles: fire | law | street | housing | market)
HAZARDS: list[tuple[str, str, list[str], list[str], str]] = [
    (
        "安全生产/消防安全/电动车违规充电",
        "电动车楼道飞线充电",
        [
            "{place}有住户从窗户往楼道拉电线给电动自行车充电，晚上一直充，担心起火。",
            "{place}楼道里停了好几辆电动车，有人长期在楼道内飞线充电，存在严重火灾隐患。",
            "{place}有人把电动车电瓶拿回家里充电，邻居很害怕，反映多次无人管。",
        ],
        [
            "经现场核查，{place}确有飞线充电情况，已联合社区拆除私拉电线，对住户进行宣传教育。",
            "社区网格员已上门劝导，住户已将电动车移至小区集中充电车棚，隐患已消除。",
        ],
        "fire",
    ),
    (
        "安全生产/消防安全/消防通道占用",
        "消防通道被占用",
        [
            "{place}消防通道被私家车长期占用，消防车根本进不来，物业不管。",
            "{place}门口的消防车通道被摆摊和堆放的货物堵死了，要求清理。",
            "{place}小区内消防通道画了停车位收费，占用消防车道。",
        ],
        [
            "执法人员已到现场，对占用消防车道车辆张贴告知书，物业已施划禁停标线并安排专人看守。",
            "经核实情况属实，已责令物业清除占道物品，恢复消防车通道畅通。",
        ],
        "law",
    ),
    (
        "安全生产/消防安全/楼道堆物",
        "楼道堆放杂物",
        [
            "{place}楼道里堆满了纸箱、旧家具，还有人放液化气罐，一旦着火跑不出去。",
            "{place}一楼楼梯间被住户堆放杂物和废品，堵塞疏散通道。",
        ],
        [
            "社区组织物业对{place}楼道杂物进行了集中清理，并告知住户不得在公共区域堆物。",
            "已现场督促清理，共清运杂物约2车，后续纳入网格日常巡查。",
        ],
        "street",
    ),
    (
        "安全生产/消防安全/消防设施损坏",
        "消火栓无水、灭火器过期",
        [
            "{place}楼内消火栓箱里没有水带，打开阀门没水，灭火器也过期好几年了。",
            "{place}的烟感报警器不亮，喷淋头被装修包住了，物业说没钱维修。",
            "{place}楼道应急照明灯和疏散指示标志坏了很久，晚上一片漆黑。",
        ],
        [
            "消防救援大队已对{place}物业下达责令改正通知书，限期维修消防设施，到期复查。",
            "物业已更换过期灭火器，维修消火栓供水，大队复查合格。",
        ],
        "fire",
    ),
    (
        "安全生产/消防安全/三合一场所",
        "门市房住人",
        [
            "{shop}在店铺里隔出阁楼住人，做饭用液化气，晚上店门还锁着，非常危险。",
            "{shop}集生产、经营、住宿于一体，人员晚上住在店里，怀疑是三合一场所。",
        ],
        [
            "经检查，{shop}存在住宿与经营场所未分隔问题，已责令人员搬离，拆除阁楼。",
            "已依法对{shop}下达责令改正通知书，业主已整改完毕。",
        ],
        "fire",
    ),
    (
        "安全生产/消防安全/燃气使用",
        "饭店违规使用液化气",
        [
            "{shop}后厨在室内放了好几个液化气罐，没有报警装置，附近居民很担心。",
            "{shop}在地下室使用液化石油气，气味很大。",
        ],
        [
            "住建部门会同消防对{shop}检查，已责令其停止在地下室使用液化石油气，改用电炊具。",
            "经检查{shop}已安装可燃气体报警装置，气瓶间已独立设置。",
        ],
        "housing",
    ),
    (
        "安全生产/消防安全/防火门",
        "防火门常开、损坏",
        [
            "{place}高层住宅的常闭防火门被住户用木楔子顶住常开，有的门闭门器坏了。",
            "{place}地下车库防火卷帘门不能放下，防火门被锁死。",
        ],
        ["已督促物业维修防火门闭门器，并在醒目位置张贴“防火门保持常闭”标识。"],
        "fire",
    ),
    (
        "城乡建设/环境保护/露天焚烧",
        "焚烧秸秆、苇草",
        [
            "{village}附近稻田里有人焚烧秸秆，浓烟很大，离村民房子很近。",
            "{village}苇田边上有人点火烧荒，风很大，怕烧到芦苇荡。",
        ],
        [
            "镇政府已组织人员到现场扑灭余火，对焚烧人员进行批评教育，加强秸秆禁烧巡查。",
            "经核实为农户焚烧田间杂草，已及时扑灭，未造成损失。",
        ],
        "street",
    ),
    (
        "安全生产/消防安全/烟花爆竹",
        "违规燃放、销售烟花爆竹",
        [
            "{place}有人在楼下燃放烟花，碎屑落到阳台上，阳台堆着纸箱。",
            "{shop}在居民楼底商违规储存销售烟花爆竹。",
        ],
        ["公安部门已出警处置，对违规燃放人员进行教育，收缴剩余烟花爆竹。"],
        "law",
    ),
    (
        "安全生产/消防安全/群租房",
        "群租房安全隐患",
        [
            "{place}一套房子隔成七八个小间出租，住了十几个人，电线乱拉，用电热毯和小太阳。",
            "{place}有人把住宅改成了日租房，楼道里全是行李，没有任何消防设施。",
        ],
        ["社区联合派出所对该群租房进行了检查，已督促房东整改，拆除违规隔断，规范用电。"],
        "street",
    ),
    (
        "市场监管/产品质量/消防产品",
        "销售假冒消防产品",
        [
            "在{shop}买的灭火器压力表指针一直在红区，怀疑是假冒产品。",
            "{shop}销售的电动车电池没有3C认证，充电时发烫。",
        ],
        ["市场监管部门已对{shop}进行检查，下架不合格产品，并依法立案调查。"],
        "market",
    ),
    (
        "安全生产/消防安全/消防咨询",
        "咨询消防安全检查",
        [
            "我在{place}新开了一家店，想咨询开业前需要办理哪些消防手续。",
            "咨询{place}的公众聚集场所投入使用前消防安全检查需要准备什么材料。",
        ],
        [
            "已电话联系来电人，告知可通过政务服务网办理公众聚集场所投入使用、营业前消防安全检查告知承诺。",
        ],
        "fire",
    ),
]

CHANNELS = [
    ("电话", 60),
    ("微信公众号", 12),
    ("手机APP", 10),
    ("政府网站", 8),
    ("市长信箱", 5),
    ("12345小程序", 5),
]
KINDS = [("投诉", 45), ("举报", 30), ("求助", 10), ("咨询", 10), ("建议", 5)]
URGENCY = [("一般", 85), ("紧急", 12), ("特急", 3)]
SATISFACTION = [("满意", 70), ("基本满意", 18), ("不满意", 7), ("未评价", 5)]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董于"
BAD_DATES = ["昨天下午", "待补录", "2025-02-30 08:00", "#VALUE!", "上午十点左右", "2025.13.01"]
#: calls by hour of the day (the hotline answers around the clock, mostly by day)
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 11, 10, 8, 9, 10, 10, 9, 8, 7, 6, 5, 4, 2, 1]


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def handler(rng: random.Random, who: str, district: str, street: str) -> str:
    if who == "fire":
        return f"{district}消防救援大队" if district != "辽东湾新区" else "辽东湾新区消防救援大队"
    if who == "law":
        return rng.choice([f"{district}综合行政执法局", f"盘锦市公安局{district}分局"])
    if who == "housing":
        return rng.choice(["盘锦市住房和城乡建设局", f"{district}住房和城乡建设局"])
    if who == "market":
        return f"盘锦市市场监督管理局{district}分局"
    return f"{street}办事处" if street.endswith("街道") else f"{street}人民政府"


def call_times(rng: random.Random, rows: int) -> list[dt.datetime]:
    days = (LAST_DAY - FIRST_DAY).days + 1
    times = []
    for _ in range(rows):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        times.append(dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60))))
    times.sort()
    return times


def make_row(rng: random.Random, number: str, received: dt.datetime) -> list[object]:
    district = rng.choice(list(DISTRICTS))
    street = rng.choice(list(DISTRICTS[district]))
    community = rng.choice(DISTRICTS[district][street])
    compound = rng.choice(COMPOUNDS)
    place = f"{compound}{rng.randint(1, 48)}号楼{rng.randint(1, 6)}单元"
    shop = f"{rng.choice(STREETS)}{rng.randint(1, 399)}号{rng.choice(SHOPS)}"
    village = community if community.endswith("村") else f"{street}{rng.choice('东西南北')}侧"
    category, title, contents, replies, who = rng.choice(HAZARDS)
    fill = {"place": place, "shop": shop, "village": village}
    template = rng.choice(contents)
    content = template.format(**fill)
    if rng.random() < 0.4:
        content = (
            "来电人反映：" + content + rng.choice(["请尽快处理。", "希望相关部门尽快核实。", ""])
        )
    spot = shop if "{shop}" in template else village if "{village}" in template else place
    address = f"{district}{street}" + (spot if spot == village else f"{community}{spot}")
    urgency = pick(rng, URGENCY)
    assigned = received + dt.timedelta(minutes=rng.randint(5, 180))
    if urgency == "一般":
        due: object = rng.choice(["5个工作日", "5个工作日", "3个工作日", "10个工作日"])
    else:
        due = rng.choice(["1个工作日", "2个工作日"])
    if rng.random() < 0.25:  # some platforms export the deadline as a moment
        due = dt.datetime.combine(
            received.date() + dt.timedelta(days=rng.choice([3, 5, 7])), dt.time(17, 30)
        )
    age = (EXPORTED_ON - received.date()).days
    if age > 30:
        status = rng.choices(["已办结", "已回复", "办理中", "已退回"], [92, 4, 3, 1])[0]
    elif age > 7:
        status = rng.choices(["已办结", "已回复", "办理中", "待回访"], [55, 20, 15, 10])[0]
    else:
        status = rng.choices(["待受理", "办理中", "已回复"], [20, 60, 20])[0]
    replied = closed = None
    reply = satisfaction = None
    if status in ("已回复", "已办结", "待回访"):
        replied = assigned + dt.timedelta(hours=rng.randint(2, 24 * 6), minutes=rng.randint(0, 59))
        reply = rng.choice(replies).format(**fill)
    if status == "已办结":
        assert replied is not None
        closed = replied + dt.timedelta(hours=rng.randint(1, 72))
        satisfaction = pick(rng, SATISFACTION)
    received_cell: object = received
    if rng.random() < 0.05:  # a few platforms export times as text
        received_cell = f"{received:%Y/%m/%d %H:%M}".replace("/0", "/")
    caller = rng.choice(SURNAMES) + rng.choice(["先生", "女士"])
    phone = f"1{rng.choice('3578')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"
    return [
        number,
        received_cell,
        caller,
        phone,
        pick(rng, CHANNELS),
        pick(rng, KINDS),
        urgency,
        category,
        address,
        title,
        content,
        handler(rng, who, district, street),
        assigned,
        due,
        status,
        replied,
        reply,
        closed,
        satisfaction,
    ]


def generate(rows: int, seed: int, out: Path, bad_date: float, bad_content: float) -> dict:
    rng = random.Random(seed)
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("工单")
    sheet.append([f"盘锦市12345政务服务便民热线工单导出（{FIRST_DAY} 至 {LAST_DAY}）"])
    sheet.append(HEADER)
    digest = hashlib.sha256()  # of the rows' values: equal digests, equal sheets
    per_day: dict[dt.date, int] = {}
    bad = {"来电时间": 0, "诉求内容": 0}
    step = max(rows // 20, 1)
    for index, received in enumerate(call_times(rng, rows), start=1):
        per_day[received.date()] = per_day.get(received.date(), 0) + 1
        number = f"GD{received:%Y%m%d}{per_day[received.date()]:05d}"
        row = make_row(rng, number, received)
        roll = rng.random()
        if roll < bad_date:
            row[HEADER.index("来电时间")] = rng.choice(BAD_DATES)
            bad["来电时间"] += 1
        elif roll < bad_date + bad_content:
            row[HEADER.index("诉求内容")] = None
            bad["诉求内容"] += 1
        sheet.append(row)
        digest.update(repr(row).encode())
        if index % step == 0 or index == rows:
            elapsed = time.perf_counter() - started
            print(
                f"\r{index:>9,}/{rows:,} rows  {elapsed:6.1f} s  ({index / elapsed:,.0f} rows/s)",
                end="",
                file=sys.stderr,
                flush=True,
            )
    print(" — saving …", end="", file=sys.stderr, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
    seconds = time.perf_counter() - started
    print(f" done in {seconds:.1f} s", file=sys.stderr)
    return {
        "rows": rows,
        "seed": seed,
        "bad": bad,
        "seconds": seconds,
        "bytes": out.stat().st_size,
        "sha256": digest.hexdigest()[:16],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows (default 100000)")
    parser.add_argument("--seed", type=int, default=12345, help="random seed (default 12345)")
    parser.add_argument(
        "--out", type=Path, help="the .xlsx to write (default bench/data/complaints-ROWS.xlsx)"
    )
    parser.add_argument(
        "--bad-date",
        type=float,
        default=0.005,
        help="share of rows whose 来电时间 cannot be parsed (default 0.005)",
    )
    parser.add_argument(
        "--bad-content",
        type=float,
        default=0.001,
        help="share of rows with an empty 诉求内容 (default 0.001)",
    )
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).resolve().parent / "data" / f"complaints-{args.rows}.xlsx"
    info = generate(args.rows, args.seed, out, args.bad_date, args.bad_content)
    bad = info["bad"]
    print(
        f"{out}: {info['rows']:,} rows (seed {info['seed']}), "
        f"{bad['来电时间']} with a bad 来电时间, {bad['诉求内容']} with an empty 诉求内容, "
        f"{info['bytes'] / 1e6:.1f} MB, {info['seconds']:.1f} s; rows sha256 {info['sha256']}"
    )


if __name__ == "__main__":
    main()
