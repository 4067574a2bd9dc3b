"""`xiaoan classify-complaints [--all] [--place]`: classify existing orders with the
current dictionary; `--place` also tries again to place the orders waiting in 待定位
(after area aliases were added), each within the area it waits in."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from xiaoan.areas.models import Area
from xiaoan.complaints.choices import ClassificationSource, PlacementSource
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.triage import classify_place_and_link

CHUNK = 1000


class Command(BaseCommand):
    help = (
        "用当前分类词典对已有 12345 工单重新分类（是否涉及消防、隐患类别）。"
        "默认只处理尚未分类的工单；--all 处理全部工单。人工分类的工单始终保持不变。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="重新分类全部工单（人工分类的除外）")
        parser.add_argument(
            "--place", action="store_true", help="对“待定位”的工单按当前区域名称和别名重新定位"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        orders = Complaint.objects.exclude(classified_by=ClassificationSource.MANUAL)
        if not options["all"]:
            orders = orders.filter(classified_by="")
        ids = list(orders.order_by("id").values_list("id", flat=True))
        total, changed = len(ids), 0
        self.stdout.write(f"待分类工单 {total} 件。")
        for start in range(0, total, CHUNK):
            chunk = list(Complaint.objects.filter(id__in=ids[start : start + CHUNK]))
            with transaction.atomic():
                changed += classify_place_and_link(
                    chunk, acting_user=None, scope=None, place_orders=False, link=False
                )
            done = min(start + CHUNK, total)
            self.stdout.write(f"已处理 {done} / {total}（{done * 100 // total}%）")
        self.stdout.write(f"完成：共 {total} 件，分类有变化 {changed} 件。")
        if options["place"]:
            self.place_again()

    def place_again(self) -> None:
        waiting = Complaint.objects.filter(placed_by=PlacementSource.UNRESOLVED)
        area_ids = set(waiting.values_list("area_id", flat=True))
        placed = 0
        for area in [None, *Area.objects.filter(pk__in=area_ids - {None})]:
            orders = list(waiting.filter(area=area))
            before = {o.pk for o in orders}
            for start in range(0, len(orders), CHUNK):
                with transaction.atomic():
                    classify_place_and_link(
                        orders[start : start + CHUNK], acting_user=None, scope=area
                    )
            still = set(waiting.filter(pk__in=before).values_list("pk", flat=True))
            placed += len(before - still)
        self.stdout.write(f"重新定位：{placed} 件已定位，仍待定位 {waiting.count()} 件。")
