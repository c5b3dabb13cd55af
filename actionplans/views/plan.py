"""One KM Action Plan (แบบฟอร์ม 2): opening it, its page laid out as the seed's form with the
workflow's steps and the footer's signatures, its activity table, the workflow's moves, comments,
a new revision and the signed scan of an approved plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans import access, services, steps, workflow
from actionplans.forms import ActForm, ActivityFormSet, CommentForm, OpenPlanForm, ScanForm
from actionplans.models import ActionPlan, Activity, PlanStep, SignedScan
from core import years
from core.documents.uploads import file_response
from core.models import Agency
from core.permissions import member_required, refuse_if_closed

Action = PlanStep.Action
# What each move's button says, and whether it asks for a comment.
BUTTONS = {
    Action.SUBMIT: _("Submit for review"),
    Action.REVIEW: _("Reviewed: send for approval"),
    Action.APPROVE: _("Approve the plan"),
    Action.RETURN: _("Return with a comment"),
}


@member_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """Open a plan for a knowledge item chosen in a finalised worksheet 4 that worksheet 3 names
    for one of the user's agencies, or (the issue's editors) for the province."""
    year = years.selected_fiscal_year(request)
    refuse_if_closed(year)
    pairs = access.knowledge_open_to(request.user, year) if year else []
    if not (pairs or access.writes_for(request.user) or access.sees_every_plan(request.user)):
        raise PermissionDenied
    agency_names = dict(Agency.objects.filter(pk__in={a for _i, a in pairs if a}).values_list("pk", "name"))
    province = request.user.agency.province
    form = OpenPlanForm(
        request.POST or None, pairs=pairs, agency_names=agency_names, province_name=province.name
    )
    if request.method == "POST" and form.is_valid():
        item, agency_id = form.cleaned_data["plan"]
        try:
            plan = services.open_plan(request.user, year, item, agency_id)
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("The plan is opened. Add its activities."))
            return redirect("actionplan-activities", pk=plan.pk)
    return render(
        request, "actionplans/plan_create.html", {"form": form, "fiscal_year": year, "pairs": pairs}
    )


def _activities(plan: ActionPlan) -> list[Activity]:
    activities = list(plan.activities.all())
    for activity in activities:
        activity.step_labels = steps.labels(activity.steps)
    return activities


@member_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Form 2 as the seed lays it out: header, activities, footer; then the steps of the 13 it
    covers, the workflow's moves the user may make, its history of steps, comments and revisions."""
    plan = access.get_plan_for_user(request, pk)
    activities = _activities(plan)
    plan_steps = list(plan.steps.select_related("actor"))
    latest = access.is_latest(plan)
    newer = None if latest else ActionPlan.objects.filter(previous=plan).only("pk", "revision").first()
    user = request.user
    actions = workflow.actions_for(user, plan, latest=latest)
    scan = SignedScan.objects.filter(plan=plan).first()
    can_comment = access.can_comment(user, plan)
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "header": workflow.shown_header(plan),
            "activities": activities,
            "coverage": steps.coverage(activities),
            "steps": plan_steps,
            "signatures": workflow.signatures_of(plan_steps),
            "moves": [(a, BUTTONS[a]) for a in actions if a in BUTTONS],
            "can_revise": Action.REVISE in actions,
            "can_edit": latest and access.can_edit(user, plan),
            "newer": newer,
            "comments": plan.comments.select_related("author__agency"),
            "comment_form": CommentForm() if can_comment else None,
            "act_form": ActForm(),
            "scan": scan,
            "can_attach": plan.state == "approved" and access.can_write(user, plan),
            "fiscal_year": plan.fiscal_year,
        },
    )


def _merge(rows: list[dict], fresh: list[Activity]) -> list[dict]:
    """After someone else saved: the person's rows (those whose activity is gone become new rows),
    then the fresh activities the person's rows do not hold, so nothing of either is lost."""
    fresh_ids = {a.pk for a in fresh}
    merged = [{**row, "id": row["id"] if row.get("id") in fresh_ids else None} for row in rows]
    mine = {row["id"] for row in merged if row["id"]}
    for activity in fresh:
        if activity.pk not in mine:
            merged.append({"id": activity.pk, **{f: getattr(activity, f) for f in services.TYPED}})
    return merged


def _initial(activities) -> list[dict]:
    return [{"id": a.pk, **{f: getattr(a, f) for f in services.TYPED}} for a in activities]


@member_required
def plan_activities(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity table as one form: rows edited, added, removed and reordered, saved whole with
    the fingerprint of what the page showed."""
    plan = access.get_editable_plan_for_user(request, pk)
    activities = _activities(plan)
    seen = services.fingerprint(plan, activities)
    stale = None
    if request.method == "POST":
        formset = ActivityFormSet(request.POST, fiscal_year=plan.fiscal_year, prefix="activity")
        if formset.is_valid():
            try:
                services.save_activities(plan, formset.rows(), request.POST.get("seen", ""), request.user)
            except services.StalePlan as changed:
                stale = changed.activities
                seen = services.fingerprint(changed.plan, changed.activities)
                formset = ActivityFormSet(
                    initial=_merge(formset.rows(), changed.activities),
                    fiscal_year=plan.fiscal_year,
                    prefix="activity",
                )
                messages.warning(
                    request,
                    _(
                        "Someone else saved this plan's activities while you were editing. Their rows are "
                        "shown above; your rows are kept in the form below with theirs added at the end. "
                        "Check them and save again."
                    ),
                )
            except ValidationError as refused:
                formset._non_form_errors = formset.error_class(refused.messages)
            else:
                messages.success(request, _("The activities are saved."))
                return redirect(reverse("actionplan-detail", args=[plan.pk]) + "#activities")
        else:
            seen = request.POST.get("seen", "")
    else:
        formset = ActivityFormSet(
            initial=_initial(activities), fiscal_year=plan.fiscal_year, prefix="activity"
        )
    return render(
        request,
        "actionplans/plan_activities.html",
        {
            "plan": plan,
            "header": workflow.shown_header(plan),
            "formset": formset,
            "seen": seen,
            "stale": stale,
            "coverage": steps.coverage(activities),
            "fiscal_year": plan.fiscal_year,
        },
    )


@require_POST
@member_required
def plan_act(request: HttpRequest, pk: int) -> HttpResponse:
    """A workflow move (``action``): submit, review, approve or return with a comment."""
    plan = access.get_plan_for_user(request, pk)
    action = request.POST.get("action", "")
    if action not in BUTTONS:
        raise PermissionDenied
    form = ActForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("comment", [])))
        return redirect("actionplan-detail", pk=plan.pk)
    try:
        workflow.act(plan, request.user, action, comment)
    except workflow.WrongState as moved:
        messages.error(request, moved.message)
    except workflow.NotReady as missing:
        messages.error(request, " ".join(missing.problems))
    except ValueError:
        messages.error(request, _("Write a comment saying what must change: it goes back with the plan."))
    else:
        done = {
            Action.SUBMIT: _("The plan is submitted for review."),
            Action.REVIEW: _("The plan is reviewed and sent for approval."),
            Action.APPROVE: _("The plan is approved."),
            Action.RETURN: _("The plan is returned with your comment."),
        }
        messages.success(request, done[action])
    return redirect("actionplan-detail", pk=plan.pk)


@require_POST
@member_required
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the next revision of an approved plan; the approved one stays readable."""
    plan = access.get_plan_for_writer(request, pk)
    try:
        new = workflow.revise(plan, request.user)
    except workflow.WrongState:
        messages.error(request, _("Only the latest approved revision of a plan can be revised."))
        return redirect("actionplan-detail", pk=plan.pk)
    messages.success(
        request, _("Revision %(number)s is started from the approved plan.") % {"number": new.revision}
    )
    return redirect("actionplan-activities", pk=new.pk)


@require_POST
@member_required
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, pk)
    if not access.can_comment(request.user, plan):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(plan, request.user, form.cleaned_data["text"])
        messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write a comment."))
    return redirect(reverse("actionplan-detail", args=[plan.pk]) + "#comments")


@member_required
def plan_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach or replace the signed scan of an approved plan: its writers."""
    plan = access.get_plan_for_writer(request, pk)
    if plan.state != "approved":
        raise PermissionDenied(_("Only an approved plan takes a signed scan."))
    form = ScanForm(request.POST, request.FILES) if request.method == "POST" else ScanForm()
    if request.method == "POST" and form.is_valid():
        try:
            scan = services.attach_scan(plan, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("The signed scan %(name)s is attached.") % {"name": scan.original_name}
            )
            return redirect(reverse("actionplan-detail", args=[plan.pk]) + "#signed-scan")
    return render(
        request,
        "actionplans/scan_form.html",
        {"plan": plan, "header": workflow.shown_header(plan), "form": form},
    )


@member_required
def plan_scan_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed scan as a download, for everyone who may read the plan."""
    plan = access.get_plan_for_user(request, pk)
    scan = SignedScan.objects.filter(plan=plan).first()
    if scan is None:
        raise Http404
    return file_response(scan.file, name=scan.original_name, content_type=scan.content_type)
