"""Worksheet 3 at the level a user sees: the page, work processes, knowledge and its holders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgencyFactory, IssueFactory, KpiFactory, ProvinceFactory
from worksheets import matrix as scoring
from worksheets import services
from worksheets.models import KnowledgeHolder, KnowledgeItem, WorkProcess


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(
        fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง", goal="เกษตรกรมีรายได้เพิ่มขึ้น"
    )
    issue.members.add(issue_lead)
    return issue


@pytest.fixture
def kpi(issue):
    return KpiFactory(issue=issue, number=2, name="ร้อยละของพื้นที่เกษตรปลอดภัย", chosen=True)


@pytest.fixture
def process(kpi):
    return services.add_work_process(kpi, "การส่งเสริมการผลิตพืชปลอดภัย")


def page(client, issue) -> str:
    response = client.get(reverse("worksheet3", args=[issue.pk]))
    assert response.status_code == 200
    return response.content.decode()


def add_item(process, name="การผลิตผักอินทรีย์", **extra):
    fields = {"kind": KnowledgeItem.Kind.TACIT, **extra}
    return services.save_knowledge_item(process, name=name, **fields)


def knowledge_form(name="การตรวจรับรองมาตรฐาน GAP", kind="explicit", holders=(), initial=0, **extra):
    """The POST body of the knowledge form; ``holders`` are dicts of a holder row's fields."""
    data = {
        "name": name,
        "kind": kind,
        "source": "",
        "holders-TOTAL_FORMS": str(len(holders)),
        "holders-INITIAL_FORMS": str(initial),
        **extra,
    }
    for index, row in enumerate(holders):
        for field, value in row.items():
            data[f"holders-{index}-{field}"] = value
    return data


# --- The page -------------------------------------------------------------------------------------


def test_it_shows_the_issue_and_only_the_chosen_kpis(login, agency_user, issue, kpi):
    KpiFactory(issue=issue, number=1, name="จำนวนแปลงใหญ่ที่ไม่ได้เลือก", chosen=False)
    html = page(login(agency_user), issue)
    assert "ใบงานที่ 3" in html and "แบบกำหนดองค์ความรู้ที่จำเป็นในการนำมาจัดการความรู้" in html
    assert "การพัฒนาการเกษตรมูลค่าสูง" in html and "เกษตรกรมีรายได้เพิ่มขึ้น" in html
    assert "1.2 ร้อยละของพื้นที่เกษตรปลอดภัย" in html
    assert "จำนวนแปลงใหญ่ที่ไม่ได้เลือก" not in html


def test_it_orders_the_chosen_kpis_by_number(login, agency_user, issue):
    KpiFactory(issue=issue, number=3, name="ตัวชี้วัดลำดับสาม", chosen=True)
    KpiFactory(issue=issue, number=1, name="ตัวชี้วัดลำดับหนึ่ง", chosen=True)
    html = page(login(agency_user), issue)
    assert html.index("ตัวชี้วัดลำดับหนึ่ง") < html.index("ตัวชี้วัดลำดับสาม")


def test_it_shows_processes_knowledge_holders_and_agencies(
    login, agency_user, process, agency, other_agency, province_office
):
    add_item(
        process,
        name="การผลิตผักอินทรีย์",
        source="คู่มือการผลิตผักอินทรีย์ กรมส่งเสริมการเกษตร",
        responsible_agencies=[agency],
        involved_agencies=[other_agency],
        holder_agencies=[province_office],
        holders=[{"name": "นายสมศักดิ์ ปลูกดี", "position": "เกษตรกรต้นแบบ", "agency": agency}],
    )
    add_item(process, name="ระบบตรวจสอบย้อนกลับ", kind=KnowledgeItem.Kind.EXPLICIT)
    html = page(login(agency_user), process.kpi.issue)
    assert "1. การส่งเสริมการผลิตพืชปลอดภัย" in html
    assert "การผลิตผักอินทรีย์" in html and "ระบบตรวจสอบย้อนกลับ" in html
    assert "ความรู้ที่ฝังอยู่ในตัวคน" in html and "ความรู้ที่ชัดแจ้ง" in html
    assert "คู่มือการผลิตผักอินทรีย์ กรมส่งเสริมการเกษตร" in html
    assert "นายสมศักดิ์ ปลูกดี" in html and "เกษตรกรต้นแบบ" in html
    for name in (agency.name, other_agency.name, province_office.name):
        assert name in html
    for label in ("กระบวนการ", "องค์ความรู้ที่จำเป็น", "แหล่งที่พบ", "ผู้มีองค์ความรู้"):
        assert label in html
    assert "ส่วนราชการที่รับผิดชอบ" in html and "ส่วนราชการที่เกี่ยวข้อง" in html


def test_it_says_when_no_kpi_is_chosen_and_links_to_worksheet_2(login, agency_user, issue):
    KpiFactory(issue=issue, chosen=False)
    html = page(login(agency_user), issue)
    assert "ยังไม่มีตัวชี้วัดที่ได้รับการคัดเลือกในใบงานที่ 2" in html
    assert f'href="{reverse("matrix", args=[issue.pk, 2])}"' in html


def test_the_issue_nav_marks_worksheet_3(login, agency_user, issue):
    html = page(login(agency_user), issue)
    url = reverse("worksheet3", args=[issue.pk])
    assert f'class="nav-link active" href="{url}"' in html


def test_readers_see_no_edit_buttons(login, agency_user, process):
    item = add_item(process)
    html = page(login(agency_user), process.kpi.issue)
    assert item.name in html
    assert reverse("process-create", args=[process.kpi_id]) not in html
    assert reverse("process-edit", args=[process.pk]) not in html
    assert reverse("knowledge-create", args=[process.pk]) not in html
    assert reverse("knowledge-edit", args=[item.pk]) not in html


def test_editors_see_the_edit_buttons(login, issue_lead, process):
    item = add_item(process)
    html = page(login(issue_lead), process.kpi.issue)
    for url in (
        reverse("process-create", args=[process.kpi_id]),
        reverse("process-edit", args=[process.pk]),
        reverse("process-delete", args=[process.pk]),
        reverse("knowledge-create", args=[process.pk]),
        reverse("knowledge-edit", args=[item.pk]),
        reverse("knowledge-delete", args=[item.pk]),
    ):
        assert url in html


def test_it_tells_of_knowledge_under_kpis_no_longer_chosen(login, agency_user, process):
    add_item(process, name="องค์ความรู้ที่ยังอยู่ในใบงานที่ 4")
    kpi = process.kpi
    kpi.chosen = False
    kpi.save()
    KpiFactory(issue=kpi.issue, chosen=True)
    html = page(login(agency_user), kpi.issue)
    assert "องค์ความรู้ที่ยังอยู่ในใบงานที่ 4" not in html
    assert "องค์ความรู้ 1 รายการอยู่ภายใต้ตัวชี้วัดที่ไม่ได้รับการคัดเลือก" in html


# --- Work processes -------------------------------------------------------------------------------


def test_an_issue_member_adds_work_processes_numbered_in_turn(login, issue_lead, kpi):
    client = login(issue_lead)
    url = reverse("process-create", args=[kpi.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "การวางแผนการผลิต"})
    assert response.status_code == 302
    client.post(url, {"name": "การตลาดและการจำหน่าย"})
    assert list(kpi.processes.values_list("order", "name")) == [
        (1, "การวางแผนการผลิต"),
        (2, "การตลาดและการจำหน่าย"),
    ]
    html = page(client, kpi.issue)
    assert "1. การวางแผนการผลิต" in html and "2. การตลาดและการจำหน่าย" in html
    assert "เพิ่มกระบวนการเรียบร้อยแล้ว" in html


def test_it_requires_a_process_name_in_thai(login, km_officer, kpi):
    response = login(km_officer).post(reverse("process-create", args=[kpi.pk]), {"name": "   "})
    assert response.status_code == 200
    assert "กรุณาระบุชื่อกระบวนการ" in response.content.decode()
    assert not WorkProcess.objects.exists()


def test_it_refuses_a_process_name_over_300_characters_in_thai(login, km_officer, kpi):
    response = login(km_officer).post(reverse("process-create", args=[kpi.pk]), {"name": "ก" * 301})
    assert "ความยาวต้องไม่เกิน 300 ตัวอักษร (ขณะนี้มี 301 ตัวอักษร)" in response.content.decode()
    assert not WorkProcess.objects.exists()


def test_a_process_cannot_be_added_to_a_kpi_not_chosen(login, km_officer, issue):
    kpi = KpiFactory(issue=issue, chosen=False)
    response = login(km_officer).post(reverse("process-create", args=[kpi.pk]), {"name": "การวางแผน"})
    assert response.status_code == 404
    assert not WorkProcess.objects.exists()


def test_an_editor_renames_a_process(login, km_officer, process):
    client = login(km_officer)
    client.post(reverse("process-edit", args=[process.pk]), {"name": "การผลิตพืชอาหารปลอดภัย"})
    process.refresh_from_db()
    assert process.name == "การผลิตพืชอาหารปลอดภัย" and process.order == 1


def test_deleting_a_process_asks_first_and_deletes_its_knowledge(login, issue_lead, process):
    add_item(process, holders=[{"name": "นายสมศักดิ์ ปลูกดี"}])
    add_item(process, name="การจัดการศัตรูพืช")
    client = login(issue_lead)
    url = reverse("process-delete", args=[process.pk])
    confirm = client.get(url).content.decode()
    assert "การส่งเสริมการผลิตพืชปลอดภัย" in confirm and "องค์ความรู้ 2 รายการ" in confirm
    assert client.post(url).status_code == 302
    assert not WorkProcess.objects.exists()
    assert not KnowledgeItem.objects.exists() and not KnowledgeHolder.objects.exists()


# --- Knowledge and its holders --------------------------------------------------------------------


def test_an_editor_adds_knowledge_with_several_holders(login, issue_lead, process, agency, other_agency):
    client = login(issue_lead)
    url = reverse("knowledge-create", args=[process.pk])
    form = client.get(url).content.decode()
    assert 'name="holders-TOTAL_FORMS"' in form and agency.name in form
    data = knowledge_form(
        source="ระบบฐานข้อมูลเกษตรกร",
        responsible_agencies=[agency.pk],
        involved_agencies=[other_agency.pk],
        holder_agencies=[agency.pk],
        holders=[
            {"name": "นายสมศักดิ์ ปลูกดี", "position": "เกษตรกรต้นแบบ", "agency": agency.pk},
            {"name": "นางสาวสมหญิง รักงาน", "position": "นักวิชาการส่งเสริมการเกษตร", "agency": ""},
            {"name": "", "position": "", "agency": ""},  # a blank row is left out
        ],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    item = KnowledgeItem.objects.get()
    assert (item.process, item.order, item.kind, item.source) == (
        process,
        1,
        "explicit",
        "ระบบฐานข้อมูลเกษตรกร",
    )
    assert list(item.responsible_agencies.all()) == [agency]
    assert list(item.involved_agencies.all()) == [other_agency]
    assert list(item.holder_agencies.all()) == [agency]
    assert list(item.holders.values_list("name", "agency")) == [
        ("นายสมศักดิ์ ปลูกดี", agency.pk),
        ("นางสาวสมหญิง รักงาน", None),
    ]
    html = page(client, process.kpi.issue)
    assert "การตรวจรับรองมาตรฐาน GAP" in html and "นางสาวสมหญิง รักงาน" in html


def test_new_knowledge_is_numbered_after_the_last_of_its_process(login, km_officer, process):
    add_item(process, name="ก")
    login(km_officer).post(reverse("knowledge-create", args=[process.pk]), knowledge_form(name="ข"))
    assert list(process.knowledge_items.values_list("order", "name")) == [(1, "ก"), (2, "ข")]


def test_an_editor_edits_knowledge_and_its_holders(login, km_officer, process, agency):
    item = add_item(
        process,
        holders=[{"name": "นายเดิม ใจดี", "position": "เกษตรกร"}, {"name": "นายลาออก ไปแล้ว"}],
    )
    kept, leaving = item.holders.order_by("pk")
    response = login(km_officer).post(
        reverse("knowledge-edit", args=[item.pk]),
        knowledge_form(
            name="การผลิตผักอินทรีย์แบบครบวงจร",
            kind="tacit",
            initial=2,
            holders=[
                {"id": kept.pk, "item": item.pk, "name": "นายเดิม ใจดี", "position": "ประธานแปลงใหญ่"},
                {"id": leaving.pk, "item": item.pk, "name": leaving.name, "DELETE": "on"},
                {"name": "นางใหม่ มาแทน", "agency": agency.pk},
            ],
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "การผลิตผักอินทรีย์แบบครบวงจร"
    assert list(item.holders.order_by("pk").values_list("pk", "name", "position", "agency")) == [
        (kept.pk, "นายเดิม ใจดี", "ประธานแปลงใหญ่", None),
        (item.holders.get(name="นางใหม่ มาแทน").pk, "นางใหม่ มาแทน", "", agency.pk),
    ]


def test_more_rows_adds_blank_holder_rows_without_saving(login, km_officer, process):
    data = knowledge_form(holders=[{"name": "นายสมศักดิ์ ปลูกดี"}], more_holders="1")
    response = login(km_officer).post(reverse("knowledge-create", args=[process.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="holders-2-name"' in html and 'value="นายสมศักดิ์ ปลูกดี"' in html
    assert not KnowledgeItem.objects.exists()


def test_it_refuses_an_agency_both_responsible_and_involved_in_thai(login, km_officer, process, agency):
    response = login(km_officer).post(
        reverse("knowledge-create", args=[process.pk]),
        knowledge_form(responsible_agencies=[agency.pk], involved_agencies=[agency.pk]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ส่วนราชการหนึ่งเป็นได้เพียงผู้รับผิดชอบหรือผู้เกี่ยวข้อง" in html and agency.name in html
    assert not KnowledgeItem.objects.exists()


def test_it_requires_the_knowledge_name_kind_and_holder_names_in_thai(login, km_officer, process):
    response = login(km_officer).post(
        reverse("knowledge-create", args=[process.pk]),
        knowledge_form(name="", kind="", holders=[{"name": "", "position": "นักวิชาการเกษตร"}]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "กรุณาระบุชื่อองค์ความรู้ที่จำเป็น" in html
    assert "กรุณาเลือกประเภทความรู้" in html
    assert "กรุณาระบุชื่อ - สกุลของผู้มีองค์ความรู้" in html
    assert not KnowledgeItem.objects.exists()


def test_it_refuses_too_long_texts_in_thai(login, km_officer, process):
    response = login(km_officer).post(
        reverse("knowledge-create", args=[process.pk]),
        knowledge_form(source="ข" * 301, holders=[{"name": "ค" * 201}]),
    )
    html = response.content.decode()
    assert "ความยาวต้องไม่เกิน 300 ตัวอักษร (ขณะนี้มี 301 ตัวอักษร)" in html
    assert "ความยาวต้องไม่เกิน 200 ตัวอักษร (ขณะนี้มี 201 ตัวอักษร)" in html
    assert not KnowledgeItem.objects.exists()


def test_it_offers_only_agencies_of_the_province(login, km_officer, process, agency):
    elsewhere = AgencyFactory(province=ProvinceFactory(name="ขอนแก่น"), name="สำนักงานเกษตรจังหวัดขอนแก่น")
    client = login(km_officer)
    url = reverse("knowledge-create", args=[process.pk])
    form = client.get(url).content.decode()
    assert agency.name in form and elsewhere.name not in form
    response = client.post(
        url,
        knowledge_form(responsible_agencies=[elsewhere.pk], holders=[{"name": "ก", "agency": elsewhere.pk}]),
    )
    assert response.status_code == 200
    assert not KnowledgeItem.objects.exists()


def test_a_holder_of_another_item_cannot_be_taken_over(login, km_officer, process):
    other = add_item(process, name="อื่น", holders=[{"name": "นายคนอื่น"}])
    item = add_item(process)
    stolen = other.holders.get()
    login(km_officer).post(
        reverse("knowledge-edit", args=[item.pk]),
        knowledge_form(initial=1, holders=[{"id": stolen.pk, "item": item.pk, "name": "ยึดมา"}]),
    )
    stolen.refresh_from_db()
    assert stolen.item == other and stolen.name == "นายคนอื่น"


def test_an_editor_deletes_knowledge_after_confirming(login, issue_lead, process):
    item = add_item(process, holders=[{"name": "นายสมศักดิ์ ปลูกดี"}])
    client = login(issue_lead)
    url = reverse("knowledge-delete", args=[item.pk])
    assert "การผลิตผักอินทรีย์" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not KnowledgeItem.objects.exists() and not KnowledgeHolder.objects.exists()
    assert WorkProcess.objects.filter(pk=process.pk).exists()


def test_knowledge_changes_are_kept_in_the_history(login, issue_lead, process):
    item = add_item(process, name="ชื่อเดิม")
    login(issue_lead).post(
        reverse("knowledge-edit", args=[item.pk]), knowledge_form(name="ชื่อใหม่", kind="tacit")
    )
    latest = item.history.latest()
    assert latest.name == "ชื่อใหม่" and latest.history_user == issue_lead
    assert "ชื่อเดิม" in item.history.values_list("name", flat=True)


def test_knowledge_appears_as_columns_of_worksheet_4(login, km_officer, process):
    client = login(km_officer)
    client.post(reverse("knowledge-create", args=[process.pk]), knowledge_form(name="การผลิตผักอินทรีย์"))
    client.post(reverse("knowledge-create", args=[process.pk]), knowledge_form(name="การจัดการศัตรูพืช"))
    issue = process.kpi.issue
    columns = [col.obj.name for col in scoring.load(issue, scoring.KNOWLEDGE).columns]
    assert columns == ["การผลิตผักอินทรีย์", "การจัดการศัตรูพืช"]
    sheet4 = client.get(reverse("matrix", args=[issue.pk, 4])).content.decode()
    assert "การผลิตผักอินทรีย์" in sheet4 and "การจัดการศัตรูพืช" in sheet4
    # Worksheet 3 numbers the knowledge as worksheet 4 does.
    assert "องค์ความรู้ที่ 2" in page(client, issue)


# --- Who may do what ------------------------------------------------------------------------------


def test_an_agency_user_not_in_the_team_gets_403_on_writes(login, agency_user, process):
    item = add_item(process)
    client = login(agency_user)
    writes = [
        (reverse("process-create", args=[process.kpi_id]), {"name": "ก"}),
        (reverse("process-edit", args=[process.pk]), {"name": "ก"}),
        (reverse("process-delete", args=[process.pk]), {}),
        (reverse("knowledge-create", args=[process.pk]), knowledge_form()),
        (reverse("knowledge-edit", args=[item.pk]), knowledge_form(name="ก")),
        (reverse("knowledge-delete", args=[item.pk]), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    item.refresh_from_db()
    assert item.name == "การผลิตผักอินทรีย์"
    assert WorkProcess.objects.count() == 1 and KnowledgeItem.objects.count() == 1


def test_a_user_of_another_province_gets_404(login, stranger, process):
    item = add_item(process)
    client = login(stranger)
    assert client.get(reverse("worksheet3", args=[process.kpi.issue_id])).status_code == 404
    assert client.post(reverse("process-edit", args=[process.pk]), {"name": "ก"}).status_code == 404
    assert client.post(reverse("knowledge-delete", args=[item.pk])).status_code == 404
    assert KnowledgeItem.objects.exists()


def test_a_finalised_issue_refuses_writes_and_shows_no_edit_buttons(login, km_officer, process):
    item = add_item(process)
    issue = process.kpi.issue
    issue.finalised_at = timezone.now()
    issue.save()
    client = login(km_officer)
    html = page(client, issue)
    assert item.name in html
    assert reverse("knowledge-edit", args=[item.pk]) not in html
    assert reverse("process-create", args=[process.kpi_id]) not in html
    assert client.post(reverse("process-create", args=[process.kpi_id]), {"name": "ก"}).status_code == 403
    assert client.post(reverse("knowledge-edit", args=[item.pk]), knowledge_form(name="ก")).status_code == 403
    assert client.post(reverse("process-delete", args=[process.pk])).status_code == 403
    assert KnowledgeItem.objects.get().name == "การผลิตผักอินทรีย์"


# --- Queries --------------------------------------------------------------------------------------


def _fill(issue, kpis, processes, items, agencies):
    for _ in range(kpis):
        kpi = KpiFactory(issue=issue, chosen=True)
        for p in range(processes):
            process = services.add_work_process(kpi, f"กระบวนการ {p}")
            for i in range(items):
                add_item(
                    process,
                    name=f"องค์ความรู้ {p}.{i}",
                    responsible_agencies=agencies[:1],
                    involved_agencies=agencies[1:],
                    holder_agencies=agencies,
                    holders=[{"name": "นายหนึ่ง", "agency": agencies[0]}, {"name": "นางสอง"}],
                )


def test_it_makes_a_fixed_number_of_queries(
    login, km_officer, issue, agency, other_agency, django_assert_max_num_queries
):
    client = login(km_officer)
    _fill(issue, 1, 1, 1, [agency, other_agency])
    with CaptureQueriesContext(connection) as small:
        page(client, issue)
    _fill(issue, 4, 3, 3, [agency, other_agency])
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = page(client, issue)
    assert html.count('id="item-') == 37
