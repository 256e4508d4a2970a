"""The ledger against the seeds: the shipped ledger is clean and every quote is in its seed;
on a small fixture ledger, each kind of problem is reported at its place in the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.diagnostics import Diagnostic
from game.content.yaml_source import load_file, load_text
from game.facts.checks import Checker
from game.facts.corpus import load_corpus
from game.facts.ledger import load_ledger
from game.facts.story import LEDGER, load
from game.paths import scenes_dir, seeds_dir

FIXTURE = Path(__file__).parent / "fixtures" / "facts"


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load(load_file(scenes_dir() / LEDGER, "ledger.yaml"))


def test_shipped_ledger_is_clean(shipped) -> None:  # type: ignore[no-untyped-def]
    assert shipped.diagnostics == []
    checker = Checker(shipped.ledger, load_corpus(seeds_dir()), shipped.index, shipped.judge)
    assert [d.format() for d in checker.check()] == []


def test_every_quote_in_the_shipped_ledger_is_found_in_its_seed(shipped) -> None:  # type: ignore[no-untyped-def]
    corpus = load_corpus(seeds_dir())
    ledger = shipped.ledger
    quotes = [e for f in ledger.facts.values() for e in f.evidence + [x for v in f.variants for x in v.evidence]]
    quotes += [e for g in ledger.glossary.values()
               for e in g.evidence + [x for f in g.variants + g.misspellings for x in f.evidence]]
    assert len(quotes) > 200
    missing = [(e.seed, e.quote) for e in quotes if corpus[e.seed].find(e.quote) is None]
    assert missing == []


def test_shipped_ledger_covers_the_story(shipped) -> None:  # type: ignore[no-untyped-def]
    """The facts issue #4 will draw on are all there, with the values the seeds support."""
    facts = shipped.ledger.facts
    shown = {fid: facts[fid].show(shipped.ledger.glossary) for fid in facts}
    assert shown["spacecraft"] == "Soyuz MS-19"
    assert shown["launch-time"] == "08:55 GMT on 5 October 2021"
    assert shown["docking-time"] == "12:22 GMT on 5 October 2021"
    assert shown["filmmakers-stay"] == "12 days"
    assert shown["expedition-joined"] == "Expedition 65"
    assert shown["expedition-66-commander"] == "Expedition 66"
    assert shown["return-date"] == "17 October 2021"
    assert shown["return-spacecraft"] == "Soyuz MS-18"
    assert shown["launch-site"] == "Site 31"
    assert shown["rocket"] == "Soyuz-2.1a"
    assert shown["peresild-chosen"] == "3,000"
    assert shown["dudin-role"] == "cinematographer"
    assert {"backup-crew", "kairova", "ernst-role", "peskov-role", "rogozin-role", "cameos", "only-pilot",
            "manual-docking", "orbits-to-dock", "footage", "station-altitude", "vande-hei-role"} <= set(facts)
    assert not facts["vostochny-spacecraft"].usable and not facts["hollywood-announced"].usable
    names = {e.name for e in shipped.ledger.glossary.values()}
    assert {"Alexey Dudin", "Oleg Artemyev", "Alena Mordovina", "Galina Kairova", "Oleg Novitskiy", "Pyotr Dubrov",
            "Mark Vande Hei", "Dmitry Rogozin", "Konstantin Ernst", "Dmitry Peskov"} <= names


# -- the fixture ledger ----------------------------------------------------------------------------

def fixture_check(tmp_path: Path, *edits: tuple[str, str]) -> tuple[list[Diagnostic], str]:
    """Check a copy of the fixture ledger with *edits* (old, new) applied, against the fixture seeds."""
    text = (FIXTURE / "ledger.yaml").read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    src = load_text(text, "ledger.yaml")
    ledger, diags = load_ledger(src)
    if not diags:
        diags = Checker(ledger, load_corpus(FIXTURE / "seeds")).check()
    return diags, text


def position(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def test_fixture_ledger_is_clean(tmp_path: Path) -> None:
    diags, _ = fixture_check(tmp_path)
    assert diags == []


def test_quotes_match_across_typographic_quotes_and_line_breaks(tmp_path: Path) -> None:
    diags, _ = fixture_check(tmp_path, ('quote: "lifted off at 4:55 a.m. EDT (0855 GMT)"',
                                        'quote: "lifted off at 4:55 a.m.\n          EDT (0855 GMT)"'))
    assert diags == []
    corpus = load_corpus(FIXTURE / "seeds")
    assert corpus["101_beta.txt"].find('"the director said"') is not None
    assert corpus["101_beta.txt"].find("\u2018the director said\u2019") is None  # only quote marks fold, not kinds


def test_quote_not_in_its_seed_is_reported_with_the_closest_passage(tmp_path: Path) -> None:
    diags, text = fixture_check(tmp_path, ("The Soyuz MS-19 spacecraft lifted off", "The Soyuz MS-91 spacecraft lifted off"))
    assert [d.code for d in diags] == ["F201"]
    d = diags[0]
    assert (d.line, d.col) == position(text, '"The Soyuz MS-91')
    assert "closest passage at 100_alpha.txt:2:1" in d.message
    assert "the quote has 'MS-91' where the seed has 'MS-19'" in d.message


def test_quote_that_does_not_state_the_value(tmp_path: Path) -> None:
    diags, text = fixture_check(tmp_path, ('quote: "will spend 12 days aboard"', 'quote: "37, will spend"'))
    assert [d.code for d in diags] == ["F202"]
    assert (diags[0].line, diags[0].col) == position(text, '"37, will spend"')
    assert "does not state duration '12 days'" in diags[0].message


def test_time_zone_conversion_in_quotes(tmp_path: Path) -> None:
    """9.55am UK time on 5 October is 08:55 GMT; 9.55am GMT is not."""
    diags, _ = fixture_check(tmp_path, ("value: 2021-10-05T08:55Z", "value: 2021-10-05T09:55Z"))
    wrong = [d.message for d in diags if d.code == "F202"]
    assert len(wrong) == 2 and all("does not state datetime '09:55 GMT on 5 October 2021'" in m for m in wrong)
    assert "it says '9.55am in the UK'" in wrong[1]
    assert [d.code for d in diags if d.code == "F204"] == ["F204"]  # no quote gives 09:55 GMT


def test_unrecorded_conflict_quotes_both_sides(tmp_path: Path) -> None:
    diags, text = fixture_check(tmp_path, ("""    variants:
      - value: Soyuz MS-22
        evidence:
          - {seed: 101_beta.txt, quote: "The Soyuz MS-22 docked"}
""", ""), ("    reason: Seed 101 gets other things wrong too.\n", ""))
    assert [d.code for d in diags] == ["F301"]
    d = diags[0]
    assert (d.line, d.col) == position(text, "Soyuz MS-19\n")
    assert "seed 101_beta.txt:2:5 says 'Soyuz MS-22'" in d.message
    assert '"The Soyuz MS-22 docked after the crew launched' in d.message
    assert '100: "The Soyuz MS-19 spacecraft lifted off"' in d.message


def test_unrecorded_misspelling_in_a_seed(tmp_path: Path) -> None:
    diags, text = fixture_check(tmp_path, ("""    misspellings:
      - form: Perselid
        evidence:
          - {seed: 101_beta.txt, quote: "Yulia Perselid will stay"}
""", ""))
    assert [d.code for d in diags] == ["F302"]
    assert (diags[0].line, diags[0].col) == position(text, "Yulia Peresild\n")
    assert "spells 'Perselid'" in diags[0].message


def test_a_value_fewer_seeds_state_needs_a_reason(tmp_path: Path) -> None:
    diags, text = fixture_check(tmp_path, ("    reason: Seed 101 gets other things wrong too.\n", ""))
    assert [d.code for d in diags] == ["F107"]
    assert "1 seed states 'Soyuz MS-22', as many seeds as state 'Soyuz MS-19'" in diags[0].message


def test_seed_list_must_match_the_seed_files(tmp_path: Path) -> None:
    diags, text = fixture_check(tmp_path, ("    date: 2021-10-05\n    headline: Docking report",
                                           "    date: 2021-10-06\n    headline: Docking report"))
    assert [d.code for d in diags] == ["F203"]
    assert "dated 2021-10-05, not 2021-10-06" in diags[0].message


@pytest.mark.parametrize("old, new, code, says", [
    ("    type: duration\n", "    type: span\n", "F101", "'span' is not one of"),
    ("    value: 12 days\n", "    value: twelve-ish\n", "F103", "is not a duration"),
    ("    subject: yulia-peresild\n    cues", "    subject: yulia-peresil\n    cues", "F104",
     "did you mean 'yulia-peresild'"),
    ("{seed: 100_alpha.txt, quote: \"from Site 31\"}", "{seed: 100_alhpa.txt, quote: \"from Site 31\"}", "F105",
     "is not listed under 'seeds:'"),
    ("  - id: age\n", "  - id: site\n", "F102", "duplicate fact id 'site'"),
])
def test_ledger_mistakes_are_reported_at_their_line(tmp_path: Path, old: str, new: str, code: str, says: str) -> None:
    diags, text = fixture_check(tmp_path, (old, new))
    assert [d.code for d in diags] == [code], [d.format() for d in diags]
    assert says in diags[0].message
    assert diags[0].line == text.count("\n", 0, text.rindex(new)) + 1
