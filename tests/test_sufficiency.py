"""แบบฟอร์มการนำปรัชญาของเศรษฐกิจพอเพียงประกอบการพิจารณากำหนดองค์ความรู้ที่จำเป็น of a strategic issue."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import IssueFactory
from worksheets.models import SufficiencyAnalysis

TITLE = "แบบฟอร์มการนำปรัชญาของเศรษฐกิจพอเพียงประกอบการพิจารณากำหนดองค์ความรู้ที่จำเป็น"
TEXTS = {
    "moderation": "ใช้สารเคมีเท่าที่จำเป็นและพอดีกับพื้นที่",
    "reasonableness": "ตลาดต้องการผลผลิตปลอดภัยและให้ราคาสูงกว่า",
    "immunity": "มีเครือข่ายเกษตรกรแลกเปลี่ยนความรู้รับมือภัยแล้ง",
    "knowledge_condition": "ความรู้มาตรฐาน GAP และการจัดการศัตรูพืช",
    "morality_condition": "ซื่อสัตย์ต่อผู้บริโภค ขยัน และแบ่งปัน",
    "km_scope": "การผลิตพืชปลอดภัยตามมาตรฐาน GAP ของเกษตรกรรายย่อย",
}


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูงและอาหารปลอดภัย")
    issue.members.add(issue_lead)
    return issue


def url(issue, edit=False):
    return reverse("sufficiency-edit" if edit else "sufficiency", args=[issue.pk])


def test_it_is_laid_out_like_the_seed_form(login, agency_user, issue):
    response = login(agency_user).get(url(issue))
    assert response.status_code == 200
    page = response.content.decode()
    assert TITLE in page
    assert "ในประเด็นยุทธศาสตร์ที่ 1 การพัฒนาการเกษตรมูลค่าสูงและอาหารปลอดภัย" in page
    labels = [
        "ความพอประมาณ", "ความมีเหตุมีผล", "ความมีภูมิคุ้มกันที่ดี", "เงื่อนไขความรู้", "เงื่อนไขคุณธรรม",
        "องค์ประกอบที่จำเป็น หรือขอบเขต KM คือ",
    ]  # fmt: skip
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "ยังไม่ได้กรอก" in page
    assert url(issue, edit=True) not in page  # a reader has no edit button


def test_the_issue_team_fills_it_in_and_everyone_reads_it(login, issue_lead, agency_user, issue):
    response = login(issue_lead).post(url(issue, edit=True), TEXTS)
    assert response.status_code == 302 and response["Location"] == url(issue)

    analysis = SufficiencyAnalysis.objects.get(issue=issue)
    assert {name: getattr(analysis, name) for name in TEXTS} == TEXTS
    record = analysis.history.get()
    assert record.history_type == "+" and record.history_user == issue_lead

    page = login(agency_user).get(url(issue)).content.decode()
    for text in TEXTS.values():
        assert text in page


def test_the_km_team_changes_it(login, km_officer, issue):
    SufficiencyAnalysis.objects.create(issue=issue, moderation="เดิม")
    client = login(km_officer)
    form = client.get(url(issue, edit=True)).content.decode()
    assert "เดิม" in form and "ความพอประมาณ" in form
    client.post(url(issue, edit=True), {**TEXTS, "moderation": "ใหม่"})
    analysis = SufficiencyAnalysis.objects.get(issue=issue)
    assert analysis.moderation == "ใหม่"
    assert [r.history_type for r in analysis.history.order_by("history_id")] == ["+", "~"]
    assert analysis.history.latest().history_user == km_officer
    assert url(issue, edit=True) in client.get(url(issue)).content.decode()


def test_an_agency_user_may_not_edit(login, agency_user, issue):
    client = login(agency_user)
    assert client.get(url(issue, edit=True)).status_code == 403
    assert client.post(url(issue, edit=True), TEXTS).status_code == 403
    assert not SufficiencyAnalysis.objects.exists()


def test_nobody_edits_once_finalised(login, km_officer, issue_lead, issue):
    issue.finalised_at = timezone.now()
    issue.save()
    for user in (km_officer, issue_lead):
        client = login(user)
        assert client.post(url(issue, edit=True), TEXTS).status_code == 403
        page = client.get(url(issue)).content.decode()
        assert url(issue, edit=True) not in page
    assert not SufficiencyAnalysis.objects.exists()


def test_it_checks_access(client, login, stranger, issue):
    response = client.get(url(issue))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client = login(stranger)
    assert client.get(url(issue)).status_code == 404
    assert client.post(url(issue, edit=True), TEXTS).status_code == 404


def test_the_issue_pages_link_to_it(login, agency_user, issue):
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert f'href="{url(issue)}"' in page
    assert f'href="{reverse("knowledge-vision", args=[issue.pk])}"' in page


def test_a_save_over_someone_elses_newer_text_is_refused_and_nothing_is_lost(
    login, km_officer, issue_lead, issue
):
    SufficiencyAnalysis.objects.create(issue=issue, **TEXTS)
    mine = login(issue_lead)
    opened = mine.get(url(issue, edit=True)).content.decode()
    seen = opened.split('name="seen" value="')[1].split('"')[0]
    SufficiencyAnalysis.objects.filter(issue=issue).update(km_scope="ขอบเขตที่ผู้อื่นเพิ่งบันทึก")  # someone else
    response = mine.post(url(issue, edit=True), {**TEXTS, "km_scope": "ขอบเขตของข้าพเจ้า", "seen": seen})
    assert response.status_code == 200
    page = response.content.decode()
    assert "มีผู้อื่นบันทึก" in page
    assert "ขอบเขตของข้าพเจ้า" in page and "ขอบเขตที่ผู้อื่นเพิ่งบันทึก" in page
    assert SufficiencyAnalysis.objects.get().km_scope == "ขอบเขตที่ผู้อื่นเพิ่งบันทึก"
    # Saving again, knowing what it replaces, goes through.
    fresh = page.split('name="seen" value="')[1].split('"')[0]
    mine.post(url(issue, edit=True), {**TEXTS, "km_scope": "ขอบเขตของข้าพเจ้า", "seen": fresh})
    assert SufficiencyAnalysis.objects.get().km_scope == "ขอบเขตของข้าพเจ้า"


def test_a_first_save_over_someone_elses_first_save_is_refused(login, issue_lead, issue):
    mine = login(issue_lead)
    opened = mine.get(url(issue, edit=True)).content.decode()  # the empty form
    seen = opened.split('name="seen" value="')[1].split('"')[0]
    SufficiencyAnalysis.objects.create(issue=issue, **TEXTS)  # someone else saves first
    response = mine.post(url(issue, edit=True), {**TEXTS, "km_scope": "ขอบเขตของข้าพเจ้า", "seen": seen})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ขอบเขตของข้าพเจ้า" in page and TEXTS["km_scope"] in page
    assert SufficiencyAnalysis.objects.get().km_scope == TEXTS["km_scope"]
    fresh = page.split('name="seen" value="')[1].split('"')[0]
    mine.post(url(issue, edit=True), {**TEXTS, "km_scope": "ขอบเขตของข้าพเจ้า", "seen": fresh})
    assert SufficiencyAnalysis.objects.get().km_scope == "ขอบเขตของข้าพเจ้า"


def test_a_first_save_fills_in_a_row_made_empty_meanwhile(login, issue_lead, issue):
    mine = login(issue_lead)
    seen = mine.get(url(issue, edit=True)).content.decode().split('name="seen" value="')[1].split('"')[0]
    SufficiencyAnalysis.objects.create(issue=issue)  # saved empty: nothing of anyone's to lose
    response = mine.post(url(issue, edit=True), {**TEXTS, "seen": seen})
    assert response.status_code == 302
    analysis = SufficiencyAnalysis.objects.get()
    assert analysis.km_scope == TEXTS["km_scope"]
    assert [r.history_type for r in analysis.history.order_by("history_id")] == ["+", "~"]
