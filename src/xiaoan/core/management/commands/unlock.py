from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaoan.core.lockout import unlock_address, unlock_username


class Command(BaseCommand):
    help = "解除用户名（所有地址）或某个客户端地址的登录锁定。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", nargs="?", default="", help="要解除锁定的用户名")
        parser.add_argument("--address", default="", help="要解除锁定的客户端 IP 地址")

    def handle(self, *args: Any, **options: Any) -> None:
        username, address = options["username"].strip(), options["address"].strip()
        if not username and not address:
            raise CommandError("请给出用户名，或用 --address 给出 IP 地址。")
        if username:
            count = unlock_username(username, acting_user=None)
            self.stdout.write(f"已解除 {username} 的登录锁定（清除 {count} 次失败记录）。")
        if address:
            count = unlock_address(address, acting_user=None)
            self.stdout.write(f"已解除地址 {address} 的登录锁定（清除 {count} 次失败记录）。")
