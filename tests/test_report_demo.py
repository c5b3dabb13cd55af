"""The demo's progress reports: last year's open rounds hold a report in every state, real steps by
the demo account whose move it is, plans that never reported, KPI assessments; a second seeding
changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from actionplans.models import ActionPlan, PlanStep
from reports import rounds
from reports.models import KpiAssessment, ProgressReport, ReportRow, ReportState, ReportStep, Round

YEAR = 2569


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def _reports(months: int):
    return ProgressReport.objects.filter(round__fiscal_year__year=YEAR, round__months=months).select_related(
        "plan__agency", "round__fiscal_year"
    )


def test_last_year_has_reports_in_every_state(demo):
    assert set(
        ProgressReport.objects.filter(round__fiscal_year__year=YEAR).values_list("state", flat=True)
    ) == set(ReportState.values)
    # The 6-month round: accepted reports of the agency and the province, with their KPI results.
    accepted = _reports(6).filter(state=ReportState.ACCEPTED)
    assert {r.plan.agency_id is None for r in accepted} == {True, False}
    assert all(r.kpi_result for r in accepted)
    # The returned report says why.
    returned = ProgressReport.objects.get(state=ReportState.RETURNED)
    assert returned.steps.last().comment.startswith("ขอให้ระบุผล")
    # Every report row that is done says what was done and its result, in Thai.
    for row in ReportRow.objects.filter(status="done"):
        assert row.done and row.result


def test_late_reports_and_plans_that_never_reported(demo):
    today = timezone.localdate()
    for round in Round.objects.filter(fiscal_year__year=YEAR):
        assert round.is_open(today)
    nine = Round.objects.get(fiscal_year__year=YEAR, months=9)
    assert nine.is_past_due(today)
    assert _reports(9).filter(state=ReportState.DRAFT).exists()  # late: past due, not submitted
    for months in (6, 9):
        round = Round.objects.get(fiscal_year__year=YEAR, months=months)
        reported = set(_reports(months).values_list("plan_id", flat=True))
        assert {p.pk for p in rounds.plans_reporting(round)} - reported  # never reported
    # The 12-month round is not due yet: its draft is not late.
    twelve = Round.objects.get(fiscal_year__year=YEAR, months=12)
    assert not twelve.is_past_due(today) and _reports(12).filter(state=ReportState.DRAFT).exists()


def test_plans_were_approved_before_the_cutoffs_they_report_in(demo):
    for report in ProgressReport.objects.select_related("round__fiscal_year"):
        approved = PlanStep.objects.get(plan=report.plan, action="approve")
        assert approved.at < rounds.cutoff(report.round)
    # One plan was approved after the 6-month cut-off: it reports from the 9-month round.
    six, nine = (Round.objects.get(fiscal_year__year=YEAR, months=m) for m in (6, 9))
    assert {p.pk for p in rounds.plans_reporting(nine)} > {p.pk for p in rounds.plans_reporting(six)}


def test_every_step_was_taken_by_the_demo_account_whose_move_it_is(demo):
    assert ReportStep.objects.exists()
    for step in ReportStep.objects.select_related("actor", "report__plan"):
        assert (step.signer_name, step.signer_position) == (step.actor.get_full_name(), step.actor.position)
        province = step.report.plan.agency_id is None
        if step.action == "endorse" or (step.action == "return" and step.from_state == "submitted"):
            assert step.actor.username == ("province.cko" if province else "agri.cko")
        if step.action == "accept":
            assert step.actor.username == "km.officer"
        assert step.at < timezone.now()
    assert ProgressReport.objects.filter(state=ReportState.ACCEPTED).first().history.count() >= 4


def test_kpis_are_assessed(demo):
    assessments = KpiAssessment.objects.filter(kpi__issue__fiscal_year__year=YEAR)
    assert {a.verdict for a in assessments} == {"met", "not_met"}
    assert {a.entered_by.username for a in assessments} == {"agri.team", "km.officer"}
    assert all(a.kpi.chosen for a in assessments)


def test_seeding_twice_changes_no_report(db):
    def snapshot():
        return {
            model.__name__: sorted(map(str, model.objects.values_list()))
            for model in (ActionPlan, PlanStep, Round, ProgressReport, ReportRow, ReportStep, KpiAssessment)
        }

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first
