"""Two people at once, on two real database connections: nobody gets a server error and nobody's
work is replaced unseen.

Each request runs in its own thread, so on its own connection. A short pause is put between the
read a write depends on (the last criterion's place, the row as saved) and the write itself, so
that without the lock the two would surely interleave. These tests need PostgreSQL's row locks;
on SQLite every transaction takes the write lock when it begins (settings), tested below.
"""

import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tests.factories import IssueFactory
from worksheets.forms_documents import KnowledgeVisionForm, SufficiencyForm
from worksheets.models import ScoringCriterion, StrategicIssue, SufficiencyAnalysis

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two real connections with row locks: PostgreSQL only"
)
PAUSE = 0.3  # seconds between a read and the write that depends on it


def at_once(*jobs):
    """Run the jobs in threads started together; their results, or the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def pausing(original):
    """``original`` with a pause before it: the window in which another writer could slip in."""

    def slow(*args, **kwargs):
        time.sleep(PAUSE)
        return original(*args, **kwargs)

    return slow


def pausing_after(original):
    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(PAUSE)
        return result

    return slow


@pytest.fixture
def people(km_officer, issue_lead):
    clients = []
    for user in (km_officer, issue_lead):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    issue.members.add(issue_lead)
    return issue


def criteria(issue):
    return list(
        ScoringCriterion.objects.filter(issue=issue, worksheet=2)
        .order_by("order")
        .values_list("text", "order")
    )


@postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_add_a_criterion_at_once(people, issue):
    url = reverse("criterion-add", args=[issue.pk, 2])
    with mock.patch.object(ScoringCriterion, "save", pausing(ScoringCriterion.save)):
        results = at_once(
            lambda: people[0].post(url, {"text": "เกณฑ์ของคนแรก"}),
            lambda: people[1].post(url, {"text": "เกณฑ์ของคนที่สอง"}),
        )
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    rows = criteria(issue)
    assert {text for text, _order in rows[-2:]} == {"เกณฑ์ของคนแรก", "เกณฑ์ของคนที่สอง"}
    assert [order for _text, order in rows] == [1, 2, 3, 4, 5, 6, 7]


@postgresql
@pytest.mark.django_db(transaction=True)
def test_two_people_reorder_criteria_at_once(people, issue):
    before = [text for text, _order in criteria(issue)]
    second, fourth = ScoringCriterion.objects.filter(issue=issue, worksheet=2, order__in=[2, 4]).order_by(
        "order"
    )
    with mock.patch.object(ScoringCriterion, "save", pausing(ScoringCriterion.save)):
        results = at_once(
            lambda: people[0].post(
                reverse("criterion-move", args=[issue.pk, 2, second.pk]), {"direction": "up"}
            ),
            lambda: people[1].post(
                reverse("criterion-move", args=[issue.pk, 2, fourth.pk]), {"direction": "up"}
            ),
        )
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    after = criteria(issue)
    assert [text for text, _order in after] == [before[1], before[0], before[3], before[2], before[4]]
    assert [order for _text, order in after] == [1, 2, 3, 4, 5]


def _seen(client, url):
    return client.get(url).content.decode().split('name="seen" value="')[1].split('"')[0]


def _saved_scope(issue) -> str:
    return SufficiencyAnalysis.objects.get(issue=issue).km_scope


def _saved_kv(issue) -> str:
    return StrategicIssue.objects.get(pk=issue.pk).knowledge_vision


@postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url_name, form_class, field, saved_text",
    [
        ("sufficiency-edit", SufficiencyForm, "km_scope", _saved_scope),
        ("knowledge-vision-edit", KnowledgeVisionForm, "knowledge_vision", _saved_kv),
    ],
    ids=["sufficiency form", "KV"],
)
def test_of_two_first_saves_the_second_is_refused(people, issue, url_name, form_class, field, saved_text):
    url = reverse(url_name, args=[issue.pk])
    seen = [_seen(client, url) for client in people]  # both open the empty form
    texts = ["ข้อความที่คนแรกเขียน", "ข้อความที่คนที่สองเขียน"]
    with mock.patch.object(form_class, "saved_row", pausing_after(form_class.saved_row)):
        results = at_once(
            *[
                (lambda client=client, text=text, seen=seen: client.post(url, {field: text, "seen": seen}))
                for client, text, seen in zip(people, texts, seen, strict=True)
            ]
        )
    statuses = [getattr(r, "status_code", r) for r in results]
    assert sorted(statuses) == [200, 302]
    saved, refused = (0, 1) if statuses[0] == 302 else (1, 0)
    assert saved_text(issue) == texts[saved]
    page = results[refused].content.decode()
    assert texts[refused] in page and texts[saved] in page  # their own text, and what is saved now


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's settings")
def test_sqlite_transactions_take_the_write_lock_when_they_begin():
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10  # seconds a writer waits for another
