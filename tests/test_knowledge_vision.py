"""The Knowledge Vision (KV) of a strategic issue, tied to its knowledge, KPIs, goal and the
province's vision (seed 2.1)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import IssueFactory, KpiFactory, PlanFactory
from worksheets.models import KnowledgeItem, StrategicIssue, WorkProcess

KV = "เกษตรกรกาฬสินธุ์ผลิตพืชปลอดภัยได้มาตรฐาน GAP เพื่อเพิ่มรายได้และเป็นเมืองเกษตรมูลค่าสูง"


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้เพิ่มขึ้น"
    )
    issue.members.add(issue_lead)
    return issue


def url(issue, edit=False):
    return reverse("knowledge-vision-edit" if edit else "knowledge-vision", args=[issue.pk])


def item(kpi, name, chosen):
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การส่งเสริมการผลิต")
    return KnowledgeItem.objects.create(process=process, order=1, name=name, kind="explicit", chosen=chosen)


def test_it_shows_what_the_kv_ties_together(login, agency_user, province, issue):
    PlanFactory(province=province, first_year=2566, last_year=2570, vision="เมืองเกษตรมูลค่าสูง อาหารปลอดภัย")
    chosen = KpiFactory(issue=issue, number=1, name="ร้อยละของพื้นที่เกษตรปลอดภัย", chosen=True)
    other = KpiFactory(issue=issue, number=2, name="จำนวนตลาดเกษตรกร", chosen=False)
    item(chosen, "การผลิตพืชตามมาตรฐาน GAP", chosen=True)
    item(chosen, "การทำปุ๋ยหมัก", chosen=False)
    item(other, "การบริหารตลาด", chosen=True)

    response = login(agency_user).get(url(issue))
    assert response.status_code == 200
    page = response.content.decode()
    assert "เป้าหมายการจัดการความรู้ (Knowledge Vision: KV)" in page
    for shown in (
        "เมืองเกษตรมูลค่าสูง อาหารปลอดภัย", "2566–2570", "ส่งเสริมเกษตรปลอดภัย", "เกษตรกรมีรายได้เพิ่มขึ้น",
        "1.1 ร้อยละของพื้นที่เกษตรปลอดภัย", "การผลิตพืชตามมาตรฐาน GAP",
    ):  # fmt: skip
        assert shown in page
    for hidden in ("จำนวนตลาดเกษตรกร", "การทำปุ๋ยหมัก", "การบริหารตลาด"):
        assert hidden not in page
    assert "ยังไม่ได้กรอก" in page
    assert url(issue, edit=True) not in page


def test_it_says_when_no_plan_covers_the_year(login, agency_user, province, issue):
    PlanFactory(province=province, first_year=2561, last_year=2565, vision="วิสัยทัศน์เก่า")
    page = login(agency_user).get(url(issue)).content.decode()
    assert "วิสัยทัศน์เก่า" not in page
    assert "ยังไม่มีแผนพัฒนาจังหวัดที่ครอบคลุมปีงบประมาณ 2569" in page


def test_the_issue_team_writes_it_and_everyone_reads_it(login, issue_lead, agency_user, issue):
    client = login(issue_lead)
    assert client.get(url(issue, edit=True)).status_code == 200
    response = client.post(url(issue, edit=True), {"knowledge_vision": KV})
    assert response.status_code == 302 and response["Location"] == url(issue)
    issue.refresh_from_db()
    assert issue.knowledge_vision == KV
    latest = issue.history.latest()
    assert latest.knowledge_vision == KV and latest.history_user == issue_lead
    assert KV in login(agency_user).get(url(issue)).content.decode()


def test_it_requires_text_in_thai(login, km_officer, issue):
    response = login(km_officer).post(url(issue, edit=True), {"knowledge_vision": "   "})
    assert response.status_code == 200
    assert "กรุณาระบุเป้าหมายการจัดการความรู้ (KV) ของประเด็นยุทธศาสตร์" in response.content.decode()
    assert StrategicIssue.objects.get(pk=issue.pk).knowledge_vision == ""


def test_an_agency_user_may_not_edit(login, agency_user, issue):
    client = login(agency_user)
    assert client.get(url(issue, edit=True)).status_code == 403
    assert client.post(url(issue, edit=True), {"knowledge_vision": KV}).status_code == 403
    assert StrategicIssue.objects.get(pk=issue.pk).knowledge_vision == ""


def test_nobody_edits_once_finalised(login, km_officer, issue):
    issue.finalised_at = timezone.now()
    issue.save()
    client = login(km_officer)
    assert client.post(url(issue, edit=True), {"knowledge_vision": KV}).status_code == 403
    assert url(issue, edit=True) not in client.get(url(issue)).content.decode()
    assert StrategicIssue.objects.get(pk=issue.pk).knowledge_vision == ""


def test_it_checks_access(client, login, stranger, issue):
    response = client.get(url(issue))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client = login(stranger)
    assert client.get(url(issue)).status_code == 404
    assert client.post(url(issue, edit=True), {"knowledge_vision": KV}).status_code == 404


def test_a_kv_saved_meanwhile_by_someone_else_is_not_overwritten_silently(login, issue_lead, issue):
    from worksheets.models import StrategicIssue

    issue.knowledge_vision = "KV เดิม"
    issue.save()
    client = login(issue_lead)
    seen = client.get(url(issue, edit=True)).content.decode().split('name="seen" value="')[1].split('"')[0]
    StrategicIssue.objects.filter(pk=issue.pk).update(knowledge_vision="KV ที่ผู้อื่นเพิ่งบันทึก")
    response = client.post(url(issue, edit=True), {"knowledge_vision": "KV ของข้าพเจ้า", "seen": seen})
    assert "KV ที่ผู้อื่นเพิ่งบันทึก" in response.content.decode()
    issue.refresh_from_db()
    assert issue.knowledge_vision == "KV ที่ผู้อื่นเพิ่งบันทึก"
