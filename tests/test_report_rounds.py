"""The three report rounds of a fiscal year: their dates, the due dates the provincial KM team
sets (Thai dates, checked, never overwriting another officer's change unseen), and which revision
of which plan reports in each round."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from actionplans import workflow
from core.forms import GuardedModelForm
from core.models import Role
from reports import rounds
from reports.models import Round
from tests.factories import (
    ActionPlanFactory,
    FiscalYearFactory,
    UserFactory,
    approve_on,
    approved_plan,
)

URL = reverse("report-rounds")


def test_a_year_has_three_rounds_ending_on_the_seeds_days(fiscal_year):
    made = rounds.rounds_of(fiscal_year)
    assert [(r.months, r.ends_on) for r in made] == [
        (6, datetime.date(2026, 3, 31)),
        (9, datetime.date(2026, 6, 30)),
        (12, datetime.date(2026, 9, 30)),
    ]
    assert [r.due_on for r in made] == [
        datetime.date(2026, 4, 15), datetime.date(2026, 7, 15), datetime.date(2026, 10, 15)
    ]  # fmt: skip
    assert all(r.starts_on == datetime.date(2025, 10, 1) for r in made)
    assert not Round.objects.exists()  # reading writes nothing
    saved = rounds.saved_rounds_of(fiscal_year)
    assert [(r.months, r.due_on) for r in saved] == [(r.months, r.due_on) for r in made]
    assert rounds.saved_rounds_of(fiscal_year) == saved and Round.objects.count() == 3


def test_everyone_reads_the_rounds_in_thai_dates(login, agency_user, fiscal_year):
    page = login(agency_user).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "31 มี.ค. 2569" in html and "1 เม.ย. 2569" in html and "15 เม.ย. 2569" in html
    assert "30 ก.ย. 2569" in html and "1 ต.ค. 2568" in html
    assert page.context["form"] is None and 'name="due_6"' not in html


def test_the_km_team_sets_due_dates_in_the_buddhist_era(login, km_officer, fiscal_year):
    client = login(km_officer)
    client.get(URL)
    response = client.post(URL, {"due_6": "20/04/2569", "seen_6": "2026-04-15", "due_9": "15/07/2569",
                                 "seen_9": "2026-07-15", "due_12": "31/10/2569", "seen_12": "2026-10-15"})  # fmt: skip
    assert response.status_code == 302
    due = {r.months: r.due_on for r in Round.objects.all()}
    assert due == {
        6: datetime.date(2026, 4, 20),
        9: datetime.date(2026, 7, 15),
        12: datetime.date(2026, 10, 31),
    }
    six = Round.objects.get(months=6)
    assert six.history.first().history_user == km_officer
    assert "20 เม.ย. 2569" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/03/2569", "The reports can be due only after the round ends on %(end)s."),
        ("15/04/2026", "Enter the year in the Buddhist Era (e.g. 2569), not the Christian Era."),
        ("31/02/2569", "Enter a date as day/month/year in the Buddhist Era, e.g. 31/03/2569."),
        ("15/04/2579", "The date is too far ahead: choose a date up to %(last)s."),
        ("<script>alert(1)</script>", "Enter a date as day/month/year in the Buddhist Era, e.g. 31/03/2569."),
        ("", "This field is required."),
    ],
)
def test_a_wrong_due_date_is_explained_and_nothing_is_saved(login, km_officer, fiscal_year, typed, message):
    client = login(km_officer)
    client.get(URL)
    response = client.post(URL, {"due_6": typed, "seen_6": "2026-04-15", "due_9": "20/07/2569",
                                 "seen_9": "2026-07-15", "due_12": "15/10/2569", "seen_12": "2026-10-15"})  # fmt: skip
    assert response.status_code == 200
    expected = gettext(message) % {"end": "31 มี.ค. 2569", "last": "30 ก.ย. 2570"}
    assert expected in response.context["form"].errors["due_6"]
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Round.objects.exists()  # nothing half saved: the 9-month date is not either


def test_two_officers_at_once_the_second_sees_the_first_ones_date(login, km_officer, fiscal_year):
    shown = {"seen_6": "2026-04-15", "seen_9": "2026-07-15", "seen_12": "2026-10-15"}
    first = {**shown, "due_6": "22/04/2569", "due_9": "15/07/2569", "due_12": "15/10/2569"}
    second = {**shown, "due_6": "25/04/2569", "due_9": "20/07/2569", "due_12": "15/10/2569"}
    assert login(km_officer).post(URL, first).status_code == 302
    # The second officer's page was drawn before the first save.
    second_officer = UserFactory(agency=km_officer.agency, roles=[(Role.KM_TEAM, None)])
    client = login(second_officer)
    response = client.post(URL, second)
    assert response.status_code == 409
    form = response.context["form"]
    assert gettext(GuardedModelForm.stale_message) in form.non_field_errors()
    assert form.stale_values == [(str(form.fields["due_6"].label), "22 เม.ย. 2569")]
    html = response.content.decode()
    assert 'value="25/04/2569"' in html and 'value="20/07/2569"' in html  # their own dates kept
    assert Round.objects.get(months=6).due_on == datetime.date(2026, 4, 22)
    assert Round.objects.get(months=9).due_on == datetime.date(2026, 7, 15)
    # Saving again, knowing, replaces the first officer's date.
    again = {key: form.data[key] for key in second}
    assert client.post(URL, again).status_code == 302
    assert Round.objects.get(months=6).due_on == datetime.date(2026, 4, 25)


def test_only_the_km_team_sets_due_dates(login, agency_user, cko, fiscal_year):
    for user in (agency_user, cko):
        response = login(user).post(URL, {"due_6": "20/04/2569"})
        assert response.status_code == 403
    assert not Round.objects.filter(due_on=datetime.date(2026, 4, 20)).exists()


def test_a_plan_reports_from_the_round_whose_end_follows_its_approval(
    fiscal_year, agency, agency_user, agency_cko, agency_ceo
):
    six, nine, twelve = rounds.saved_rounds_of(fiscal_year)
    early = approved_plan(
        fiscal_year, agency, agency_user, agency_cko, agency_ceo, datetime.date(2026, 1, 20)
    )
    # Approved late on the round's last day still counts; the next morning does not.
    last_day = approved_plan(
        fiscal_year, agency, agency_user, agency_cko, agency_ceo, datetime.date(2026, 3, 31)
    )
    approve_on(last_day, datetime.date(2026, 3, 31), hour=23)
    late = approved_plan(fiscal_year, agency, agency_user, agency_cko, agency_ceo, datetime.date(2026, 4, 1))
    approve_on(late, datetime.date(2026, 4, 1), hour=0)
    draft = ActionPlanFactory(fiscal_year=fiscal_year, agency=agency, created_by=agency_user)
    assert {p.pk for p in rounds.plans_reporting(six)} == {early.pk, last_day.pk}
    assert {p.pk for p in rounds.plans_reporting(nine)} == {early.pk, last_day.pk, late.pk}
    assert draft.pk not in {p.pk for p in rounds.plans_reporting(twelve)}


def test_a_round_follows_the_revision_approved_before_its_end(
    fiscal_year, agency, agency_user, agency_cko, agency_ceo
):
    six, nine, twelve = rounds.rounds_of(fiscal_year)
    first = approved_plan(
        fiscal_year, agency, agency_user, agency_cko, agency_ceo, datetime.date(2025, 12, 1)
    )
    second = workflow.revise(first, agency_user)
    workflow.act(second, agency_user, "submit")
    workflow.act(second, agency_cko, "review")
    workflow.act(second, agency_ceo, "approve")
    approve_on(second, datetime.date(2026, 5, 10))
    third = workflow.revise(second, agency_user)  # being revised again: a draft
    assert [p.pk for p in rounds.plans_reporting(six)] == [first.pk]
    assert [p.pk for p in rounds.plans_reporting(nine)] == [second.pk]
    assert [p.pk for p in rounds.plans_reporting(twelve)] == [second.pk]
    assert third.state == "draft"


def test_another_years_plans_do_not_report(fiscal_year, agency, agency_user, agency_cko, agency_ceo):
    next_year = FiscalYearFactory(province=fiscal_year.province, year=2570)
    approved_plan(next_year, agency, agency_user, agency_cko, agency_ceo, datetime.date(2026, 3, 1))
    assert all(rounds.plans_reporting(r) == [] for r in rounds.rounds_of(fiscal_year))


def test_the_page_counts_plans_in_a_fixed_number_of_queries(
    login, km_officer, fiscal_year, agency, agency_user, agency_cko, agency_ceo, django_assert_max_num_queries
):
    for day in (datetime.date(2026, 1, 5), datetime.date(2026, 5, 5), datetime.date(2026, 8, 5)):
        approved_plan(fiscal_year, agency, agency_user, agency_cko, agency_ceo, day)
    client = login(km_officer)
    client.get(URL)
    # The KM team's page also lists the whole round's PDFs (1) and, the year being over, the plans
    # without an accepted 12-month report (3): fixed, whatever the number of plans.
    with django_assert_max_num_queries(14):
        page = client.get(URL)
    assert [row.plans for row in page.context["rows"]] == [1, 2, 3]
    assert len(page.context["not_accepted"]) == 3
