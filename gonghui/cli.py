"""The `gonghui` console script: `gonghui demo|serve|stats|…` and `gonghui manage <django command>`."""

from __future__ import annotations

import os
import sys

USAGE = """用法：gonghui <命令> [参数]

  demo [--no-serve] [--today YYYY-MM-DD] [--seed N] [--host H] [--port P]
                      建立数据目录、迁移数据库、生成示范数据，然后启动网站
  serve [--host H] [--port P]
                      启动网站（生产服务器，含后台任务）
  stats --union 简码 --period 期间 [--json]
                      打印全部指标及去年同期值、口径
  import members 文件 --union 简码 [--dry-run] [--only-valid] [--strict] [--map 列名=字段] [--as 用户] [--json]
                      检查并导入会员花名册（.xlsx、.xls、.csv）
  export members --union 简码 -o 文件 [--as 用户] [--template] [--notice --from 日期 --to 日期]
                      导出会员名册、空白模板或新会员名单公示
  report summary --union 简码 --period 期间 -o 文件 [--as-of 日期] [--signed-on 日期]
         [--format docx|md|pdf] [--script hans|hant] [--length short|standard|full] [--gap 代码]
                      根据记录生成工作总结，并在旁边写出所用数字表（<文件名>.figures.xlsx）
  jobs_worker [--once] 单独运行后台任务（serve 已自带）
  manage <命令> …     Django 管理命令（migrate、createsuperuser、shell …）

每个命令都会打印所用的数据目录（GONGHUI_DATA_DIR）。"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    print(f"数据目录：{settings.DATA_DIR}", file=sys.stderr)
    if args[0] == "manage":
        execute_from_command_line(["gonghui manage", *args[1:]])
    else:
        execute_from_command_line(["gonghui", *args])


if __name__ == "__main__":
    main()
