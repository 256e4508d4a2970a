"""Claims in scene text, judged against the shipped ledger: wrong ones are flagged at their
own line and column with the right value; right ones (spelling variants, the same instant
in another time zone) pass, and tie their fact to the scene."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.diagnostics import Diagnostic
from game.content.loader import load_story

STORY = """\
story:
  title: Claims
  start: here
  clock: 2021-10-05T06:00Z
  endings:
    - id: done
      title: Done
      text: The end.
scenes:
  - id: here
    title: Here
{facts}    prose: |
{prose}
    actions:
      - verb: finish
        do:
          - end: done
"""


def write_story(folder: Path, prose: str, facts: str = "") -> Path:
    """A one-scene story whose prose is *prose*; checked against the shipped ledger
    (a story folder without a ledger of its own uses the shipped one)."""
    body = "\n".join("      " + line for line in prose.split("\n"))
    path = folder / "story.yaml"
    path.write_text(STORY.format(prose=body, facts=f"    facts: {facts}\n" if facts else ""), "utf-8")
    return path


def check(folder: Path, prose: str, facts: str = "") -> tuple[list[Diagnostic], str, object]:
    path = write_story(folder, prose, facts)
    result = load_story([folder])
    return [d for d in result.diagnostics if d.code.startswith("F")], path.read_text("utf-8"), result


def position(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


# (prose, the words at fault, the code, what the message must say): one kind of error each.
WRONG = [
    ("The Soyuz MS-22 lifted off from Baikonur.", "Soyuz MS-22", "F401", ["Soyuz MS-19", "seed 002's error"]),
    ("Here are views of the Soyuz MS-18 crew before launch.", "Soyuz MS-18", "F401", ["Soyuz MS-19"]),
    ("They return to Earth on 17 October in Soyuz MS-19.", "Soyuz MS-19", "F401", ["Soyuz MS-18", "return"]),
    ("Soon they will join the crew of Expedition 55.", "Expedition 55", "F401", ["Expedition 65"]),
    ("Shkaplerov will serve as commander of Expedition 65.", "Expedition 65", "F401", ["Expedition 66"]),
    ("Peresild and Shipenko begin a 17-day stay.", "17-day", "F401", ["12 days", "seed 002's error"]),
    ("Shkaplerov will remain on the station for a year.", "a year", "F401", ["6 months"]),
    ("The rocket lifted off at 4:40 a.m. EDT.", "4:40 a.m. EDT", "F401", ["08:55 GMT", "4:55 a.m. EDT"]),
    ("The Soyuz launched at 4:40.", "4:40", "F401", ["08:55 GMT"]),
    ("Liftoff came at 09:55 GMT.", "09:55 GMT", "F401", ["08:55 GMT", "9:55 a.m. UK time"]),
    ("The rocket took off at 8.55am in the UK.", "8.55am in the UK", "F401", ["9:55 a.m. UK time"]),
    ("The Soyuz docked with the station at 13:22 GMT.", "13:22 GMT", "F401", ["12:22 GMT"]),
    ("Peresild and Shipenko return to Earth on 18 October.", "18 October", "F401", ["17 October 2021"]),
    ("The rocket launched on Wednesday.", "Wednesday", "F401", ["5 October 2021 was a Tuesday"]),
    ("Perselid waves from the hatch.", "Perselid", "F402", ["write 'Peresild'", "seed 000"]),
    ("Anton Shkaplerof checks the straps.", "Shkaplerof", "F403", ["'Shkaplerov'"]),
    ("Konstantin Ernest calls the crew.", "Ernest", "F403", ["'Ernst'"]),
    ("Yulia Peresild, 38, smiles.", "38", "F401", ["37 years old"]),
    ("She was chosen out of 2,000 applicants.", "2,000 applicants", "F401", ["3,000"]),
    ("The rocket stands on Site 1.", "Site 1", "F401", ["Site 31"]),
    ("The director Alexey Dudin waves.", "director", "F404", ["cinematographer"]),
    ("The doctor Yulia Peresild checks her lines.", "doctor", "F404", ["actress"]),
    ("They docked after four orbits.", "four orbits", "F401", ["2"]),
    ("A Soyuz-2.1b rocket stands ready.", "Soyuz-2.1b", "F401", ["Soyuz-2.1a"]),
    ("The station orbits at an altitude of 400 km.", "400 km", "F401", ["354 km"]),
    ("The filming should give up to an hour of scenes.", "an hour", "F401", ["40 minutes"]),
]


@pytest.mark.parametrize("prose, wrong, code, says", WRONG, ids=[w[1] for w in WRONG])
def test_wrong_claim_is_flagged_where_written(tmp_path: Path, prose: str, wrong: str, code: str,
                                              says: list[str]) -> None:
    found, text, _ = check(tmp_path, prose)
    assert len(found) == 1, [d.format() for d in found]
    d = found[0]
    assert d.code == code
    assert (d.line, d.col) == position(text, wrong)
    assert d.file.endswith("story.yaml")
    for words in says:
        assert words in d.message, d.message


def test_every_wrong_claim_is_a_different_kind() -> None:
    assert len({w[1] for w in WRONG}) == len(WRONG) >= 12


RIGHT = [
    ("The Soyuz MS-19 lifted off from Site 31 at Baikonur.", {"spacecraft", "launch-site"}),
    ("Liftoff was at 4:55 a.m. EDT.", {"launch-time"}),
    ("The rocket lifted off at 0855 GMT.", {"launch-time"}),
    ("The rocket took off at 9.55am in the UK.", {"launch-time"}),
    ("The launch was at 11:55 Moscow time.", {"launch-time"}),
    ("The Soyuz launched at 4:55, on time.", {"launch-time"}),
    ("Oleg Novitsky welcomes them aboard.", set()),
    ("The reserve crew, Alyona Mordovina and Alexei Dudin, wave.", set()),
    ("The doctor is played by Julia Peresild.", set()),
    ("Yuliya Peresild rehearses; the cosmodrome is also spelt Baykonur.", set()),
    ("Peresild and Shipenko return to Earth on 17 October in Soyuz MS-18 with Novitskiy.",
     {"return-date", "return-spacecraft"}),
    ("Shkaplerov, commander of Expedition 66, returns on Soyuz MS-19 in March 2022.",
     {"expedition-66-commander", "shkaplerov-return-spacecraft", "shkaplerov-return-date"}),
    ("A 12-day stay: twelve days of filming in space.", {"filmmakers-stay"}),
    ("Yulia Peresild, 37, actress, was chosen out of 3,000 applicants.",
     {"peresild-age", "peresild-role", "peresild-chosen"}),
    ("The station orbits about 220 miles up.", {"station-altitude"}),
    ("They docked at 8:22 a.m. EDT after two orbits.", {"docking-time", "orbits-to-dock"}),
    ("The cinematographer Alexey Dudin waves.", {"dudin-role"}),
    ("The rocket launched on Tuesday.", {"launch-time"}),
]


@pytest.mark.parametrize("prose, facts", RIGHT, ids=[r[0][:40] for r in RIGHT])
def test_right_claim_passes_and_is_a_source_of_the_scene(tmp_path: Path, prose: str, facts: set[str]) -> None:
    found, _, result = check(tmp_path, prose)
    assert found == [], [d.format() for d in found]
    assert result.ok
    assert facts <= set(result.story.scenes["here"].facts)


# Sentences of the drafted story (tests/fixtures/facts/legit-story) that the checker once flagged,
# one per kind of false positive, with the facts each states (docs/facts.md has the rule for each).
RIGHT_FROM_THE_STORY = [
    ("Three seats, but another ship: the Soyuz MS-18, with Oleg Novitskiy in the commander's seat.",
     {"return-spacecraft"}),
    ("The hatch to the Soyuz MS-18.", {"return-spacecraft"}),
    ("Oleg undocks the Soyuz MS-18, and the station slides away behind you, Anton's face at a window.",
     {"return-spacecraft"}),
    ('"Three thousand applications," she says.', {"peresild-chosen"}),
    ("Baikonur Cosmodrome, Kazakhstan. Monday, 4 October 2021.", {"press-conference"}),
    ("The Soyuz MS-18 leaves on 17 October.", {"return-date", "return-spacecraft"}),
    ("Twelve days after liftoff you are back on Earth with the footage of the first film scenes shot in orbit.",
     {"filmmakers-stay"}),
    ("Oleg Novitskiy, six months into his stay on the station, waves.", {"novitskiy-time-aboard"}),
    ("Yulia, the doctor, floats to the table and sets to work on her patient.", {"peresild-film-role"}),
    ("The crew of Expedition 65 is here to greet you: two Russians, a Frenchman, a Japanese astronaut and "
     "three NASA astronauts.", {"russians-aboard", "nasa-astronauts-aboard", "expedition-joined"}),
    ("The count runs down past the ten-minute mark.", set()),
    ("Anton will command Expedition 66.", {"expedition-66-commander"}),
]


@pytest.mark.parametrize("prose, facts", RIGHT_FROM_THE_STORY, ids=[r[0][:40] for r in RIGHT_FROM_THE_STORY])
def test_right_claim_from_the_story_passes(tmp_path: Path, prose: str, facts: set[str]) -> None:
    found, _, result = check(tmp_path, prose)
    assert found == [], [d.format() for d in found]
    assert facts <= set(result.story.scenes["here"].facts)


# Beside each kind above, a wrong claim that must stay flagged: (prose, words at fault, code, message).
WRONG_NEAR_THE_STORY = [
    ("The Soyuz MS-18 lifted off from Baikonur.", "Soyuz MS-18", "F401", ["Soyuz MS-19", "'lift'"]),
    ("Oleg undocks the Soyuz MS-22.", "Soyuz MS-22", "F401", ["Soyuz MS-18", "'undock'"]),
    ("Yulia and Klim fly home on the Soyuz MS-19.", "Soyuz MS-19", "F401", ["Soyuz MS-18", "'home'"]),
    ("She was chosen out of three thousand five hundred applicants.", "three thousand five hundred applicants",
     "F401", ["3,000"]),
    ("The Soyuz launched on 4 October.", "4 October", "F401", ["5 October 2021", "'launch'"]),
    ("The Soyuz MS-18 leaves on 18 October.", "18 October", "F401", ["17 October 2021"]),
    ("The filming gives twelve minutes of footage.", "twelve minutes", "F401", ["40 minutes"]),
    ("The filming should give up to ten minutes of scenes.", "ten minutes", "F401", ["40 minutes"]),
    ("A six-month stay for Yulia begins.", "six-month", "F401", ["12 days", "'stay'"]),
    ("After all that training, the day comes. A six-month stay for Yulia begins.", "six-month", "F401",
     ["12 days", "'stay'"]),
    ("Oleg Novitskiy has been aboard for the past two months.", "two months", "F401", ["6 months"]),
    ("Yulia, the cosmonaut, floats to the table.", "cosmonaut", "F404", ["'actress'"]),
    ("Three Russians greet you aboard the station.", "Three Russians", "F401", ["2 (fact 'russians-aboard'"]),
    ("The crew of Expedition 55 is here to greet you.", "Expedition 55", "F401", ["Expedition 65", "seed 002"]),
]


@pytest.mark.parametrize("prose, wrong, code, says", WRONG_NEAR_THE_STORY, ids=[w[1] for w in WRONG_NEAR_THE_STORY])
def test_wrong_claim_near_the_story_is_flagged(tmp_path: Path, prose: str, wrong: str, code: str,
                                               says: list[str]) -> None:
    test_wrong_claim_is_flagged_where_written(tmp_path, prose, wrong, code, says)


def test_a_role_in_the_film_is_named_when_said_outside_it(tmp_path: Path) -> None:
    found, _, _ = check(tmp_path, "The doctor Yulia Peresild checks her lines.")
    assert "Yulia Peresild is 'actress'" in found[0].message
    assert "fact 'peresild-film-role': In the film, Yulia Peresild plays the doctor" in found[0].message


def test_a_date_with_no_cue_in_its_sentence_is_no_claim(tmp_path: Path) -> None:
    found, _, result = check(tmp_path, "The crew leaves on 18 October. Sunday, 3 October 2021.")
    assert found == [] and result.story.scenes["here"].facts == []


def test_a_fact_the_game_may_not_state_is_meant_only_when_cued(tmp_path: Path) -> None:
    assert check(tmp_path, "It was in 2020.")[0] == []
    found, _, _ = check(tmp_path, "The Hollywood project was announced in 2020.")
    assert [d.code for d in found] == ["F406"] and "hollywood-announced" in found[0].message


def test_a_scene_lists_facts_by_id_and_sources_shows_them(tmp_path: Path) -> None:
    found, _, result = check(tmp_path, "A plain room.", facts="[only-pilot, crew]")
    assert found == []
    assert result.story.scenes["here"].facts == ["only-pilot", "crew"]
    view = result.story.facts["only-pilot"]
    assert view.quotes[0].seed == "001_d7b0d856108d1c4a.txt" and view.quotes[0].date == "2021-10-04"


def test_unknown_fact_reference_is_an_error_at_its_place(tmp_path: Path) -> None:
    found, text, _ = check(tmp_path, "A plain room.", facts="[crew, only-pilots]")
    assert [d.code for d in found] == ["F405"]
    assert (found[0].line, found[0].col) == position(text, "only-pilots")
    assert "did you mean 'only-pilot'" in found[0].message


def test_a_doubtful_fact_may_not_be_stated(tmp_path: Path) -> None:
    found, text, _ = check(tmp_path, "A plain room.", facts="[vostochny-spacecraft]")
    assert [d.code for d in found] == ["F406"]
    assert "doubtful" in found[0].message


def test_position_inside_a_folded_double_quoted_text(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(STORY.format(facts="", prose="      A room.").replace(
        "    title: Here\n", '    title: "Here, \\"where\\" the\n      Soyuz MS-22 waits"\n'), "utf-8")
    result = load_story([tmp_path])
    found = [d for d in result.diagnostics if d.code.startswith("F")]
    text = (tmp_path / "story.yaml").read_text("utf-8")
    assert [(d.line, d.col) for d in found] == [position(text, "Soyuz MS-22")]


def test_a_persons_talk_is_judged_with_the_person_in_mind(tmp_path: Path) -> None:
    story = STORY.format(facts="", prose="      A room.") + """\
    people:
      - id: anton
        name: Anton Shkaplerov
        description: The commander.
        topics:
          station: '"A year up there, for me. You two fly home in twelve days."'
"""
    (tmp_path / "story.yaml").write_text(story, "utf-8")
    found = [d for d in load_story([tmp_path]).diagnostics if d.code.startswith("F")]
    assert [d.message.split(":")[0] for d in found] == ["'A year' contradicts the ledger"]
    assert "6 months" in found[0].message and "Anton Shkaplerov" in found[0].message
