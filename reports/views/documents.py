"""A progress report as the document it prints as (``reports.documents``), for everyone who may
read the report (404 for anyone else, like its page)."""

from django.http import HttpRequest, HttpResponse

from core.documents.pdf import pdf_response
from core.permissions import member_required
from reports import access, documents


@member_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The seed's แบบรายงานการดำเนินงานการจัดการความรู้ฯ for one plan and round, A4 landscape:
    Form 2's header, the activities, the KPI, the evidence by name and the signature lines of
    ผู้รายงาน and ผู้รับรอง; "ร่าง" on every page until the CKO has endorsed it."""
    report = access.get_report_for_user(request, pk)
    return pdf_response(documents.render_report(report, request), documents.file_name(report))
