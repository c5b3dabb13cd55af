"""Worksheet 5's roster becomes the one source of edit rights on worksheets 2–4 (issue 8).

Until now those rights were ``StrategicIssue.members``, set on the issue-team page. Every account
on that list is put on its issue's roster (started here when the issue has none) as a KM Team
row linked to the account, after the roster's last KM Team row and in Thai order of first names,
so nobody loses a right; an account a roster already links is given the right, so the list and
the roster agree from here on, as ``teams.services`` keeps them. Each change is recorded in the
history as the services record it. Reversing leaves the rosters as they are.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.thai import thai_sort_key


def _record(historical, obj, kind: str, when, reason: str):
    """A django-simple-history record of ``obj`` as it is now."""
    fields = {
        f.attname: getattr(obj, f.attname)
        for f in historical._meta.concrete_fields
        if not f.attname.startswith("history_") and hasattr(obj, f.attname)
    }
    return historical.objects.create(
        **fields, history_date=when, history_type=kind, history_change_reason=reason, history_user=None
    )


def put_members_on_rosters(apps, schema_editor):
    StrategicIssue = apps.get_model("worksheets", "StrategicIssue")
    HistoricalIssue = apps.get_model("worksheets", "HistoricalStrategicIssue")
    MembersSnapshot = apps.get_model("worksheets", "HistoricalStrategicIssue_members")
    Members = StrategicIssue._meta.get_field("members").remote_field.through
    Team = apps.get_model("teams", "Team")
    HistoricalTeam = apps.get_model("teams", "HistoricalTeam")
    TeamMember = apps.get_model("teams", "TeamMember")
    HistoricalTeamMember = apps.get_model("teams", "HistoricalTeamMember")
    with translation.override(settings.LANGUAGE_CODE):  # the history is the province's record
        reason = gettext("Changed on the roster of worksheet 5")
    now = timezone.now()
    issues = StrategicIssue.objects.filter(Q(members__isnull=False) | Q(teams__isnull=False)).distinct()
    for issue in issues.order_by("pk"):
        members = list(issue.members.all())
        team = Team.objects.filter(issue=issue).first()
        if team is None:
            team = Team.objects.create(kind="issue", fiscal_year_id=issue.fiscal_year_id, issue=issue)
            _record(HistoricalTeam, team, "+", now, reason)
        rows = TeamMember.objects.filter(team=team)
        linked = set(rows.filter(user__isnull=False).values_list("user_id", flat=True))
        last = rows.filter(role="member").aggregate(last=Max("order"))["last"] or 0
        for user in sorted(members, key=lambda user: (thai_sort_key(user.first_name), user.pk)):
            if user.pk not in linked:
                last += 1
                row = TeamMember.objects.create(team=team, role="member", order=last, user=user)
                _record(HistoricalTeamMember, row, "+", now, reason)
        missing = linked - {user.pk for user in members}
        if missing:
            issue.members.add(*missing)
            record = _record(HistoricalIssue, issue, "~", now, reason)
            MembersSnapshot.objects.bulk_create(
                MembersSnapshot(history=record, id=row.pk, strategicissue_id=issue.pk, user_id=row.user_id)
                for row in Members.objects.filter(strategicissue=issue)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0003_appointment_orders"),
        ("worksheets", "0002_worksheets_2_to_4"),
    ]

    operations = [migrations.RunPython(put_members_on_rosters, migrations.RunPython.noop)]
