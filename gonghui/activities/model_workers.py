"""The model-worker register (劳模名册) is derived, never typed: a person with an honour at 市级 or above
whose title contains one of the union's configured model-worker titles (default 劳动模范, 先进工作者,
五一劳动奖章). Selectors, services and figures all read it from here.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from gonghui.activities.models import (
    DEFAULT_MODEL_WORKER_TITLES,
    MODEL_WORKER_MIN_LEVEL,
    ActivitySettings,
    AwardeeKind,
    Honour,
    levels_at_least,
)


def model_worker_titles(union_id: int) -> list[str]:
    """The union's configured titles, or the defaults when it has configured none."""
    row = (
        ActivitySettings.objects.filter(union_id=union_id)
        .values_list("model_worker_titles", flat=True)
        .first()
    )
    return list(row) if row else list(DEFAULT_MODEL_WORKER_TITLES)


def model_worker_condition(titles: list[str]) -> Q:
    """Honours that make their holder a model worker."""
    by_title = reduce(or_, (Q(title__contains=title) for title in titles), Q(pk__in=[]))
    return Q(awardee_kind=AwardeeKind.PERSON, level__in=levels_at_least(MODEL_WORKER_MIN_LEVEL)) & by_title


def model_worker_honours(union_id: int) -> QuerySet[Honour]:
    """The honours behind the union's model-worker register."""
    return Honour.objects.filter(model_worker_condition(model_worker_titles(union_id)), union_id=union_id)


def is_model_worker(union_id: int, person_id: int) -> bool:
    return model_worker_honours(union_id).filter(person_id=person_id).exists()
