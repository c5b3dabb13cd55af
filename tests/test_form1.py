"""แบบฟอร์มที่ 1: strategic issue → goal → KPI chosen in worksheet 2 → knowledge chosen in worksheet 4."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AgencyFactory, FiscalYearFactory, IssueFactory, KpiFactory, ProvinceFactory
from worksheets.models import KnowledgeItem, WorkProcess

PROVINCE_TITLE = "แบบฟอร์มที่ 1 การจำแนกองค์ความรู้ที่จำเป็นต่อการผลักดันตามประเด็นยุทธศาสตร์ของจังหวัดกาฬสินธุ์"
AGENCY_TITLE = "แบบฟอร์มที่ 1 การจำแนกองค์ความรู้ที่จำเป็นต่อการผลักดันตามประเด็นยุทธศาสตร์ของส่วนราชการ"


def knowledge(kpi, name, chosen=True, responsible=(), involved=(), holders=()):
    process = WorkProcess.objects.create(kpi=kpi, order=kpi.processes.count() + 1, name=f"กระบวนการ{name}")
    item = KnowledgeItem.objects.create(process=process, order=1, name=name, kind="tacit", chosen=chosen)
    item.responsible_agencies.set(responsible)
    item.involved_agencies.set(involved)
    item.holder_agencies.set(holders)
    return item


def form1(client, agency=None):
    url = reverse("form1") + (f"?agency={agency.pk}" if agency else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_issue_goal_chosen_kpis_and_chosen_knowledge(login, agency_user, fiscal_year):
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้เพิ่มขึ้น"
    )
    kpi = KpiFactory(issue=issue, number=2, name="ร้อยละของพื้นที่เกษตรปลอดภัย", chosen=True)
    knowledge(kpi, "การผลิตพืชปลอดภัยตามมาตรฐาน GAP")
    knowledge(kpi, "การตลาดสินค้าเกษตรออนไลน์")
    knowledge(kpi, "การทำบัญชีครัวเรือน", chosen=False)
    unchosen = KpiFactory(issue=issue, number=3, name="จำนวนแปลงใหญ่ที่ได้รับรอง", chosen=False)
    knowledge(unchosen, "การรวมกลุ่มแปลงใหญ่")
    KpiFactory(issue=issue, number=4, name="ร้อยละของเกษตรกรที่ผ่านการอบรม", chosen=True)

    page = form1(login(agency_user))

    assert PROVINCE_TITLE in page and "ปีงบประมาณ 2569" in page
    order = [
        "ประเด็นยุทธศาสตร์ที่ 1 การพัฒนาการเกษตรมูลค่าสูง",
        "เกษตรกรมีรายได้เพิ่มขึ้น",
        "1.2 ร้อยละของพื้นที่เกษตรปลอดภัย",
        "1. การผลิตพืชปลอดภัยตามมาตรฐาน GAP",
        "2. การตลาดสินค้าเกษตรออนไลน์",
        "1.4 ร้อยละของเกษตรกรที่ผ่านการอบรม",
        "ยังไม่ได้เลือกองค์ความรู้",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    # Read like the paper form: the issue and its goal once, spanning the lines of its KPIs.
    assert page.count("การพัฒนาการเกษตรมูลค่าสูง") == 1
    assert 'rowspan="3"' in page and 'rowspan="2"' in page
    for hidden in ("การทำบัญชีครัวเรือน", "จำนวนแปลงใหญ่ที่ได้รับรอง", "การรวมกลุ่มแปลงใหญ่"):
        assert hidden not in page


def test_an_issue_without_a_chosen_kpi_says_so(login, agency_user, fiscal_year):
    issue = IssueFactory(fiscal_year=fiscal_year, title="การส่งเสริมการท่องเที่ยว")
    KpiFactory(issue=issue, name="รายได้จากการท่องเที่ยว", chosen=False)
    page = form1(login(agency_user))
    assert "การส่งเสริมการท่องเที่ยว" in page
    assert "ยังไม่ได้เลือกตัวชี้วัด" in page
    assert "รายได้จากการท่องเที่ยว" not in page


def test_it_shows_only_the_selected_year(login, agency_user, fiscal_year, province):
    IssueFactory(fiscal_year=fiscal_year, title="ประเด็นปี 2569")
    IssueFactory(fiscal_year=FiscalYearFactory(province=province, year=2570), title="ประเด็นปี 2570")
    client = login(agency_user)
    client.post(reverse("year-select"), {"year": 2570})
    page = form1(client)
    assert "ประเด็นปี 2570" in page and "ประเด็นปี 2569" not in page


def test_it_filters_to_an_agency(login, agency_user, fiscal_year, agency, other_agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตร")
    responsible = KpiFactory(
        issue=issue, number=1, name="ตัวชี้วัดที่เกษตรรับผิดชอบ", chosen=True, responsible=[agency]
    )
    knowledge(responsible, "ความรู้ใต้ตัวชี้วัดของเกษตร")
    KpiFactory(issue=issue, number=2, name="ตัวชี้วัดที่เกษตรร่วมดำเนินการ", chosen=True, involved=[agency])
    shared = KpiFactory(
        issue=issue, number=3, name="ตัวชี้วัดของสาธารณสุข", chosen=True, responsible=[other_agency]
    )
    knowledge(shared, "ความรู้ที่เกษตรเป็นผู้รับผิดชอบ", responsible=[agency])
    knowledge(shared, "ความรู้ที่เกษตรมีส่วนร่วม", involved=[agency])
    knowledge(shared, "ความรู้ที่เกษตรเป็นผู้ถือครอง", holders=[agency])
    knowledge(shared, "ความรู้ของสาธารณสุขเท่านั้น", responsible=[other_agency])
    other_issue = IssueFactory(fiscal_year=fiscal_year, number=2, title="การพัฒนาสุขภาวะ")
    KpiFactory(issue=other_issue, name="ตัวชี้วัดด้านสุขภาพ", chosen=True, responsible=[other_agency])

    client = login(agency_user)
    page = form1(client, agency)

    assert f"{AGENCY_TITLE} {agency.name}" in page and PROVINCE_TITLE not in page
    for shown in (
        "ตัวชี้วัดที่เกษตรรับผิดชอบ", "ความรู้ใต้ตัวชี้วัดของเกษตร", "ตัวชี้วัดที่เกษตรร่วมดำเนินการ",
        "ตัวชี้วัดของสาธารณสุข", "ความรู้ที่เกษตรเป็นผู้รับผิดชอบ", "ความรู้ที่เกษตรมีส่วนร่วม",
        "ความรู้ที่เกษตรเป็นผู้ถือครอง",
    ):  # fmt: skip
        assert shown in page
    for hidden in ("ความรู้ของสาธารณสุขเท่านั้น", "การพัฒนาสุขภาวะ", "ตัวชี้วัดด้านสุขภาพ"):
        assert hidden not in page
    assert f'<option value="{agency.pk}" selected>' in page
    assert f'<option value="{other_agency.pk}" >' in page

    health = form1(client, other_agency)
    assert "ตัวชี้วัดด้านสุขภาพ" in health and "ความรู้ของสาธารณสุขเท่านั้น" in health
    assert "ตัวชี้วัดที่เกษตรรับผิดชอบ" not in health


def test_an_agency_naming_nothing_gets_an_empty_form(login, agency_user, fiscal_year, other_agency):
    IssueFactory(fiscal_year=fiscal_year, title="การพัฒนาการเกษตร")
    page = form1(login(agency_user), other_agency)
    assert "การพัฒนาการเกษตร" not in page
    assert "ไม่มีตัวชี้วัดหรือองค์ความรู้ที่คัดเลือกแล้วของปีงบประมาณนี้ที่ระบุส่วนราชการนี้" in page


def test_an_agency_of_another_province_gives_404(login, agency_user, fiscal_year):
    elsewhere = AgencyFactory(province=ProvinceFactory(name="ขอนแก่น"))
    client = login(agency_user)
    assert client.get(reverse("form1"), {"agency": elsewhere.pk}).status_code == 404
    assert client.get(reverse("form1"), {"agency": "เกษตร"}).status_code == 404


def test_it_checks_access(client, login, stranger, fiscal_year):
    IssueFactory(fiscal_year=fiscal_year, title="การพัฒนาการเกษตรของกาฬสินธุ์")
    response = client.get(reverse("form1"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    page = form1(login(stranger))
    assert "การพัฒนาการเกษตรของกาฬสินธุ์" not in page


def test_the_menu_links_to_it(login, agency_user, fiscal_year):
    page = login(agency_user).get(reverse("worksheet1")).content.decode()
    assert f'href="{reverse("form1")}"' in page


def _fill(fiscal_year, issues, kpis_per_issue, items_per_kpi, agencies):
    for _ in range(issues):
        issue = IssueFactory(fiscal_year=fiscal_year)
        for _ in range(kpis_per_issue):
            kpi = KpiFactory(issue=issue, chosen=True, responsible=agencies[:1], involved=agencies[1:])
            for n in range(items_per_kpi):
                knowledge(kpi, f"ความรู้ {kpi.pk}-{n}", responsible=agencies[1:], holders=agencies[:1])


def test_it_makes_a_fixed_number_of_queries(
    login, agency_user, fiscal_year, agency, other_agency, django_assert_max_num_queries
):
    client = login(agency_user)
    _fill(fiscal_year, 1, 1, 1, [agency, other_agency])
    urls = [reverse("form1"), reverse("form1") + f"?agency={agency.pk}"]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        small[url] = len(captured.captured_queries)
    _fill(fiscal_year, 4, 3, 3, [agency, other_agency])
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            page = client.get(url).content.decode()
        assert page.count('id="kpi-') == 13 and page.count('id="item-') == 37
