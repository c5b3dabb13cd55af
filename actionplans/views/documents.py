"""A KM Action Plan as the documents it prints as: Form 2 (แบบฟอร์ม 2) as a PDF, for everyone who
may read the plan (404 for anyone else, like its page)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from actionplans import access, workflow
from core.documents.pdf import pdf_response, render_pdf
from core.permissions import member_required


@member_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Form 2 as the seed lays it out, A4 landscape: the header as shown on the plan's page, the
    activities, and the reviewer's and approver's names and dates once they have acted; "ร่าง"
    on every page until the plan is approved."""
    plan = access.get_plan_for_user(request, pk)
    header = workflow.shown_header(plan)
    context = {
        "plan": plan,
        "header": header,
        "activities": list(plan.activities.all()),
        "signatures": workflow.signatures_of(plan.steps.all()),
        "fiscal_year": plan.fiscal_year,
    }
    content = render_pdf(
        request, "documents/form2.html", context, landscape=True, province=plan.fiscal_year.province
    )
    name = _("Form 2 %(knowledge)s %(owner)s %(year)s") % {
        "knowledge": header["knowledge"],
        "owner": header["owner"],
        "year": plan.fiscal_year.year,
    }
    if plan.revision > 1:
        name += " " + _("revision %(number)s") % {"number": plan.revision}
    return pdf_response(content, name + ".pdf")
