"""A strategic issue's own page: its team's members, finalising and reopening, comments, history."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notification
from tests.factories import IssueFactory, KpiFactory
from worksheets import lifecycle
from worksheets.models import (
    KnowledgeItem,
    KnowledgeScore,
    KpiScore,
    StrategicIssue,
    SufficiencyAnalysis,
    WorkProcess,
)


@pytest.fixture
def issue(fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    KpiFactory(issue=issue, number=1, name="ร้อยละของพื้นที่เกษตรปลอดภัย", responsible=[agency])
    return issue


SUFFICIENCY = {
    "moderation": "ผลิตเท่าที่แปลงและแรงงานรองรับได้",
    "reasonableness": "ตลาดต้องการผลผลิตปลอดภัย",
    "immunity": "รวมกลุ่มรับมือราคาผันผวน",
    "knowledge_condition": "ความรู้มาตรฐาน GAP",
    "morality_condition": "ซื่อสัตย์ต่อผู้บริโภค",
    "km_scope": "การผลิตพืชปลอดภัยตามมาตรฐาน GAP",
}


def make_ready(issue, holder_agency=None):
    """Score worksheet 2 fully, choose its KPI, define one knowledge item, score and choose it;
    fill in the sufficiency-economy form and the KV."""
    kpi = issue.kpis.get()
    for criterion in issue.criteria.filter(worksheet=2):
        KpiScore.objects.create(criterion=criterion, kpi=kpi, value=5)
    kpi.chosen = True
    kpi.save()
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง GAP")
    item = KnowledgeItem.objects.create(
        process=process, order=1, name="เทคนิคการตรวจแปลง", kind="tacit", chosen=True
    )
    if holder_agency:
        item.holder_agencies.add(holder_agency)
    for criterion in issue.criteria.filter(worksheet=4):
        KnowledgeScore.objects.create(criterion=criterion, item=item, value=3)
    SufficiencyAnalysis.objects.create(issue=issue, **SUFFICIENCY)
    StrategicIssue.objects.filter(pk=issue.pk).update(knowledge_vision="เกษตรกรผลิตพืชปลอดภัยได้มาตรฐาน GAP")
    issue.refresh_from_db()
    return item


def put_on_the_roster(client, issue, user) -> None:
    """Start the issue's roster (worksheet 5) from its page, if need be, and link ``user`` on a
    KM Team row, as the KM team does in the browser."""
    team_page = client.post(reverse("issue-team", args=[issue.pk]))
    assert team_page.status_code == 302
    team = issue.teams.get()
    row = {"user": user.pk, "role": "member", "first_name": "", "km_function": "", "phone": "", "email": ""}
    assert client.post(reverse("team-member-add", args=[team.pk]), row).status_code == 302


def test_the_issue_page_lists_the_rosters_accounts_and_links_everyone_to_it(
    login, km_officer, issue_lead, agency_user, issue, client
):
    put_on_the_roster(login(km_officer), issue, issue_lead)
    client.force_login(agency_user)
    response = client.get(reverse("issue-detail", args=[issue.pk]))
    assert str(issue_lead) in members_listed(response)
    assert reverse("issue-team", args=[issue.pk]) in response.content.decode()
    client.force_login(issue_lead)
    criterion, kpi = issue.criteria.filter(worksheet=2).first(), issue.kpis.get()
    response = client.post(
        reverse("matrix-cell", args=[issue.pk, 2]),
        {"criterion": criterion.pk, "column": kpi.pk, "value": "5", "seen": ""},
    )
    assert response.status_code == 200
    assert KpiScore.objects.get(criterion=criterion, kpi=kpi).value == 5


def members_listed(response) -> str:
    """The issue page's list of team members, and nothing else of the page."""
    page = response.content.decode()
    start = page.index('<ul class="mb-2 issue-members">')
    return page[start : page.index("</ul>", start)]


def test_the_issue_page_lists_only_the_team_members(login, km_officer, issue_lead, agency_user, issue):
    issue.members.add(issue_lead)
    listed = members_listed(login(agency_user).get(reverse("issue-detail", args=[issue.pk])))
    assert str(issue_lead) in listed
    assert str(agency_user) not in listed and str(km_officer) not in listed


def test_a_user_not_on_the_team_may_not_score(login, issue_lead, issue):
    criterion, kpi = issue.criteria.filter(worksheet=2).first(), issue.kpis.get()
    response = login(issue_lead).post(
        reverse("matrix-cell", args=[issue.pk, 2]),
        {"criterion": criterion.pk, "column": kpi.pk, "value": "5", "seen": ""},
    )
    assert response.status_code == 403


def test_it_refuses_to_finalise_unfinished_worksheets_and_says_why(login, km_officer, issue):
    client = login(km_officer)
    page = client.get(reverse("issue-detail", args=[issue.pk])).content.decode()
    assert "ใบงานที่ 2" in page and "ยังให้คะแนนไม่ครบ" in page
    client.post(reverse("issue-finalise", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.finalised_at is None


def test_finalising_freezes_the_worksheets_and_tells_the_named_agencies(
    login, km_officer, issue, agency_user, other_agency_user, other_agency, django_capture_on_commit_callbacks
):
    make_ready(issue, holder_agency=other_agency)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(km_officer).post(reverse("issue-finalise", args=[issue.pk]))
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.finalised_at is not None and issue.finalised_by == km_officer
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"agri.team", "health.team"} <= told  # worksheet 1 names one, worksheet 3 the other
    assert "km.officer" not in told
    assert any("health.team@example.org" in m.to for m in mail.outbox)
    assert "การพัฒนาการเกษตรมูลค่าสูง" in Notification.objects.first().text


def test_a_finalised_issue_is_read_only(login, km_officer, issue):
    make_ready(issue)
    lifecycle.finalise(issue, km_officer)
    client = login(km_officer)
    criterion, kpi = issue.criteria.filter(worksheet=2).first(), issue.kpis.get()
    response = client.post(
        reverse("matrix-cell", args=[issue.pk, 2]),
        {"criterion": criterion.pk, "column": kpi.pk, "value": "1", "seen": "5"},
    )
    assert response.status_code == 403
    page = client.get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert 'type="radio"' not in page and "แก้ไขไม่ได้" in page


def test_reopening_needs_a_reason_that_the_history_keeps(login, km_officer, issue):
    make_ready(issue)
    lifecycle.finalise(issue, km_officer)
    client = login(km_officer)
    response = client.post(reverse("issue-reopen", args=[issue.pk]), {"reason": ""})
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.finalised_at is not None
    client.post(reverse("issue-reopen", args=[issue.pk]), {"reason": "สำนักงานเกษตรขอเพิ่มองค์ความรู้"})
    issue.refresh_from_db()
    assert issue.finalised_at is None
    assert (
        "สำนักงานเกษตรขอเพิ่มองค์ความรู้"
        in StrategicIssue.history.filter(id=issue.pk).first().history_change_reason
    )
    page = client.get(reverse("issue-history", args=[issue.pk])).content.decode()
    assert "สำนักงานเกษตรขอเพิ่มองค์ความรู้" in page


def test_the_history_records_finalising_and_reopening_in_thai_whatever_the_actor_reads(
    login, km_officer, issue
):
    make_ready(issue)
    client = login(km_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("issue-finalise", args=[issue.pk]))
    client.post(reverse("issue-reopen", args=[issue.pk]), {"reason": "ขอเพิ่มองค์ความรู้"})
    reasons = list(StrategicIssue.history.filter(id=issue.pk).values_list("history_change_reason", flat=True))
    assert reasons[:2] == [f"เปิดให้แก้ไขอีกครั้งโดย {km_officer}: ขอเพิ่มองค์ความรู้", "ยืนยันผลใบงานที่ 2–4"]


def test_the_history_shows_who_changed_which_score(login, km_officer, issue_lead, issue):
    issue.members.add(issue_lead)
    client = login(issue_lead)
    criterion, kpi = issue.criteria.filter(worksheet=2).first(), issue.kpis.get()
    url = reverse("matrix-cell", args=[issue.pk, 2])
    client.post(url, {"criterion": criterion.pk, "column": kpi.pk, "value": "5", "seen": ""})
    client.post(url, {"criterion": criterion.pk, "column": kpi.pk, "value": "1", "seen": "5"})
    # Read by someone else, so the viewer's own name in the page header proves nothing.
    page = login(km_officer).get(reverse("issue-history", args=[issue.pk])).content.decode()
    rows = [row for row in page.split("<tr>") if "มาก (5) → น้อย (1)" in row]
    assert len(rows) == 1
    assert str(issue_lead) in rows[0] and criterion.text in rows[0]


def test_only_knowledge_of_a_finalised_worksheet_4_opens_to_action_plans(km_officer, issue, fiscal_year):
    item = make_ready(issue)
    assert not lifecycle.knowledge_for_action_plans(fiscal_year).exists()
    lifecycle.finalise(issue, km_officer)
    assert list(lifecycle.knowledge_for_action_plans(fiscal_year)) == [item]


def test_a_named_agency_comments_and_the_team_reads_it(login, agency_user, km_officer, issue):
    client = login(agency_user)
    client.post(
        reverse("issue-comment", args=[issue.pk]),
        {"worksheet": 1, "text": "ขอเพิ่มสภาเกษตรกรเป็นส่วนราชการที่เกี่ยวข้อง"},
    )
    page = login(km_officer).get(reverse("issue-detail", args=[issue.pk])).content.decode()
    assert "ขอเพิ่มสภาเกษตรกรเป็นส่วนราชการที่เกี่ยวข้อง" in page and str(agency_user) in page


def test_an_agency_not_named_may_read_but_not_comment(login, other_agency_user, issue):
    client = login(other_agency_user)
    page = client.get(reverse("issue-detail", args=[issue.pk])).content.decode()
    assert 'name="text"' not in page
    assert (
        client.post(reverse("issue-comment", args=[issue.pk]), {"worksheet": 0, "text": "ก"}).status_code
        == 403
    )


def test_notifications_are_listed_and_marked_read(login, agency_user):
    Notification.objects.create(user=agency_user, text="ใบงานที่ 2–4 ยืนยันผลแล้ว", url="/issues/1/")
    client = login(agency_user)
    assert 'text-bg-danger">1<' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("notification-list")).content.decode()
    assert "ใบงานที่ 2–4 ยืนยันผลแล้ว" in page
    assert Notification.objects.get().read_at is not None


def test_the_history_shows_changes_of_the_team_and_of_agencies(
    login, km_officer, issue_lead, issue, agency, other_agency
):
    client = login(km_officer)
    put_on_the_roster(client, issue, issue_lead)
    kpi = issue.kpis.get()
    client.post(
        reverse("kpi-edit", args=[kpi.pk]),
        {"number": kpi.number, "name": kpi.name, "responsible_agencies": [agency.pk, other_agency.pk]},
    )
    page = client.get(reverse("issue-history", args=[issue.pk])).content.decode()
    assert f"– → {issue_lead}" in page
    assert f"{agency.name} → {agency.name}, {other_agency.name}" in page or (
        f"{agency.name} → {other_agency.name}, {agency.name}" in page
    )


def test_the_history_page_makes_a_fixed_number_of_queries(
    login, km_officer, issue, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = make_ready(issue)
    client = login(km_officer)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("issue-history", args=[issue.pk]))
    for n in range(5):
        KpiFactory(issue=issue, number=10 + n, responsible=[item.process.kpi.responsible_agencies.first()])
        item.holder_agencies.add(item.process.kpi.responsible_agencies.first())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("issue-history", args=[issue.pk]))
