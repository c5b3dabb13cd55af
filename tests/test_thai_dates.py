import datetime

import pytest
from django import forms
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core import fiscal, thai
from core.forms import ThaiDateField

dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))


def test_fiscal_year_2569_runs_from_october_2025_to_september_2026():
    assert fiscal.start(2569) == datetime.date(2025, 10, 1)
    assert fiscal.end(2569) == datetime.date(2026, 9, 30)
    assert fiscal.fiscal_year_of(datetime.date(2025, 9, 30)) == 2568
    assert fiscal.fiscal_year_of(datetime.date(2025, 10, 1)) == 2569


def test_the_three_evaluation_rounds_end_on_31_march_30_june_30_september():
    assert fiscal.round_ends(2569) == {
        6: datetime.date(2026, 3, 31),
        9: datetime.date(2026, 6, 30),
        12: datetime.date(2026, 9, 30),
    }


def test_there_is_no_round_of_7_months():
    with pytest.raises(ValueError):
        fiscal.round_end(2569, 7)


@given(dates)
def test_every_day_lies_in_its_fiscal_year(day):
    year = fiscal.fiscal_year_of(day)
    assert fiscal.start(year) <= day <= fiscal.end(year)


@given(st.integers(min_value=2450, max_value=2700))
def test_fiscal_years_follow_each_other_without_gap(year):
    assert fiscal.start(year + 1) - fiscal.end(year) == datetime.timedelta(days=1)


def test_dates_read_in_thai_with_the_buddhist_era():
    assert thai.format_date(datetime.date(2026, 3, 31)) == "31 มี.ค. 2569"
    assert thai.format_date(datetime.date(2026, 3, 31), long=True) == "31 มีนาคม 2569"


def test_template_filters_give_buddhist_era_dates_in_bangkok_time():
    moment = datetime.datetime(2026, 3, 31, 18, 30, tzinfo=datetime.UTC)  # 01:30 on 1 April in Bangkok
    rendered = Template("{{ d|thai_date }}|{{ m|thai_datetime }}").render(
        Context({"d": datetime.date(2025, 10, 1), "m": moment})
    )
    assert rendered == "1 ต.ค. 2568|1 เม.ย. 2569 01:30 น."


@given(dates.filter(lambda d: d.year + 543 >= 2400))
def test_a_typed_date_reads_back_as_the_same_day(day):
    assert thai.parse_numeric_date(thai.format_numeric_date(day)) == day


class DateForm(forms.Form):
    day = ThaiDateField()


def test_the_date_field_takes_a_buddhist_era_date():
    form = DateForm({"day": "31/03/2569"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2026, 3, 31)


def test_the_date_field_shows_the_buddhist_era_year():
    assert 'value="31/03/2569"' in str(DateForm(initial={"day": datetime.date(2026, 3, 31)})["day"])


def test_the_date_field_refuses_a_christian_era_year_in_thai():
    form = DateForm({"day": "31/03/2026"})
    assert not form.is_valid()
    assert "ปีพุทธศักราช" in form.errors["day"][0]


@pytest.mark.parametrize("text", ["31/02/2569", "hello", "2569-03-31"])
def test_the_date_field_refuses_what_is_no_date(text):
    assert not DateForm({"day": text}).is_valid()


def test_thai_words_sort_by_their_consonant_not_their_leading_vowel():
    words = ["องค์การ", "เกษตร", "ไก่", "กา", "โครงการ", "ขนส่ง", "สำนักงาน", "ที่ทำการ"]
    assert sorted(words, key=thai.thai_sort_key) == [
        "กา", "เกษตร", "ไก่", "ขนส่ง", "โครงการ", "ที่ทำการ", "สำนักงาน", "องค์การ",
    ]  # fmt: skip


def test_the_database_sorts_agencies_in_thai_order(province):
    from core.models import Agency
    from tests.factories import AgencyFactory

    for name in ["องค์การบริหารส่วนจังหวัด", "สำนักงานเกษตร", "โครงการส่งน้ำ", "ศูนย์เมล็ดพันธุ์", "เขื่อนลำปาว"]:
        AgencyFactory(province=province, name=name)
    assert list(Agency.objects.values_list("name", flat=True)) == [
        "เขื่อนลำปาว", "โครงการส่งน้ำ", "ศูนย์เมล็ดพันธุ์", "สำนักงานเกษตร", "องค์การบริหารส่วนจังหวัด",
    ]  # fmt: skip
