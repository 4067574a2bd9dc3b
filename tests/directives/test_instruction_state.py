"""One state for an instruction: the list of instructions and its own page show the
same 待落实 / 落实中 / 已落实, rolled up from the tasks of the whole chain."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoan.areas.models import Area, Organisation
from xiaoan.demo.directives import load_directives
from xiaoan.directives import services
from xiaoan.directives.choices import InstructionKind, TaskStatus
from xiaoan.directives.models import Instruction

pytestmark = pytest.mark.django_db

#: the transitions that take a new task to each status
PATH = {
    TaskStatus.OPEN: [],
    TaskStatus.IN_PROGRESS: ["start"],
    TaskStatus.DONE: ["complete"],
    TaskStatus.CLOSED: ["complete", "verify"],
}
LABEL = {"open": "待落实", "in_progress": "落实中", "implemented": "已落实"}
LISTED = re.compile(
    r'href="/instructions/(\d+)/".*?<span class="badge text-bg-light">([^<]+)</span>', re.S
)


def listed_states(client: Any) -> dict[int, str]:
    return {
        int(pk): label
        for pk, label in LISTED.findall(client.get("/instructions/").content.decode())
    }


def detail_state(client: Any, pk: int) -> str:
    page = client.get(f"/instructions/{pk}/").content.decode()
    found = re.search(r'id="xa-instruction-state">([^<]+)<', page)
    assert found, "the state badge is missing"
    return found[1]


def expected_state(pk: int, tasks: list[tuple[int, str]], parents: dict[int, int]) -> str:
    """The rule, restated: tasks anywhere below the instruction count."""

    def below(source: int) -> bool:
        while source != pk and source in parents:
            source = parents[source]
        return source == pk

    statuses = [status for source, status in tasks if below(source)]
    if not statuses or all(s == TaskStatus.OPEN for s in statuses):
        return LABEL["open"]
    if all(s == TaskStatus.CLOSED for s in statuses):
        return LABEL["implemented"]
    return LABEL["in_progress"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parents=st.lists(st.integers(min_value=0, max_value=10), max_size=4),
    tasks=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10), st.sampled_from(list(PATH))),
        max_size=5,
    ),
    viewer=st.sampled_from(["office", "leader", "xinglongtai"]),
)
def test_the_list_and_the_page_agree(
    parents: list[int], tasks: list[tuple[int, str]], viewer: str, client_as: Any
) -> None:
    city = Area.objects.get(name="盘锦市")
    lead = Organisation.objects.get(name="兴隆台区消防救援大队")
    office = Organisation.objects.get(name="盘锦市消防救援支队")
    with transaction.atomic(), override_settings(XIAOAN_TODAY="2024-03-04"):
        chain = [
            services.do_record_instruction(
                acting_user=None,
                date=dt.date(2024, 2, 25),
                leader_name="炳森",
                leader_title="书记",
                area=city,
                text="举一反三，全面排查",
            )
        ]
        parent_of: dict[int, int] = {}
        for choice in parents:
            parent = chain[choice % len(chain)]
            follow = services.do_record_instruction(
                acting_user=None,
                date=dt.date(2024, 2, 26),
                leader_name="占明",
                area=city,
                kind=InstructionKind.FOLLOW_UP,
                parent=parent,
                text="请住建局牵头抓好落实",
            )
            parent_of[follow.pk] = parent.pk
            chain.append(follow)
        made: list[tuple[int, str]] = []
        for n, (choice, status) in enumerate(tasks):
            source = chain[choice % len(chain)]
            task = services.do_create_task(
                acting_user=None,
                title=f"落实批示第{n + 1}项",
                lead_organisation=lead,
                assigning_organisation=office,
                instruction=source,
            )
            for action in PATH[status]:
                task = services.do_transition_task(task, action, acting_user=None)
            made.append((source.pk, status))
        browser = client_as(viewer)
        listed = listed_states(browser)
        shown = {i.pk: detail_state(browser, i.pk) for i in chain}
        transaction.set_rollback(True)
    for item in chain:
        assert listed[item.pk] == shown[item.pk] == expected_state(item.pk, made, parent_of)


def test_the_demo_instruction_of_25_february_is_in_progress_in_the_list(
    settings: Any, client_as: Any
) -> None:
    """/instructions/ listed 炳森 2月25日 as 待落实 while its page said 落实中."""
    settings.XIAOAN_TODAY = "2024-03-04"
    load_directives()
    item = Instruction.objects.get(leader_name="炳森", date=dt.date(2024, 2, 25))
    office = client_as("office")
    assert listed_states(office)[item.pk] == detail_state(office, item.pk) == "落实中"
