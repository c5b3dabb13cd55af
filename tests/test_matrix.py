"""Worksheets 2 and 4 at the level a user sees: the matrix page, cell saves and whole saves."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import IssueFactory, KpiFactory
from worksheets import matrix as scoring
from worksheets.models import Kpi, KpiScore, ScoringCriterion


@pytest.fixture
def issue(fiscal_year, issue_lead):
    issue = IssueFactory(fiscal_year=fiscal_year, number=1)
    issue.members.add(issue_lead)
    for number in (1, 2, 3):
        KpiFactory(issue=issue, number=number, name=f"ตัวชี้วัดทดสอบ {number}")
    return issue


def criteria(issue):
    return list(issue.criteria.filter(worksheet=2).order_by("order"))


def kpis(issue):
    return list(issue.kpis.order_by("number"))


def score_all(issue, values_by_kpi):
    for kpi, value in zip(kpis(issue), values_by_kpi, strict=True):
        for criterion in criteria(issue):
            KpiScore.objects.create(criterion=criterion, kpi=kpi, value=value)


def cell(client, issue, criterion, kpi, value, seen=""):
    return client.post(
        reverse("matrix-cell", args=[issue.pk, 2]),
        {"criterion": criterion.pk, "column": kpi.pk, "value": value, "seen": seen},
    )


def test_it_shows_the_seed_criteria_and_the_issue_kpis(login, agency_user, issue):
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert "ใบงานที่ 2" in page
    assert "เป็นตัวชี้วัดที่สำคัญและจำเป็นในกระบวนการตามประเด็นยุทธศาสตร์" in page
    assert "ตัวชี้วัดทดสอบ 3" in page
    assert "รวมคะแนน" in page and "ความสำคัญอันดับที่" in page


def test_worksheet_4_has_the_six_seed_criteria(login, agency_user, issue):
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 4])).content.decode()
    assert "ใบงานที่ 4" in page
    for text in ("สอดคล้องกับทิศทางและประเด็นยุทธศาสตร์", "ผู้บริหารให้การสนับสนุน"):
        assert text in page
    assert "รวมคะแนนที่ได้" in page and "อันดับที่ได้" in page


def test_equal_totals_share_a_rank(login, agency_user, issue):
    score_all(issue, [3, 5, 3])
    matrix = scoring.load(issue, 2)
    assert [c.total for c in matrix.columns] == [15, 25, 15]
    assert [c.rank for c in matrix.columns] == [2, 1, 2]
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert f'<td class="matrix-total" data-column="{kpis(issue)[1].pk}">25</td>' in page


def test_a_column_with_a_blank_cell_is_not_ranked_and_says_so(login, agency_user, issue):
    score_all(issue, [3, 5, 3])
    KpiScore.objects.filter(kpi=kpis(issue)[0], criterion=criteria(issue)[0]).delete()
    matrix = scoring.load(issue, 2)
    assert [c.rank for c in matrix.columns] == [None, 1, 2]
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert "ยังไม่ครบ" in page or "ยังให้คะแนนไม่ครบ" in page


def test_a_member_scores_a_cell_and_gets_the_new_totals(login, issue_lead, issue):
    client = login(issue_lead)
    response = cell(client, issue, criteria(issue)[0], kpis(issue)[0], "5")
    assert response.status_code == 200
    assert KpiScore.objects.get().value == 5
    assert 'id="matrix-foot"' in response.content.decode()


@pytest.mark.parametrize("value", ["4", "0", "10", "x", "มาก"])
def test_it_refuses_a_score_other_than_5_3_1_in_thai(login, issue_lead, issue, value):
    response = cell(login(issue_lead), issue, criteria(issue)[0], kpis(issue)[0], value)
    assert "5 (มาก)" in response.content.decode()
    assert not KpiScore.objects.exists()


def test_a_blank_clears_a_cell(login, issue_lead, issue):
    client = login(issue_lead)
    cell(client, issue, criteria(issue)[0], kpis(issue)[0], "5")
    cell(client, issue, criteria(issue)[0], kpis(issue)[0], "", seen="5")
    assert not KpiScore.objects.exists()


def test_a_cell_someone_else_changed_is_not_overwritten(login, issue_lead, km_officer, issue):
    first, criterion, kpi = login(km_officer), criteria(issue)[0], kpis(issue)[0]
    cell(first, issue, criterion, kpi, "5")
    response = cell(someone_else(issue_lead), issue, criterion, kpi, "1", seen="")  # saw it blank
    assert "ไม่ได้บันทึก" in response.content.decode()
    assert KpiScore.objects.get().value == 5


def test_two_people_scoring_different_cells_lose_nothing(login, issue_lead, km_officer, issue):
    other = someone_else(issue_lead)
    cell(login(km_officer), issue, criteria(issue)[0], kpis(issue)[0], "5")
    cell(other, issue, criteria(issue)[1], kpis(issue)[0], "3")
    assert sorted(KpiScore.objects.values_list("value", flat=True)) == [3, 5]


class FormFields(HTMLParser):
    """The fields a browser sends from HTML: hidden inputs, checked radios and boxes.

    ``form_id`` keeps to one form of a page; without it every input of a fragment counts.
    """

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, form_id is None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id:
            self.inside = attrs.get("id") == self.form_id
        elif tag == "input" and self.inside and "name" in attrs:
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id:
            self.inside = False


def fields_of(html, form_id=None):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def open_page(client, issue, worksheet=2):
    """The whole-table form as the person's page shows it: {name: value, "chosen": [ids]}."""
    page = client.get(reverse("matrix", args=[issue.pk, worksheet])).content.decode()
    form = {"chosen": []}
    for name, value in fields_of(page, "matrix-form"):
        if name == "chosen":
            form["chosen"].append(value)
        else:
            form[name] = value
    return form


def swap_in(form, fragment):
    """What htmx does with a cell or tick answer: the fields it carries replace the page's."""
    fields = fields_of(fragment)
    if any(name.startswith("seen-chosen-") for name, _value in fields):
        form["chosen"] = [value for name, value in fields if name == "chosen"]
    form.update((name, value) for name, value in fields if name != "chosen")


def click(client, issue, form, criterion, kpi, value):
    """A person's click on a cell of their page: saved at once, and the page updated."""
    response = cell(client, issue, criterion, kpi, value, seen=form[f"seen-{criterion.pk}-{kpi.pk}"])
    swap_in(form, response.content.decode())
    return response


def fill(form, issue, value):
    for criterion in criteria(issue):
        for kpi in kpis(issue):
            form[f"cell-{criterion.pk}-{kpi.pk}"] = value
    return form


def save_whole(client, issue, form):
    return client.post(reverse("matrix", args=[issue.pk, 2]), form)


def someone_else(user):
    other = Client()
    other.force_login(user)
    return other


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_whole_table_saves_at_once_with_the_choices(login, issue_lead, issue):
    client = login(issue_lead)
    form = fill(open_page(client, issue), issue, "3")
    form["chosen"] = [kpis(issue)[0].pk]
    response = save_whole(client, issue, form)
    assert response.status_code == 302
    assert KpiScore.objects.filter(value=3).count() == 15
    assert list(Kpi.objects.filter(chosen=True)) == kpis(issue)[:1]


def test_a_cell_someone_else_scored_is_refused_with_the_fresh_value_pointed_out(
    login, issue_lead, km_officer, issue
):
    client = in_english(login(issue_lead))
    form = open_page(client, issue)
    first, kpi = criteria(issue)[0], kpis(issue)[2]
    cell(someone_else(km_officer), issue, first, kpi, "1")  # after the page was opened
    response = save_whole(client, issue, fill(form, issue, "5"))
    assert response.status_code == 409
    assert list(KpiScore.objects.values_list("value", flat=True)) == [1]  # nothing else written
    page = response.content.decode()
    assert "criterion 1 × KPI no. 1.3 is now 1" in page
    assert f'class="score-cell is-changed" id="cell-{first.pk}-{kpi.pk}"' in page
    assert page.count("is-changed") == 1
    # The fresh page shows the other person's score and now carries it as seen: a second try saves.
    fresh = dict(fields_of(page, "matrix-form"))
    assert fresh[f"cell-{first.pk}-{kpi.pk}"] == fresh[f"seen-{first.pk}-{kpi.pk}"] == "1"
    assert save_whole(client, issue, fill(open_page(client, issue), issue, "5")).status_code == 302


def test_a_cell_someone_else_cleared_is_named_as_blank(login, issue_lead, km_officer, issue):
    score_all(issue, [3, 3, 3])
    client = in_english(login(issue_lead))
    form = open_page(client, issue)
    second = criteria(issue)[1]
    cell(someone_else(km_officer), issue, second, kpis(issue)[0], "", seen="3")
    response = save_whole(client, issue, form)  # unchanged: the person's page still shows 3
    assert response.status_code == 409
    assert "criterion 2 × KPI no. 1.1 is now blank" in response.content.decode()
    assert KpiScore.objects.count() == 14


def test_the_persons_own_cell_clicks_never_block_their_whole_table_save(login, issue_lead, issue):
    client = login(issue_lead)
    form = open_page(client, issue)
    for criterion in criteria(issue)[:2]:
        assert click(client, issue, form, criterion, kpis(issue)[0], "5").status_code == 200
    click(client, issue, form, criteria(issue)[0], kpis(issue)[0], "1")  # a change of mind
    ticked = tick(client, issue, kpis(issue)[1], True, seen=False)
    assert ticked.status_code == 200
    swap_in(form, ticked.content.decode())
    form[f"cell-{criteria(issue)[4].pk}-{kpis(issue)[2].pk}"] = "3"
    response = save_whole(client, issue, form)
    assert response.status_code == 302
    assert sorted(KpiScore.objects.values_list("value", flat=True)) == [1, 3, 5]
    assert list(Kpi.objects.filter(chosen=True)) == [kpis(issue)[1]]


def test_others_work_is_kept_when_the_saver_changes_other_cells(login, issue_lead, km_officer, issue):
    """Refused, not merged: nothing of the saver's is written and nothing of the other's is lost."""
    client = in_english(login(issue_lead))
    form = open_page(client, issue)
    theirs = (criteria(issue)[4], kpis(issue)[1])
    cell(someone_else(km_officer), issue, *theirs, "3")
    for criterion in criteria(issue)[:3]:
        form[f"cell-{criterion.pk}-{kpis(issue)[0].pk}"] = "5"  # the saver's own, other cells
    response = save_whole(client, issue, form)
    assert response.status_code == 409
    assert list(KpiScore.objects.values_list("criterion", "kpi", "value")) == [
        (theirs[0].pk, theirs[1].pk, 3)
    ]
    assert "criterion 5 × KPI no. 1.2 is now 3" in response.content.decode()


def test_saving_the_same_score_someone_else_just_saved_goes_through(login, issue_lead, km_officer, issue):
    client = login(issue_lead)
    form = fill(open_page(client, issue), issue, "5")
    cell(someone_else(km_officer), issue, criteria(issue)[0], kpis(issue)[0], "5")
    assert save_whole(client, issue, form).status_code == 302
    assert KpiScore.objects.filter(value=5).count() == 15


def test_a_tick_someone_else_changed_refuses_the_whole_table(login, issue_lead, km_officer, issue):
    client = in_english(login(issue_lead))
    form = fill(open_page(client, issue), issue, "3")
    kpi = kpis(issue)[1]
    someone_else(km_officer).post(
        reverse("matrix-choose", args=[issue.pk, 2]), {"column": kpi.pk, "chosen": kpi.pk, "seen": ""}
    )
    response = save_whole(client, issue, form)  # the person's page still shows it unticked
    assert response.status_code == 409
    assert not KpiScore.objects.exists()
    kpi.refresh_from_db()
    assert kpi.chosen
    page = response.content.decode()
    assert "KPI no. 1.2 is now chosen" in page
    assert 'class="text-center matrix-tick is-changed"' in page
    assert f'value="{kpi.pk}" id="chosen-{kpi.pk}" checked' in page


def test_a_new_criterion_refuses_the_whole_table(login, issue_lead, km_officer, issue):
    client = login(issue_lead)
    form = fill(open_page(client, issue), issue, "5")
    someone_else(km_officer).post(reverse("criterion-add", args=[issue.pk, 2]), {"text": "เกณฑ์ของทีม"})
    response = save_whole(client, issue, form)
    assert response.status_code == 409
    assert "ผู้อื่น" in response.content.decode()
    assert not KpiScore.objects.exists()


def test_a_form_that_does_not_say_what_it_showed_overwrites_nothing(login, issue_lead, issue):
    score_all(issue, [1, 1, 1])
    client = login(issue_lead)
    form = fill(open_page(client, issue), issue, "5")
    for name in [name for name in form if name.startswith("seen-")]:
        del form[name]
    assert save_whole(client, issue, form).status_code == 409
    assert set(KpiScore.objects.values_list("value", flat=True)) == {1}


def test_a_whole_table_with_a_bad_score_saves_nothing(login, issue_lead, issue):
    client = login(issue_lead)
    form = fill(open_page(client, issue), issue, "5")
    form[f"cell-{criteria(issue)[0].pk}-{kpis(issue)[0].pk}"] = "4"
    response = save_whole(client, issue, form)
    assert response.status_code == 422
    assert not KpiScore.objects.exists()


def test_a_30_by_10_matrix_saves_in_one_request_with_bounded_queries(
    login, issue_lead, fiscal_year, django_assert_max_num_queries
):
    big = IssueFactory(fiscal_year=fiscal_year, number=9)
    big.members.add(issue_lead)
    for number in range(1, 11):
        KpiFactory(issue=big, number=number)
    for order in range(6, 31):
        ScoringCriterion.objects.create(issue=big, worksheet=2, text=f"เกณฑ์ {order}", order=order)
    client = login(issue_lead)
    data = fill(open_page(client, big), big, "5")
    assert len([k for k in data if k.startswith("cell-")]) == 300
    with django_assert_max_num_queries(40):
        response = client.post(reverse("matrix", args=[big.pk, 2]), data)
    assert response.status_code == 302
    assert KpiScore.objects.filter(kpi__issue=big).count() == 300
    assert [c.total for c in scoring.load(big, 2).columns] == [150] * 10


def test_the_page_makes_a_fixed_number_of_queries(
    login, issue_lead, fiscal_year, issue, django_assert_max_num_queries
):
    client = login(issue_lead)
    score_all(issue, [5, 3, 1])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("matrix", args=[issue.pk, 2]))
    for number in range(4, 12):
        KpiFactory(issue=issue, number=number)
    for order in range(6, 15):
        ScoringCriterion.objects.create(issue=issue, worksheet=2, text=f"เกณฑ์ {order}", order=order)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("matrix", args=[issue.pk, 2]))


def test_readers_see_scores_but_no_inputs(login, agency_user, issue):
    score_all(issue, [5, 3, 1])
    page = login(agency_user).get(reverse("matrix", args=[issue.pk, 2])).content.decode()
    assert 'type="radio"' not in page
    assert reverse("criterion-add", args=[issue.pk, 2]) not in page


def test_an_agency_user_may_not_score(login, agency_user, issue):
    response = cell(login(agency_user), issue, criteria(issue)[0], kpis(issue)[0], "5")
    assert response.status_code == 403
    assert not KpiScore.objects.exists()


def test_the_team_adds_moves_and_removes_its_own_criterion(login, issue_lead, issue):
    client = login(issue_lead)
    client.post(reverse("criterion-add", args=[issue.pk, 2]), {"text": "สอดคล้องกับนโยบายผู้ว่าราชการจังหวัด"})
    own = ScoringCriterion.objects.get(text="สอดคล้องกับนโยบายผู้ว่าราชการจังหวัด")
    assert own.order == 6 and not own.is_default
    client.post(reverse("criterion-move", args=[issue.pk, 2, own.pk]), {"direction": "up"})
    assert [c.text for c in criteria(issue)][4] == "สอดคล้องกับนโยบายผู้ว่าราชการจังหวัด"
    client.post(reverse("criterion-delete", args=[issue.pk, 2, own.pk]))
    assert not ScoringCriterion.objects.filter(pk=own.pk).exists()


def test_the_seed_criteria_cannot_be_removed(login, issue_lead, issue):
    default = criteria(issue)[0]
    login(issue_lead).post(reverse("criterion-delete", args=[issue.pk, 2, default.pk]))
    assert ScoringCriterion.objects.filter(pk=default.pk).exists()


def test_a_criterion_is_moved_from_where_it_stands_now_not_where_the_page_saw_it(login, issue_lead, issue):
    first, second, third, *_rest = criteria(issue)
    page_saw = ScoringCriterion.objects.get(pk=third.pk)  # third place, as the page showed it
    scoring.move_criterion(third, up=True)  # someone else moved it to second place meanwhile
    assert scoring.move_criterion(page_saw, up=True)
    assert [c.pk for c in criteria(issue)][:3] == [third.pk, first.pk, second.pk]
    assert [c.order for c in criteria(issue)] == [1, 2, 3, 4, 5]


def test_a_criterion_removed_meanwhile_is_neither_moved_nor_removed_twice(login, issue_lead, issue):
    own = scoring.add_criterion(issue, 2, "เกณฑ์ของทีม")
    client = login(issue_lead)
    client.post(reverse("criterion-delete", args=[issue.pk, 2, own.pk]))
    assert not scoring.move_criterion(own, up=True)
    scoring.delete_criterion(own)  # a second person's removal finds nothing left to remove
    assert [c.order for c in criteria(issue)] == [1, 2, 3, 4, 5]
    assert ScoringCriterion.history.filter(id=own.pk, history_type="-").count() == 1


def test_the_top_ranked_are_suggested_and_the_team_chooses(login, issue_lead, issue, fiscal_year):
    KpiFactory(issue=issue, number=4)
    score_all(issue, [5, 3, 3, 1])
    matrix = scoring.load(issue, 2)
    assert [c.suggested for c in matrix.columns] == [True, True, True, False]
    client = login(issue_lead)
    response = tick(client, issue, kpis(issue)[3], True, seen=False)
    assert response.status_code == 200
    assert list(Kpi.objects.filter(chosen=True)) == [kpis(issue)[3]]


def test_every_score_change_is_kept_in_the_history(login, issue_lead, issue):
    client = login(issue_lead)
    cell(client, issue, criteria(issue)[0], kpis(issue)[0], "5")
    cell(client, issue, criteria(issue)[0], kpis(issue)[0], "1", seen="5")
    history = KpiScore.history.order_by("history_date")
    assert [(h.value, h.history_user) for h in history] == [(5, issue_lead), (1, issue_lead)]


def tick(client, issue, kpi, chosen, seen, others=()):
    """The htmx tick: the box's form sends every ticked box of the table as "chosen"."""
    data = {
        "column": kpi.pk,
        "chosen": [k.pk for k in others] + ([kpi.pk] if chosen else []),
        "seen": "1" if seen else "",
    }
    return client.post(reverse("matrix-choose", args=[issue.pk, 2]), data)


def test_unticking_a_choice_takes_it_back(login, issue_lead, issue):
    kpi, other = kpis(issue)[:2]
    client = login(issue_lead)
    tick(client, issue, other, True, seen=False)
    form = open_page(client, issue)
    swap_in(form, tick(client, issue, kpi, True, seen=False, others=[other]).content.decode())
    kpi.refresh_from_db()
    assert kpi.chosen and form[f"seen-chosen-{kpi.pk}"] == "1"  # the page now knows it is ticked
    # Another box still ticked in the same table does not keep this one ticked.
    response = tick(client, issue, kpi, False, seen=form[f"seen-chosen-{kpi.pk}"] == "1", others=[other])
    assert response.status_code == 200
    assert list(Kpi.objects.filter(chosen=True)) == [other]


def test_a_tick_someone_else_changed_since_is_refused_with_the_fresh_state(
    login, issue_lead, km_officer, issue
):
    kpi = kpis(issue)[0]
    client = in_english(login(issue_lead))
    tick(someone_else(km_officer), issue, kpi, True, seen=False)
    response = tick(client, issue, kpi, False, seen=False)  # the page showed it unticked; a double click
    assert response.status_code == 409
    kpi.refresh_from_db()
    assert kpi.chosen
    answer = response.content.decode()
    assert 'id="matrix-message"' in answer and "KPI no. 1.1 is now chosen" in answer
    assert f'value="{kpi.pk}" id="chosen-{kpi.pk}" checked' in answer


def test_a_small_matrix_never_suggests_every_column(issue):
    score_all(issue, [5, 3, 1])
    assert [c.suggested for c in scoring.load(issue, 2).columns] == [True, True, False]


def test_worksheet_4_names_a_changed_cell_by_its_knowledge_column(login, issue_lead, km_officer, issue):
    from worksheets.models import KnowledgeItem, KnowledgeScore, WorkProcess

    kpi = kpis(issue)[0]
    Kpi.objects.filter(pk=kpi.pk).update(chosen=True)
    process = WorkProcess.objects.create(kpi=kpi, order=1, name="การตรวจรับรองแปลง")
    items = [
        KnowledgeItem.objects.create(process=process, order=order, name=f"ความรู้ {order}", kind="tacit")
        for order in (1, 2)
    ]
    client = in_english(login(issue_lead))
    form = open_page(client, issue, worksheet=4)
    third = issue.criteria.filter(worksheet=4).order_by("order")[2]
    KnowledgeScore.objects.create(criterion=third, item=items[1], value=3)  # someone else
    response = client.post(reverse("matrix", args=[issue.pk, 4]), form)
    assert response.status_code == 409
    assert "criterion 3 × Knowledge 2 is now 3" in response.content.decode()
    assert KnowledgeScore.objects.get().value == 3
