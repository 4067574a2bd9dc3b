"""`xiaoan bootstrap`: the first area and the first administrator of a new installation."""

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from xiaoan.areas.models import Area, Organisation
from xiaoan.areas.roles import Role
from xiaoan.areas.services import SYSTEM, do_create_area, do_create_organisation, do_create_user
from xiaoan.core.errors import XiaoanError


class Command(BaseCommand):
    help = "新安装时创建顶级区域（城市）、所属单位和第一个系统管理员。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--city-code", required=True, help="城市区划代码，如 211100")
        parser.add_argument("--city-name", required=True, help="城市名称，如 盘锦市")
        parser.add_argument(
            "--organisation", default="", help="管理员所属单位名称（默认：<城市>消防救援支队）"
        )
        parser.add_argument("--admin", default="admin", help="管理员用户名")
        parser.add_argument("--full-name", default="系统管理员")
        parser.add_argument(
            "--security-admin",
            default="secadmin",
            help="安全管理员用户名（负责创建用户、分配角色）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Area.objects.filter(parent__isnull=True).exists():
            raise CommandError("已存在顶级区域：系统已初始化，请在网页中由管理员继续维护。")
        password = os.environ.get("XIAOAN_ADMIN_PASSWORD") or self.ask_password("管理员")
        security_password = os.environ.get("XIAOAN_SECURITY_ADMIN_PASSWORD") or self.ask_password(
            "安全管理员", "XIAOAN_SECURITY_ADMIN_PASSWORD"
        )
        if security_password == password:
            raise CommandError("安全管理员的密码不能与系统管理员相同（三员分立）。")
        try:
            with transaction.atomic():
                city = do_create_area(
                    acting_user=SYSTEM,
                    name=options["city_name"],
                    code=options["city_code"],
                    level=Area.Level.CITY,
                    parent=None,
                )
                organisation = do_create_organisation(
                    acting_user=SYSTEM,
                    name=options["organisation"] or f"{options['city_name']}消防救援支队",
                    kind=Organisation.Kind.DETACHMENT,
                    area=city,
                )
                do_create_user(
                    acting_user=SYSTEM,
                    username=options["admin"],
                    password=password,
                    full_name=options["full_name"],
                    roles=[Role.ADMIN],
                    area=city,
                    organisation=organisation,
                    must_change_password=True,
                )
                # 三员分立: users and their roles are the security administrator's
                do_create_user(
                    acting_user=SYSTEM,
                    username=options["security_admin"],
                    password=security_password,
                    full_name="安全管理员",
                    roles=[Role.SECURITY_ADMIN],
                    area=city,
                    organisation=organisation,
                    must_change_password=True,
                )
        except XiaoanError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已创建 {city.name}（{city.code}）和管理员 {options['admin']}、"
            f"安全管理员 {options['security_admin']}；两人首次登录时须修改密码。"
        )

    def ask_password(self, who: str, variable: str = "XIAOAN_ADMIN_PASSWORD") -> str:
        try:
            first = getpass.getpass(f"{who}密码：")
            second = getpass.getpass("再次输入：")
        except EOFError as exc:
            raise CommandError(f"请通过环境变量 {variable} 提供{who}密码。") from exc
        if first != second:
            raise CommandError("两次输入的密码不一致。")
        return first
