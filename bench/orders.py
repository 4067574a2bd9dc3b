"""12345 work orders of the benchmark province (see generate.py): two years of
orders spread over the communities, about half about fire safety, most of the
older ones closed; written with COPY / executemany like the other tables."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from typing import Any

from generate import TODAY, Progress, Tree, Writer, county_of, moment, next_id

TEXTS = [
    ("楼道内堆放大量纸箱杂物，堵塞疏散通道", True, "clutter"),
    ("有人在楼道里给电动自行车充电，存在火灾隐患", True, "ebike_indoor"),
    ("小区消防通道被私家车长期占用", True, "fire_lane"),
    ("商场安全出口上锁，消防设施损坏", True, "escape_blocked"),
    ("楼上飞线充电，电线从窗户拉下来", True, "illegal_wiring"),
    ("沿街门市住人，三合一场所", True, "three_in_one"),
    ("小区供暖不热，室温只有十四度", False, ""),
    ("楼下饭店油烟扰民", False, ""),
    ("路灯不亮，晚上出行不便", False, ""),
    ("物业收费不合理", False, ""),
]


def build_orders(
    tree: Tree,
    brigades: dict[int, tuple[int, int]],
    n: int,
    rng: random.Random,
    writer: Writer,
    progress: type[Progress],
) -> None:
    from xiaoan.complaints.models import Complaint

    start = next_id(Complaint)
    now = dt.datetime.now(dt.UTC)
    raw = json.dumps({})

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            area, path = tree.communities[rng.randrange(len(tree.communities))]
            org, _ = brigades[county_of(path)]
            age = int(rng.triangular(0, 730, 0))
            received = moment(TODAY - dt.timedelta(days=age), rng)
            text, fire, category = TEXTS[rng.randrange(len(TEXTS))]
            closed = received + dt.timedelta(days=rng.randrange(1, 10)) if age > 20 else None
            state = "closed" if closed else rng.choice(["pending", "dispatched", "replied"])
            deadline = (received + dt.timedelta(days=7)).date() if state != "pending" else None
            yield (
                start + i, now, now, 1, f"BGD{start + i:09d}", received, "电话", "投诉", "一般", "",
                text[:20], text, f"基准路{rng.randrange(1, 999)}号", "", None, None,
                "已办结" if closed else "办理中", closed, "已处理" if closed else "", closed, "",
                fire, category, "auto", "auto", raw, area, None, state,
                org if state != "pending" else None, received if state != "pending" else None,
                None, "", deadline, "", None, None, closed, None, None,
            )  # fmt: skip

    names = [f.name for f in Complaint._meta.concrete_fields]
    writer.write(Complaint, names, rows(), progress("orders", n))
    writer.reset_sequence(Complaint)
