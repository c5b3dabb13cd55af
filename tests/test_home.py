from django.urls import reverse

from tests.factories import IssueFactory, KpiFactory


def test_anonymous_goes_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_shows_the_six_steps_of_the_cycle_with_forms_and_objectives(login, agency_user, fiscal_year):
    page = login(agency_user).get(reverse("home")).content.decode()
    for step in range(1, 7):
        assert f'id="step-{step}"' in page
    assert "ทบทวนประเด็นยุทธศาสตร์" in page
    assert "ใบงานที่ 1 แบบสรุปกลุ่มตัวชี้วัดคำรับรองการปฏิบัติราชการ" in page
    assert "เพื่อเป็นการทวนสอบตัวชี้วัดตามคำรับรองการปฏิบัติราชการ" in page
    assert "แบบฟอร์ม 2 แผนการจัดการความรู้ (KM Action Plan)" in page
    assert "ขั้นเตรียมการ" in page and "ขั้นประเมินผล" in page


def test_it_shows_the_year_with_its_round_dates(login, agency_user, fiscal_year):
    page = login(agency_user).get(reverse("home")).content.decode()
    assert "ปีงบประมาณ 2569" in page
    assert "31 มี.ค. 2569" in page and "30 มิ.ย. 2569" in page and "30 ก.ย. 2569" in page


def test_an_agency_sees_the_kpis_it_answers_for(login, agency_user, fiscal_year, agency, other_agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    KpiFactory(issue=issue, number=1, name="ตัวชี้วัดที่รับผิดชอบ", responsible=[agency])
    KpiFactory(issue=issue, number=2, name="ตัวชี้วัดที่เกี่ยวข้อง", responsible=[other_agency], involved=[agency])
    KpiFactory(issue=issue, number=3, name="ตัวชี้วัดของคนอื่น", responsible=[other_agency])
    page = login(agency_user).get(reverse("home")).content.decode()
    assert "ตัวชี้วัดที่รับผิดชอบ" in page and "ตัวชี้วัดที่เกี่ยวข้อง" in page
    assert "ตัวชี้วัดของคนอื่น" not in page


def test_km_team_sees_kpis_without_a_responsible_agency(login, km_officer, fiscal_year):
    KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year))
    page = login(km_officer).get(reverse("home")).content.decode()
    assert "ยังไม่มีส่วนราชการที่รับผิดชอบ" in page or "ไม่มีส่วนราชการที่รับผิดชอบ" in page


def test_it_tells_the_km_team_to_start_a_year_when_there_is_none(login, km_officer):
    page = login(km_officer).get(reverse("home")).content.decode()
    assert reverse("year-create") in page


def test_a_user_without_an_agency_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("admin-only", password="x-secret-123")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403


def test_it_shows_where_each_strategic_issue_stands_and_which_are_mine(login, issue_lead, fiscal_year):
    from django.utils import timezone

    mine = IssueFactory(fiscal_year=fiscal_year, number=1, title="การเกษตรมูลค่าสูง")
    mine.members.add(issue_lead)
    done = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยว")
    done.finalised_at = timezone.now()
    done.save()
    page = login(issue_lead).get(reverse("home")).content.decode()
    assert reverse("issue-detail", args=[mine.pk]) in page
    assert "ทีมของท่าน" in page and "ยืนยันผลแล้ว" in page and "อยู่ระหว่างดำเนินการ" in page
    assert page.count("ทีมของท่าน") == 1


def test_the_home_page_makes_a_fixed_number_of_queries(
    login, km_officer, fiscal_year, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(km_officer)
    IssueFactory(fiscal_year=fiscal_year)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for _ in range(6):
        KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))
