import factory
from factory.django import DjangoModelFactory

from core.models import Agency, FiscalYear, Province, ProvincialPlan, RoleAssignment, User
from worksheets import services
from worksheets.models import Kpi, StrategicIssue


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
