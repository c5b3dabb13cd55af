"""The progress report's rules below its pages: who opens it and when, what a later round carries
over, saving it whole without losing a colleague's save, its way from ผู้รายงาน through ผู้รับรอง to
the provincial KM team, and the statuses an accepted report writes into Form 2."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans.models import Activity
from core import closing
from core.models import Notification
from reports import rounds, services, workflow
from reports.models import ProgressReport, ReportState, ReportStep
from tests.factories import FiscalYearFactory, approved_plan, opened_report


def row(report, place: int):
    """The report's row of its ``place``-th activity (from 1)."""
    return report.rows.order_by("activity__order")[place - 1]


def typed(report, **by_place):
    """The rows of ``report`` as a page would post them: ``a1={field: value}`` for its first activity."""
    rows = {}
    for place, current in enumerate(report.rows.order_by("activity__order"), start=1):
        values = {f: getattr(current, f) for f in services.ROW_FIELDS}
        values.update(by_place.get(f"a{place}", {}))
        rows[current.pk] = values
    return rows


def fill(report, user, status="done"):
    rows = {
        row.pk: {"status": status, "cancel_reason": "", "done": "จัดเวที", "result": "30 คน", "problems": "",
                 "solutions": ""}
        for row in report.rows.all()
    }  # fmt: skip
    return services.save_report(report, {}, rows, services.fingerprint(report), user)


def test_a_report_has_a_row_per_activity_of_the_revision_it_reports_on(report, reported_plan):
    assert report.plan == reported_plan and report.state == ReportState.DRAFT
    assert [r.activity for r in report.rows.order_by("activity__order")] == list(
        reported_plan.activities.all()
    )
    assert report.history.count() == 1 and all(r.history.count() == 1 for r in report.rows.all())


def test_opening_twice_gives_the_same_report(report, reported_plan, project_manager):
    assert opened_report(reported_plan, project_manager, 6) == report
    assert ProgressReport.objects.count() == 1


def test_only_the_plans_writers_open_its_report(reported_plan, agency_cko, other_agency_user, km_officer):
    for user in (agency_cko, other_agency_user, km_officer):
        with pytest.raises(PermissionDenied):
            opened_report(reported_plan, user, 6)


def test_a_round_not_open_yet_takes_no_report(province, agency, agency_user, agency_cko, agency_ceo):
    year = FiscalYearFactory(province=province, year=2570)  # its 6-month round ends 31 Mar 2027
    plan = approved_plan(year, agency, agency_user, agency_cko, agency_ceo)
    with pytest.raises(ValidationError, match="1 เม.ย. 2570|2027-04-01"):
        opened_report(plan, agency_user, 6)


def test_a_plan_approved_after_the_round_ends_reports_from_the_next(
    fiscal_year, agency, agency_user, agency_cko, agency_ceo
):
    plan = approved_plan(
        fiscal_year, agency, agency_user, agency_cko, agency_ceo, on=datetime.date(2026, 4, 2)
    )
    with pytest.raises(ValidationError):
        opened_report(plan, agency_user, 6)
    assert opened_report(plan, agency_user, 9).round.months == 9


def test_a_later_round_starts_from_the_earlier_answers(report, reported_plan, agency_user):
    first, second = report.rows.order_by("activity__order")
    rows = typed(
        report,
        a1={"status": "done", "done": "จัดเวทีแลกเปลี่ยน 2 ครั้ง", "result": "ผู้เข้าร่วม 45 คน"},
        a2={"status": "in_progress", "problems": "งบประมาณล่าช้า", "solutions": "ใช้งบของหน่วยงาน"},
    )
    services.save_report(
        report, {"kpi_result": "ร้อยละ 3", "kpi_verdict": ""}, rows, services.fingerprint(report), agency_user
    )
    nine = opened_report(reported_plan, agency_user, 9)
    carried = dict(enumerate(nine.rows.order_by("activity__order"), start=1))
    assert carried[1].status == "done" and carried[1].result == "ผู้เข้าร่วม 45 คน"
    assert carried[2].status == "in_progress" and carried[2].solutions == "ใช้งบของหน่วยงาน"
    assert nine.kpi_result == "ร้อยละ 3"
    # The 6-month report keeps its own words.
    rows = typed(nine, a2={"status": "done", "done": "จัดครบ"})
    services.save_report(nine, {}, rows, services.fingerprint(nine), agency_user)
    second.refresh_from_db()
    assert second.status == "in_progress"


def test_a_save_over_a_colleagues_save_writes_nothing_and_brings_both_back(
    report, agency_user, project_manager
):
    seen = services.fingerprint(report)
    services.save_report(report, {}, typed(report, a1={"done": "ของผู้จัดการโครงการ"}), seen, project_manager)
    with pytest.raises(services.StaleReport) as stale:
        services.save_report(report, {}, typed(report, a1={"done": "ของทีม"}), seen, agency_user)
    assert "ของผู้จัดการโครงการ" in [r.done for r in stale.value.rows]
    assert row(report, 1).done == "ของผู้จัดการโครงการ"


def test_a_cancelled_activity_needs_its_reason_and_nothing_is_saved_without(report, agency_user):
    rows = typed(report, a1={"status": "cancelled"}, a2={"done": "บันทึกไว้"})
    with pytest.raises(ValidationError, match="ยกเลิก|cancelled"):
        services.save_report(report, {}, rows, services.fingerprint(report), agency_user)
    assert not report.rows.filter(done="บันทึกไว้").exists()
    rows = typed(report, a1={"status": "cancelled", "cancel_reason": "ย้ายไปปีหน้า"})
    services.save_report(report, {}, rows, services.fingerprint(report), agency_user)
    assert row(report, 1).cancel_reason == "ย้ายไปปีหน้า"


def test_a_reason_goes_when_the_activity_is_no_longer_cancelled(report, agency_user):
    services.save_report(report, {}, typed(report, a1={"status": "cancelled", "cancel_reason": "เหตุ"}),
                         services.fingerprint(report), agency_user)  # fmt: skip
    services.save_report(
        report, {}, typed(report, a1={"status": "done"}), services.fingerprint(report), agency_user
    )
    assert row(report, 1).cancel_reason == ""


def test_a_report_is_submitted_only_with_every_status(report, agency_user):
    with pytest.raises(workflow.NotReady) as missing:
        workflow.act(report, agency_user, "submit")
    assert len(missing.value.problems) == 2
    fill(report, agency_user)
    assert workflow.act(report, agency_user, "submit").state == ReportState.SUBMITTED


def test_the_whole_way_records_each_step_and_writes_form_2s_status(
    report, reported_plan, agency_user, agency_cko, km_officer, django_capture_on_commit_callbacks
):
    fill(report, agency_user)
    with django_capture_on_commit_callbacks(execute=True):
        report = workflow.act(report, agency_user, "submit")
    assert Notification.objects.filter(
        user=agency_cko, url=reverse("report-detail", args=[report.pk])
    ).exists()
    assert workflow.actions_for(agency_user, report) == []
    assert workflow.actions_for(agency_cko, report) == ["endorse", "return"]
    workflow.act(report, agency_cko, "endorse")
    assert list(Activity.objects.filter(plan=reported_plan).values_list("status", flat=True)) == ["", ""]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.act(report, km_officer, "accept", "ครบถ้วน")
    assert set(Activity.objects.filter(plan=reported_plan).values_list("status", flat=True)) == {"done"}
    steps = list(report.steps.values_list("action", "actor_id"))
    assert steps == [("submit", agency_user.pk), ("endorse", agency_cko.pk), ("accept", km_officer.pk)]
    signed = workflow.signatures_of(report.steps.all())
    assert signed["submit"].actor == agency_user and signed["endorse"].actor == agency_cko
    assert Notification.objects.filter(user=agency_user, text__contains="รอบ 6 เดือน").exists()


def test_a_return_needs_a_comment_and_undoes_the_signatures(report, agency_user, agency_cko, km_officer):
    fill(report, agency_user)
    workflow.act(report, agency_user, "submit")
    workflow.act(report, agency_cko, "endorse")
    with pytest.raises(ValueError):
        workflow.act(report, km_officer, "return", "  ")
    workflow.act(report, km_officer, "return", "ขอหลักฐานภาพกิจกรรม")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED and report.is_editable_state
    assert workflow.signatures_of(report.steps.all()) == {"submit": None, "endorse": None, "accept": None}
    assert report.steps.last().comment == "ขอหลักฐานภาพกิจกรรม"
    fill(report, agency_user, "in_progress")  # a returned report is written again
    assert workflow.act(report, agency_user, "submit").state == ReportState.SUBMITTED


def test_someone_acting_first_leaves_the_second_move_undone(report, agency_user, agency_cko):
    fill(report, agency_user)
    stale = ProgressReport.objects.get(pk=report.pk)
    workflow.act(report, agency_user, "submit")
    workflow.act(report, agency_cko, "return", "แก้ไข")
    with pytest.raises(workflow.WrongState):
        workflow.act(stale, agency_cko, "endorse")
    assert ReportStep.objects.filter(report=report).count() == 2


@pytest.mark.parametrize("who", ["agency_user", "km_officer", "other_agency_user", "agency_ceo"])
def test_only_the_agencys_cko_endorses(request, report, agency_user, who):
    fill(report, agency_user)
    workflow.act(report, agency_user, "submit")
    with pytest.raises(PermissionDenied):
        workflow.act(report, request.getfixturevalue(who), "endorse")


def test_a_submitted_report_is_frozen(report, agency_user):
    fill(report, agency_user)
    workflow.act(report, agency_user, "submit")
    with pytest.raises(PermissionDenied):
        fill(report, agency_user)


def test_a_closed_year_takes_no_report_and_no_change(
    report, reported_plan, agency_user, km_officer, fiscal_year
):
    closing.close(fiscal_year, km_officer)
    report.round.fiscal_year.refresh_from_db()
    reported_plan.fiscal_year.refresh_from_db()
    with pytest.raises(PermissionDenied):
        fill(report, agency_user)
    with pytest.raises(PermissionDenied):
        opened_report(reported_plan, agency_user, 9)


def test_a_province_plan_is_reported_by_the_issues_editors_and_endorsed_by_the_provinces_cko(
    fiscal_year, km_officer, cko, ceo, agency_cko
):
    plan = approved_plan(fiscal_year, None, km_officer, cko, ceo)
    report = opened_report(plan, km_officer, 12)
    fill(report, km_officer)
    workflow.act(report, km_officer, "submit")
    with pytest.raises(PermissionDenied):
        workflow.act(report, agency_cko, "endorse")
    assert workflow.act(report, cko, "endorse").state == ReportState.ENDORSED


def test_the_km_team_is_told_which_plans_lack_an_accepted_12_month_report(
    report, reported_plan, agency_user, agency_cko, km_officer, login
):
    twelve = rounds.saved_rounds_of(reported_plan.fiscal_year)[-1]
    assert rounds.not_accepted(twelve) == [(reported_plan, None)]
    page = login(km_officer).get(reverse("report-rounds")).content.decode()
    assert reported_plan.header_knowledge in page
    last = opened_report(reported_plan, agency_user, 12)
    fill(last, agency_user)
    workflow.act(last, agency_user, "submit")
    workflow.act(last, agency_cko, "endorse")
    workflow.act(last, km_officer, "accept")
    assert rounds.not_accepted(twelve) == []
