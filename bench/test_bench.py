"""Speed and memory targets for the pages and files that grow with a province's data.

Run with `make bench`; each prints its measurement and fails when it misses its target. Targets
are for the 2-core machine the project is built on, with a margin; they are not unit tests.
"""

import io
import time
import tracemalloc
from statistics import median

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from actionplans import demo, services, workflow
from core.documents import excel as documents
from core.models import Agency, Role
from reports import bundle
from reports import rounds as report_rounds
from reports import services as report_services
from reports import workflow as report_workflow
from reports.models import RoundDocument
from teams import services as team_services
from teams.models import MemberRole, Team
from tests.factories import AgencyFactory, IssueFactory, KpiFactory, UserFactory, approve_on, approved_plan
from worksheets import demo as worksheets_demo
from worksheets import excel
from worksheets import matrix as scoring
from worksheets.models import KnowledgeItem, Kpi, KpiScore, ScoringCriterion, SufficiencyAnalysis, WorkProcess

pytestmark = pytest.mark.django_db


def measure(action, runs=5):
    """Median seconds over a few runs, then the peak MiB of Python memory of one more run.

    Memory is traced in a run of its own, since tracing slows Python down several times.
    """
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return median(times), peak


@pytest.fixture
def province_of_40_agencies(province):
    for _ in range(40):
        AgencyFactory(province=province)
    return province


@pytest.fixture
def big_year(fiscal_year, province_of_40_agencies):
    """10 strategic issues × 10 KPIs, each KPI naming 3 responsible and 3 involved agencies."""
    agencies = list(Agency.objects.all())
    for i in range(10):
        issue = IssueFactory(fiscal_year=fiscal_year, number=i + 1)
        for k in range(10):
            KpiFactory(
                issue=issue, number=k + 1, responsible=agencies[k : k + 3], involved=agencies[k + 3 : k + 6]
            )
    return fiscal_year


def report(name, seconds, mib, target_s, target_mib):
    print(
        f"\n{name}: {seconds * 1000:.0f} ms (target {target_s * 1000:.0f}), peak {mib:.1f} MiB (target {target_mib})"
    )
    assert seconds < target_s and mib < target_mib


def test_worksheet_1_with_100_kpis(client, km_officer, big_year):
    client.force_login(km_officer)
    seconds, mib = measure(lambda: client.get(reverse("worksheet1")))
    report("worksheet 1, 100 KPIs", seconds, mib, 0.5, 30)


def test_excel_export_and_import_of_100_kpis(km_officer, big_year):
    data = excel.export_kpis(big_year)
    seconds, mib = measure(lambda: excel.export_kpis(big_year), runs=3)
    report("Excel export, 100 KPIs", seconds, mib, 1.0, 40)
    seconds, mib = measure(lambda: excel.import_kpis(big_year, data), runs=3)
    report("Excel import, 100 KPIs", seconds, mib, 3.0, 60)


@pytest.fixture
def matrix_30_by_10(fiscal_year, issue_lead):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    issue.members.add(issue_lead)
    for number in range(1, 11):
        KpiFactory(issue=issue, number=number)
    for order in range(6, 31):
        ScoringCriterion.objects.create(issue=issue, worksheet=2, text=f"เกณฑ์ที่ {order}", order=order)
    return issue


def test_a_30_by_10_matrix_page_and_whole_save(client, issue_lead, matrix_30_by_10):
    issue = matrix_30_by_10
    client.force_login(issue_lead)
    url = reverse("matrix", args=[issue.pk, 2])
    values = iter(["5", "3", "1"] * 1000)

    def save():
        # What the page carries: the layout, and what it showed in each cell.
        matrix = scoring.load(issue, 2)
        data = {"fingerprint": matrix.fingerprint}
        value = next(values)
        for criterion, cells in matrix.rows():
            for col, seen, _changed in cells:
                data[f"cell-{criterion.pk}-{col.obj.pk}"] = value
                data[f"seen-{criterion.pk}-{col.obj.pk}"] = "" if seen is None else seen
        assert client.post(url, data).status_code == 302

    seconds, mib = measure(save, runs=3)
    report("whole save of a 30 × 10 matrix", seconds, mib, 2.0, 60)
    seconds, mib = measure(lambda: client.get(url))
    report("30 × 10 matrix page", seconds, mib, 0.6, 40)


@pytest.fixture
def file_of_300_kpis(fiscal_year, province_of_40_agencies):
    """A province-sized worksheet 1 as a person fills it in: 10 issues × 30 KPIs, each row naming
    two responsible and two involved agencies by name; no KPI exists yet."""
    names = [a.name for a in Agency.objects.filter(is_active=True)]
    book = documents.workbook()
    sheet = documents.sheet(book, "ใบงานที่ 1", [(str(label), 10) for _key, label, _width in excel.COLUMNS])
    for i in range(10):
        IssueFactory(fiscal_year=fiscal_year, number=i + 1)
        for k in range(30):
            documents.append(
                sheet,
                [
                    i + 1,
                    k + 1,
                    f"ร้อยละของครัวเรือนเกษตรกรที่ผ่านเกณฑ์มาตรฐาน ตัวชี้วัดที่ {k + 1}",
                    "ร้อยละ",
                    "80",
                    12.5,
                    "\n".join(names[k : k + 2]),
                    "\n".join(names[k + 2 : k + 4]),
                    "หมายเหตุ",
                ],
            )
    return documents.to_bytes(book)


def test_excel_import_of_300_new_kpis(km_officer, fiscal_year, file_of_300_kpis):
    def import_and_undo():
        with transaction.atomic():
            result = excel.import_kpis(fiscal_year, file_of_300_kpis)
            transaction.set_rollback(True)
        assert result.created == 300

    seconds, mib = measure(import_and_undo, runs=3)
    report("Excel import, 300 new KPIs", seconds, mib, 1.0, 60)
    excel.import_kpis(fiscal_year, file_of_300_kpis)
    seconds, mib = measure(lambda: excel.import_kpis(fiscal_year, file_of_300_kpis), runs=3)
    report("Excel import, the same 300 KPIs again", seconds, mib, 0.6, 60)


def _form2(plan_knowledge, fiscal_year, agency, agency_user, count: int):
    """A plan of the agency with ``count`` of the demo's activities (their own words), as long as
    the demo's plans at ``count`` 6."""
    months = services.month_choices(fiscal_year)
    every = [a for activities in demo.ACTIVITIES.values() for a in activities]
    rows = [
        {"name": name, "start_month": months[first], "end_month": months[last], "indicator": indicator,
         "target": target, "target_group": group, "responsible": demo.RESPONSIBLE[demo.AGRI],
         "remark": remark, "steps": steps}
        for name, first, last, indicator, target, group, steps, remark in (every * 3)[:count]
    ]  # fmt: skip
    plan = services.open_plan(agency_user, fiscal_year, plan_knowledge, agency.pk)
    services.save_activities(plan, rows, services.fingerprint(plan), agency_user)
    return plan


@pytest.mark.parametrize(("count", "target_s", "target_mib"), [(6, 0.8, 20), (30, 2.0, 40)])
def test_form_2_pdf(
    client,
    plan_knowledge,
    fiscal_year,
    agency,
    agency_user,
    agency_cko,
    agency_ceo,
    count,
    target_s,
    target_mib,
):
    """Form 2's PDF as its button gives it: the demo's six activities (two A4 landscape pages), and
    a long plan of 30 (about seven pages), reviewed and approved."""
    plan = _form2(plan_knowledge, fiscal_year, agency, agency_user, count)
    workflow.act(plan, agency_user, "submit")
    workflow.act(plan, agency_cko, "review")
    workflow.act(plan, agency_ceo, "approve")
    client.force_login(agency_user)
    url = reverse("actionplan-pdf", args=[plan.pk])
    assert client.get(url).status_code == 200
    seconds, mib = measure(lambda: client.get(url), runs=3)
    report(f"Form 2 PDF, {count} activities", seconds, mib, target_s, target_mib)


def _scored_matrix(fiscal_year, criteria: int, columns: int):
    """Worksheet 2 of an issue with ``criteria`` criteria (the seed's five and the team's own)
    and ``columns`` KPIs named as the demo's are, every cell scored, two KPIs chosen."""
    names = [kpi[0] for _number, _title, _goal, rows in worksheets_demo.ISSUES for kpi in rows]
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title=worksheets_demo.ISSUES[0][1])
    for order in range(6, criteria + 1):
        ScoringCriterion.objects.create(
            issue=issue, worksheet=2, text=f"เกณฑ์ที่ {order} ตามบริบทขององค์กร", order=order
        )
    for number in range(1, columns + 1):
        KpiFactory(issue=issue, number=number, name=names[number % len(names)], chosen=number <= 2)
    rows = list(issue.criteria.filter(worksheet=2))
    KpiScore.objects.bulk_create(
        KpiScore(criterion=c, kpi=kpi, value=(5, 3, 1)[(i + j) % 3])
        for i, kpi in enumerate(issue.kpis.all())
        for j, c in enumerate(rows)
    )
    return issue


@pytest.mark.parametrize(
    ("criteria", "columns", "target_s", "target_mib"), [(10, 10, 1.0, 25), (30, 20, 3.0, 50)]
)
def test_matrix_pdfs(client, fiscal_year, agency_user, criteria, columns, target_s, target_mib):
    """Worksheet 2's PDF as its button gives it: 10 criteria × 10 KPIs (two parts, two A4
    landscape pages) and 30 × 20 (three parts, eight pages: each page is a table of some 250
    cells, so it costs more than a page of Form 2); and the blank paper form."""
    issue = _scored_matrix(fiscal_year, criteria, columns)
    client.force_login(agency_user)
    url = reverse("matrix-pdf", args=[issue.pk, 2])
    assert client.get(url).status_code == 200
    seconds, mib = measure(lambda: client.get(url), runs=3)
    report(f"worksheet 2 PDF, {criteria} criteria × {columns} KPIs", seconds, mib, target_s, target_mib)
    if criteria == 10:
        blank = reverse("matrix-blank-pdf", args=[4])
        seconds, mib = measure(lambda: client.get(blank), runs=3)
        report("blank worksheet 4 PDF", seconds, mib, 0.6, 20)


def test_forms_pdfs(client, km_officer, big_year):
    """Worksheet 1's PDF of the demo-sized year (10 issues × 10 KPIs, each naming six agencies:
    about 25 A4 pages), and Form 1's of that year with every KPI chosen and two chosen knowledge
    items each (about 10 A4 landscape pages), as their buttons give them; and worksheets 3 and 4
    of one of its issues (10 KPIs, 20 knowledge items: worksheet 4 in three parts)."""
    for kpi in Kpi.objects.filter(issue__fiscal_year=big_year):
        kpi.chosen = True
        kpi.save(update_fields=["chosen"])
        process = WorkProcess.objects.create(kpi=kpi, order=1, name="การส่งเสริมและพัฒนาการผลิต")
        for order in (1, 2):
            KnowledgeItem.objects.create(
                process=process, order=order, name=f"เทคนิคการบริหารจัดการน้ำในแปลงใหญ่ {order}", kind="tacit",
                chosen=True,
            )  # fmt: skip
    client.force_login(km_officer)
    issue = big_year.strategic_issues.order_by("number").first()
    documents = (
        ("worksheet1-pdf", [], "100 KPIs", 6.0, 60),
        ("form1-pdf", [], "100 KPIs", 3.0, 40),
        ("worksheet3-pdf", [issue.pk], "10 KPIs", 2.0, 25),
        ("matrix-pdf", [issue.pk, 4], "worksheet 4, 20 knowledge items", 1.5, 20),
    )
    for name, args, size, target_s, target_mib in documents:
        url = reverse(name, args=args)
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        count = len(pypdf.PdfReader(io.BytesIO(response.content)).pages)
        seconds, mib = measure(lambda url=url: client.get(url), runs=3)
        report(f"{name}, {size}, {count} pages", seconds, mib, target_s, target_mib)


def test_roster_and_form_pdfs(client, fiscal_year, agency, agency_user):
    """The PDFs of a roster, the sufficiency-economy form and the KV as their buttons give them, at
    the demo's size: worksheet 6 of 25 members (two A4 pages), the form and the KV of an issue
    with two chosen KPIs and their knowledge, every part written."""
    issue = IssueFactory(fiscal_year=fiscal_year, number=1, title="การพัฒนาการเกษตรมูลค่าสูง")
    kpis = [KpiFactory(issue=issue, number=n, chosen=True, responsible=[agency]) for n in (1, 2)]
    for kpi in kpis:
        process = WorkProcess.objects.create(kpi=kpi, order=1, name="การส่งเสริมการผลิตพืชปลอดภัย")
        for order in (1, 2):
            KnowledgeItem.objects.create(
                process=process,
                order=order,
                name=f"การผลิตพืชตามมาตรฐาน GAP {order}",
                kind="tacit",
                chosen=True,
            )
    issue.knowledge_vision = "เกษตรกรจังหวัดผลิตพืชปลอดภัยได้ตามมาตรฐาน GAP และมีรายได้เพิ่มขึ้นอย่างยั่งยืน"
    issue.save()
    text = "ใช้น้ำและปุ๋ยอย่างพอดี กำหนดพื้นที่ปลูกตามความต้องการของตลาด ดำเนินการร่วมกับสำนักงานเกษตรอำเภอ"
    SufficiencyAnalysis.objects.create(
        issue=issue, moderation=text, reasonableness=text, immunity=text,
        knowledge_condition=text, morality_condition=text, km_scope=text,
    )  # fmt: skip
    team = team_services.start_roster(Team.Kind.AGENCY, fiscal_year, agency=agency)
    roles = [MemberRole.CEO, MemberRole.CKO, MemberRole.HEAD, MemberRole.DEPUTY] + [MemberRole.MEMBER] * 21
    for n, role in enumerate(roles):
        team_services.add_member(
            team, role=role, title="นางสาว", first_name=f"สุดารัตน์{n}", last_name="ศรีสมบูรณ์",
            position="นักวิชาการส่งเสริมการเกษตรชำนาญการ", phone="043-811-234", email=f"member{n}@kalasin.go.th",
        )  # fmt: skip
    client.force_login(agency_user)
    # The roster's two pages of five columns take about twice the time of Form 2's two.
    for name, pk, target_s in (
        ("team-pdf", team.pk, 1.5),
        ("sufficiency-pdf", issue.pk, 0.8),
        ("knowledge-vision-pdf", issue.pk, 0.8),
    ):
        url = reverse(name, args=[pk])
        assert client.get(url).status_code == 200
        seconds, mib = measure(lambda url=url: client.get(url), runs=3)
        report(f"{name}, demo size", seconds, mib, target_s, 20)


@pytest.mark.parametrize(("count", "target_s", "target_mib"), [(6, 0.8, 20), (25, 2.5, 40)])
def test_report_pdf(
    client, settings, tmp_path, plan_knowledge, fiscal_year, agency, agency_user, agency_cko, agency_ceo,
    count, target_s, target_mib,
):  # fmt: skip
    """A progress report's PDF as its button gives it: the 6-month report on a plan of the demo's
    six activities (three A4 landscape pages), and on a long plan of 25, every activity answered,
    four evidence files, submitted and endorsed."""
    settings.MEDIA_ROOT = tmp_path
    plan = _form2(plan_knowledge, fiscal_year, agency, agency_user, count)
    workflow.act(plan, agency_user, "submit")
    workflow.act(plan, agency_cko, "review")
    workflow.act(plan, agency_ceo, "approve")
    approve_on(plan, fiscal_year.start.replace(month=12))
    draft = report_services.open_report(report_rounds.saved_rounds_of(fiscal_year)[0], plan, agency_user)
    text = "จัดเวทีแลกเปลี่ยนเรียนรู้เรื่องการผลิตพืชปลอดภัยตามมาตรฐาน GAP ให้เกษตรกรแปลงใหญ่ 3 อำเภอ"
    rows = {
        row.pk: {"status": "done", "cancel_reason": "", "done": text, "result": "เกษตรกรเข้าร่วม 45 คน จากเป้าหมาย 30 คน",
                 "problems": "เกษตรกรไม่สะดวกเดินทางช่วงเก็บเกี่ยว", "solutions": "จัดเวทีย่อยในพื้นที่"}
        for row in draft.rows.all()
    }  # fmt: skip
    fields = {"kpi_result": "ร้อยละ 82 ของแปลงผ่านเกณฑ์", "kpi_verdict": "met"}
    report_services.save_report(draft, fields, rows, report_services.fingerprint(draft), agency_user)
    for n, row in enumerate(list(draft.rows.all())[:4]):
        upload = SimpleUploadedFile(f"ภาพกิจกรรมครั้งที่ {n + 1}.pdf", b"%PDF-1.4\n%%EOF\n")
        report_services.add_evidence(draft, upload, agency_user, row)
    report_workflow.act(draft, agency_user, "submit")
    report_workflow.act(draft, agency_cko, "endorse")
    client.force_login(agency_user)
    url = reverse("report-pdf", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 200
    pages = len(pypdf.PdfReader(io.BytesIO(response.content)).pages)
    seconds, mib = measure(lambda: client.get(url), runs=3)
    report(f"progress report PDF, {count} activities ({pages} pages)", seconds, mib, target_s, target_mib)


def _round_of_reports(fiscal_year, count: int):
    """``count`` agencies, each with an approved plan of 6 activities and its 6-month report
    answered and submitted: the round a province prints as one PDF."""
    text = "จัดเวทีแลกเปลี่ยนเรียนรู้เรื่องการผลิตพืชปลอดภัยตามมาตรฐาน GAP ให้เกษตรกรแปลงใหญ่ 3 อำเภอ"
    for _ in range(count):
        agency = AgencyFactory(province=fiscal_year.province)
        writer, cko, ceo = (UserFactory(agency=agency, roles=[(role, agency)]) for role in
                            (Role.AGENCY_TEAM, Role.CKO, Role.CEO))  # fmt: skip
        plan = approved_plan(fiscal_year, agency, writer, cko, ceo, activities=6)
        draft = report_services.open_report(report_rounds.saved_rounds_of(fiscal_year)[0], plan, writer)
        rows = {
            row.pk: {"status": "done", "cancel_reason": "", "done": text, "result": "เกษตรกรเข้าร่วม 45 คน",
                     "problems": "เกษตรกรไม่สะดวกเดินทางช่วงเก็บเกี่ยว", "solutions": "จัดเวทีย่อยในพื้นที่"}
            for row in draft.rows.all()
        }  # fmt: skip
        fields = {"kpi_result": "ร้อยละ 82 ของแปลงผ่านเกณฑ์", "kpi_verdict": "met"}
        report_services.save_report(draft, fields, rows, report_services.fingerprint(draft), writer)
        report_workflow.act(draft, writer, "submit")
    return report_rounds.saved_rounds_of(fiscal_year)[0]


@pytest.mark.parametrize(("count", "target_s", "target_mib"), [(10, 6.0, 40), (100, 60.0, 100)])
def test_whole_round_pdf(settings, tmp_path, fiscal_year, count, target_s, target_mib):
    """The whole round as one PDF, as the worker builds it: at about the demo's size (10 reports)
    and ten times it (100 reports, some 300 A4 pages)."""
    settings.MEDIA_ROOT = tmp_path
    round = _round_of_reports(fiscal_year, count)

    def build():
        return bundle.build(RoundDocument.objects.create(round=round).pk)

    pages = build().pages
    seconds, mib = measure(build, runs=1)
    report(f"whole round PDF, {count} reports ({pages} pages)", seconds, mib, target_s, target_mib)
