"""Rosters (worksheets 5 and 6, the provincial team) as Excel, with contact data through the teams'
PDPA helper, and the seed's blank worksheet 6."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.documents import excel as documents
from teams import services
from teams.models import KmFunction, MemberRole, Team
from tests import test_team_pages
from tests.factories import UserFactory
from tests.test_team_pages import _grow

Kind = Team.Kind
# The roster pages' fixtures, used here as they are there.
issue, item, agency_team = test_team_pages.issue, test_team_pages.item, test_team_pages.agency_team
HEADER = ["No.", "Name - surname", "Job position", "Serves as", "Phone number / E-mail"]


def _open(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == documents.CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _export(client, team):
    return client.get(reverse("team-export", args=[team.pk]))


def _header_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == gettext("No."))


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=_header_row(ws) + 1)]


def test_worksheet_6_reads_as_its_page_for_the_agency(login, agency_user, agency_team, agency, item):
    response = _export(login(agency_user), agency_team)
    ws = _open(response)
    assert f'filename="km-team-{agency_team.pk}-2569.xlsx"' in response["Content-Disposition"]
    heading = [ws.cell(row=r, column=1).value for r in range(1, _header_row(ws) - 1)]
    assert heading == [
        gettext("Worksheet 6 KM team of the agency/organisation"),
        f"{gettext('Strategic issue')} 1 การพัฒนาการเกษตรมูลค่าสูง",
        f"{gettext('Goal')} เกษตรกรมีรายได้เพิ่มขึ้น",
        f"{gettext('Name of the necessary knowledge')} เทคนิคการตรวจแปลง",
        f"{gettext('Agency/organisation')} {agency.name}",
        gettext("Fiscal year %(year)s") % {"year": 2569},
    ]
    assert [c.value for c in ws[_header_row(ws)]] == [gettext(label) for label in HEADER]
    assert _rows(ws) == [
        [1, "นายสมชาย หัวหน้า", "เกษตรจังหวัด", gettext("Team head"), "081-234-5678\nsomchai@example.org"],
        [2, "สมปอง ทีมงาน", None, f"{gettext('KM Team')} ({KmFunction.LIKIT.label})", None],
        [3, "สมศรี เลขา", None, gettext("Secretary"), None],
    ]


def test_another_agency_gets_contact_data_masked(login, other_agency_user, agency_team):
    ws = _open(_export(login(other_agency_user), agency_team))
    assert _rows(ws)[0][4] == "08x-xxx-xx78\ns•••@example.org"
    content = _export(login(other_agency_user), agency_team).content
    book = load_workbook(io.BytesIO(content))
    everything = str([[c.value for c in row] for ws in book.worksheets for row in ws.iter_rows()])
    assert "081-234-5678" not in everything and "somchai@example.org" not in everything


def test_a_linked_account_shows_its_own_contact_data_masked_too(
    login, other_agency_user, agency_team, agency
):
    user = UserFactory(username="linked", agency=agency, phone="089-111-2222", email="linked@example.org")
    services.add_member(agency_team, role=MemberRole.MEMBER, user=user)
    rows = _rows(_open(_export(login(other_agency_user), agency_team)))
    assert rows[2][4] == "08x-xxx-xx22\nl•••@example.org"


def test_worksheet_5_has_the_affiliation_column(login, km_officer, fiscal_year, issue, agency):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    services.add_member(team, role=MemberRole.HEAD, first_name="สมใจ", last_name="ประเด็น", agency=agency)
    ws = _open(_export(login(km_officer), team))
    assert ws.title == gettext("Worksheet 5")
    assert ws["A1"].value == gettext("Worksheet 5 KM team of the strategic issue")
    header = [c.value for c in ws[_header_row(ws)]]
    assert header == [gettext(label) for label in HEADER[:3] + ["Affiliation"] + HEADER[3:]]
    assert _rows(ws) == [[1, "สมใจ ประเด็น", None, agency.name, gettext("Team head"), None]]


def test_the_provincial_team_names_its_province(login, agency_user, fiscal_year, province):
    team = services.start_roster(Kind.PROVINCE, fiscal_year)
    services.add_member(team, role=MemberRole.CEO, first_name="ผู้ว่า", last_name="ราชการ", phone="043-811-000")
    ws = _open(_export(login(agency_user), team))
    assert [ws["A1"].value, ws["A2"].value] == [gettext("Provincial KM team"), province.name]
    assert _rows(ws)[0][:2] == [1, "ผู้ว่า ราชการ"]


def test_the_export_makes_a_fixed_number_of_queries(
    login,
    other_agency_user,
    fiscal_year,
    agency,
    other_agency,
    issue,
    django_assert_max_num_queries,
):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    _grow(team, fiscal_year, [agency, other_agency], 1)
    client = login(other_agency_user)
    with CaptureQueriesContext(connection) as small:
        assert _export(client, team).status_code == 200
    count = len(small)
    _grow(team, fiscal_year, [agency, other_agency], 4)
    with django_assert_max_num_queries(count):
        ws = _open(_export(client, team))
    assert len(_rows(ws)) == 10


def test_another_province_gets_404(login, stranger, agency_team):
    assert _export(login(stranger), agency_team).status_code == 404


def test_the_roster_page_links_its_workbook(login, agency_user, agency_team):
    page = login(agency_user).get(reverse("team-detail", args=[agency_team.pk])).content.decode()
    assert reverse("team-export", args=[agency_team.pk]) in page


# --- The blank worksheet 6 ----------------------------------------------------------------------------


@pytest.mark.parametrize("with_year", [True, False])
def test_the_blank_worksheet_6_has_the_seeds_22_rows(login, agency_user, fiscal_year, with_year):
    if not with_year:
        fiscal_year.delete()
    response = login(agency_user).get(reverse("team-blank"))
    ws = _open(response)
    assert ws.title == gettext("Worksheet 6")
    assert ws["A1"].value == gettext("Worksheet 6 KM team of the agency/organisation")
    year = ws.cell(row=_header_row(ws) - 2, column=1).value
    assert year == gettext("Fiscal year %(year)s") % {"year": 2569 if with_year else "…………"}
    rows = _rows(ws)
    assert [row[0] for row in rows] == list(range(1, 23))
    roles = [row[3] for row in rows]
    assert roles[:2] == ["CEO", "CKO"]
    assert roles[2:4] == [gettext("Team head"), gettext("Deputy head")]
    assert roles[4:19] == [gettext("KM Team")] * 15
    assert roles[19:] == [gettext("Secretary")] + [gettext("Assistant secretary")] * 2
    assert roles[2:4] == ["หัวหน้าทีม", "รองหัวหน้า"] and roles[19:] == [
        "เลขานุการ",
        "ผู้ช่วยเลขานุการ",
        "ผู้ช่วยเลขานุการ",
    ]
    assert all(row[1] is None and row[2] is None and row[4] is None for row in rows)
