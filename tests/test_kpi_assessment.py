"""The KPI assessment (แบบประเมินตัวชี้วัดตามกรอบ ก.พ.ร.): per chosen KPI, entered by an agency
responsible for it or the provincial KM team once the 12-month round has opened, read by every
agency responsible or involved, summarised per strategic issue and for the province."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from core import closing
from core.forms import GuardedModelForm
from reports.models import KpiAssessment, KpiEvidence, KpiVerdict
from tests.factories import FiscalYearFactory, IssueFactory, KpiFactory

PDF = b"%PDF-1.4\n% KPI evidence\n%%EOF\n"


@pytest.fixture
def kpi(fiscal_year, agency, other_agency, issue_lead):
    """A chosen KPI of 2569 (its 12-month round opened on 1 Oct 2026): the agency responsible."""
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    issue.members.add(issue_lead)
    return KpiFactory(issue=issue, number=1, chosen=True, responsible=[agency], target="80", unit="ร้อยละ")


def _post(client, kpi, **data):
    fields = {"result": "ร้อยละ 85 ของแปลงผ่านการรับรอง", "value": "85", "verdict": "met"} | data
    return client.post(reverse("kpi-assessment", args=[kpi.pk]), fields)


def test_the_responsible_agency_enters_the_result(login, agency_user, kpi):
    client = login(agency_user)
    page = client.get(reverse("kpi-assessment", args=[kpi.pk]))
    assert page.status_code == 200 and page.context["form"] is not None
    response = _post(client, kpi, seen=page.context["form"]["seen"].value())
    assert response.status_code == 302
    saved = KpiAssessment.objects.get(kpi=kpi)
    assert saved.verdict == KpiVerdict.MET and saved.value == 85 and saved.entered_by == agency_user
    assert saved.history.count() == 1 and saved.history.first().history_user == agency_user
    html = client.get(reverse("kpi-assessment", args=[kpi.pk])).content.decode()
    assert "ร้อยละ 85 ของแปลงผ่านการรับรอง" in html


def test_the_result_and_verdict_are_required_in_thai(login, agency_user, kpi):
    response = _post(login(agency_user), kpi, result=" ", verdict="")
    assert response.status_code == 200 and not KpiAssessment.objects.exists()
    errors = response.context["form"].errors
    assert gettext("Write what the KPI reached against its target.") in errors["result"]
    assert gettext("Choose whether the KPI met its target.") in errors["verdict"]


def test_an_involved_agency_reads_but_does_not_edit(login, agency_user, other_agency, other_agency_user, kpi):
    kpi.involved_agencies.add(other_agency)
    _post(login(agency_user), kpi)
    client = login(other_agency_user)
    page = client.get(reverse("kpi-assessment", args=[kpi.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    assert "ร้อยละ 85 ของแปลงผ่านการรับรอง" in page.content.decode()
    assert _post(client, kpi, result="แก้").status_code == 403
    assert KpiAssessment.objects.get().result == "ร้อยละ 85 ของแปลงผ่านการรับรอง"
    listed = client.get(reverse("kpi-assessments"))
    assert [k.pk for g in listed.context["groups"] for k in g.kpis] == [kpi.pk]


def test_another_agency_gets_404(login, other_agency_user, kpi):
    client = login(other_agency_user)
    assert client.get(reverse("kpi-assessment", args=[kpi.pk])).status_code == 404
    assert _post(client, kpi).status_code == 404
    assert client.get(reverse("kpi-assessments")).context["groups"] == []


def test_the_agencys_cko_reads_and_the_km_officer_edits(login, agency_cko, km_officer, kpi):
    assert _post(login(agency_cko), kpi).status_code == 403
    assert login(agency_cko).get(reverse("kpi-assessment", args=[kpi.pk])).context["form"] is None
    assert _post(login(km_officer), kpi, verdict="not_met").status_code == 302
    assert KpiAssessment.objects.get().verdict == KpiVerdict.NOT_MET


def test_before_the_12_month_round_it_is_refused_in_thai(login, agency_user, province, agency):
    year = FiscalYearFactory(province=province, year=2570)  # its 12-month round opens on 1 Oct 2027
    kpi = KpiFactory(issue=IssueFactory(fiscal_year=year), chosen=True, responsible=[agency])
    client = login(agency_user)
    page = client.get(reverse("kpi-assessment", args=[kpi.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    opens = "1 ต.ค. 2570"
    assert opens in page.content.decode()
    response = _post(client, kpi)
    assert response.status_code == 403 and not KpiAssessment.objects.exists()
    assert (
        gettext("The KPI assessment of fiscal year %(year)s opens with the 12-month round on %(date)s.")
        % {"year": 2570, "date": opens}
    ) in response.content.decode()


def test_a_closed_year_is_refused(login, agency_user, km_officer, kpi, fiscal_year):
    _post(login(agency_user), kpi)
    assert closing.close(fiscal_year, km_officer)
    client = login(agency_user)
    response = _post(client, kpi, result="แก้หลังปิดปี")
    assert response.status_code == 403 and KpiAssessment.objects.get().result != "แก้หลังปิดปี"
    page = client.get(reverse("kpi-assessment", args=[kpi.pk]))
    assert page.status_code == 200 and page.context["form"] is None and page.context["evidence_form"] is None
    pdf = SimpleUploadedFile("หลักฐาน.pdf", PDF)
    assert (
        client.post(reverse("kpi-assessment-evidence", args=[kpi.pk]), {"evidence-file": pdf}).status_code
        == 403
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_stale_save_shows_both_and_a_second_save_replaces(agency_user, project_manager, kpi):
    first, second = _client(agency_user), _client(project_manager)
    seen = first.get(reverse("kpi-assessment", args=[kpi.pk])).context["form"]["seen"].value()
    assert _post(second, kpi, result="ผลของผู้จัดการโครงการ", seen=seen).status_code == 302
    response = _post(first, kpi, result="ผลของทีม KM", seen=seen)
    assert response.status_code == 409
    html = response.content.decode()
    assert "ผลของผู้จัดการโครงการ" in html and "ผลของทีม KM" in html
    assert gettext(GuardedModelForm.stale_message) in html
    assert KpiAssessment.objects.get().result == "ผลของผู้จัดการโครงการ"
    again = response.context["form"]["seen"].value()
    assert _post(first, kpi, result="ผลของทีม KM", seen=again).status_code == 302
    saved = KpiAssessment.objects.get()
    assert saved.result == "ผลของทีม KM" and saved.entered_by == agency_user
    assert [h.history_user for h in saved.history.order_by("history_date")] == [project_manager, agency_user]


def test_evidence_is_attached_read_by_the_involved_and_removed(
    login, agency_user, other_agency, other_agency_user, kpi, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kpi.involved_agencies.add(other_agency)
    client = login(agency_user)
    url = reverse("kpi-assessment-evidence", args=[kpi.pk])
    early = client.post(url, {"evidence-file": SimpleUploadedFile("หลักฐาน.pdf", PDF)}, follow=True)
    assert gettext("Save the KPI's result first, then attach its evidence.") in early.content.decode()
    _post(client, kpi)
    assert client.post(url, {"evidence-file": SimpleUploadedFile("หลักฐาน.pdf", PDF)}).status_code == 302
    evidence = KpiEvidence.objects.get()
    assert evidence.original_name == "หลักฐาน.pdf" and evidence.content_type == "application/pdf"
    download = login(other_agency_user).get(reverse("kpi-assessment-evidence-file", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    delete = reverse("kpi-assessment-evidence-delete", args=[evidence.pk])
    assert login(other_agency_user).post(delete).status_code == 403
    assert login(agency_user).post(delete).status_code == 302 and not KpiEvidence.objects.exists()


def test_hostile_evidence_is_refused(login, agency_user, kpi, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(agency_user)
    _post(client, kpi)
    hostile = SimpleUploadedFile("ผลการดำเนินงาน.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(
        reverse("kpi-assessment-evidence", args=[kpi.pk]), {"evidence-file": hostile}, follow=True
    )
    assert response.status_code == 200 and not KpiEvidence.objects.exists()
    assert list(tmp_path.rglob("*.*")) == []
    assert response.context["messages"] and "alert-danger" in response.content.decode()


def test_the_summary_counts_per_issue_and_for_the_province(
    login, km_officer, agency_user, fiscal_year, agency
):
    one, two = (
        IssueFactory(fiscal_year=fiscal_year, number=1),
        IssueFactory(fiscal_year=fiscal_year, number=2),
    )
    kpis = [KpiFactory(issue=issue, chosen=True, responsible=[agency]) for issue in (one, one, one, two, two)]
    KpiFactory(issue=two, chosen=False, responsible=[agency])  # not chosen for KM: not assessed here
    for kpi, verdict in zip(kpis, ["met", "not_met", None, "met", None], strict=True):
        if verdict:
            KpiAssessment.objects.create(kpi=kpi, result="ผล", verdict=verdict, entered_by=agency_user)
    page = login(km_officer).get(reverse("kpi-assessments"))
    assert page.status_code == 200
    tallies = [
        (g.issue.number, g.tally.met, g.tally.not_met, g.tally.not_assessed) for g in page.context["groups"]
    ]
    assert tallies == [(1, 1, 1, 1), (2, 1, 0, 1)]
    whole = page.context["whole"]
    assert (whole.total, whole.met, whole.not_met, whole.not_assessed) == (5, 2, 1, 2)
    html = page.content.decode()
    assert 'id="summary-all"' in html and gettext("Met the target") in html


def test_the_list_makes_a_fixed_number_of_queries(
    login, km_officer, agency_user, fiscal_year, agency, other_agency
):
    client = login(km_officer)

    def grow(count):
        issue = IssueFactory(fiscal_year=fiscal_year)
        for _ in range(count):
            kpi = KpiFactory(issue=issue, chosen=True, responsible=[agency], involved=[other_agency])
            KpiAssessment.objects.create(kpi=kpi, result="ผล", verdict="met", entered_by=agency_user)

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("kpi-assessments")).status_code == 200
    grow(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("kpi-assessments")).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_issues_team_reads_and_a_kpi_not_chosen_is_missing(login, other_agency_user, kpi, agency):
    kpi.issue.members.add(other_agency_user)  # on the issue's team, though its agency is not named
    client = login(other_agency_user)
    page = client.get(reverse("kpi-assessment", args=[kpi.pk]))
    assert page.status_code == 200 and page.context["form"] is None
    not_chosen = KpiFactory(issue=kpi.issue, chosen=False, responsible=[agency])
    assert client.get(reverse("kpi-assessment", args=[not_chosen.pk])).status_code == 404


def test_the_list_says_when_the_assessment_opens(login, agency_user, province, agency):
    year = FiscalYearFactory(province=province, year=2570)
    KpiFactory(issue=IssueFactory(fiscal_year=year), chosen=True, responsible=[agency])
    client = login(agency_user)
    client.post(reverse("year-select"), {"year": 2570})
    html = client.get(reverse("kpi-assessments")).content.decode()
    assert 'id="not-open"' in html and "1 ต.ค. 2570" in html


def test_the_page_lists_the_plans_serving_the_kpi(login, agency_user, reported_plan):
    kpi = reported_plan.knowledge.process.kpi
    page = login(agency_user).get(reverse("kpi-assessment", args=[kpi.pk]))
    assert page.context["plans"] == [reported_plan]
    assert reverse("actionplan-detail", args=[reported_plan.pk]) in page.content.decode()


def test_the_page_makes_a_fixed_number_of_queries(login, agency_user, kpi, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(agency_user)
    _post(client, kpi)
    url, add = reverse("kpi-assessment", args=[kpi.pk]), reverse("kpi-assessment-evidence", args=[kpi.pk])
    client.post(add, {"evidence-file": SimpleUploadedFile("หลักฐาน.pdf", PDF)})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(5):
        client.post(add, {"evidence-file": SimpleUploadedFile(f"หลักฐาน {number}.pdf", PDF)})
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert KpiEvidence.objects.count() == 6
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_first_entry_made_meanwhile_is_not_replaced_unseen(agency_user, km_officer, kpi):
    first, second = _client(agency_user), _client(km_officer)
    seen = first.get(reverse("kpi-assessment", args=[kpi.pk])).context["form"]["seen"].value()
    assert _post(second, kpi, result="ผลที่ทีม KM จังหวัดบันทึก", seen=seen).status_code == 302
    response = _post(first, kpi, result="ผลที่ส่วนราชการบันทึก", seen=seen)
    assert response.status_code == 409 and "ผลที่ทีม KM จังหวัดบันทึก" in response.content.decode()
    assert KpiAssessment.objects.get().result == "ผลที่ทีม KM จังหวัดบันทึก"
