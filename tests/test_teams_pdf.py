"""Rosters as PDFs, read back as a person's tools read them (pdftotext and pypdf): worksheet 6 (an
agency's KM team), worksheet 5 (a strategic issue's team) and the provincial team with the seed's
title, head lines and columns and every member in the page's order; phone and e-mail through the
teams' PDPA helper, in full or masked as on the page; "ร่าง" until the appointment order is
attached; the seed's blank worksheet 6 with its 22 labelled rows; the table header, the page
number and the fiscal year on every page; Thai numerals; 404 for another province."""

import re
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core import thai
from teams import services
from teams.models import KmFunction, MemberRole, Team
from tests import test_team_pages
from tests.factories import UserFactory
from tests.pdftext import A4_PORTRAIT, info, needs_poppler, pages, pypdf_pages, squeeze
from tests.test_team_pages import _grow

pytestmark = needs_poppler

Kind = Team.Kind
# The roster pages' fixtures, used here as they are there.
issue, item, agency_team = test_team_pages.issue, test_team_pages.item, test_team_pages.agency_team
HEADER = ["No.", "Name - surname", "Job position", "Serves as", "Phone number / E-mail"]
WS6_LABELS = ["Strategic issue", "Goal", "Name of the necessary knowledge", "Agency/organisation"]
SCAN = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def get_pdf(client, team) -> bytes:
    response = client.get(reverse("team-pdf", args=[team.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def texts(content: bytes) -> tuple[str, str]:
    """The whole document's text as pdftotext (raw) and pypdf read it, without whitespace."""
    return squeeze(" ".join(pages(content))), squeeze(" ".join(pypdf_pages(content)))


def year_text(year=2569) -> str:
    return squeeze(gettext("fiscal year %(year)s") % {"year": year})


def inside_the_margins(content: bytes) -> bool:
    """No word of the PDF runs past the page's 12 mm right margin."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True)
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout.decode())]
    width = float(info(content)["Page size"].split()[0])
    return bool(right_edges) and max(right_edges) <= width - 12 * 72 / 25.4 + 1


def test_worksheet_6_prints_the_seed_form_for_the_agency(login, agency_user, agency_team, agency):
    response = login(agency_user).get(reverse("team-pdf", args=[agency_team.pk]))
    assert f"km-team-{agency_team.pk}-2569.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    content = response.content
    assert info(content)["Page size"] == A4_PORTRAIT
    raw, read = texts(content)
    head = [
        gettext("Worksheet 6 KM team of the agency/organisation"),
        gettext("Fiscal year %(year)s") % {"year": 2569},
        gettext("Strategic issue"), "1 การพัฒนาการเกษตรมูลค่าสูง",
        gettext("Goal"), "เกษตรกรมีรายได้เพิ่มขึ้น",
        gettext("Name of the necessary knowledge"), "เทคนิคการตรวจแปลง",
        gettext("Agency/organisation"), agency.name,
        *(gettext(label) for label in HEADER),
    ]  # fmt: skip
    # The title, the head lines and the columns in the seed's order; then every member's row.
    assert squeeze("".join(head)) in raw
    rows = [
        ["1", "นายสมชาย หัวหน้า", "เกษตรจังหวัด", gettext("Team head"), "081-234-5678", "somchai@example.org"],
        ["2", "สมปอง ทีมงาน", f"{gettext('KM Team')} ({KmFunction.LIKIT.label})"],
        ["3", "สมศรี เลขา", gettext("Secretary")],
    ]
    assert squeeze("".join(sum(rows, []))) in raw
    for text in (raw, read):
        for value in head + sum(rows, []):
            assert squeeze(value) in text, value
        assert squeeze(gettext("Draft")) in text  # no appointment order yet
        assert year_text() in text
    assert squeeze(f"{gettext('Page')} 1/1") in raw


def test_another_agency_reads_the_contact_data_masked(login, other_agency_user, agency_team, agency):
    """As on the roster's page and in its workbook (``teams.access.shown_contact``)."""
    user = UserFactory(username="linked", agency=agency, phone="089-111-2222", email="linked@example.org")
    services.add_member(agency_team, role=MemberRole.MEMBER, user=user, position="")
    for text in texts(get_pdf(login(other_agency_user), agency_team)):
        for shown in ("08x-xxx-xx78", "s•••@example.org", "08x-xxx-xx22", "l•••@example.org"):
            assert squeeze(shown) in text, shown
        for hidden in ("081-234-5678", "somchai@example.org", "089-111-2222", "linked@example.org"):
            assert hidden not in text
        assert squeeze(user.get_full_name()) in text  # names are for everyone of the province


def test_the_team_sees_the_contact_data_in_full(login, agency, agency_team):
    """A member of the team from another agency (a row linked to them) reads everyone's."""
    outsider = UserFactory(username="outsider", email="out@example.org")  # an agency of the province
    services.add_member(agency_team, role=MemberRole.MEMBER, user=outsider)
    for text in texts(get_pdf(login(outsider), agency_team)):
        assert squeeze("081-234-5678somchai@example.org") in text
        assert "•••" not in text


def test_worksheet_5_has_the_affiliation_column(login, km_officer, fiscal_year, issue, agency, other_agency):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    services.add_member(team, role=MemberRole.HEAD, first_name="สมใจ", last_name="ประเด็น", agency=agency)
    linked = UserFactory(username="w5", agency=other_agency, position="นักวิเคราะห์นโยบายและแผน")
    services.add_member(team, role=MemberRole.MEMBER, user=linked, km_function=KmFunction.KIJ)
    raw, read = texts(get_pdf(login(km_officer), team))
    header = [gettext(label) for label in HEADER[:3] + ["Affiliation"] + HEADER[3:]]
    assert squeeze(gettext("Worksheet 5 KM team of the strategic issue")) in raw
    assert squeeze("".join(header)) in raw
    first = ["1", "สมใจ ประเด็น", agency.name, gettext("Team head")]
    second = ["2", linked.get_full_name(), linked.position, other_agency.name]
    second.append(f"{gettext('KM Team')} ({KmFunction.KIJ.label})")
    assert squeeze("".join(first)) in raw and squeeze("".join(second)) in raw
    for text in (raw, read):
        assert squeeze(f"{gettext('Strategic issue')}1 การพัฒนาการเกษตรมูลค่าสูง") in text
        assert squeeze(gettext("Name of the necessary knowledge")) not in text  # worksheet 6's line
        for value in first + second:
            assert squeeze(value) in text, value


def test_the_provincial_team_names_its_province(login, agency_user, fiscal_year, province):
    province.name = "มุกดาหาร"  # from the data, never a written-in กาฬสินธุ์
    province.save()
    team = services.start_roster(Kind.PROVINCE, fiscal_year)
    services.add_member(team, role=MemberRole.CEO, first_name="ผู้ว่า", last_name="ราชการ", phone="043-811-000")
    for text in texts(get_pdf(login(agency_user), team)):
        assert squeeze(f"{gettext('Provincial KM team')}มุกดาหาร") in text
        assert "กาฬสินธุ์" not in text
        assert squeeze(f"ผู้ว่า ราชการ{gettext('CEO')}") in text
        assert squeeze(gettext("Strategic issue")) not in text


def test_a_roster_without_members_says_so(login, agency_user, fiscal_year, issue):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    for text in texts(get_pdf(login(agency_user), team)):
        assert squeeze(gettext("No members yet.")) in text


def test_the_appointment_order_takes_the_draft_mark_off(login, agency_user, agency_team):
    services.attach_order(agency_team, SimpleUploadedFile("คำสั่ง.pdf", SCAN), agency_user)
    day = thai.format_date(timezone.localtime(agency_team.appointment_order.uploaded_at), long=True)
    for text in texts(get_pdf(login(agency_user), agency_team)):
        assert squeeze(gettext("Draft")) not in text
        assert squeeze(gettext("Appointment order attached on %(when)s") % {"when": day}) in text


def test_a_long_roster_repeats_its_header_on_every_page(
    login, agency_user, fiscal_year, issue, agency, other_agency
):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    _grow(team, fiscal_year, [agency, other_agency], 20)  # 40 members
    content = get_pdf(login(agency_user), team)
    raw = pages(content)
    count = int(info(content)["Pages"])
    assert count >= 2 and len(raw) == count == len(pypdf_pages(content))
    for number, (page, read) in enumerate(zip(raw, pypdf_pages(content), strict=True), start=1):
        for text in (squeeze(page), squeeze(read)):
            assert squeeze(f"{gettext('Page')} {number}/{count}") in text
            assert year_text() in text
            assert squeeze(gettext("Draft")) in text
            assert squeeze(gettext("Worksheet 5 KM team of the strategic issue")) in text
        header = [gettext(label) for label in HEADER[:3] + ["Affiliation"] + HEADER[3:]]
        assert squeeze("".join(header)) in squeeze(page), number
    # Every member once, in the roster's order, whichever page they fell on.
    members = list(team.members.all())
    assert len(members) == 40
    names = squeeze(" ".join(raw))
    positions = [names.index(squeeze(f"{n}{m.full_name}")) for n, m in enumerate(members, start=1)]
    assert positions == sorted(positions)


def test_a_province_with_thai_numerals_gets_them(login, agency_user, agency_team, province):
    province.thai_numerals = True
    province.save()
    text = " ".join(pages(get_pdf(login(agency_user), agency_team)))
    assert not re.search(r"[0-9]", text), re.findall(r".{0,20}[0-9].{0,20}", text)
    assert squeeze(f"{gettext('Page')} ๑/๑") in squeeze(text)
    assert year_text("๒๕๖๙") in squeeze(text)
    assert "๐๘๑-๒๓๔-๕๖๗๘" in text


def test_hostile_text_prints_as_text_inside_its_cell(login, agency_user, agency_team):
    """Markup in a name is text, a long string without a break point breaks inside its cell, and
    Thai keeps ำ and its tone marks in the text layer."""
    member = agency_team.members.get(role=MemberRole.SECRETARY)
    services.change_member(
        member,
        first_name="<script>alert(1)</script>",
        position="x" * 150,
        last_name="น้ำค่ำ",
        email="a" * 60 + "@example.org",
    )
    content = get_pdf(login(agency_user), agency_team)
    assert int(info(content)["Pages"]) == 1
    for text in texts(content):
        assert squeeze("<script>alert(1)</script>น้ำค่ำ") in text
        assert "x" * 150 in text
        assert squeeze("สำนักงานเกษตรจังหวัดกาฬสินธุ์") in text
    assert inside_the_margins(content)


def test_a_name_breaks_between_its_words(login, agency_user, agency_team):
    """A long name wraps at its spaces and keeps its surname whole (Thai line breaking alone would
    cut "ศรีสมบูรณ์วัฒนาพาณิชย์" after ศรี); a name longer than its cell still stays inside it."""
    surname = "ศรีสมบูรณ์วัฒนาพาณิชย์"
    services.add_member(
        agency_team, role=MemberRole.MEMBER, title="นางสาว", first_name="สุดารัตน์", last_name=surname
    )
    services.add_member(agency_team, role=MemberRole.MEMBER, first_name="W" * 70)
    content = get_pdf(login(agency_user), agency_team)
    lines = pages(content)[0].splitlines()
    assert surname in lines
    assert "W" * 70 in squeeze(pages(content)[0]) and "W" * 70 not in lines
    assert inside_the_margins(content)


def test_the_pdf_makes_a_fixed_number_of_queries(
    login, other_agency_user, fiscal_year, agency, other_agency, issue, django_assert_max_num_queries
):
    team = services.start_roster(Kind.ISSUE, fiscal_year, issue=issue)
    _grow(team, fiscal_year, [agency, other_agency], 1)
    client = login(other_agency_user)
    with CaptureQueriesContext(connection) as small:
        get_pdf(client, team)
    _grow(team, fiscal_year, [agency, other_agency], 4)
    with django_assert_max_num_queries(len(small)):
        get_pdf(client, team)


def test_it_checks_access(client, login, stranger, agency_team, other_agency_user):
    url = reverse("team-pdf", args=[agency_team.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert login(stranger).get(url).status_code == 404
    assert login(other_agency_user).get(url).status_code == 200  # everyone of the province


def test_the_roster_page_links_its_pdfs(login, agency_user, agency_team):
    page = login(agency_user).get(reverse("team-detail", args=[agency_team.pk])).content.decode()
    assert f'href="{reverse("team-pdf", args=[agency_team.pk])}"' in page
    assert f'href="{reverse("team-blank-pdf")}"' in page
    page = login(agency_user).get(reverse("team-list")).content.decode()
    assert f'href="{reverse("team-blank-pdf")}"' in page


# --- The blank worksheet 6 ----------------------------------------------------------------------------

BLANK_ROLES = ["CEO", "CKO", "หัวหน้าทีม", "รองหัวหน้า"] + ["KM Team"] * 15
BLANK_ROLES += ["เลขานุการ", "ผู้ช่วยเลขานุการ", "ผู้ช่วยเลขานุการ"]


@pytest.mark.parametrize("with_year", [True, False])
def test_the_blank_worksheet_6_has_the_seeds_22_rows(login, agency_user, fiscal_year, with_year):
    if not with_year:
        fiscal_year.delete()
    response = login(agency_user).get(reverse("team-blank-pdf"))
    assert response.status_code == 200
    suffix = "-2569" if with_year else ""
    assert f"worksheet-6-blank{suffix}.pdf" in response["Content-Disposition"]
    content = response.content
    assert info(content)["Page size"] == A4_PORTRAIT and info(content)["Pages"] == "1"
    raw = pages(content)[0]
    year = gettext("Fiscal year %(year)s") % {"year": 2569 if with_year else "…………"}
    head = [gettext("Worksheet 6 KM team of the agency/organisation"), year]
    head += [gettext(label) for label in WS6_LABELS] + [gettext(label) for label in HEADER]
    assert squeeze("".join(head)) in squeeze(raw)
    # The 22 rows, numbered, each with its role and nothing else: for a pen.
    lines = raw[raw.index(gettext("Phone number / E-mail")) :].splitlines()[1:23]
    assert lines == [f"{n} {role}" for n, role in enumerate(BLANK_ROLES, start=1)]
    read = squeeze(pypdf_pages(content)[0])
    assert squeeze("".join(f"{n}{role}" for n, role in enumerate(BLANK_ROLES, start=1))) in read
    for text in (squeeze(raw), read):
        assert squeeze(gettext("Draft")) not in text  # a blank form is no draft
        assert (year_text() in text) is with_year


def test_the_blank_form_is_anyones_of_a_province(client, login, stranger):
    assert client.get(reverse("team-blank-pdf")).status_code == 302
    assert login(stranger).get(reverse("team-blank-pdf")).status_code == 200
