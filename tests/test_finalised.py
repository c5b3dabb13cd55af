"""A finalised issue is read-only, whoever asks and whatever the URL, until it is reopened; and
only an issue whose sufficiency-economy form and KV are filled in can be finalised."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from tests.factories import IssueFactory, KpiFactory
from tests.test_issue import make_ready
from worksheets import lifecycle
from worksheets import matrix as scoring
from worksheets.forms_documents import KnowledgeVisionForm, SufficiencyForm
from worksheets.models import (
    KnowledgeItem,
    KnowledgeScore,
    Kpi,
    KpiScore,
    ScoringCriterion,
    StrategicIssue,
    SufficiencyAnalysis,
)


@pytest.fixture
def issue(fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    KpiFactory(issue=issue, number=1, name="ร้อยละของพื้นที่เกษตรปลอดภัย", responsible=[agency])
    return issue


@pytest.fixture
def finalised(issue, km_officer, issue_lead):
    issue.members.add(issue_lead)
    item = make_ready(issue)
    lifecycle.finalise(issue, km_officer)
    issue.refresh_from_db()
    return item


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_km_team_can_neither_change_nor_delete_a_finalised_issue_or_its_kpis(
    login, km_officer, issue, finalised, fiscal_year
):
    client = login(km_officer)
    kpi = issue.kpis.get()
    writes = [
        (reverse("issue-edit", args=[issue.pk]), {"number": 1, "title": "ชื่อใหม่", "goal": "เป้าใหม่"}),
        (reverse("issue-delete", args=[issue.pk]), {}),
        (reverse("kpi-create", args=[issue.pk]), {"number": 2, "name": "ตัวชี้วัดใหม่"}),
        (reverse("kpi-edit", args=[kpi.pk]), {"number": 1, "name": "ชื่อตัวชี้วัดใหม่"}),
        (reverse("kpi-delete", args=[kpi.pk]), {}),
    ]
    for url, data in writes:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    issue.refresh_from_db()
    assert issue.title == "การพัฒนาการเกษตรมูลค่าสูง" and issue.members.count() == 1
    assert list(issue.kpis.values_list("name", flat=True)) == ["ร้อยละของพื้นที่เกษตรปลอดภัย"]
    assert KpiScore.objects.filter(kpi=kpi).count() == 5
    assert KnowledgeScore.objects.filter(item=finalised).count() == 6
    assert list(lifecycle.knowledge_for_action_plans(fiscal_year)) == [finalised]


def test_the_refusal_says_why_and_what_to_do(login, km_officer, issue, finalised):
    client = english(login(km_officer))
    page = client.post(reverse("kpi-delete", args=[issue.kpis.get().pk])).content.decode()
    assert "Strategic issue 1 is finalised, so nothing in it can be changed." in page
    assert "must reopen it first" in page
    # A refusal for lack of a role keeps the general explanation.
    page = client.get(reverse("agency-list")).content.decode()
    assert "Strategic issue" not in page


def test_the_team_changes_nothing_of_worksheets_2_to_4_the_form_or_the_kv(
    login, issue_lead, issue, finalised
):
    client = login(issue_lead)
    kpi = issue.kpis.get()
    criterion = issue.criteria.filter(worksheet=2).first()
    kv_before = issue.knowledge_vision
    writes = [
        (reverse("criterion-add", args=[issue.pk, 2]), {"text": "เกณฑ์ใหม่"}),
        (reverse("criterion-move", args=[issue.pk, 2, criterion.pk]), {"direction": "down"}),
        (reverse("matrix-choose", args=[issue.pk, 2]), {"column": kpi.pk}),
        (reverse("process-edit", args=[finalised.process_id]), {"name": "ชื่อใหม่"}),
        (reverse("knowledge-delete", args=[finalised.pk]), {}),
        (reverse("sufficiency-edit", args=[issue.pk]), {"moderation": "ใหม่", "seen": ""}),
        (reverse("knowledge-vision-edit", args=[issue.pk]), {"knowledge_vision": "KV ใหม่"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert issue.criteria.count() == 11 and ScoringCriterion.objects.get(pk=criterion.pk).order == 1
    assert Kpi.objects.get(pk=kpi.pk).chosen
    assert KnowledgeItem.objects.filter(pk=finalised.pk, process__name="การตรวจรับรองแปลง GAP").exists()
    assert SufficiencyAnalysis.objects.get(issue=issue).moderation != "ใหม่"
    assert StrategicIssue.objects.get(pk=issue.pk).knowledge_vision == kv_before


def test_a_write_that_waited_for_the_finalising_is_refused(km_officer, issue, finalised):
    """The access check came before the finalising; the write's lock comes after it."""
    criterion, kpi = issue.criteria.filter(worksheet=2).first(), issue.kpis.get()
    with pytest.raises(PermissionDenied):
        scoring.add_criterion(issue, 2, "เกณฑ์ที่มาช้า")
    with pytest.raises(PermissionDenied):
        scoring.save_cell(issue, 2, criterion.pk, kpi.pk, "1", "5")
    analysis = SufficiencyAnalysis.objects.get(issue=issue)
    form = SufficiencyForm({"moderation": "มาช้า"}, instance=analysis)
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        form.save()
    form = KnowledgeVisionForm({"knowledge_vision": "KV ที่มาช้า"}, instance=issue)
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        form.save()
    assert KpiScore.objects.get(criterion=criterion, kpi=kpi).value == 5
    assert SufficiencyAnalysis.objects.get(issue=issue).moderation != "มาช้า"


def test_after_reopening_the_km_team_changes_it_again(login, km_officer, issue, finalised):
    client = login(km_officer)
    client.post(reverse("issue-reopen", args=[issue.pk]), {"reason": "เพิ่มตัวชี้วัดตามข้อตกลงใหม่"})
    response = client.post(reverse("kpi-create", args=[issue.pk]), {"number": 2, "name": "ตัวชี้วัดใหม่"})
    assert response.status_code == 302
    assert issue.kpis.count() == 2


def test_the_pages_offer_no_changes_of_a_finalised_issue(login, km_officer, fiscal_year, issue, finalised):
    open_issue = IssueFactory(fiscal_year=fiscal_year, number=2)
    open_kpi = KpiFactory(issue=open_issue, number=1)
    client = login(km_officer)
    sheet = client.get(reverse("worksheet1")).content.decode()
    kpi = issue.kpis.get()
    for name, pk in (("kpi-edit", kpi.pk), ("kpi-delete", kpi.pk), ("kpi-create", issue.pk)):
        assert reverse(name, args=[pk]) not in sheet
    for name, pk in (("kpi-edit", open_kpi.pk), ("kpi-delete", open_kpi.pk), ("kpi-create", open_issue.pk)):
        assert reverse(name, args=[pk]) in sheet
    assert reverse("issue-edit", args=[issue.pk]) not in sheet
    assert reverse("issue-delete", args=[issue.pk]) not in sheet
    page = client.get(reverse("issue-detail", args=[issue.pk])).content.decode()
    assert reverse("issue-reopen", args=[issue.pk]) in page
    # The team's roster (worksheet 5) is no part of the frozen worksheets: its editors keep it.
    assert reverse("issue-team", args=[issue.pk]) in page


def test_finalising_needs_the_sufficiency_form_and_the_kv_and_says_what_is_missing(login, km_officer, issue):
    make_ready(issue)
    SufficiencyAnalysis.objects.filter(issue=issue).update(moderation="", immunity="  ")
    StrategicIssue.objects.filter(pk=issue.pk).update(knowledge_vision=" ")
    issue.refresh_from_db()
    with translation.override("en"):
        assert lifecycle.problems_before_finalising(issue) == [
            "The sufficiency-economy form lacks: moderation, self-immunity.",
            "The Knowledge Vision (KV) is not written.",
        ]
        SufficiencyAnalysis.objects.filter(issue=issue).delete()
        assert (
            lifecycle.problems_before_finalising(issue)[0] == "The sufficiency-economy form is not filled in."
        )
    client = english(login(km_officer))
    client.post(reverse("issue-finalise", args=[issue.pk]))
    assert StrategicIssue.objects.get(pk=issue.pk).finalised_at is None
    page = client.get(reverse("issue-detail", args=[issue.pk])).content.decode()
    assert "The sufficiency-economy form is not filled in." in page


def test_a_filled_issue_is_finalised(login, km_officer, issue):
    make_ready(issue)
    assert lifecycle.problems_before_finalising(issue) == []
    login(km_officer).post(reverse("issue-finalise", args=[issue.pk]))
    assert StrategicIssue.objects.get(pk=issue.pk).finalised_at is not None
