from django.urls import reverse

from core.models import ProvincialPlan
from tests.factories import PlanFactory


def test_everyone_reads_the_vision_and_mission_of_the_year(login, agency_user, fiscal_year, province):
    PlanFactory(
        province=province,
        first_year=2566,
        last_year=2570,
        vision="เมืองเกษตรมูลค่าสูง",
        mission="ส่งเสริมเกษตรปลอดภัย",
    )
    page = login(agency_user).get(reverse("plan-detail")).content.decode()
    assert "เมืองเกษตรมูลค่าสูง" in page and "ส่งเสริมเกษตรปลอดภัย" in page
    assert reverse("plan-create") not in page


def test_km_team_adds_a_plan_period(login, km_officer, fiscal_year):
    response = login(km_officer).post(
        reverse("plan-create"), {"first_year": 2571, "last_year": 2575, "vision": "วิสัยทัศน์ใหม่", "mission": ""}
    )
    assert response.status_code == 302
    assert ProvincialPlan.objects.get().vision == "วิสัยทัศน์ใหม่"


def test_it_refuses_an_overlapping_period(login, km_officer, fiscal_year, province):
    PlanFactory(province=province, first_year=2566, last_year=2570)
    response = login(km_officer).post(
        reverse("plan-create"), {"first_year": 2570, "last_year": 2574, "vision": "ก"}
    )
    assert response.status_code == 200
    assert "2566–2570" in response.content.decode()
    assert ProvincialPlan.objects.count() == 1


def test_it_refuses_a_christian_era_year(login, km_officer, fiscal_year):
    response = login(km_officer).post(
        reverse("plan-create"), {"first_year": 2023, "last_year": 2027, "vision": "ก"}
    )
    assert response.status_code == 200
    assert not ProvincialPlan.objects.exists()


def test_km_team_edits_the_vision(login, km_officer, province, fiscal_year):
    plan = PlanFactory(province=province)
    login(km_officer).post(
        reverse("plan-edit", args=[plan.pk]),
        {"first_year": plan.first_year, "last_year": plan.last_year, "vision": "ปรับปรุงแล้ว", "mission": ""},
    )
    plan.refresh_from_db()
    assert plan.vision == "ปรับปรุงแล้ว"
