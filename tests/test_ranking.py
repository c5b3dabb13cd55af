from hypothesis import given
from hypothesis import strategies as st

from worksheets.ranking import column_total, rank

totals = st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=200)), max_size=40)


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped():
    assert rank([15, 12, 12, 9]) == [1, 2, 2, 4]


def test_a_column_with_blanks_has_no_rank_and_does_not_push_others_down():
    assert rank([None, 9, 15]) == [None, 2, 1]


def test_a_blank_cell_leaves_the_total_open():
    assert column_total([5, None, 3]) is None
    assert column_total([5, 1, 3]) == 9
    assert column_total([]) == 0


@given(totals)
def test_ranks_are_between_1_and_the_number_of_ranked_columns(values):
    ranked = [r for r in rank(values) if r is not None]
    assert all(1 <= r <= len(ranked) for r in ranked)


@given(totals)
def test_a_higher_total_never_ranks_lower(values):
    ranks = rank(values)
    for a, ra in zip(values, ranks, strict=True):
        for b, rb in zip(values, ranks, strict=True):
            if a is not None and b is not None and a > b:
                assert ra < rb


@given(totals)
def test_ties_share_a_rank(values):
    ranks = rank(values)
    for a, ra in zip(values, ranks, strict=True):
        for b, rb in zip(values, ranks, strict=True):
            if a is not None and a == b:
                assert ra == rb


@given(totals)
def test_only_blank_totals_go_unranked(values):
    assert [t is None for t in values] == [r is None for r in rank(values)]


def test_up_to_three_are_suggested_but_never_all():
    from worksheets.matrix import suggested_top

    assert [suggested_top(n) for n in (1, 2, 3, 4, 10)] == [1, 1, 2, 3, 3]
