"""Reading facts out of text: seeds and sentences, time zones, typed values, names, positions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from game.content.yaml_source import load_file
from game.facts.corpus import describe_difference, load_corpus, load_seed, split_sentences
from game.facts.mentions import NUMBER, read_number, scan_counts, scan_dates, scan_designations, scan_durations, scan_times
from game.facts.names import MISSPELT, SUSPECT, VARIANT, scan_names
from game.facts.positions import ScalarMap
from game.facts.story import LEDGER, load
from game.facts.text import edit_distance, normalise
from game.facts.values import Designation, Duration, Moment, read_designation
from game.facts.zones import equivalents, offset
from game.paths import scenes_dir, seeds_dir


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    return load(load_file(scenes_dir() / LEDGER, "ledger.yaml")).index


# -- the seed corpus -------------------------------------------------------------------------------

def test_seed_dateline_headline_and_sentence_positions() -> None:
    corpus = load_corpus(seeds_dir())
    assert len(list(corpus)) == 5
    seed = corpus["000_8acb0a751fb49325.txt"]
    assert (seed.date, seed.headline) == (date(2021, 10, 5), "Live")
    first = seed.sentences[0]
    assert (first.text, first.line, first.col) == ("Live", 1, 18)
    launch = next(s for s in seed.sentences if "lifted off on time" in s.text)
    assert launch.text.endswith("at 4:55 a.m. EDT (0855 GMT).")  # "a.m." does not end the sentence
    assert (launch.line, launch.col) == (6, 10)
    assert corpus["002_5edd92195ac1bf78.txt"].headline.startswith("The docking happened at 9am19")


def test_sentence_splitting_keeps_abbreviations() -> None:
    text = "On Oct. 5, 2021, Russia launched. Ms. Peresild smiled! It was 4:55 a.m. EDT then."
    parts = [text[a:b] for a, b in split_sentences(text, 0, len(text))]
    assert parts == ["On Oct. 5, 2021, Russia launched.", "Ms. Peresild smiled!", "It was 4:55 a.m. EDT then."]


def test_malformed_seed_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("no dateline here\n", "utf-8")
    assert "first line" in (load_seed(tmp_path / "bad.txt").problem or "")


def test_normalising_only_whitespace_and_quotes() -> None:
    assert normalise("  \u201cIt\u2019s\u201d \n  here ") == "\"It's\" here"
    assert normalise("MS\u201019") == "MS\u201019"  # a dash is not a quote: left alone


def test_difference_names_the_words() -> None:
    assert describe_difference("the Soyuz MS-22 crew", "the Soyuz MS-19 crew") == \
        "the quote has 'MS-22' where the seed has 'MS-19'"


# -- time zones and moments ------------------------------------------------------------------------

def test_zone_offsets_follow_daylight_saving() -> None:
    launch = date(2021, 10, 5)
    assert offset("US-EASTERN", launch) == -240 and offset("US-EASTERN", date(2021, 12, 1)) == -300
    assert offset("UK", launch) == 60 and offset("UK", date(2021, 11, 1)) == 0
    assert offset("MSK", launch) == 180


def test_the_launch_instant_in_every_zone() -> None:
    moment = Moment.parse("2021-10-05T08:55Z")
    assert equivalents(moment.utc()) == ["08:55 GMT", "4:55 a.m. EDT", "9:55 a.m. UK time", "11:55 Moscow time",
                                         "14:55 Baikonur time"]


@pytest.mark.parametrize("said, agrees", [
    ("4:55 a.m. EDT", True), ("0855 GMT", True), ("9.55am in the UK", True), ("4:55am ET", True),
    ("11:55 Moscow time", True), ("4:55", True), ("08:55 UTC", True),
    ("4:40am ET", False), ("9:55 GMT", False), ("4:55 p.m. EDT", False), ("9am19", False),
])
def test_times_compared_in_gmt(said: str, agrees: bool) -> None:
    mentions = scan_times(f"It lifted off at {said} today.")
    assert [m.text for m in mentions] == [said]
    assert Moment.parse("2021-10-05T08:55Z").agrees(mentions[0].value)[0] is agrees


def test_dates_relative_to_the_seed() -> None:
    found = scan_dates("Announced last year; on Oct. 17 and 5 October 2021, on Tuesday, in March 2022, today.",
                       ref=date(2021, 10, 5))
    assert [m.value for m in found] == [Moment(2020), Moment(None, 10, 17), Moment(2021, 10, 5), Moment(weekday=1),
                                        Moment(2022, 3), Moment(2021, 10, 5)]


@pytest.mark.parametrize("text, shown", [
    ("Soyuz MS-19", "Soyuz MS-19"), ("MS-19", "Soyuz MS-19"), ("#SoyuzMS40", "Soyuz MS-40"), ("Soyuz MS 22", "Soyuz MS-22"),
    ("Soyuz TMA-19", "Soyuz TMA-19"), ("Soyuz-2.1a", "Soyuz-2.1a"), ("Expedition 65", "Expedition 65"),
])
def test_designations(text: str, shown: str) -> None:
    assert read_designation(text).show() == shown
    assert [m.value.show() for m in scan_designations(f"The {text} is here.")] == [shown]


def test_not_a_designation() -> None:
    assert scan_designations("Ms. Peresild and MS-DOS") == []


def test_durations() -> None:
    found = scan_durations("a 12-day stay, twelve days, six months' training, a months-long stay, up to a year, "
                           "two or three months, 37 years old")
    assert [(m.value, m.vague) for m in found] == [
        (Duration(12, "day"), False), (Duration(12, "day"), False), (Duration(6, "month"), False),
        (Duration(1, "year"), False), (Duration(3, "month"), True)]
    assert Designation("Soyuz", "MS-19") == read_designation("soyuz ms-19")


def test_a_countdown_mark_is_not_a_duration() -> None:
    found = scan_durations("past the ten-minute mark, the T-10 minute mark, a 10 minute wait")
    assert [m.text for m in found] == ["10 minute"]


@pytest.mark.parametrize("text, number", [
    ("3,000", 3000), ("3 thousand", 3000), ("twelve", 12), ("twenty-five", 25), ("Three thousand", 3000),
    ("three thousand five hundred", 3500), ("one hundred and twenty", 120), ("a hundred", 100),
    ("a thousand", 1000), ("a dozen", 12), ("two million", 2_000_000), ("12.5", 12.5),
])
def test_numbers_in_figures_and_in_words(text: str, number: float) -> None:
    found = re.fullmatch(NUMBER, text, re.IGNORECASE)
    assert found is not None and read_number(found.group()) == number


def test_number_words_in_counts() -> None:
    nouns = frozenset({"applicants", "applications"})
    found = scan_counts("Three thousand applications; three thousand five hundred applicants; 3,000 applicants.",
                        nouns)
    assert [(m.text, m.value.n) for m in found] == [("Three thousand applications", 3000),
                                                   ("three thousand five hundred applicants", 3500),
                                                   ("3,000 applicants", 3000)]


# -- names -----------------------------------------------------------------------------------------

def test_edit_distance_counts_a_swap_as_one() -> None:
    assert edit_distance("pereslid", "peresild") == 1
    assert edit_distance("perselid", "peresild") == 2
    assert edit_distance("shklaperov", "shkaplerov") == 2


def test_names_known_variant_misspelt_and_suspect(index) -> None:  # type: ignore[no-untyped-def]
    text = "Yulia Perselid, Julia Peresild, Oleg Novitsky, Anton Shkaplerof and Alyona Mordovina met Mark Vande Hei."
    found = {(n.text, n.status) for n in scan_names(text, index)}
    assert ("Perselid", MISSPELT) in found
    assert ("Julia Peresild", VARIANT) in found
    assert ("Novitsky", VARIANT) in found
    assert ("Shkaplerof", SUSPECT) in found
    assert ("Alyona Mordovina", VARIANT) in found
    assert ("Mark Vande Hei", "accepted") in found


def test_ordinary_words_are_not_suspect_names(index) -> None:  # type: ignore[no-untyped-def]
    text = "Mars, Russian Mark, Perhaps the Shipment of Moscow's Cosmodrome. Russia sent Kazakh crews."
    assert [n for n in scan_names(text, index) if n.status == SUSPECT] == []


# -- positions inside YAML strings -----------------------------------------------------------------

@pytest.mark.parametrize("yaml_text, path", [
    ("a: |\n  First line.\n  Soyuz MS-22 here.\n", ("a",)),
    ("a: >\n  First line\n  Soyuz MS-22 here.\n", ("a",)),
    ("a: First line\n  Soyuz MS-22 here.\n", ("a",)),
    ('a: "First \\"line\\"\\n  \\u00e9 Soyuz MS-22 here."\n', ("a",)),
    ("a: 'It''s the\n  Soyuz MS-22 here.'\n", ("a",)),
    ("x:\n  - b: [one, 'Soyuz MS-22 here']\n", ("x", 0, "b", 1)),
])
def test_position_of_a_character_in_a_string(yaml_text: str, path: tuple) -> None:  # type: ignore[type-arg]
    import yaml

    value = yaml.safe_load(yaml_text)
    for key in path:
        value = value[key]
    where = ScalarMap(yaml_text).position(path, value.index("Soyuz"))
    at = yaml_text.index("Soyuz")
    assert where == (yaml_text.count("\n", 0, at) + 1, at - (yaml_text.rfind("\n", 0, at) + 1) + 1)


# -- any text ---------------------------------------------------------------------------------------

_WORDS = ["Soyuz", "MS-19", "MS-22", "launched", "at", "4:55", "a.m.", "EDT", "9am19", "12-day", "stay", "Perselid",
          "Shkaplerov,", "49,", "Expedition", "55", "Oct.", "17", "October", "Tuesday", "Site", "31", "director",
          "Dudin", "3,000", "applicants", "two", "orbits", "km", "in the UK", ".", ",", "\n", "\n\n", "\u201c", "'", "\\"]


def test_any_scene_text_is_judged_without_crashing() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from game.content.yaml_source import load_text
    from game.facts.story import story_facts

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join) | st.text(max_size=120))
    def judge(text: str) -> None:
        src = load_text("scenes:\n  - id: x\n    title: X\n    prose: |\n      "
                        + text.replace("\n", "\n      ") + "\n", "f.yaml")
        facts = story_facts([], [src], None)
        assert all(d.file == "f.yaml" and d.line >= 1 and d.col >= 1 for d in facts.diagnostics)

    judge()
