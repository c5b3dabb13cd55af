"""Walk every URL of the project with every role (and anonymous) and check who gets in.

Every named URL must have a row here: a new view without one fails ``test_every_url_is_covered``.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actionplans import services as plan_services
from actionplans import workflow as plan_workflow
from teams import services as team_services
from teams.models import MemberRole, Team
from tests.access import actionplan_lists as access_actionplan_lists
from tests.access import actionplans as access_actionplans
from tests.access import documents_excel as access_documents_excel
from tests.access import finalised as access_finalised
from tests.access import forms as access_forms
from tests.access import pdf_forms as access_pdf_forms
from tests.access import pdf_matrix as access_pdf_matrix
from tests.access import pdf_teams as access_pdf_teams
from tests.access import reports as access_reports
from tests.access import teams as access_teams
from tests.access import ws3 as access_ws3
from tests.access.rows import ACTORS, LOGIN, members, only
from tests.factories import IssueFactory, KpiFactory, PlanFactory
from worksheets.models import KnowledgeItem, ScoringCriterion, StrategicIssue, WorkProcess

PUBLIC = {a: 200 for a in ACTORS}


# (url name, method, args, {actor: expected})
ROWS = [
    ("home", "get", [], members()),
    ("year-select", "post", [], members(302, stranger=404)),
    ("agency-list", "get", [], only("km_officer", "stranger")),
    ("agency-create", "get", [], only("km_officer", "stranger")),
    ("agency-edit", "get", ["agency"], only("km_officer", stranger=404)),
    ("user-list", "get", [], only("km_officer", "coordinator", "stranger")),
    ("user-create", "get", [], only("km_officer", "coordinator", "stranger")),
    ("user-edit", "get", ["agency_user"], only("km_officer", "coordinator", stranger=404)),
    ("user-send-reset", "post", ["agency_user"], only("km_officer", "coordinator", status=302, stranger=404)),
    # The agency's head is above its coordinator: the coordinator sees them listed but may not change them.
    ("user-edit", "get", ["agency_head"], only("km_officer", stranger=404)),
    ("user-send-reset", "post", ["agency_head"], only("km_officer", status=302, stranger=404)),
    ("year-list", "get", [], only("km_officer", "stranger")),
    ("year-create", "get", [], only("km_officer", "stranger")),
    ("plan-detail", "get", [], members()),
    ("plan-create", "get", [], only("km_officer", "stranger")),
    ("plan-edit", "get", ["plan"], only("km_officer", stranger=404)),
    ("worksheet1", "get", [], members()),
    ("kpi-export", "get", [], members(stranger=302)),
    ("kpi-template", "get", [], only("km_officer", stranger=302)),
    ("kpi-import", "get", [], only("km_officer", stranger=302)),
    ("issue-create", "get", [], only("km_officer", stranger=302)),
    ("issue-edit", "get", ["issue"], only("km_officer", stranger=404)),
    ("issue-delete", "get", ["issue"], only("km_officer", stranger=404)),
    ("kpi-create", "get", ["issue"], only("km_officer", stranger=404)),
    ("kpi-edit", "get", ["kpi"], only("km_officer", stranger=404)),
    ("kpi-delete", "get", ["kpi"], only("km_officer", stranger=404)),
    # Accounts (django.contrib.auth).
    ("login", "get", [], PUBLIC),
    ("logout", "post", [], {a: 302 for a in ACTORS}),
    ("password_change", "get", [], members()),
    ("password_change_done", "get", [], members()),
    ("password_reset", "get", [], PUBLIC),
    ("password_reset_done", "get", [], PUBLIC),
    ("password_reset_confirm", "get", ["uid", "token"], PUBLIC),
    ("password_reset_complete", "get", [], PUBLIC),
    ("set_language", "post", [], {a: 302 for a in ACTORS}),
    ("notification-list", "get", [], members()),
    # A strategic issue's page: everyone of the province reads; the KM team runs it.
    ("issue-detail", "get", ["issue"], members(stranger=404)),
    ("issue-finalise", "post", ["issue"], only("km_officer", status=302, stranger=404)),
    ("issue-reopen", "get", ["issue"], only("km_officer", status=302, stranger=404)),
    ("issue-history", "get", ["issue"], members(stranger=404)),
    # Editors and the agencies the worksheets name (here: the agency responsible for the KPI).
    (
        "issue-comment",
        "post",
        ["issue"],
        only(
            "km_officer",
            "issue_lead",
            "agency_user",
            "coordinator",
            "project_manager",
            "agency_cko",
            "agency_ceo",
            status=302,
            stranger=404,
        ),  # fmt: skip
    ),
    # Worksheets 2 and 4: everyone of the province reads; the KM team and the issue's team edit.
    ("matrix", "get", ["issue", "ws2"], members(stranger=404)),
    ("matrix-cell", "post", ["issue", "ws2"], only("km_officer", "issue_lead", stranger=404)),
    ("matrix-choose", "post", ["issue", "ws2"], only("km_officer", "issue_lead", stranger=404)),
    ("criterion-add", "post", ["issue", "ws2"], only("km_officer", "issue_lead", status=302, stranger=404)),
    (
        "criterion-move",
        "post",
        ["issue", "ws2", "criterion"],
        only("km_officer", "issue_lead", status=302, stranger=404),
    ),
    (
        "criterion-delete",
        "post",
        ["issue", "ws2", "criterion"],
        only("km_officer", "issue_lead", status=302, stranger=404),
    ),
]
# What a POST sends, where the view needs more than the URL: by name, or by (name, *args) where
# rows of one name need different data (worksheet 2's columns are KPIs, worksheet 4's knowledge).
DATA = {
    "year-select": lambda w: {"year": 2569},
    "matrix-cell": lambda w: {"criterion": w["criterion"], "column": w["kpi"], "value": "5", "seen": ""},
    "matrix-choose": lambda w: {"column": w["kpi"], "chosen": w["kpi"], "seen": "1"},
    "criterion-add": lambda w: {"text": "เกณฑ์ของทีม"},
    "issue-comment": lambda w: {"worksheet": 1, "text": "ขอเพิ่มส่วนราชการที่เกี่ยวข้อง"},
}
# Features add their rows in tests/access/<feature>.py.
for _module in (
    access_ws3,
    access_forms,
    access_finalised,
    access_teams,
    access_actionplans,
    access_actionplan_lists,
    access_documents_excel,
    access_pdf_matrix,
    access_pdf_forms,
    access_pdf_teams,
    access_reports,
):
    ROWS += _module.ROWS
    DATA.update(_module.DATA)

NOT_WALKED = {"admin"}  # Django's admin guards itself (staff only); demo users are not staff.


def _names(resolver=None, namespace=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in NOT_WALKED:
                continue
            yield from _names(entry, entry.namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_is_covered():
    assert set(_names()) == {name for name, *_ in ROWS}


def _finalised_issue(fiscal_year, issue_lead, agency) -> dict:
    """A second issue, finalised, with something in each of its worksheets to change."""
    issue = IssueFactory(fiscal_year=fiscal_year)
    issue.members.add(issue_lead)
    kpi = KpiFactory(issue=issue, chosen=True, responsible=[agency])
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง")
    item = KnowledgeItem.objects.create(
        process=process, order=1, name="การตรวจแปลง", kind="tacit", chosen=True
    )
    own = ScoringCriterion.objects.create(issue=issue, worksheet=2, order=99, text="เกณฑ์ของทีม")
    item.responsible_agencies.add(agency)
    second = KnowledgeItem.objects.create(
        process=process, order=2, name="การคัดเลือกพันธุ์", kind="explicit", chosen=True
    )
    second.responsible_agencies.add(agency)
    # Its roster (worksheet 5) is started; the open issue's is not.
    team = team_services.start_roster(Team.Kind.ISSUE, fiscal_year, issue=issue)
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    return {
        "final_issue": issue.pk,
        "final_team": team.pk,
        "final_kpi": kpi.pk,
        "final_process": process.pk,
        "final_item": item.pk,
        "final_criterion": own.pk,
        "final_criterion4": issue.criteria.filter(worksheet=4).first().pk,
        "final_second_item": second.pk,
    }


def _plans(request, fiscal_year, agency, agency_user, final: dict) -> dict:
    """The agency's draft plan and the province's of the finalised issue's knowledge, and the
    agency's approved plan of its second item, with its signed scan."""
    item = KnowledgeItem.objects.get(pk=final["final_item"])
    second = KnowledgeItem.objects.get(pk=final["final_second_item"])
    km_officer = request.getfixturevalue("km_officer")
    row = {"name": "ชุมชนนักปฏิบัติ", "start_month": fiscal_year.start, "end_month": fiscal_year.start,
           "indicator": "", "target": "", "target_group": "", "responsible": "", "remark": "", "steps": ["km6"]}  # fmt: skip
    aplan = plan_services.open_plan(agency_user, fiscal_year, item, agency.pk)
    plan_services.save_activities(aplan, [row], plan_services.fingerprint(aplan), agency_user)
    pplan = plan_services.open_plan(km_officer, fiscal_year, item, None)
    approved = plan_services.open_plan(agency_user, fiscal_year, second, agency.pk)
    plan_services.save_activities(approved, [row], plan_services.fingerprint(approved), agency_user)
    plan_workflow.act(approved, agency_user, "submit")
    plan_workflow.act(approved, request.getfixturevalue("agency_cko"), "review")
    plan_workflow.act(approved, request.getfixturevalue("agency_ceo"), "approve")
    plan_services.attach_scan(
        approved, SimpleUploadedFile("แผนที่ลงนาม.pdf", access_actionplans.SCAN_PDF), agency_user
    )
    return {
        "aplan": aplan.pk,
        "aplan_review": aplan.pk,
        "aplan_approve": aplan.pk,
        "aplan_submit": aplan.pk,
        "pplan": pplan.pk,
        "approved_plan": approved.pk,
    }


@pytest.fixture
def world(request, fiscal_year, agency, agency_user, province, issue_lead, settings, tmp_path_factory):
    """Objects of Kalasin that the URLs point at."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # the walk's uploads stay out of var/media
    issue = IssueFactory(fiscal_year=fiscal_year)
    issue.members.add(issue_lead)
    kpi = KpiFactory(issue=issue, chosen=True, responsible=[agency])
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การส่งเสริมการผลิต")
    item = KnowledgeItem.objects.create(process=process, order=1, name="การผลิตพืชปลอดภัย", kind="tacit")
    final = _finalised_issue(fiscal_year, issue_lead, agency)
    team = team_services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
    member = team_services.add_member(
        team, role=MemberRole.HEAD, first_name="สมชาย", last_name="ใจดี", phone="081-234-5678", agency=agency
    )
    team_services.attach_order(team, SimpleUploadedFile("คำสั่งแต่งตั้ง.pdf", access_teams.ORDER_PDF), agency_user)
    plans = _plans(request, fiscal_year, agency, agency_user, final)
    plans.update(access_reports.world(request, plans))
    return {
        "ws2": 2,
        "ws4": 4,
        "process": process.pk,
        "item": item.pk,
        "criterion": issue.criteria.filter(worksheet=2).first().pk,
        "criterion4": issue.criteria.filter(worksheet=4).first().pk,
        **final,
        "agency": agency.pk,
        "fiscal_year": fiscal_year.pk,
        "agency_user": agency_user.pk,
        "agency_head": request.getfixturevalue("agency_ceo").pk,
        "plan": PlanFactory(province=province).pk,
        "issue": issue.pk,
        "kpi": kpi.pk,
        "team": team.pk,
        "member": member.pk,
        **plans,
        "uid": "MQ",
        "token": "set-password",
    }


def walk(request, client, world: dict, actor: str, expectation, skip=()) -> list[str]:
    """Request every row's URL as ``actor`` (signed in again after logging out) and compare the
    answer with ``expectation(name, method, expected, actor)``; the rows that differ."""
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    failures = []
    for name, method, args, expected in ROWS:
        if name in skip:
            continue
        url = reverse(name, args=[world[a] for a in args])
        make = DATA.get((name, *args)) or DATA.get(name)
        data = make(world) if make else {}
        response = getattr(client, method)(url, data)
        want = expectation(name, method, expected, actor)
        got = response.status_code
        if want == LOGIN:
            ok = got == 302 and response["Location"].startswith(reverse("login"))
        else:
            ok = got == want
        if not ok:
            failures.append(f"{name} {method} {args}: expected {want}, got {got}")
        if name == "logout" and actor != "anonymous":
            client.force_login(request.getfixturevalue(actor))
    return failures


@pytest.mark.parametrize("actor", ACTORS)
def test_who_gets_in(request, client, world, actor):
    failures = walk(request, client, world, actor, lambda name, method, expected, actor: expected[actor])
    assert not failures, f"{actor}: " + "; ".join(failures)
