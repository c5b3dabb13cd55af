"""The strategic-issue KM team is no longer a role: who is on an issue's team, and so who edits
its worksheets 2–4, is its worksheet-5 roster alone (teams). The role let its holders change
nothing (those rights were ``StrategicIssue.members``), so its assignments go without anyone
losing a right to edit; undoing this brings the role back but not them."""

from django.db import migrations, models


def drop_issue_team_assignments(apps, schema_editor):
    apps.get_model("core", "RoleAssignment").objects.filter(role="issue_team").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_notification'),
    ]

    operations = [
        migrations.RunPython(drop_issue_team_assignments, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='roleassignment',
            name='role_fits_scope',
        ),
        migrations.AlterField(
            model_name='roleassignment',
            name='role',
            field=models.CharField(choices=[('km_team', 'Provincial KM team'), ('agency_team', 'Agency KM team'), ('coordinator', 'Agency coordinator'), ('project_manager', 'Agency project manager'), ('cko', 'CKO'), ('ceo', 'CEO')], max_length=20, verbose_name='role'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('agency__isnull', True), ('role__in', ['km_team', 'cko', 'ceo'])), models.Q(('agency__isnull', False), ('role__in', ['agency_team', 'coordinator', 'project_manager', 'cko', 'ceo'])), _connector='OR'), name='role_fits_scope'),
        ),
    ]
