from typing import Any

from django.core.management.base import BaseCommand

from xiaoan.demo.city import DEMO_PASSWORD
from xiaoan.demo.loader import demo_accounts, load_demo


class Command(BaseCommand):
    help = "把演示城市（盘锦市）的数据载入当前数据库；可重复运行，已有记录不会重复创建。"

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(log=self.stdout.write)
        print_accounts(self.stdout.write)


def print_accounts(write: Any) -> None:
    write(f"演示账户（密码均为 {DEMO_PASSWORD}）：")
    for username, who, roles in demo_accounts():
        write(f"  {username:<12} {roles:<12} {who}")
