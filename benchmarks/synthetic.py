"""Synthetic stories in our scene format, for benchmarks and their smoke tests.

``write_story(folder, n)`` writes a valid story of *n* scenes: a ring of scenes,
each with exits (one of them conditional), a portable item and a fixed object,
an action with a condition and effects, fact references into the shipped ledger,
and prose that names people and states facts the ledger holds, so every checker
(schema, references, graph, facts) has real work. ``write_rooms(folder, n)`` is
the engine yardstick: the adventurelib and Inform 6 games of
``../shared/tools`` in our format (a loop of rooms, a widget in each).
"""

from __future__ import annotations

from pathlib import Path

SCENES_PER_FILE = 10

# Ids of facts in the shipped ledger (scenes/facts/ledger.yaml): a generated story has no
# ledger of its own, so, like any story folder without one, it is checked against that one.
FACTS = ("crew", "launch-site", "training", "rocket-rollout", "only-pilot", "launch-time",
         "docking-time", "hatches", "station-crew", "film-plot", "backup-crew", "return-spacecraft")

# Sentences from the shipped story that state ledger facts correctly: the fact checker reads
# each one for names, numbers, places and times, as it reads an author's prose.
CLAIMS = (
    "The bus rolls across the cosmodrome towards Site 31. Through the window, far off, the rocket "
    "stands white on its service column.",
    '"Five months of training," Yulia says quietly. "Is that enough, do you think?"',
    "Anton Shkaplerov checks the straps of the two seats beside his own.",
)

HEADER = "# yaml-language-server: $schema=../game/content/scene.schema.json\n"


def scene_id(i: int) -> str:
    return f"module-{i}"


def _scene(i: int, n: int) -> str:
    sid, nxt, prv = scene_id(i), scene_id((i + 1) % n), scene_id((i - 1) % n)
    facts = ", ".join(FACTS[(i + k) % len(FACTS)] for k in range(2))
    claim = CLAIMS[i % len(CLAIMS)]
    last = i == n - 1
    action_effects = (f"          - say: The hatch swings open.\n"
                      f"          - set: hatch-{i}-open\n"
                      f"          - score: 1\n")
    if last:
        action_effects += "          - end: finished\n"
    back = (f"      - dir: south\n"
            f"        to: {prv}\n"
            f"        when: {{flags: [hatch-{(i - 1) % n}-open]}}\n"
            f"        blocked: The hatch behind you is shut; open it from the other side.\n")
    return (
        f"  - id: {sid}\n"
        f"    title: Module {i}\n"
        f"    chapter: Section {i // 100}\n"
        f"    facts: [{facts}]\n"
        f"    prose: |\n"
        f"      Module {i} of the training mock-up: panels, handrails and a round hatch\n"
        f"      at each end. A checklist is taped beside the hatch.\n\n"
        f"      {claim}\n"
        f"    objects:\n"
        f"      - id: checklist-{i}\n"
        f"        name: checklist\n"
        f"        aliases: [list, checklist {i}]\n"
        f"        description: A laminated checklist for module {i}, ticked off in pencil.\n"
        f"        fixed: It is taped down.\n"
        f"      - id: wrench-{i}\n"
        f"        name: wrench\n"
        f"        aliases: [spanner, tool, wrench {i}]\n"
        f"        portable: true\n"
        f"        description: A heavy wrench stamped with the number {i}.\n"
        f"    actions:\n"
        f"      - verb: [open, unbolt]\n"
        f"        object: checklist-{i}\n"
        f"        when: {{has: [wrench-{i}]}}\n"
        f"        otherwise: The hatch bolts need a wrench.\n"
        f"        once: true\n"
        f"        do:\n{action_effects}"
        f"    exits:\n"
        f"      - dir: north\n"
        f"        name: the forward hatch\n"
        f"        aliases: [forward hatch, forward]\n"
        f"        to: {nxt}\n"
        f"        minutes: 1\n"
        f"{back}"
    )


def write_story(folder: Path, n: int, per_file: int = SCENES_PER_FILE) -> list[Path]:
    """Write a valid story of *n* scenes (n >= 2) under *folder*; returns the files written."""
    if n < 2:
        raise ValueError("a synthetic story needs at least 2 scenes")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    story = (HEADER + "story:\n"
             "  title: A synthetic story\n"
             f"  start: {scene_id(0)}\n"
             "  clock: 2021-10-04T06:00Z\n"
             "  wait: 5m\n"
             "  endings:\n"
             "    - id: finished\n"
             "      title: Through every module\n"
             "      win: true\n"
             "      text: You open the last hatch of the mock-up.\n")
    written = [folder / "story.yaml"]
    written[0].write_text(story, encoding="utf-8")
    for first in range(0, n, per_file):
        # Folders of 100 files keep directory listings short, as an author would.
        sub = folder / f"part-{first // (per_file * 100):04d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"modules-{first:07d}.yaml"
        body = "".join(_scene(i, n) for i in range(first, min(first + per_file, n)))
        path.write_text(HEADER.replace("../", "../../") + "scenes:\n" + body, encoding="utf-8")
        written.append(path)
    return written


# -- the engine yardstick --------------------------------------------------------------------------

YARDSTICK_CYCLE = ("look", "examine widget", "take widget", "drop widget", "north", "inventory")


def yardstick_commands(count: int) -> list[str]:
    """The yardstick's command list: the cycle of six, *count* commands in all."""
    return [YARDSTICK_CYCLE[j % len(YARDSTICK_CYCLE)] for j in range(count)]


def write_rooms(folder: Path, n: int = 200) -> Path:
    """The yardstick game of ../shared/tools in our format: *n* rooms in a loop, a widget in each."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = [HEADER, "story:\n  title: Yardstick\n  start: room-0\n  clock: 2021-10-04T06:00Z\n",
           "  endings:\n    - id: never\n      title: Never\n      text: Not reached.\n", "scenes:\n"]
    for i in range(n):
        out.append(
            f"  - id: room-{i}\n"
            f"    title: Room {i}\n"
            f"    prose: You are in room {i} of the yardstick. Exits lead north and south.\n"
            f"    objects:\n"
            f"      - id: widget-{i}\n"
            f"        name: widget {i}\n"
            f"        aliases: [widget, gadget, w{i}]\n"
            f"        portable: true\n"
            f"        description: A plain widget, numbered {i}.\n"
            f"    exits:\n"
            f"      - dir: north\n        to: room-{(i + 1) % n}\n"
            f"      - dir: south\n        to: room-{(i - 1) % n}\n")
    path = folder / "rooms.yaml"
    path.write_text("".join(out), encoding="utf-8")
    return path
