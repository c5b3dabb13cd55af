"""One KM Action Plan (Form 2) as Excel: the header, the activities in Form 2's columns and the
reviewer's and approver's block, read back against the plan."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from actionplans import services, workflow
from core import thai
from core.documents import excel as documents
from core.templatetags.thai import thai_date_long
from tests import test_actionplan_pages
from tests.test_actionplan_pages import DEC, NOV, OCT, row

plan = test_actionplan_pages.plan  # the plan pages' fixture: an agency's draft with two activities
FORM2 = ["No.", "KM activity", "Period", "Indicator", None, "Target group", "Responsible", "Status", "Remark"]


def _open(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == documents.CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _export(client, plan):
    return client.get(reverse("actionplan-excel", args=[plan.pk]))


def _column(ws) -> list:
    return [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]


def test_form_2_reads_as_the_seeds_form(login, agency_user, plan, agency, plan_knowledge):
    services.save_activities(
        plan,
        [
            {**row("ชุมชนนักปฏิบัติ", OCT, DEC), "id": plan.activities.get(order=1).pk, "indicator": "จำนวนครั้ง",
             "target": "4 ครั้ง", "target_group": "เกษตรกร", "responsible": "กลุ่มส่งเสริม", "remark": "=ทุกไตรมาส"},
            {**row("ถอดบทเรียน", NOV, NOV), "id": plan.activities.get(order=2).pk},
        ],
        services.fingerprint(plan),
        agency_user,
    )  # fmt: skip
    response = _export(login(agency_user), plan)
    ws = _open(response)
    assert f'filename="form-2-plan-{plan.pk}-revision-1-2569.xlsx"' in response["Content-Disposition"]
    assert ws.title == gettext("Form 2")
    header = workflow.shown_header(plan)
    lines = _column(ws)
    assert lines[0] == gettext("Form 2 KM Action Plan")
    assert lines[1].startswith(gettext("Fiscal year %(year)s") % {"year": 2569})
    assert lines[2:7] == [
        f"{gettext('Agency / province name')} : {header['owner']}",
        f"{gettext('Strategic issue of the plan')} : {header['issue']}",
        f"{gettext('Necessary knowledge (K)')} : {header['knowledge']}",
        f"{gettext('KPI under the agreement')} : {header['kpi']}",
        f"{gettext('KPI target under the agreement')} : {header['target']}",
    ]
    assert agency.name in lines[2] and plan_knowledge.name in lines[4]
    labels = [pgettext("Form 2", "Target") if label is None else gettext(label) for label in FORM2]
    assert [c.value for c in ws[9]] == labels
    assert [[c.value for c in ws[r]] for r in (10, 11)] == [
        [1, "ชุมชนนักปฏิบัติ", thai.format_period(OCT, DEC), "จำนวนครั้ง", "4 ครั้ง", "เกษตรกร", "กลุ่มส่งเสริม",
         gettext("Not reported yet"), "=ทุกไตรมาส"],
        [2, "ถอดบทเรียน", thai.format_period(NOV, NOV), None, None, None, None, gettext("Not reported yet"), None],
    ]  # fmt: skip
    assert ws["I10"].data_type == "s"  # a remark that looks like a formula stays text
    footer = [line for line in lines[11:] if line]
    assert footer[0].startswith(f"{gettext('Reviewer')} : ") and gettext("name - surname") in footer[0]
    assert footer[1].startswith(f"{gettext('Approver')} : ")


def test_the_footer_names_the_reviewer_and_approver_with_their_dates(
    login, agency_user, agency_cko, agency_ceo, plan
):
    workflow.act(plan, agency_user, "submit")
    workflow.act(plan, agency_cko, "review")
    workflow.act(plan, agency_ceo, "approve")
    plan.refresh_from_db()
    ws = _open(_export(login(agency_user), plan))
    footer = [line for line in _column(ws)[11:] if line]
    steps = {step.action: step for step in plan.steps.all()}
    assert footer == [
        f"{gettext('Reviewer')} : ………………………… ({steps['review'].signer_name}) {gettext('Chief Knowledge Officer (CKO)')}",
        gettext("Date %(day)s") % {"day": thai_date_long(steps["review"].at)},
        f"{gettext('Approver')} : ………………………… ({steps['approve'].signer_name}) "
        f"{gettext('Chief Executive Officer of the agency (CEO)')}",
        gettext("Date %(day)s") % {"day": thai_date_long(steps["approve"].at)},
    ]
    assert plan.get_state_display() in _column(ws)[1]


def test_the_export_makes_a_fixed_number_of_queries(login, agency_user, plan, django_assert_max_num_queries):
    client = login(agency_user)
    with CaptureQueriesContext(connection) as small:
        assert _export(client, plan).status_code == 200
    count = len(small)
    rows = [{**row(a.name), "id": a.pk} for a in plan.activities.all()] + [
        row(f"กิจกรรม {n}") for n in range(8)
    ]
    services.save_activities(plan, rows, services.fingerprint(plan), agency_user)
    with django_assert_max_num_queries(count):
        ws = _open(_export(client, plan))
    assert ws.cell(row=19, column=2).value == "กิจกรรม 7"


def test_another_agency_may_not_read_a_draft(login, other_agency_user, stranger, plan):
    assert _export(login(other_agency_user), plan).status_code == 404
    assert _export(login(stranger), plan).status_code == 404


def test_the_plans_page_links_its_workbook(login, agency_user, plan):
    page = login(agency_user).get(reverse("actionplan-detail", args=[plan.pk])).content.decode()
    assert reverse("actionplan-excel", args=[plan.pk]) in page
