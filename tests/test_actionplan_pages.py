"""Form 2's pages as their users meet them: opening a plan, writing its activity table (two people
at once included), moving it through review and approval, and what a frozen plan refuses."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans import services, workflow
from actionplans.models import ActionPlan, State
from tests.factories import IssueFactory, KpiFactory
from worksheets.models import KnowledgeItem, StrategicIssue, WorkProcess

OCT, NOV, DEC = datetime.date(2025, 10, 1), datetime.date(2025, 11, 1), datetime.date(2025, 12, 1)


def row(name, first=OCT, last=OCT, **more) -> dict:
    return {"id": None, "name": name, "start_month": first, "end_month": last, "indicator": "", "target": "",
            "target_group": "", "responsible": "", "remark": "", "steps": [], **more}  # fmt: skip


@pytest.fixture
def plan(plan_knowledge, fiscal_year, agency, agency_user):
    plan = services.open_plan(agency_user, fiscal_year, plan_knowledge, agency.pk)
    services.save_activities(
        plan, [row("ชุมชนนักปฏิบัติ"), row("ถอดบทเรียน")], services.fingerprint(plan), agency_user
    )
    return plan


def form_data(plan, rows: list[dict], seen: str | None = None, initial: int | None = None) -> dict:
    """What the activity page posts: the management form, the fingerprint, one block per row."""
    data = {
        "activity-TOTAL_FORMS": str(len(rows)),
        "activity-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        "seen": services.fingerprint(plan) if seen is None else seen,
    }
    for i, r in enumerate(rows):
        for key, value in r.items():
            if key == "steps":
                data[f"activity-{i}-steps"] = value
            else:
                data[f"activity-{i}-{key}"] = value
    return data


def posted(activity=None, **values) -> dict:
    base = {"id": str(activity.pk) if activity else "", "name": "", "start_month": "2025-10", "end_month": "2025-10",
            "indicator": "", "target": "", "target_group": "", "responsible": "", "remark": "", "ORDER": ""}  # fmt: skip
    if activity:
        base.update(name=activity.name, ORDER=str(activity.order))
    base.update(values)
    return base


def test_an_agency_opens_one_plan_per_knowledge(login, agency_user, plan_knowledge, agency):
    client = login(agency_user)
    page = client.get(reverse("actionplan-create"))
    key = f"{plan_knowledge.pk}-{agency.pk}"
    assert key in page.content.decode()
    response = client.post(reverse("actionplan-create"), {"plan": key})
    plan = ActionPlan.objects.get()
    assert response.url == reverse("actionplan-activities", args=[plan.pk])
    assert (plan.agency, plan.knowledge, plan.state, plan.created_by) == (
        agency,
        plan_knowledge,
        State.DRAFT,
        agency_user,
    )
    # A second click (or a colleague) opens nothing more: the choice is gone and the post is refused.
    again = client.post(reverse("actionplan-create"), {"plan": key})
    assert again.status_code == 200 and ActionPlan.objects.count() == 1


def test_knowledge_not_chosen_or_not_named_cannot_get_a_plan(
    login, other_agency_user, plan_knowledge, fiscal_year
):
    client = login(other_agency_user)
    response = client.post(
        reverse("actionplan-create"), {"plan": f"{plan_knowledge.pk}-{other_agency_user.agency_id}"}
    )
    assert response.status_code == 200 and not ActionPlan.objects.exists()


def test_activities_are_added_reordered_and_removed_in_one_save(login, agency_user, plan):
    first, second = plan.activities.all()
    rows = [
        posted(first, ORDER="2"),
        posted(second, ORDER="1", name="ถอดบทเรียนจากเกษตรกรต้นแบบ", start_month="2025-11", end_month="2025-12",
               steps=["km3", "ch2"]),
        posted(name="จัดทำคู่มือ", ORDER="3", DELETE="on"),
        posted(name="เวทีแลกเปลี่ยนเรียนรู้", ORDER=""),
    ]  # fmt: skip
    response = login(agency_user).post(
        reverse("actionplan-activities", args=[plan.pk]), form_data(plan, rows, initial=2)
    )
    assert response.status_code == 302
    saved = list(plan.activities.order_by("order"))
    assert [(a.order, a.name) for a in saved] == [
        (1, "ถอดบทเรียนจากเกษตรกรต้นแบบ"),
        (2, "ชุมชนนักปฏิบัติ"),
        (3, "เวทีแลกเปลี่ยนเรียนรู้"),
    ]
    assert saved[0].pk == second.pk and (saved[0].start_month, saved[0].end_month) == (NOV, DEC)
    assert saved[0].steps == ["km3", "ch2"]
    # Taking the first row out removes that activity.
    rows = [posted(saved[0], DELETE="on"), posted(saved[1]), posted(saved[2])]
    login(agency_user).post(reverse("actionplan-activities", args=[plan.pk]), form_data(plan, rows))
    assert list(plan.activities.values_list("name", flat=True)) == ["ชุมชนนักปฏิบัติ", "เวทีแลกเปลี่ยนเรียนรู้"]


@pytest.mark.parametrize(
    "values",
    [
        {"start_month": "2026-10"},  # after the fiscal year
        {"start_month": "2025-09"},  # before it
        {"start_month": "<script>alert(1)</script>"},
        {"end_month": "9999-99"},
        {"start_month": "2025-12", "end_month": "2025-10"},  # ends before it starts
        {"name": ""},
        {"name": "ก" * 501},
        {"steps": ["km8"]},
        {"ORDER": "สอง"},
        {"id": "'; DROP TABLE actionplans_activity; --"},
    ],
)
def test_a_bad_row_is_refused_in_thai_and_nothing_is_saved(login, agency_user, plan, values):
    before = list(plan.activities.values_list("pk", "name", "order"))
    first, second = plan.activities.all()
    rows = [posted(first, **values), posted(second)]
    response = login(agency_user).post(
        reverse("actionplan-activities", args=[plan.pk]), form_data(plan, rows)
    )
    if values.get("id"):
        # An id that is not one of the plan's activities makes a new row; the rest stays.
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    assert list(plan.activities.values_list("pk", "name", "order")) == before


def test_a_plan_holds_a_bounded_number_of_activities(login, agency_user, plan):
    rows = [posted(name=f"กิจกรรม {i}") for i in range(services.MAX_ACTIVITIES + 1)]
    response = login(agency_user).post(
        reverse("actionplan-activities", args=[plan.pk]), form_data(plan, rows, initial=0)
    )
    assert response.status_code == 200 and plan.activities.count() == 2


def test_two_writers_at_once_lose_nothing(client, django_user_model, agency_user, project_manager, plan):
    """Both open the table; the first saves; the second's save is refused with both versions shown,
    and saving the merged table keeps the rows of both."""
    seen = services.fingerprint(plan)
    first, second = plan.activities.all()
    client.force_login(agency_user)
    client.post(reverse("actionplan-activities", args=[plan.pk]),
                form_data(plan, [posted(first), posted(second), posted(name="เพิ่มโดยทีม")], seen=seen, initial=2))  # fmt: skip
    assert plan.activities.count() == 3
    client.force_login(project_manager)
    mine = [posted(first, name="ชุมชนนักปฏิบัติ (แก้โดยผู้จัดการโครงการ)"), posted(second), posted(name="เพิ่มโดย PM")]
    response = client.post(
        reverse("actionplan-activities", args=[plan.pk]), form_data(plan, mine, seen=seen, initial=2)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stale-activities"' in html and "เพิ่มโดยทีม" in html and "เพิ่มโดย PM" in html
    assert "แก้โดยผู้จัดการโครงการ" in html
    assert sorted(plan.activities.values_list("name", flat=True)) == sorted(
        ["ชุมชนนักปฏิบัติ", "ถอดบทเรียน", "เพิ่มโดยทีม"]
    )
    # The page now carries the fresh fingerprint and all four rows: saving it keeps everything.
    formset = response.context["formset"]
    rows = [{**posted(), **{k: (v.strftime("%Y-%m") if isinstance(v, datetime.date) else ("" if v is None else v))
                            for k, v in r.items()}} for r in formset.initial]  # fmt: skip
    again = client.post(reverse("actionplan-activities", args=[plan.pk]),
                        form_data(plan, rows, seen=response.context["seen"], initial=len(rows)))  # fmt: skip
    assert again.status_code == 302
    assert sorted(plan.activities.values_list("name", flat=True)) == sorted(
        ["ชุมชนนักปฏิบัติ (แก้โดยผู้จัดการโครงการ)", "ถอดบทเรียน", "เพิ่มโดยทีม", "เพิ่มโดย PM"]
    )


def _submit(plan, user):
    return workflow.act(plan, user, "submit")


def test_a_submitted_plan_cannot_be_edited_through_any_page(login, agency_user, plan):
    _submit(plan, agency_user)
    client = login(agency_user)
    url = reverse("actionplan-activities", args=[plan.pk])
    first, second = plan.activities.all()
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(plan, [posted(first, name="แก้หลังส่ง")])).status_code == 403
    assert plan.activities.filter(name="แก้หลังส่ง").count() == 0
    assert client.get(reverse("actionplan-detail", args=[plan.pk])).context["can_edit"] is False


def test_the_submitted_header_keeps_what_was_signed(login, agency_user, plan, plan_knowledge):
    _submit(plan, agency_user)
    kpi = plan_knowledge.process.kpi
    plan_knowledge.name = "ชื่อใหม่ขององค์ความรู้"
    plan_knowledge.save()
    kpi.name, kpi.target = "ชื่อตัวชี้วัดใหม่", "99"
    kpi.save()
    html = login(agency_user).get(reverse("actionplan-detail", args=[plan.pk])).content.decode()
    assert "การผลิตพืชปลอดภัย" in html and "ชื่อใหม่ขององค์ความรู้" not in html
    assert "ชื่อตัวชี้วัดใหม่" not in html and "5 ร้อยละ" in html


def test_the_footer_shows_who_reviewed_and_approved_and_when(
    login, agency_user, agency_cko, agency_ceo, plan
):
    agency_cko.first_name, agency_cko.last_name, agency_cko.position = "อำนาจ", "สายทอง", "หัวหน้ากลุ่ม"
    agency_cko.save()
    _submit(plan, agency_user)
    client = login(agency_cko)
    client.post(reverse("actionplan-act", args=[plan.pk]), {"action": "review"})
    page = client.get(reverse("actionplan-detail", args=[plan.pk]))
    footer = page.content.decode().split('id="signatures"')[1].split("</div>")[0]
    assert "อำนาจ" in footer and "สายทอง" in footer and str(timezone.localdate().year + 543) in footer
    assert page.context["signatures"]["approval"] is None
    login(agency_ceo).post(reverse("actionplan-act", args=[plan.pk]), {"action": "approve"})
    plan.refresh_from_db()
    assert plan.state == State.APPROVED


def test_a_return_needs_a_comment_and_sends_it_back(login, agency_user, agency_cko, plan):
    _submit(plan, agency_user)
    client = login(agency_cko)
    client.post(reverse("actionplan-act", args=[plan.pk]), {"action": "return", "comment": "   "})
    plan.refresh_from_db()
    assert plan.state == State.SUBMITTED
    client.post(reverse("actionplan-act", args=[plan.pk]), {"action": "return", "comment": "เพิ่มกิจกรรมวัดผล"})
    plan.refresh_from_db()
    assert plan.state == State.RETURNED
    page = login(agency_user).get(reverse("actionplan-detail", args=[plan.pk]))
    assert "เพิ่มกิจกรรมวัดผล" in page.content.decode() and page.context["can_edit"]


def test_an_unknown_action_is_refused(login, agency_user, plan):
    response = login(agency_user).post(reverse("actionplan-act", args=[plan.pk]), {"action": "<script>"})
    assert response.status_code == 403


def _approve(plan, agency_user, agency_cko, agency_ceo):
    _submit(plan, agency_user)
    workflow.act(plan, agency_cko, "review")
    return workflow.act(plan, agency_ceo, "approve")


def test_an_approved_plan_changes_by_a_new_revision(login, agency_user, agency_cko, agency_ceo, plan):
    _approve(plan, agency_user, agency_cko, agency_ceo)
    client = login(agency_user)
    response = client.post(reverse("actionplan-revise", args=[plan.pk]))
    new = ActionPlan.objects.get(previous=plan)
    assert response.url == reverse("actionplan-activities", args=[new.pk])
    assert (new.revision, new.state) == (2, State.DRAFT)
    assert list(new.activities.values_list("name", flat=True)) == list(
        plan.activities.values_list("name", flat=True)
    )
    old = client.get(reverse("actionplan-detail", args=[plan.pk]))
    assert old.context["newer"] == new and old.context["can_edit"] is False
    # The approved revision stays as it was: a save of its table is refused.
    assert client.get(reverse("actionplan-activities", args=[plan.pk])).status_code == 403
    # Revising the old revision again starts nothing more.
    client.post(reverse("actionplan-revise", args=[plan.pk]))
    assert ActionPlan.objects.count() == 2


def test_the_signed_scan_is_checked_and_downloaded_as_an_attachment(
    login, agency_user, agency_cko, agency_ceo, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _approve(plan, agency_user, agency_cko, agency_ceo)
    client = login(agency_user)
    url = reverse("actionplan-scan", args=[plan.pk])
    fake = SimpleUploadedFile("แผน.pdf", b"<html><script>alert(1)</script></html>")
    assert client.post(url, {"scan-file": fake}).status_code == 200
    assert not hasattr(ActionPlan.objects.get(pk=plan.pk), "signed_scan")
    pdf = SimpleUploadedFile("แผนลงนาม.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(url, {"scan-file": pdf}).status_code == 302
    download = client.get(reverse("actionplan-scan-file", args=[plan.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_new_scan_replaces_the_old_file_and_the_history_keeps_both(
    login, agency_user, agency_cko, agency_ceo, plan, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    _approve(plan, agency_user, agency_cko, agency_ceo)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.attach_scan(plan, SimpleUploadedFile("ฉบับแรก.pdf", b"%PDF-1.4\n%first"), agency_user)
    first_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.attach_scan(
            plan, SimpleUploadedFile("ฉบับแก้.pdf", b"%PDF-1.4\n%second"), agency_user
        )
    assert second.pk == first.pk and second.original_name == "ฉบับแก้.pdf"
    assert not default_storage.exists(first_name)
    assert default_storage.open(second.file.name).read() == b"%PDF-1.4\n%second"
    assert list(second.history.values_list("original_name", flat=True)) == ["ฉบับแก้.pdf", "ฉบับแรก.pdf"]
    # A scan deleted, or gone with its plan, takes its file with it.
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert not default_storage.exists(second.file.name)


def test_a_draft_takes_no_scan(login, agency_user, plan):
    assert login(agency_user).get(reverse("actionplan-scan", args=[plan.pk])).status_code == 403


def test_agencies_named_for_the_knowledge_read_and_comment_on_the_draft(
    login, other_agency_user, other_agency, plan, plan_knowledge
):
    client = login(other_agency_user)
    assert client.get(reverse("actionplan-detail", args=[plan.pk])).status_code == 404
    plan_knowledge.involved_agencies.add(other_agency)
    page = client.get(reverse("actionplan-detail", args=[plan.pk]))
    assert page.status_code == 200 and page.context["comment_form"] is not None
    client.post(reverse("actionplan-comment", args=[plan.pk]), {"text": "ขอร่วมจัดเวทีแลกเปลี่ยนเรียนรู้"})
    assert plan.comments.get().author == other_agency_user


def _grow(plan, user, count):
    services.save_activities(plan, [row(f"กิจกรรม {i}", steps=["km1", "ch2"]) for i in range(count)],
                             services.fingerprint(plan), user)  # fmt: skip


@pytest.mark.parametrize("count", [2, 8])
def test_plan_pages_make_a_fixed_number_of_queries(
    login, agency_user, agency_cko, plan, count, django_assert_max_num_queries
):
    _grow(plan, agency_user, count)
    client = login(agency_user)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("actionplan-activities", args=[plan.pk])).status_code == 200
    _submit(plan, agency_user)
    workflow.act(plan, agency_cko, "review")
    with django_assert_max_num_queries(24):
        assert client.get(reverse("actionplan-detail", args=[plan.pk])).status_code == 200


def _finalised_issue_with_knowledge(fiscal_year, agency, number):
    issue = IssueFactory(fiscal_year=fiscal_year, number=number)
    kpi = KpiFactory(issue=issue, chosen=True, responsible=[agency])
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="กระบวนการ")
    item = KnowledgeItem.objects.create(
        process=process, order=1, name=f"ความรู้ {number}", kind="tacit", chosen=True
    )
    item.responsible_agencies.add(agency)
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    return issue


def test_the_open_page_reads_the_same_whatever_the_number_of_issues(client, issue_lead, fiscal_year, agency):
    """The issue's editor is offered the province's plans of every issue they edit, in a fixed
    number of queries."""
    client.force_login(issue_lead)
    counts = []
    for number in range(1, 5):
        _finalised_issue_with_knowledge(fiscal_year, agency, number).members.add(issue_lead)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("actionplan-create"))
        assert len(page.context["pairs"]) == number
        counts.append(len(queries))
    assert counts[1] == counts[-1], counts
