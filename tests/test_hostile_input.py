"""Hostile input on every URL and form of the URL walk (tests/test_access.py): never a 500, never
half saved.

For each URL of the walk, the forms its page renders are read from the HTML (as the provincial KM
team, who sees every form) and each field in turn gets hostile values while the others stay valid;
each query parameter the URL's view reads gets them too. Every actor of the walk sends them. A
request that is refused (4xx, or a page with form errors) must change no row; one that succeeds is
sent a second time, as a duplicate of the row it made. Each request runs in a savepoint that is
rolled back, so every request meets the same world.

The provincial KM team sends every hostile value to one field at a time; the other actors send
them to every field at once (see THOROUGH). New rows of the walk and new forms are covered as
they come, with no change here.
"""

import copy
import functools
import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django import forms as django_forms
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import get_resolver, resolve, reverse

from core.forms import MAX_ID, IdChoiceField, IdMultipleChoiceField, ModelForm, bounded_int, parse_id
from core.models import ProvincialPlan
from tests.factories import IssueFactory, KpiFactory, PlanFactory
from tests.test_access import ACTORS, DATA, ROWS, world  # noqa: F401  (world: the walk's fixture)
from worksheets.models import KnowledgeItem, Kpi, WorkProcess

HUGE = "ก" * 10_000
# Values a person or a script can type into a box meant for text.
TEXT = {
    "empty": "",
    "huge": HUGE,
    "nul": "ab\x00cd",
    "script": "<script>alert(1)</script>",
    "path": "../../etc/passwd",
}
# Values for a choice (an id, a code), and for a box meant for a number.
CHOICE = {
    "empty": "",
    "abc": "abc",
    "-1": "-1",
    "30 digits": "9" * 30,
    "thai digits": "๑๒",
    "superscript": "²",
    "nul": "1\x00",
}
NUMBER = {**CHOICE, "nan": "NaN", "1e309": "1e309", "0": "0", "huge": HUGE}
NUMERIC_NAME = re.compile(r"(^|[-_])(id|pk|year|first_year|last_year|number|order|column|criterion|weight)$")
# Names that are part of the browser's protocol rather than the application's input.
SKIPPED = {"csrfmiddlewaretoken"}
# What a page shows when it refuses a form.
PAGE_ERRORS = ('class="invalid-feedback', "is-invalid", 'class="alert alert-danger', "errorlist")


def _uploads() -> dict:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return {
        "empty": "",
        "not a workbook": SimpleUploadedFile("kpis.xlsx", b"abc", content_type=xlsx),
        "path name": SimpleUploadedFile("../../etc/passwd.xlsx", b"abc", content_type=xlsx),
        "nul name": SimpleUploadedFile("kp\x00is.xlsx", b"abc", content_type=xlsx),
        "empty file": SimpleUploadedFile("kpis.xlsx", b"", content_type=xlsx),
    }


@dataclass
class Field:
    name: str
    kind: str  # "text", "number", "choice", "multiple", "file", "hidden"
    valid: list = field(default_factory=list)  # the value(s) the page would send


@dataclass
class Form:
    method: str
    action: str  # a path
    fields: dict = field(default_factory=dict)  # name -> Field
    buttons: list = field(default_factory=list)  # (name, value, formaction)


class FormParser(HTMLParser):
    """The forms of a page: their fields with the values the page would submit."""

    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.select_first = None
        self.option_value = None
        self.textarea: Field | None = None

    def _field(self, name: str, kind: str) -> Field:
        if name not in self.form.fields:
            self.form.fields[name] = Field(name, kind)
        return self.form.fields[name]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = urlsplit(a.get("action") or self.page_path).path
            self.form = Form(a.get("method", "get").lower(), action)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                self.form.buttons.append((name, a.get("value", ""), a.get("formaction")))
            elif kind in ("checkbox", "radio"):
                f = self._field(name, "multiple" if kind == "checkbox" else "choice")
                f.options = getattr(f, "options", []) + [a.get("value", "on")]
                if "checked" in a:
                    f.valid.append(a.get("value", "on"))
            elif kind == "file":
                self._field(name, "file")
            else:
                numeric = kind == "number" or a.get("inputmode") == "numeric" or NUMERIC_NAME.search(name)
                kind = "hidden" if kind == "hidden" else "number" if numeric else kind
                f = self._field(name, kind)
                f.valid = [a.get("value") or _filler(kind, a)]
        elif tag == "button" and a.get("type", "submit") == "submit":
            if name or a.get("formaction"):
                self.form.buttons.append((name, a.get("value", ""), a.get("formaction")))
        elif tag == "textarea" and name:
            self.textarea = self._field(name, "text")
            self.textarea.valid = [""]
        elif tag == "select" and name:
            self.select = self._field(name, "multiple" if "multiple" in a else "choice")
            self.select.options = []
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select.options.append(value)
            if "selected" in a:
                self.select.valid.append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.valid = [self.textarea.valid[0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline right after <textarea>, which Django writes there.
            text = self.textarea.valid[0]
            self.textarea.valid = [text[1:] if text.startswith("\n") else text]
            if not self.textarea.valid[0].strip():
                self.textarea.valid = ["ข้อความทดสอบ"]
            self.textarea = None
        elif tag == "select" and self.select is not None:
            # A required choice left unchosen would make every mutation fail for that reason alone.
            if not self.select.valid and self.select.kind == "choice":
                chosen = [o for o in self.select.options if o]
                self.select.valid = chosen[:1]
            self.select = None


def _filler(kind: str, attrs: dict) -> str:
    """A valid value for an empty box, so that one hostile field is the only fault of a post."""
    if kind == "email":
        return "fuzz.tester@example.com"
    if kind == "number":
        return attrs.get("min") or "1"
    if kind in ("hidden", "password"):
        return ""
    return "ข้อความทดสอบ"


def _read_forms(html: str, path: str) -> list[Form]:
    parser = FormParser(path)
    parser.feed(html)
    for form in parser.forms:
        for f in form.fields.values():
            if f.kind == "choice" and not f.valid and getattr(f, "options", None):
                f.valid = [f.options[0]]  # radio buttons: the first one
    return parser.forms


def _query_params(view) -> set[str]:
    """The query parameters the view's module reads (``request.GET.get("agency")`` and the like)."""
    try:
        source = inspect.getsource(inspect.getmodule(inspect.unwrap(view)))
    except (OSError, TypeError):
        return set()
    return set(re.findall(r"request\.GET(?:\.get|\.getlist)?[\[(]\s*[\"'](\w+)[\"']", source))


def _hostile(f: Field) -> dict:
    if f.kind == "file":
        return _uploads()
    if f.kind == "text":
        return TEXT
    if f.kind in ("choice", "multiple"):
        return CHOICE
    if f.kind in ("number", "hidden"):
        return NUMBER
    return {**TEXT, "30 digits": NUMBER["30 digits"]}


@functools.cache
def _count_query() -> tuple[list[str], str]:
    tables = [t for t in connection.introspection.table_names() if t != "django_session"]
    quote = connection.ops.quote_name
    return tables, "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)


def _counts() -> dict:
    """The number of rows of every table but the sessions', in one query."""
    tables, sql = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _turned_away(response) -> bool:
    """Refused at the door (no access, or not logged in) whatever the input."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"].startswith(reverse("login"))
    )


# The provincial KM team reaches every form: it sends every hostile value to one field at a time.
# Every other actor sends these values to every field at once (most are turned away at the door,
# and the rest meet the same forms), which keeps the walk of all actors within a few minutes.
THOROUGH = "km_officer"
AT_ONCE = ("empty", "abc", "30 digits", "nul")


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        return any(marker in response.content.decode(errors="replace") for marker in PAGE_ERRORS)
    return False


@dataclass
class Target:
    """One URL of the walk, what its page submits and what its view reads."""

    name: str
    path: str
    get: bool = False
    post_data: dict | None = None  # the walk's DATA for a POST row
    forms: list = field(default_factory=list)  # post forms whose action is this path
    params: set = field(default_factory=set)
    existing: dict = field(default_factory=dict)  # field name -> a value an existing row has


_TARGETS: dict = {}


def _targets(client, km_officer, world) -> list[Target]:  # noqa: F811
    """Every URL of the walk with the forms that post to it, read as the provincial KM team once
    per world (the actors' tests share it)."""
    key = tuple(sorted(world.items()))
    if key not in _TARGETS:
        _TARGETS.clear()
        _TARGETS[key] = _read_targets(client, km_officer, world)
    return _TARGETS[key]


def _read_targets(client, km_officer, world) -> list[Target]:  # noqa: F811
    targets: dict[str, Target] = {}
    for name, method, args, _expected in ROWS:
        path = reverse(name, args=[world[a] for a in args])
        target = targets.setdefault(path, Target(name, path))
        if method == "get":
            target.get = True
            target.params |= _query_params(resolve(path).func)
        else:
            target.post_data = DATA[name](world) if name in DATA else {}
    client.force_login(km_officer)
    for target in list(targets.values()):
        if not target.get:
            continue
        response = client.get(target.path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in _read_forms(response.content.decode(), target.path):
            if form.method == "get" and form.action == target.path:
                target.params |= set(form.fields) - SKIPPED
                continue
            if form.method != "post":
                continue
            variants = [(form.action, {})]
            for button, value, formaction in form.buttons:
                action = urlsplit(formaction).path if formaction else form.action
                variants.append((action, {button: value} if button else {}))
            for action, extra in variants:
                if action in targets and (action == target.path or targets[action].post_data is not None):
                    fields = {n: f for n, f in form.fields.items() if n not in SKIPPED}
                    known = [(set(f), e) for f, e, _m in targets[action].forms]
                    if (set(fields), extra) not in known:
                        mutated = set(fields)
                        if extra and action == form.action:
                            # Another button of the same form: only what code parses by hand
                            # (hidden and number fields) can take another path there.
                            mutated = {n for n, f in fields.items() if f.kind in ("hidden", "number")}
                        targets[action].forms.append((fields, extra, mutated))
    client.logout()
    # A duplicate of an existing row: what the same field shows on another URL's form (the
    # existing agency's name on its edit page, the existing plan's first year, the year in the
    # header's switcher for a new fiscal year).
    for target in targets.values():
        for fields, _extra, _mutated in target.forms:
            for name, f in fields.items():
                for other in targets.values():
                    for other_fields, _e, _m in other.forms if other is not target else []:
                        shown = other_fields.get(name)
                        if shown and shown.valid and shown.valid[:1] != f.valid[:1] and shown.valid[0]:
                            target.existing.setdefault(name, shown.valid[0])
    return list(targets.values())


def _representatives(fields: dict) -> dict:
    """The fields that can fail differently. The rows of a formset (``holders-0-name``,
    ``holders-1-name``) and the cells of a matrix (``cell-3-7``) are read by the same code, so the
    first stands for all; every free text of a form goes through Django's CharField, so the first
    text box stands for the others (numbers, choices and hidden values are each tried)."""
    seen, chosen = set(), {}
    for name, f in fields.items():
        shape = (re.sub(r"\d+", "#", name), f.kind) if f.kind != "text" else "text"
        if shape not in seen:
            seen.add(shape)
            chosen[name] = f
    return chosen


def _baseline(fields: dict, extra: dict, post_data: dict | None) -> dict:
    data = {}
    for name, f in fields.items():
        if f.kind == "file":
            continue
        if f.kind == "multiple":
            data[name] = list(f.valid)
        elif f.valid:
            data[name] = f.valid[0]
    data.update(extra)
    data.update(post_data or {})
    return data


class Fuzzer:
    def __init__(self, client):
        self.client = client
        self.cookies = copy.deepcopy(client.cookies)
        self.failures: list[str] = []
        self.sent = 0

    def send(self, method: str, path: str, data: dict, label: str, repeat_on_success: bool = False):
        """Send one request in a savepoint that is rolled back; note a 500 and any half save."""
        with transaction.atomic():
            before = _counts()
            responses = [self._request(method, path, data)]
            if repeat_on_success and not _refused(responses[0]) and responses[0].status_code < 500:
                responses.append(self._request(method, path, data))
            for i, response in enumerate(responses):
                what = f"{method.upper()} {path} {label}" + (" (sent twice)" if i else "")
                if response.status_code >= 500:
                    error = getattr(response, "exc_info", None)
                    reason = repr(error[1])[:160] if error else ""
                    self.failures.append(f"{what}: {response.status_code} {reason}")
                    break
            else:
                if len(responses) == 1 and _refused(responses[0]):
                    after = _counts()
                    changed = {t: (n, after[t]) for t, n in before.items() if after[t] != n}
                    if changed:
                        status = responses[0].status_code
                        self.failures.append(f"{what}: refused ({status}) but changed rows {changed}")
            transaction.set_rollback(True)
        return responses[0]

    def _request(self, method: str, path: str, data: dict):
        self.client.cookies = copy.deepcopy(self.cookies)
        self.sent += 1
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        return getattr(self.client, method)(path, data)


@pytest.mark.parametrize("actor", ACTORS)
def test_hostile_input_is_refused_cleanly(request, client, world, km_officer, actor):  # noqa: F811
    targets = _targets(client, km_officer, world)
    client.raise_request_exception = False
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    fuzz = Fuzzer(client)
    for target in targets:
        if target.params:
            door = fuzz.send("get", target.path, {}, "without parameters")
            thorough = actor == THOROUGH and not _turned_away(door)
            for label, value in NUMBER.items():
                if thorough or label in AT_ONCE:
                    for param in sorted(target.params):
                        fuzz.send("get", target.path, {param: value}, f"?{param}={label}")
        forms = target.forms or ([({}, {}, set())] if target.post_data is not None else [])
        for fields, extra, mutated in forms:
            names = {n: f for n, f in fields.items() if n in mutated}
            for name in target.post_data or {}:
                names.setdefault(name, Field(name, "number" if NUMERIC_NAME.search(name) else "text"))
            baseline = _baseline(fields, extra, target.post_data)
            door = fuzz.send("post", target.path, baseline, "valid", repeat_on_success=True)
            if actor != THOROUGH or _turned_away(door):
                for label in AT_ONCE:
                    data = {**baseline, **{name: NUMBER[label] for name in names}}
                    fuzz.send("post", target.path, data, f"every field={label}")
                continue
            for name in names.keys() & target.existing.keys():
                data = {**baseline, name: target.existing[name]}
                fuzz.send("post", target.path, data, f"{name}=an existing row's value", True)
            for name, f in _representatives(names).items():
                for label, value in _hostile(f).items():
                    # A number or a choice that is taken is sent again: a second row for it must
                    # be refused like any other duplicate.
                    again = f.kind != "text"
                    fuzz.send("post", target.path, {**baseline, name: value}, f"{name}={label}", again)
    assert fuzz.sent > 100, "the walk sent almost nothing: is the form reader broken?"
    assert not fuzz.failures, f"{actor}: {len(fuzz.failures)} of {fuzz.sent} requests failed:\n" + "\n".join(
        fuzz.failures
    )


# --- Each fault the walk found, as a person meets it ----------------------------------------------


def test_bounded_int_reads_only_plain_digits_in_range():
    assert bounded_int("2569", 2500, 2700) == 2569
    assert bounded_int(2569, 2500, 2700) == 2569
    for raw in (
        "abc",
        "NaN",
        "1e309",
        "-1",
        "²",
        "๒๕๖๙",
        " 2569",
        "25\x0069",
        "9" * 30,
        "",
        None,
        True,
        2499,
    ):
        assert bounded_int(raw, 2500, 2700) is None, raw
    assert parse_id("7") == 7
    assert parse_id("0") is None and parse_id(str(MAX_ID + 1)) is None


@pytest.mark.parametrize("year", ["abc", "NaN", "1e309", "20\x0069", HUGE, "9" * 30])
def test_a_year_that_is_no_number_is_refused_with_a_message(client, agency_user, fiscal_year, year):
    client.force_login(agency_user)
    response = client.post(reverse("year-select"), {"year": year, "next": reverse("worksheet1")})
    assert response.status_code == 302 and response["Location"] == reverse("worksheet1")
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error" and "2569" in message.message
    assert "fiscal_year" not in client.session


@pytest.mark.parametrize("back", ["abc", "-1", "//evil.example/", "https://evil.example/"])
def test_the_year_switcher_goes_back_only_to_a_page_of_the_site(client, agency_user, fiscal_year, back):
    client.force_login(agency_user)
    response = client.post(reverse("year-select"), {"year": 2569, "next": back})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["fiscal_year"] == 2569


def test_a_second_plan_for_a_period_that_has_one_is_a_form_error(login, km_officer, fiscal_year, province):
    PlanFactory(province=province, first_year=2566, last_year=2570)
    data = {"first_year": 2566, "last_year": 2566, "vision": "วิสัยทัศน์ซ้ำ", "mission": ""}
    response = login(km_officer).post(reverse("plan-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["first_year"] == ["มีแผนที่เริ่มปี 2566 อยู่แล้ว"]
    assert ProvincialPlan.objects.count() == 1


@pytest.mark.parametrize("year", ["0", "99999", "9" * 30, "๒๕๖๖x"])
def test_a_plan_year_outside_the_buddhist_era_is_a_form_error(login, km_officer, fiscal_year, year):
    data = {"first_year": year, "last_year": 2575, "vision": "วิสัยทัศน์", "mission": ""}
    response = login(km_officer).post(reverse("plan-create"), data)
    assert response.status_code == 200 and "first_year" in response.context["form"].errors
    assert not ProvincialPlan.objects.exists()


def test_an_agency_id_of_30_digits_in_the_kpi_form_is_a_form_error(login, km_officer, fiscal_year, agency):
    issue = IssueFactory(fiscal_year=fiscal_year)
    data = {"number": 1, "name": "ตัวชี้วัด", "unit": "ร้อยละ", "target": "80", "weight": "10"}
    data["responsible_agencies"] = [agency.pk, "9" * 30]
    response = login(km_officer).post(reverse("kpi-create", args=[issue.pk]), data)
    assert response.status_code == 200
    assert "responsible_agencies" in response.context["form"].errors
    assert not Kpi.objects.exists()


@pytest.mark.parametrize("agency_id", ["9" * 30, "²", "abc"])
def test_the_user_list_ignores_an_agency_filter_that_is_no_id(login, km_officer, agency_user, agency_id):
    response = login(km_officer).get(reverse("user-list"), {"agency": agency_id})
    assert response.status_code == 200
    assert agency_user in [user for user, _manageable in response.context["rows"]]


@pytest.mark.parametrize("agency_id", ["9" * 30, "²"])
def test_form_1_of_an_agency_that_is_no_id_is_not_found(login, agency_user, fiscal_year, agency_id):
    assert login(agency_user).get(reverse("form1"), {"agency": agency_id}).status_code == 404


@pytest.mark.parametrize("column", ["abc", "1e309", "9" * 30, "²"])
def test_choosing_a_column_that_is_no_id_is_not_found(login, km_officer, fiscal_year, column):
    issue = IssueFactory(fiscal_year=fiscal_year)
    url = reverse("matrix-choose", args=[issue.pk, 2])
    assert login(km_officer).post(url, {"column": column, "chosen": "on"}).status_code == 404


def test_more_holder_rows_with_a_tampered_count_shows_the_form(login, km_officer, fiscal_year, agency):
    kpi = KpiFactory(issue=IssueFactory(fiscal_year=fiscal_year), responsible=[agency])
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การส่งเสริมการผลิต")
    data = {"name": "ความรู้", "kind": "tacit", "more_holders": "1"}
    data |= {"holders-TOTAL_FORMS": "abc", "holders-INITIAL_FORMS": "0"}
    response = login(km_officer).post(reverse("knowledge-create", args=[process.pk]), data)
    assert response.status_code == 200
    assert not KnowledgeItem.objects.exists()


def _project_forms(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _project_forms(sub)


def test_every_model_form_of_the_project_refuses_ids_that_are_no_ids():
    """A relation of a model form is an ``IdChoiceField`` (or its multiple twin) only when the form
    derives from ``core.forms.ModelForm``; Django's own fields send 30 digits to the database."""
    assert get_resolver().url_patterns  # imports every view module, and with them every form
    apps = ("core", "worksheets", "teams", "actionplans", "reports", "knowledge")
    forms = [f for f in _project_forms(django_forms.ModelForm) if f.__module__.split(".")[0] in apps]
    assert forms, "no model form found"
    offenders = [f"{f.__module__}.{f.__name__}" for f in forms if not issubclass(f, ModelForm)]
    assert not offenders
    relations = [
        field
        for form in forms
        for field in form.base_fields.values()
        if isinstance(field, django_forms.ModelChoiceField)
    ]
    assert relations and all(isinstance(f, IdChoiceField | IdMultipleChoiceField) for f in relations)
