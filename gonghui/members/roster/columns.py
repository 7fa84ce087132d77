"""The roster's columns: the field each maps to, its header in our own layout, and the synonyms unions use.

Shared by the parser (which header means which field), the importer, the export (same layout back out)
and the blank template, so the four never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RosterColumn:
    field: str
    header: str  # our own header, as exported
    synonyms: tuple[str, ...] = ()
    required: bool = False
    note: str = ""  # shown on the template's instructions sheet


COLUMNS: tuple[RosterColumn, ...] = (
    RosterColumn("member_no", "会员编号", ("会员号", "编号"), note="导出时生成；新会员留空，系统自动编号"),
    RosterColumn("name", "姓名", ("会员姓名", "职工姓名"), required=True),
    RosterColumn("gender", "性别", (), note="男或女；可不填，按身份证号"),
    RosterColumn(
        "id_number",
        "身份证号",
        ("身份证号码", "公民身份号码", "证件号码", "身份证", "证件号"),
        required=True,
        note="请把该列设为“文本”格式，否则末几位会丢失；15位旧号码会自动转为18位",
    ),
    RosterColumn(
        "id_type",
        "证件类型",
        (),
        note="居民身份证（默认）、港澳台居民居住证、外国人永久居留身份证、护照、其他证件",
    ),
    RosterColumn(
        "birth_date", "出生日期", ("出生年月", "出生年月日", "生日"), note="可不填；可只写到月，如 1985.03"
    ),
    RosterColumn("ethnicity", "民族", ()),
    RosterColumn("political_status", "政治面貌", ()),
    RosterColumn("education", "学历", ("文化程度", "最高学历")),
    RosterColumn("department", "部门", ("科室", "单位", "所在部门", "工作部门", "所在单位")),
    RosterColumn("post", "职务", ("岗位", "职务/岗位", "职称")),
    RosterColumn("employment_form", "用工性质", ("用工形式", "用工类型", "人员类别")),
    RosterColumn("work_status", "在岗状态", ("在岗情况", "人员状态")),
    RosterColumn("is_migrant_worker", "是否农民工", ("农民工",), note="是或否"),
    RosterColumn(
        "joined_on",
        "入会时间",
        ("入会日期", "入会年月"),
        note="可写 2019-03-01、2019/3/1、2019.3、2019年3月1日",
    ),
    RosterColumn("phone", "手机", ("手机号", "手机号码", "联系电话", "电话", "联系方式")),
    RosterColumn("group", "工会小组", ("小组", "所在小组")),
    RosterColumn("notes", "备注", ("说明",)),
)

BY_FIELD = {column.field: column for column in COLUMNS}
