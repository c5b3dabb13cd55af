"""The progress report's pages as their users meet them: opening a report for a round, filling it
in as one form (two writers at once included), carrying it into the next round, taking it from
ผู้รายงาน through ผู้รับรอง to the provincial KM team, and what a closed year or another agency gets."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from actionplans.models import Activity
from core import closing
from reports import rounds, services, workflow
from reports.forms import MAX_CANCEL_REASON, MAX_TEXT
from reports.models import ProgressReport, ReportState, ReportStep
from tests.factories import approved_plan
from tests.test_pages import nu_errors


def rows_of(report):
    return list(report.rows.select_related("activity").order_by("activity__order"))


def posted(report, seen=None, kpi_result="", kpi_verdict="", **by_place) -> dict:
    """What the report's form posts: every row as saved, changed by ``a1={field: value}``."""
    data = {
        "seen": services.fingerprint(report) if seen is None else seen,
        "report-kpi_result": kpi_result,
        "report-kpi_verdict": kpi_verdict,
    }
    for place, row in enumerate(rows_of(report), start=1):
        values = {f: getattr(row, f) for f in services.ROW_FIELDS}
        values.update(by_place.get(f"a{place}", {}))
        for field, value in values.items():
            data[f"row-{row.pk}-{field}"] = value
    return data


def done(text="จัดเวทีแลกเปลี่ยนเรียนรู้ 2 ครั้ง") -> dict:
    return {
        "status": "done",
        "done": text,
        "result": "ผู้เข้าร่วม 40 คน",
        "problems": "ฝนตก",
        "solutions": "ย้ายเข้าห้อง",
    }


def test_a_writer_opens_the_round_and_lands_on_its_form(login, agency_user, reported_plan, fiscal_year):
    six = rounds.saved_rounds_of(fiscal_year)[0]
    data = {"fiscal_year": fiscal_year.pk, "months": "6", "plan": reported_plan.pk}
    response = login(agency_user).post(reverse("report-open"), data)
    report = ProgressReport.objects.get(round=six, plan=reported_plan)
    assert response.status_code == 302 and response["Location"] == reverse("report-edit", args=[report.pk])
    # Opening again gives the same report.
    assert login(agency_user).post(reverse("report-open"), data)["Location"] == response["Location"]
    assert ProgressReport.objects.count() == 1


def test_a_reader_is_sent_to_the_page_and_bad_ids_are_not_found(
    login, agency_cko, report, reported_plan, fiscal_year
):
    client = login(agency_cko)
    data = {"fiscal_year": fiscal_year.pk, "months": "6", "plan": reported_plan.pk}
    assert client.post(reverse("report-open"), data)["Location"] == reverse("report-detail", args=[report.pk])
    for bad in ({"months": "7"}, {"plan": "abc"}, {"fiscal_year": "9" * 30}, {"plan": "999999"}):
        assert client.post(reverse("report-open"), {**data, **bad}).status_code == 404
    assert client.get(reverse("report-open")).status_code == 405


def test_a_plan_approved_after_the_cut_off_is_told_in_thai(
    login, agency_user, agency_cko, agency_ceo, fiscal_year, agency
):
    late = approved_plan(
        fiscal_year, agency, agency_user, agency_cko, agency_ceo, on=datetime.date(2026, 4, 20)
    )
    data = {"fiscal_year": fiscal_year.pk, "months": "6", "plan": late.pk, "next": "/evil.example.com"}
    response = login(agency_user).post(reverse("report-open"), data, follow=True)
    assert gettext("This plan does not report in this round: it was not approved before it.") in (
        response.content.decode()
    )
    assert not ProgressReport.objects.exists()
    data["months"] = "9"
    assert login(agency_user).post(reverse("report-open"), data).status_code == 302
    assert ProgressReport.objects.get().round.months == 9


def test_a_draft_is_filled_and_saved_whole(login, agency_user, report):
    client = login(agency_user)
    page = client.get(reverse("report-edit", args=[report.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    for row in rows_of(report):
        assert row.activity.name in content
    assert (
        gettext("Required when the activity is cancelled (up to %(count)d characters).")
        % {"count": MAX_CANCEL_REASON}
        in content
    )
    data = posted(
        report, a1=done(), a2={"status": "in_progress"}, kpi_result="ร้อยละ 60", kpi_verdict="not_met"
    )
    response = client.post(reverse("report-edit", args=[report.pk]), data)
    assert response.status_code == 302
    first, second = rows_of(report)
    assert (first.status, first.done, first.solutions) == ("done", "จัดเวทีแลกเปลี่ยนเรียนรู้ 2 ครั้ง", "ย้ายเข้าห้อง")
    assert second.status == "in_progress"
    report.refresh_from_db()
    assert (report.kpi_result, report.kpi_verdict, report.state) == ("ร้อยละ 60", "not_met", ReportState.DRAFT)
    detail = client.get(response["Location"]).content.decode()
    assert "จัดเวทีแลกเปลี่ยนเรียนรู้ 2 ครั้ง" in detail and "ร้อยละ 60" in detail
    assert gettext("The report is saved as a draft.") in detail


def test_a_cancelled_activity_needs_its_reason_and_nothing_typed_is_lost(login, agency_user, report):
    client = login(agency_user)
    data = posted(report, a1={"status": "cancelled", "done": "ยังไม่ได้ทำ"}, a2=done())
    response = client.post(reverse("report-edit", args=[report.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert gettext("The activity is cancelled: say why.") in content
    assert "ยังไม่ได้ทำ" in content and "ผู้เข้าร่วม 40 คน" in content
    assert all(not row.status for row in rows_of(report))


@pytest.mark.parametrize(
    "field, value",
    [
        ("done", "ก" * (MAX_TEXT + 1)),
        ("cancel_reason", "ก" * (MAX_CANCEL_REASON + 1)),
        ("status", "finished"),
    ],
)
def test_a_bad_answer_is_refused_in_thai(login, agency_user, report, field, value):
    values = {"status": "cancelled", "cancel_reason": "งบประมาณถูกตัด", field: value}
    response = login(agency_user).post(reverse("report-edit", args=[report.pk]), posted(report, a1=values))
    assert response.status_code == 200
    assert (
        gettext("Some answers need correcting: see the messages next to them.") in response.content.decode()
    )
    assert all(not row.status for row in rows_of(report))


def test_two_writers_at_once_lose_nothing(client, agency_user, project_manager, report):
    seen = services.fingerprint(report)
    client.force_login(project_manager)
    assert (
        client.post(
            reverse("report-edit", args=[report.pk]), posted(report, a1=done("ของผู้จัดการ"))
        ).status_code
        == 302
    )
    client.force_login(agency_user)
    # The first writer's page was drawn before that save.
    mine = posted(report, seen=seen, a1=done("ของทีม KM"))
    mine[f"row-{rows_of(report)[0].pk}-done"] = "ของทีม KM"
    response = client.post(reverse("report-edit", args=[report.pk]), mine)
    assert response.status_code == 409
    content = response.content.decode()
    assert "ของทีม KM" in content and "ของผู้จัดการ" in content and 'id="stale-report"' in content
    assert rows_of(report)[0].done == "ของผู้จัดการ"
    # Saving again, knowingly, replaces theirs with the person's own.
    again = posted(report, a1=done("ของทีม KM"))
    assert client.post(reverse("report-edit", args=[report.pk]), again).status_code == 302
    assert rows_of(report)[0].done == "ของทีม KM"


def test_a_save_after_a_colleague_submitted_keeps_what_was_typed(
    client, agency_user, project_manager, report
):
    page = posted(report, a1=done("ข้อความที่พิมพ์ไว้"))
    client.force_login(project_manager)
    client.post(reverse("report-edit", args=[report.pk]), posted(report, a1=done(), a2=done()))
    workflow.act(report, project_manager, "submit")
    client.force_login(agency_user)
    response = client.post(reverse("report-edit", args=[report.pk]), page)
    assert response.status_code == 409
    content = response.content.decode()
    assert "ข้อความที่พิมพ์ไว้" in content and 'id="save-report"' not in content
    assert rows_of(report)[0].done != "ข้อความที่พิมพ์ไว้"


def test_the_nine_month_report_starts_from_the_six_month_answers(
    login, agency_user, report, reported_plan, fiscal_year
):
    client = login(agency_user)
    client.post(reverse("report-edit", args=[report.pk]), posted(report, a1=done(), kpi_result="ร้อยละ 40"))
    response = client.post(
        reverse("report-open"), {"fiscal_year": fiscal_year.pk, "months": "9", "plan": reported_plan.pk}
    )
    nine = ProgressReport.objects.get(round__months=9, plan=reported_plan)
    assert response["Location"] == reverse("report-edit", args=[nine.pk])
    content = client.get(response["Location"]).content.decode()
    assert "จัดเวทีแลกเปลี่ยนเรียนรู้ 2 ครั้ง" in content and "ร้อยละ 40" in content


def test_submitting_is_refused_while_a_status_is_missing(login, agency_user, report):
    client = login(agency_user)
    client.post(reverse("report-edit", args=[report.pk]), posted(report, a1=done()))
    response = client.post(reverse("report-act", args=[report.pk]), {"action": "submit"}, follow=True)
    second = rows_of(report)[1].activity
    assert gettext("Choose the status of activity %(order)s, %(name)s.") % {
        "order": second.order, "name": second.name
    } in response.content.decode()  # fmt: skip
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_submit_endorse_accept_writes_the_statuses_into_form_2(
    login, agency_user, agency_cko, km_officer, report, reported_plan
):
    client = login(agency_user)
    client.post(
        reverse("report-edit", args=[report.pk]), posted(report, a1=done(), a2={"status": "in_progress"})
    )
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert 'id="act-submit"' in page and 'id="edit-report"' in page
    client.post(reverse("report-act", args=[report.pk]), {"action": "submit"})
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert 'id="edit-report"' not in page and 'id="act-submit"' not in page
    assert client.get(reverse("report-edit", args=[report.pk])).status_code == 403

    client = login(agency_cko)
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert 'id="act-endorse"' in page and 'id="act-return"' in page
    client.post(reverse("report-act", args=[report.pk]), {"action": "endorse"})
    client = login(km_officer)
    response = client.post(reverse("report-act", args=[report.pk]), {"action": "accept"}, follow=True)
    page = response.content.decode()
    assert gettext("The report is accepted; its statuses now show on the plan.") in page
    assert agency_user.last_name in page and agency_cko.last_name in page  # the signatures
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert [a.status for a in reported_plan.activities.all()] == [
        Activity.Status.DONE,
        Activity.Status.IN_PROGRESS,
    ]
    form2 = client.get(reverse("actionplan-detail", args=[reported_plan.pk])).content.decode()
    assert str(Activity.Status.DONE.label) in form2 and str(Activity.Status.IN_PROGRESS.label) in form2


def test_a_return_needs_a_comment(login, agency_user, agency_cko, report):
    client = login(agency_user)
    client.post(reverse("report-edit", args=[report.pk]), posted(report, a1=done(), a2=done()))
    client.post(reverse("report-act", args=[report.pk]), {"action": "submit"})
    client = login(agency_cko)
    response = client.post(
        reverse("report-act", args=[report.pk]), {"action": "return", "comment": " "}, follow=True
    )
    assert (
        gettext("Write a comment saying what must change: it goes back with the report.")
        in response.content.decode()
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    client.post(reverse("report-act", args=[report.pk]), {"action": "return", "comment": "เพิ่มภาพกิจกรรม"})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    page = login(agency_user).get(reverse("report-detail", args=[report.pk])).content.decode()
    assert "เพิ่มภาพกิจกรรม" in page and 'id="edit-report"' in page


def test_an_unknown_or_not_allowed_action_is_refused(login, agency_user, agency_cko, report):
    assert (
        login(agency_user).post(reverse("report-act", args=[report.pk]), {"action": "approve"}).status_code
        == 403
    )
    assert (
        login(agency_user).post(reverse("report-act", args=[report.pk]), {"action": "accept"}).status_code
        == 403
    )
    assert (
        login(agency_cko).post(reverse("report-act", args=[report.pk]), {"action": "endorse"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert not ReportStep.objects.exists()


def test_a_closed_year_refuses_edits(login, agency_user, km_officer, report, fiscal_year):
    closing.close(fiscal_year, km_officer)
    client = login(agency_user)
    assert client.get(reverse("report-detail", args=[report.pk])).status_code == 200
    assert 'id="edit-report"' not in client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert client.get(reverse("report-edit", args=[report.pk])).status_code == 403
    assert client.post(reverse("report-edit", args=[report.pk]), posted(report, a1=done())).status_code == 403
    assert client.post(reverse("report-act", args=[report.pk]), {"action": "submit"}).status_code == 403
    assert all(not row.status for row in rows_of(report))


def test_another_agency_does_not_find_the_report(login, other_agency_user, stranger, report):
    for user in (other_agency_user, stranger):
        client = login(user)
        for name in ("report-detail", "report-edit"):
            assert client.get(reverse(name, args=[report.pk])).status_code == 404
        assert client.post(reverse("report-act", args=[report.pk]), {"action": "submit"}).status_code == 404


def test_the_page_links_back_to_the_plan_and_to_its_pdf(login, agency_user, report, reported_plan):
    page = login(agency_user).get(reverse("report-detail", args=[report.pk])).content.decode()
    assert reverse("actionplan-detail", args=[reported_plan.pk]) in page
    assert reverse("report-pdf", args=[report.pk]) in page


def test_the_report_page_makes_a_fixed_number_of_queries(
    login, agency_user, report, django_assert_max_num_queries
):
    client = login(agency_user)
    client.post(reverse("report-edit", args=[report.pk]), posted(report, a1=done(), a2=done()))
    client.get(reverse("report-detail", args=[report.pk]))  # warm the session and the grants
    with django_assert_max_num_queries(16):
        assert client.get(reverse("report-detail", args=[report.pk])).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(reverse("report-edit", args=[report.pk])).status_code == 200


@pytest.mark.validator
def test_the_pages_are_valid_html_with_errors_and_a_colleagues_save_shown(
    login, agency_user, agency_cko, report, tmp_path
):
    client = login(agency_user)
    edit = reverse("report-edit", args=[report.pk])
    seen = services.fingerprint(report)
    pages = [client.get(edit)]
    client.post(edit, posted(report, a1=done("ของผู้จัดการ")))
    pages.append(client.post(edit, posted(report, seen=seen, a1=done("ของทีม KM"))))  # stale
    pages.append(client.post(edit, posted(report, a1={"status": "cancelled"})))  # no reason
    pages.append(client.post(reverse("report-evidence-add", args=[report.pk]), {}))  # no file
    pages.append(client.get(reverse("report-detail", args=[report.pk])))
    pages.append(login(agency_cko).get(reverse("report-detail", args=[report.pk])))
    for number, response in enumerate(pages):
        (tmp_path / f"{number}.html").write_text(response.content.decode(), encoding="utf-8")
    errors = nu_errors(tmp_path)
    assert not errors, [(e.get("url"), e.get("lastLine"), e["message"]) for e in errors]
