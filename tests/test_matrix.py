"""Worksheets 2 and 4 at the level a user sees: the matrix page, cell saves and whole saves."""

import pytest
from django.db import connection
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
    from django.test import Client

    second = Client()
    second.force_login(issue_lead)
    response = cell(second, issue, criterion, kpi, "1", seen="")  # saw it blank
    assert "ไม่ได้บันทึก" in response.content.decode()
    assert KpiScore.objects.get().value == 5


def test_two_people_scoring_different_cells_lose_nothing(login, issue_lead, km_officer, issue):
    from django.test import Client

    other = Client()
    other.force_login(issue_lead)
    cell(login(km_officer), issue, criteria(issue)[0], kpis(issue)[0], "5")
    cell(other, issue, criteria(issue)[1], kpis(issue)[0], "3")
    assert sorted(KpiScore.objects.values_list("value", flat=True)) == [3, 5]


def whole_form(issue, value, fingerprint, chosen=()):
    data = {"fingerprint": fingerprint, "chosen": [k.pk for k in chosen]}
    for criterion in criteria(issue):
        for kpi in kpis(issue):
            data[f"cell-{criterion.pk}-{kpi.pk}"] = value
    return data


def test_the_whole_table_saves_at_once_with_the_choices(login, issue_lead, issue):
    client = login(issue_lead)
    fingerprint = scoring.load(issue, 2).fingerprint
    response = client.post(
        reverse("matrix", args=[issue.pk, 2]), whole_form(issue, "3", fingerprint, chosen=kpis(issue)[:1])
    )
    assert response.status_code == 302
    assert KpiScore.objects.filter(value=3).count() == 15
    assert list(Kpi.objects.filter(chosen=True)) == kpis(issue)[:1]


def test_a_stale_table_is_refused_and_the_fresh_scores_shown(login, issue_lead, km_officer, issue):
    client = login(issue_lead)
    fingerprint = scoring.load(issue, 2).fingerprint
    KpiScore.objects.create(criterion=criteria(issue)[0], kpi=kpis(issue)[0], value=1)  # someone else
    response = client.post(reverse("matrix", args=[issue.pk, 2]), whole_form(issue, "5", fingerprint))
    assert response.status_code == 409
    assert "ผู้อื่น" in response.content.decode()
    assert list(KpiScore.objects.values_list("value", flat=True)) == [1]
    assert 'value="1" checked' in response.content.decode()


def test_a_whole_table_with_a_bad_score_saves_nothing(login, issue_lead, issue):
    client = login(issue_lead)
    data = whole_form(issue, "5", scoring.load(issue, 2).fingerprint)
    data[f"cell-{criteria(issue)[0].pk}-{kpis(issue)[0].pk}"] = "4"
    response = client.post(reverse("matrix", args=[issue.pk, 2]), data)
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
    data = whole_form(big, "5", scoring.load(big, 2).fingerprint)
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
    response = client.post(
        reverse("matrix-choose", args=[issue.pk, 2]), {"column": kpis(issue)[3].pk, "chosen": "on"}
    )
    assert response.status_code == 204
    assert list(Kpi.objects.filter(chosen=True)) == [kpis(issue)[3]]


def test_every_score_change_is_kept_in_the_history(login, issue_lead, issue):
    client = login(issue_lead)
    cell(client, issue, criteria(issue)[0], kpis(issue)[0], "5")
    cell(client, issue, criteria(issue)[0], kpis(issue)[0], "1", seen="5")
    history = KpiScore.history.order_by("history_date")
    assert [(h.value, h.history_user) for h in history] == [(5, issue_lead), (1, issue_lead)]


def test_unticking_a_choice_takes_it_back(login, issue_lead, issue):
    kpi = kpis(issue)[0]
    client = login(issue_lead)
    client.post(reverse("matrix-choose", args=[issue.pk, 2]), {"column": kpi.pk, "chosen": kpi.pk})
    kpi.refresh_from_db()
    assert kpi.chosen
    client.post(
        reverse("matrix-choose", args=[issue.pk, 2]), {"column": kpi.pk}
    )  # an unticked box sends nothing
    kpi.refresh_from_db()
    assert not kpi.chosen


def test_a_small_matrix_never_suggests_every_column(issue):
    score_all(issue, [5, 3, 1])
    assert [c.suggested for c in scoring.load(issue, 2).columns] == [True, True, False]
