"""A strategic issue's own page: its worksheets, finalising, comments and history. Its KM team is
worksheet 5's roster (the teams app's ``issue-team`` page), the one place that sets who edits it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import ModelForm
from core.permissions import allowed, can_edit_strategy, is_open_year, member_required
from core.thai import thai_order
from worksheets import history, lifecycle
from worksheets.access import (
    can_comment,
    can_edit_worksheets,
    get_issue_for_km_team,
    get_issue_for_user,
    is_issue_editor,
)
from worksheets.models import WorksheetComment

COMMENT_SHEETS = [
    (0, gettext_lazy("The strategic issue as a whole")),
    (1, gettext_lazy("Worksheet 1")),
    (2, gettext_lazy("Worksheet 2")),
    (3, gettext_lazy("Worksheet 3")),
    (4, gettext_lazy("Worksheet 4")),
]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are the worksheets reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": gettext_lazy("Give the reason: it is kept in the history.")},
    )


class CommentForm(ModelForm):
    worksheet = forms.TypedChoiceField(label=gettext_lazy("About"), choices=COMMENT_SHEETS, coerce=int)

    class Meta:
        model = WorksheetComment
        fields = ["worksheet", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


@member_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    comments = issue.comments.select_related("author__agency")
    sheet_names = dict(COMMENT_SHEETS)
    return render(
        request,
        "worksheets/issue_detail.html",
        {
            "issue": issue,
            "members": issue.members.select_related("agency").order_by(thai_order("first_name")),
            "comments": [(c, sheet_names.get(c.worksheet, "")) for c in comments],
            "comment_form": CommentForm() if can_comment(request.user, issue) else None,
            "can_edit": can_edit_worksheets(request.user, issue),
            "is_editor": is_issue_editor(request.user, issue),
            # Finalising and reopening: the provincial KM team (the views ask the same question).
            "can_finalise": can_edit_strategy(request.user) and is_open_year(issue.fiscal_year),
            "problems": lifecycle.problems_before_finalising(issue) if not issue.finalised_at else [],
            "sheet_number": "issue",
        },
    )


@require_POST
@allowed(can_edit_strategy)
def issue_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_km_team(request, pk)
    try:
        told = lifecycle.finalise(issue, request.user)
    except lifecycle.NotReady as not_ready:
        messages.error(
            request, _("Not finalised yet: %(problems)s") % {"problems": " ".join(not_ready.problems)}
        )
    else:
        messages.success(
            request,
            _("Worksheets 2–4 are finalised; %(count)s people of the agencies named in them were told.")
            % {"count": told},
        )
    return redirect("issue-detail", pk=issue.pk)


@allowed(can_edit_strategy)
def issue_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_km_team(request, pk)
    if not issue.finalised_at:
        return redirect("issue-detail", pk=issue.pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lifecycle.reopen(issue, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Worksheets 2–4 are open for changes again."))
        return redirect("issue-detail", pk=issue.pk)
    return render(request, "worksheets/issue_reopen.html", {"issue": issue, "form": form})


@member_required
def issue_history(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for_user(request, pk)
    return render(
        request,
        "worksheets/issue_history.html",
        {
            "issue": issue,
            "changes": history.timeline(issue),
            "limit": history.LIMIT,
            "sheet_number": "history",
        },
    )


@require_POST
@member_required
def issue_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Agencies named in the worksheets think together with the team (seed 6.2)."""
    issue = get_issue_for_user(request, pk)
    if not can_comment(request.user, issue):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.issue, comment.author = issue, request.user
        comment.save()
        messages.success(request, _("Your comment is posted."))
    else:
        messages.error(request, _("Write your comment first."))
    return redirect(reverse("issue-detail", args=[issue.pk]) + "#comments")
