import datetime as dt

import pytest

from gonghui.accounts.scope import ActorScope
from gonghui.activities import selectors, services
from gonghui.activities.models import Honour, ModelWorkerCareLog, Photo
from gonghui.activities.photo_files import exif_capture_date, jpeg_with_capture_date, sniff_image_type
from gonghui.core.errors import DomainError

pytestmark = pytest.mark.django_db


def officer(union) -> ActorScope:
    return ActorScope(None, union, frozenset({"officer"}), frozenset(), None, None)


def honour(union, person, title: str, level: str, day=dt.date(2025, 4, 28), **fields) -> Honour:
    return services.honour_add(
        actor=None,
        union=union,
        title=title,
        level=level,
        issuer="市人民政府",
        awarded_on=day,
        person=person,
        **fields,
    )


def test_the_honours_register_lists_person_and_unit_honours_newest_first(school):
    honour(school.union, school.people[0], "先进工作者", "city")
    services.honour_add(
        actor=None,
        union=school.union,
        title="先进教工之家",
        level="county",
        issuer="县教育工会",
        awarded_on=dt.date(2025, 5, 1),
        unit_name="本校工会",
        evidence="县教育工会〔2025〕12号",
    )
    rows = list(selectors.honour_list_for(officer(school.union)))
    assert [(h.awardee_name, h.get_level_display(), h.title) for h in rows] == [
        ("本校工会", "县级", "先进教工之家"),
        ("王芳", "市级", "先进工作者"),
    ]


def test_an_honour_names_a_person_or_a_unit_never_both(school):
    with pytest.raises(DomainError, match="和获奖集体中填写一项"):
        services.honour_add(
            actor=None,
            union=school.union,
            title="先进集体",
            level="county",
            issuer="县教育局",
            awarded_on=dt.date(2025, 5, 1),
            person=school.people[0],
            unit_name="语文组",
        )
    assert Honour.objects.count() == 0


def test_model_workers_are_derived_from_honours_at_city_level_or_above(school):
    p = school.people
    honour(school.union, p[0], "先进工作者", "city")  # yes
    honour(school.union, p[1], "省五一劳动奖章", "province")  # yes: the title contains 五一劳动奖章
    honour(school.union, p[2], "劳动模范", "county")  # no: below 市级
    honour(school.union, p[3], "三八红旗手", "city")  # no: not a model-worker title
    honour(school.union, p[0], "劳动模范", "province", day=dt.date(2023, 5, 1))  # the same person again

    register = selectors.model_worker_register_for(officer(school.union))

    assert [w.person.name for w in register.workers] == ["王芳", "方明"]
    assert [h.title for h in register.workers[0].honours] == ["劳动模范", "先进工作者"]
    assert register.titles == ["劳动模范", "先进工作者", "五一劳动奖章"]


def test_the_model_worker_titles_are_configured_per_union(school):
    honour(school.union, school.people[3], "三八红旗手", "city")
    services.activity_settings_update(
        actor=None, union=school.union, model_worker_titles=["劳动模范", "三八红旗手"]
    )
    register = selectors.model_worker_register_for(officer(school.union))
    assert [w.person.name for w in register.workers] == ["田静"]


def test_the_care_log_is_kept_for_model_workers_only(school):
    honour(school.union, school.people[0], "先进工作者", "city")
    services.model_worker_care_log_add(
        actor=None, union=school.union, person=school.people[0], on=dt.date(2026, 1, 20), note="春节走访慰问"
    )
    with pytest.raises(DomainError, match="方明不在劳模名册中"):
        services.model_worker_care_log_add(
            actor=None, union=school.union, person=school.people[1], on=dt.date(2026, 1, 20), note="走访"
        )
    register = selectors.model_worker_register_for(officer(school.union))
    assert [log.note for log in register.workers[0].care] == ["春节走访慰问"]
    assert ModelWorkerCareLog.objects.count() == 1


def test_a_photo_takes_its_date_from_exif_and_warns_when_it_is_not_the_activity_day(school):
    activity = services.activity_create(
        actor=None,
        union=school.union,
        kind="节日活动",
        title="三八节女教职工健步走",
        starts_on=dt.date(2025, 3, 8),
        place="城北湿地公园",
    )
    right = services.photo_add(
        actor=None,
        activity=activity,
        content=jpeg_with_capture_date(dt.date(2025, 3, 8)),
        caption="出发前合影",
    )
    wrong = services.photo_add(
        actor=None, activity=activity, content=jpeg_with_capture_date(dt.date(2024, 3, 8))
    )
    assert (right.taken_on, right.taken_on_from_exif, right.date_warning) == (dt.date(2025, 3, 8), True, "")
    assert right.full_caption == "2025年3月8日 城北湿地公园 三八节女教职工健步走：出发前合影"
    assert wrong.date_warning == "照片拍摄日期（2024年3月8日）与活动日期（2025年3月8日）不一致，请核对"
    assert right.image.read().startswith(b"\xff\xd8\xff")


def test_a_file_that_is_not_a_photo_is_refused(school):
    activity = services.activity_create(
        actor=None,
        union=school.union,
        kind="文体活动",
        title="教职工气排球赛",
        starts_on=dt.date(2025, 5, 20),
    )
    with pytest.raises(DomainError, match="只能上传JPEG或PNG"):
        services.photo_add(actor=None, activity=activity, content=b"%PDF-1.4 not a photo")
    assert Photo.objects.count() == 0


def test_exif_reading_never_fails_on_bad_bytes():
    assert exif_capture_date(jpeg_with_capture_date(dt.date(2025, 10, 11))) == dt.date(2025, 10, 11)
    assert exif_capture_date(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00*garbage") is None
    assert exif_capture_date(b"\xff\xd8\xff\xdb\x00\x04\x00\x00\xff\xd9") is None
    assert sniff_image_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff_image_type(b"GIF89a") is None
