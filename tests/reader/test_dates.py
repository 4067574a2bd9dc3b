"""The date module: each written form the briefings use, against the document's date."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.reader.parsing.dates import add_months, find_dates
from xiaoan.reader.parsing.text import cn_to_int, lines

DOC = dt.date(2024, 3, 4)


def first(text: str, reference: dt.date | None = DOC) -> tuple[str, dt.date]:
    found = find_dates(text, reference, paragraphs=lines(text))
    assert found, text
    return found[-1].role, found[-1].date


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("截止3月26日前完成", "deadline", dt.date(2024, 3, 26)),
        ("截止2月26日，全省共转办4490件", "as_of", dt.date(2024, 2, 26)),
        ("3月1日起开展检查", "start", dt.date(2024, 3, 1)),
        ("从3月3日开始，每天调度", "start", dt.date(2024, 3, 3)),
        ("三月中旬前集中开展", "deadline", dt.date(2024, 3, 20)),
        ("三月上旬前", "deadline", dt.date(2024, 3, 10)),
        ("4月下旬前", "deadline", dt.date(2024, 4, 30)),
        ("到3月31日结束", "deadline", dt.date(2024, 3, 31)),
        ("至3月底", "deadline", dt.date(2024, 3, 31)),
        ("2月底前", "point", dt.date(2024, 2, 29)),
        ("以2024年底为期限", "deadline", dt.date(2024, 12, 31)),
        ("年底前完成", "deadline", dt.date(2024, 12, 31)),
        ("4月30日前上报", "deadline", dt.date(2024, 4, 30)),
        ("12月5日，召开会议", "point", dt.date(2023, 12, 5)),
        ("2023年12月5日", "point", dt.date(2023, 12, 5)),
        ("二〇二四年三月四日", "point", dt.date(2024, 3, 4)),
        ("1月30日", "point", dt.date(2024, 1, 30)),
    ],
)
def test_written_forms(text: str, role: str, expected: dt.date) -> None:
    assert first(text) == (role, expected)


def test_day_only_takes_the_month_last_mentioned() -> None:
    text = "到3月31日结束，8日前为自查自改阶段"
    found = find_dates(text, DOC)
    assert [(d.role, d.date) for d in found] == [
        ("deadline", dt.date(2024, 3, 31)),
        ("deadline", dt.date(2024, 3, 8)),
    ]
    chain = find_dates("2月25日，书记批示。26日，副市长跟批。", DOC)
    assert [d.date for d in chain] == [dt.date(2024, 2, 25), dt.date(2024, 2, 26)]


def test_range_end_is_not_a_deadline() -> None:
    found = find_dates("2月24日至26日，诉求量678件", DOC)
    assert [(d.role, d.date) for d in found] == [
        ("point", dt.date(2024, 2, 24)),
        ("point", dt.date(2024, 2, 26)),
    ]


def test_within_a_month_counts_from_the_event_of_its_paragraph() -> None:
    text = "2月29日，常委会要求各部门一个月内上报。\n各单位一个月内整改完毕。"
    found = find_dates(text, DOC, paragraphs=lines(text))
    assert [d.date for d in found if d.role == "deadline"] == [
        dt.date(2024, 3, 29),
        dt.date(2024, 4, 4),
    ]


def test_working_days_follow_the_holiday_calendar() -> None:
    # 2024-04-03 (Wed) + 3 working days: the Qingming holiday (4–6 April) is skipped and
    # Sunday 7 April is a make-up working day → 7, 8, 9 April
    role, date = first("4月3日，要求3个工作日内上报", dt.date(2024, 4, 3))
    assert (role, date) == ("deadline", dt.date(2024, 4, 9))


def test_relative_words_are_resolved_by_jionlp() -> None:
    assert first("本月底前完成") == ("deadline", dt.date(2024, 3, 31))
    # jionlp alone cannot parse these two; they are rewritten before asking it
    assert first("月底前必须完成") == ("deadline", dt.date(2024, 3, 31))
    assert first("本月内完成") == ("deadline", dt.date(2024, 3, 31))
    assert first("下周一前上报") == ("deadline", dt.date(2024, 3, 11))


def test_past_deadline_words_give_a_plain_date() -> None:
    assert first("2月20日前已完成自查") == ("point", dt.date(2024, 2, 20))


def test_no_reference_drops_dates_without_a_year() -> None:
    assert [d.date for d in find_dates("3月5日，2024年3月6日", None)] == [dt.date(2024, 3, 6)]


def test_numerals_and_months() -> None:
    assert [cn_to_int(s) for s in ["十四", "二十六", "一百零五", "两", "二〇二四", "三千二百"]] == [
        14,
        26,
        105,
        2,
        2024,
        3200,
    ]
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
