"""A report's evidence files as its writers and readers meet them: attached on the report's form
(checked by content, a hostile file refused with the reason in Thai), downloaded as an attachment
by whoever reads the report, taken off while it is editable, and nowhere else."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reports import services, workflow
from reports.models import Evidence

PDF = b"%PDF-1.4\n% minutes of the KM forum\n%%EOF\n"


def docx(with_document: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        if with_document:
            archive.writestr(
                "word/document.xml",
                '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>บันทึก</w:t></w:r></w:p></w:body></w:document>',
            )
        else:
            archive.writestr("evil/payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "ผู้เข้าร่วม"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attach(client, report, name: str, content: bytes, row=""):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(
        reverse("report-evidence-add", args=[report.pk]), {"evidence-file": upload, "evidence-row": row}
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("ภาพกิจกรรม.pdf", PDF),
        ("บันทึก.docx", docx()),
        ("รายชื่อ.xlsx", xlsx()),
    ],
)
def test_real_files_are_attached_and_downloaded_as_attachments(
    login, agency_user, agency_cko, report, name, content
):
    client = login(agency_user)
    row = report.rows.order_by("activity__order").first()
    response = attach(client, report, name, content, row=row.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("report-edit", args=[report.pk]) + "#evidence"
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.row, evidence.uploaded_by) == (name, row, agency_user)
    assert name not in evidence.file.name  # stored under a generated name
    # A reader of the report (the agency's CKO) downloads it as an attachment, as it was sent.
    download = login(agency_cko).get(reverse("report-evidence-file", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content
    # The report's page links it beside its activity.
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert reverse("report-evidence-file", args=[evidence.pk]) in page and name in page


@pytest.mark.parametrize(
    "name, content",
    [
        ("รายงาน.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("ภาพ.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
        ("บันทึก.docx", docx(with_document=False)),
        ("ว่าง.pdf", b""),
        ("โปรแกรม.exe", b"MZ\x90\x00"),
    ],
)
def test_hostile_files_are_refused_in_thai(login, agency_user, report, name, content):
    response = attach(login(agency_user), report, name, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="evidence-form"' in page and "invalid-feedback" in page
    assert not Evidence.objects.exists()
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in page.split('id="evidence-form"')[1].split("</form>")[0])


def test_an_oversized_file_is_refused_naming_the_limit(login, agency_user, report, settings):
    settings.MAX_UPLOAD_MB = 1
    response = attach(login(agency_user), report, "ใหญ่.pdf", PDF + b"0" * (1024 * 1024 + 1))
    assert response.status_code == 400
    assert not Evidence.objects.exists()
    form = response.content.decode().split('id="evidence-form"')[1]
    assert "1" in form and "invalid-feedback" in form


def test_the_row_must_be_of_this_report(login, agency_user, report, reported_plan):
    nine = services.open_report(
        report.round.fiscal_year.report_rounds.get(months=9), reported_plan, agency_user
    )
    response = attach(login(agency_user), report, "ภาพ.pdf", PDF, row=nine.rows.first().pk)
    assert response.status_code == 400 and not Evidence.objects.exists()


def test_a_file_is_taken_off_while_the_report_is_editable(
    login, agency_user, agency_cko, report, django_capture_on_commit_callbacks
):
    client = login(agency_user)
    attach(client, report, "ภาพ.pdf", PDF)
    evidence = Evidence.objects.get()
    stored = evidence.file.name
    storage = evidence.file.storage
    # Its CKO reads it but may not take it off.
    assert login(agency_cko).post(reverse("report-evidence-delete", args=[evidence.pk])).status_code == 403
    client = login(agency_user)
    assert client.get(reverse("report-evidence-delete", args=[evidence.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report-evidence-delete", args=[evidence.pk]))
    assert response.status_code == 302 and not Evidence.objects.exists()
    assert not storage.exists(stored)


def test_a_submitted_report_takes_no_file_and_keeps_its_files(login, agency_user, report):
    client = login(agency_user)
    attach(client, report, "ภาพ.pdf", PDF)
    rows = {
        row.pk: {"status": "done", "cancel_reason": "", "done": "ทำแล้ว", "result": "", "problems": "", "solutions": ""}
        for row in report.rows.all()
    }  # fmt: skip
    services.save_report(report, {}, rows, services.fingerprint(report), agency_user)
    workflow.act(report, agency_user, "submit")
    evidence = Evidence.objects.get()
    assert attach(client, report, "อีก.pdf", PDF).status_code == 403
    assert client.post(reverse("report-evidence-delete", args=[evidence.pk])).status_code == 403
    assert Evidence.objects.count() == 1
    page = client.get(reverse("report-detail", args=[report.pk])).content.decode()
    assert 'id="remove-evidence-' not in page and "ภาพ.pdf" in page


def test_another_agency_does_not_find_the_file(login, agency_user, other_agency_user, stranger, report):
    attach(login(agency_user), report, "ภาพ.pdf", PDF)
    evidence = Evidence.objects.get()
    for user in (other_agency_user, stranger):
        client = login(user)
        assert client.get(reverse("report-evidence-file", args=[evidence.pk])).status_code == 404
        assert client.post(reverse("report-evidence-delete", args=[evidence.pk])).status_code == 404
        assert attach(client, report, "ภาพ.pdf", PDF).status_code == 404
    assert Evidence.objects.count() == 1
