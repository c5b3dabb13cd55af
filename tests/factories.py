import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from actionplans import workflow as plan_workflow
from actionplans.models import ActionPlan, Activity, PlanStep
from core.models import Agency, FiscalYear, Province, ProvincialPlan, Role, RoleAssignment, User
from reports import rounds as report_rounds
from reports import services as report_services
from worksheets import services
from worksheets.models import KnowledgeItem, Kpi, StrategicIssue, WorkProcess


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["name"]

    name = "กาฬสินธุ์"
    name_en = "Kalasin"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"สำนักงานทดสอบที่ {n} จังหวัดกาฬสินธุ์")
    short_name = factory.Sequence(lambda n: f"สทด.{n}")


class FiscalYearFactory(DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ["province", "year"]

    province = factory.SubFactory(ProvinceFactory)
    year = 2569


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = ProvincialPlan

    province = factory.SubFactory(ProvinceFactory)
    first_year = 2566
    last_year = 2570
    vision = "เมืองเกษตรมูลค่าสูง อาหารปลอดภัย"
    mission = "1. ส่งเสริมเกษตรปลอดภัย"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``roles=[("km_team", None), ("cko", agency)]``: None means province level."""
        self.save()
        for role, agency in extracted or []:
            RoleAssignment.objects.create(user=self, role=role, agency=agency, province=self.agency.province)


class IssueFactory(factory.Factory):
    """Strategic issues go through the service, so they get the default criteria as in the app."""

    class Meta:
        model = StrategicIssue

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"การพัฒนาประเด็นที่ {n + 1}")
    goal = "ประชาชนมีคุณภาพชีวิตที่ดีขึ้น"

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.create_issue(kwargs.pop("fiscal_year"), **kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        return model_class(**kwargs)


class KpiFactory(DjangoModelFactory):
    class Meta:
        model = Kpi
        skip_postgeneration_save = True

    issue = factory.SubFactory(IssueFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"ร้อยละของครัวเรือนที่มีรายได้เพิ่มขึ้น {n}")
    unit = "ร้อยละ"
    target = "80"

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if extracted:
            self.responsible_agencies.set(extracted)

    @factory.post_generation
    def involved(self, create, extracted, **kwargs):
        if extracted:
            self.involved_agencies.set(extracted)


def finalised_knowledge(
    fiscal_year, agency=None, name="เทคนิคการตรวจแปลง GAP", process="การตรวจรับรองแปลง GAP", **kpi
) -> KnowledgeItem:
    """Knowledge a KM action plan may be made for: chosen in worksheet 4 of a finalised new issue,
    under a chosen KPI (``kpi``: more of its fields, e.g. ``target``), with worksheet 3 naming
    ``agency`` responsible for it (if any)."""
    issue = IssueFactory(fiscal_year=fiscal_year)
    kpi = KpiFactory(issue=issue, chosen=True, responsible=[agency] if agency else None, **kpi)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name=process)
    item = KnowledgeItem.objects.create(process=process, order=1, name=name, kind="tacit", chosen=True)
    if agency:
        item.responsible_agencies.add(agency)
    StrategicIssue.objects.filter(pk=issue.pk).update(finalised_at=timezone.now())
    return item


def _plan_writer(fiscal_year, agency) -> User:
    """The agency's KM team, or for the province's plan the provincial KM team."""
    if agency:
        return UserFactory(agency=agency, roles=[(Role.AGENCY_TEAM, agency)])
    return UserFactory(agency=AgencyFactory(province=fiscal_year.province), roles=[(Role.KM_TEAM, None)])


class ActionPlanFactory(DjangoModelFactory):
    """A draft KM action plan (Form 2), revision 1, of knowledge that may have one
    (``finalised_knowledge``): ``ActionPlanFactory(agency=agency)``, or ``agency=None`` for the
    province's. Move it on with ``actionplans.workflow``, so its steps and header are real."""

    class Meta:
        model = ActionPlan

    agency = factory.SubFactory(AgencyFactory)
    fiscal_year = factory.LazyAttribute(
        lambda o: FiscalYearFactory(province=o.agency.province) if o.agency else FiscalYearFactory()
    )
    knowledge = factory.LazyAttribute(lambda o: finalised_knowledge(o.fiscal_year, o.agency))
    created_by = factory.LazyAttribute(lambda o: _plan_writer(o.fiscal_year, o.agency))


class ActivityFactory(DjangoModelFactory):
    """A row of a plan, in its first month, serving step 7.6 (knowledge sharing)."""

    class Meta:
        model = Activity

    plan = factory.SubFactory(ActionPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"เวทีแลกเปลี่ยนเรียนรู้ครั้งที่ {n + 1}")
    start_month = factory.LazyAttribute(lambda o: o.plan.fiscal_year.start)
    end_month = factory.LazyAttribute(lambda o: o.plan.fiscal_year.start)
    indicator = "จำนวนผู้เข้าร่วม"
    target = "30 คน"
    target_group = "เกษตรกรแปลงใหญ่"
    responsible = "กลุ่มส่งเสริมและพัฒนาการผลิต"
    steps = factory.LazyFunction(lambda: ["km6"])


def approve_on(plan, day: datetime.date, hour: int = 16) -> None:
    """Date the plan's approval as if given on ``day`` (Thai time)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))
    PlanStep.objects.filter(plan=plan, action="approve").update(at=moment)


def approved_plan(
    fiscal_year,
    agency,
    writer,
    reviewer,
    approver,
    on: datetime.date | None = None,
    knowledge=None,
    activities: int = 2,
) -> ActionPlan:
    """A plan with ``activities`` activities taken the whole way through its workflow by its writer,
    reviewer (CKO) and approver (CEO), approved ``on`` a day (default: the fiscal year's first
    December, so it reports in every round)."""
    extra = {"knowledge": knowledge} if knowledge else {}
    plan = ActionPlanFactory(fiscal_year=fiscal_year, agency=agency, created_by=writer, **extra)
    for _ in range(activities):
        ActivityFactory(plan=plan)
    plan_workflow.act(plan, writer, "submit")
    plan_workflow.act(plan, reviewer, "review")
    plan_workflow.act(plan, approver, "approve")
    approve_on(plan, on or datetime.date(fiscal_year.year - 544, 12, 1))
    plan.refresh_from_db()
    return plan


def opened_report(plan, writer, months: int = 6):
    """The plan's report in its year's ``months`` round, opened by ``writer`` (a plan writer)."""
    round = next(r for r in report_rounds.saved_rounds_of(plan.fiscal_year) if r.months == months)
    return report_services.open_report(round, plan, writer)
