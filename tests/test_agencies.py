"""The agencies of the province: the provincial KM team adds and edits them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Agency, District, Role
from tests.factories import AgencyFactory, ProvinceFactory, UserFactory


def _form(**fields) -> dict:
    """What a person types into the agency form."""
    return {
        "name": "สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์",
        "short_name": "พช.กส.",
        "kind": "agency",
        "district": "",
        "email": "cdd.kalasin@example.org",
        "phone": "043-811-222",
        "is_active": "on",
        **fields,
    }


def _form_of(agency, **changes) -> dict:
    fields = ["name", "short_name", "kind", "email", "phone"]
    return {**_form(**{f: getattr(agency, f) for f in fields}), **changes}


def _names_in_order(page: str) -> list[str]:
    """The agency names as the list's rows show them, top to bottom."""
    return re.findall(r"<tr[^>]*>\s*<td>([^<]+?)\s*(?:<span|</td>)", page)


def test_km_team_adds_an_agency(login, km_officer, province):
    response = login(km_officer).post(reverse("agency-create"), _form(), follow=True)
    agency = Agency.objects.get(name="สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์")
    assert agency.province == province
    assert agency.short_name == "พช.กส." and agency.kind == Agency.Kind.AGENCY
    page = response.content.decode()
    assert "เพิ่มส่วนราชการ “สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์” เรียบร้อยแล้ว" in page
    assert "พช.กส." in page


def test_km_team_edits_an_agency(login, km_officer, agency):
    response = login(km_officer).post(
        reverse("agency-edit", args=[agency.pk]),
        _form_of(agency, name="สำนักงานเกษตรและสหกรณ์จังหวัดกาฬสินธุ์", kind="local"),
        follow=True,
    )
    agency.refresh_from_db()
    assert agency.name == "สำนักงานเกษตรและสหกรณ์จังหวัดกาฬสินธุ์"
    assert agency.kind == Agency.Kind.LOCAL
    page = response.content.decode()
    assert "บันทึกข้อมูลส่วนราชการ “สำนักงานเกษตรและสหกรณ์จังหวัดกาฬสินธุ์” เรียบร้อยแล้ว" in page
    assert "องค์กรปกครองส่วนท้องถิ่น" in page


def test_the_edit_page_shows_the_agency(login, km_officer, agency):
    page = login(km_officer).get(reverse("agency-edit", args=[agency.pk])).content.decode()
    assert "แก้ไขส่วนราชการ" in page
    assert 'value="สำนักงานเกษตรจังหวัดกาฬสินธุ์"' in page


def test_km_team_deactivates_an_agency(login, km_officer, agency):
    client = login(km_officer)
    client.post(reverse("agency-edit", args=[agency.pk]), _form_of(agency, is_active=""))
    agency.refresh_from_db()
    assert not agency.is_active
    assert "ปิดใช้งาน" in client.get(reverse("agency-list")).content.decode()
    # A new user cannot be put in it any more.
    options = re.search(
        r'<select name="agency".*?</select>', client.get(reverse("user-create")).content.decode(), re.S
    )
    assert f'value="{agency.pk}"' not in options.group(0)


def test_it_refuses_a_duplicate_name_in_thai(login, km_officer, agency):
    response = login(km_officer).post(reverse("agency-create"), _form(name=f"  {agency.name} "))
    assert response.status_code == 200
    assert "มีส่วนราชการชื่อนี้อยู่แล้ว กรุณาตรวจสอบชื่ออีกครั้ง" in response.content.decode()
    assert Agency.objects.filter(name=agency.name).count() == 1


def test_it_refuses_renaming_to_another_agencys_name(login, km_officer, agency, other_agency):
    response = login(km_officer).post(
        reverse("agency-edit", args=[agency.pk]), _form_of(agency, name=other_agency.name)
    )
    assert "มีส่วนราชการชื่อนี้อยู่แล้ว" in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == "สำนักงานเกษตรจังหวัดกาฬสินธุ์"


def test_it_tidies_spaces_in_the_name(login, km_officer):
    login(km_officer).post(reverse("agency-create"), _form(name="  สำนักงานพัฒนาชุมชน   จังหวัดกาฬสินธุ์ "))
    assert Agency.objects.filter(name="สำนักงานพัฒนาชุมชน จังหวัดกาฬสินธุ์").exists()


def test_another_province_may_use_the_same_name(login, stranger, agency):
    response = login(stranger).post(reverse("agency-create"), _form(name=agency.name))
    assert response.status_code == 302
    assert Agency.objects.get(name=agency.name, province=stranger.agency.province)


def test_it_offers_only_districts_of_the_province(login, km_officer, province):
    mueang = District.objects.create(province=province, code="4601", name="เมืองกาฬสินธุ์")
    elsewhere = District.objects.create(
        province=ProvinceFactory(name="ขอนแก่น"), code="4001", name="เมืองขอนแก่น"
    )
    client = login(km_officer)
    page = client.get(reverse("agency-create")).content.decode()
    assert "เมืองกาฬสินธุ์" in page and "เมืองขอนแก่น" not in page
    response = client.post(reverse("agency-create"), _form(district=elsewhere.pk))
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    client.post(reverse("agency-create"), _form(district=mueang.pk))
    assert Agency.objects.get(name=_form()["name"]).district == mueang


def test_the_list_shows_user_counts(login, km_officer, agency, other_agency, agency_user, coordinator):
    page = login(km_officer).get(reverse("agency-list")).content.decode()
    users_of = reverse("user-list") + "?agency="
    assert f'<a href="{users_of}{agency.pk}">2</a>' in page
    assert f'<a href="{users_of}{other_agency.pk}">0</a>' in page
    assert f'<a href="{users_of}{km_officer.agency.pk}">1</a>' in page


def test_the_list_is_in_thai_order(login, km_officer, province, agency, other_agency):
    for name in [
        "องค์การบริหารส่วนจังหวัดกาฬสินธุ์",
        "ที่ทำการปกครองจังหวัดกาฬสินธุ์",
        "โครงการชลประทานกาฬสินธุ์",
        "แขวงทางหลวงกาฬสินธุ์",
    ]:
        AgencyFactory(province=province, name=name)
    UserFactory(agency=agency)  # a count on the rows must not change their order
    page = login(km_officer).get(reverse("agency-list")).content.decode()
    assert _names_in_order(page) == [
        "แขวงทางหลวงกาฬสินธุ์",
        "โครงการชลประทานกาฬสินธุ์",
        "ที่ทำการปกครองจังหวัดกาฬสินธุ์",
        "สำนักงานเกษตรจังหวัดกาฬสินธุ์",
        "สำนักงานจังหวัดกาฬสินธุ์",
        "สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์",
        "องค์การบริหารส่วนจังหวัดกาฬสินธุ์",
    ]


def test_the_list_shows_only_the_province(login, stranger, agency):
    page = login(stranger).get(reverse("agency-list")).content.decode()
    assert _names_in_order(page) == ["สำนักงานจังหวัดขอนแก่น"]


@pytest.mark.parametrize(
    "actor", ["issue_lead", "cko", "ceo", "agency_user", "coordinator", "agency_cko", "agency_ceo"]
)
def test_it_checks_access(request, login, actor, agency):
    client = login(request.getfixturevalue(actor))
    assert client.get(reverse("agency-list")).status_code == 403
    assert client.post(reverse("agency-create"), _form()).status_code == 403
    assert (
        client.post(reverse("agency-edit", args=[agency.pk]), _form_of(agency, name="ชื่อใหม่")).status_code
        == 403
    )
    assert not Agency.objects.filter(name__in=[_form()["name"], "ชื่อใหม่"]).exists()


def test_a_stranger_gets_404_on_another_provinces_agency(login, stranger, agency):
    client = login(stranger)
    assert client.get(reverse("agency-edit", args=[agency.pk])).status_code == 404
    assert (
        client.post(reverse("agency-edit", args=[agency.pk]), _form_of(agency, name="ชื่อใหม่")).status_code
        == 404
    )
    agency.refresh_from_db()
    assert agency.name == "สำนักงานเกษตรจังหวัดกาฬสินธุ์"


def test_it_sends_anonymous_to_log_in(client, agency):
    response = client.get(reverse("agency-edit", args=[agency.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_list_makes_a_fixed_number_of_queries(login, km_officer, province, django_assert_max_num_queries):
    client = login(km_officer)
    for agency in AgencyFactory.create_batch(2, province=province):
        UserFactory(agency=agency, roles=[(Role.AGENCY_TEAM, agency)])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("agency-list"))
    for agency in AgencyFactory.create_batch(20, province=province):
        UserFactory.create_batch(3, agency=agency, roles=[(Role.AGENCY_TEAM, agency)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("agency-list"))
    assert len(_names_in_order(response.content.decode())) == 1 + 2 + 20
