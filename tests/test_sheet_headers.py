"""What an officer reads at the top of each sheet: the province and the fiscal year from the data.

Fiscal years 2569 and 2570 carry the same issue titles, so a printed sheet without its year is
ambiguous; another province's sheets must never say Kalasin.
"""

import pytest
from django.urls import reverse

from core.models import Province
from tests.factories import IssueFactory, KpiFactory
from worksheets.models import SufficiencyAnalysis


@pytest.fixture
def issue(fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยววิถีไทย")
    KpiFactory(issue=issue, number=3, name="รายได้จากการท่องเที่ยว", responsible=[agency], chosen=True)
    SufficiencyAnalysis.objects.create(issue=issue, moderation="พอประมาณ")
    return issue


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("matrix", [2]),
        ("worksheet3", []),
        ("matrix", [4]),
        ("sufficiency", []),
        ("sufficiency-edit", []),
        ("knowledge-vision", []),
    ],
)
def test_each_issue_sheet_says_its_fiscal_year(login, km_officer, issue, url_name, args):
    page = login(km_officer).get(reverse(url_name, args=[issue.pk, *args])).content.decode()
    assert '<span class="worksheet-year">ปีงบประมาณ 2569</span>' in page


def test_worksheet_2_names_its_columns_as_the_paper_does(login, km_officer, issue):
    page = login(km_officer).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert "ตัวชี้วัดที่ 2.3" in page


def test_saving_a_worksheet_says_so_in_good_thai(login, km_officer, issue):
    client = login(km_officer)
    page = client.get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    fingerprint = page.split('name="fingerprint"')[1].split('value="')[1].split('"')[0]
    response = client.post(reverse("matrix", args=[issue.pk, 2]), {"fingerprint": fingerprint}, follow=True)
    assert "บันทึกใบงานที่ 2 เรียบร้อยแล้ว" in response.content.decode()


def test_worksheet_1_and_the_cycle_name_the_province_of_the_data(login, km_officer, fiscal_year, province):
    Province.objects.filter(pk=province.pk).update(name="มุกดาหาร")
    client = login(km_officer)
    sheet = client.get(reverse("worksheet1")).content.decode()
    assert "ตามประเด็นยุทธศาสตร์จังหวัดมุกดาหาร" in sheet
    home = client.get(reverse("home")).content.decode()
    assert "ตามประเด็นยุทธศาสตร์จังหวัดมุกดาหาร" in home
    assert "กาฬสินธุ์" not in sheet.split("</main>")[0].split("<main")[1].replace("สำนักงานจังหวัดกาฬสินธุ์", "")
