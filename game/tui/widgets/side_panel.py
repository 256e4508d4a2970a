"""The side panel: tabs for objectives, inventory, the crew dossier and the sources of the scene.

The play screen calls :meth:`SidePanel.show` after every turn; the text of each
tab is made by a pure function of the panel data, so it is tested without a screen.
"""

from __future__ import annotations

from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static, TabbedContent, TabPane

from ...engine.state import State
from ...engine.story import Story
from .. import panel_data as data
from ..story_text import command_link, examine, reflow, source_lines
from .links import LinkText

HEADING = "bold $text-accent"
MUTED = "$text-muted"
WARN = "$text-warning"

TABS = (("objectives", "Goals"), ("inventory", "Items"), ("crew", "Crew"), ("sources", "Sources"))
"""Tab ids and their (short, so four fit in a narrow panel) labels."""


def _link(text: str, command: str) -> Content:
    """*text* as a link that runs *command*."""
    return Content(text).stylize(command_link(command))


def _lines(parts: list[Content | str]) -> Content:
    """Lines joined into one text (plain strings stay plain: never markup)."""
    return Content("\n").join(p if isinstance(p, Content) else Content(p) for p in parts)


def objectives_text(o: data.Objectives) -> Content:
    """The objectives tab: progress, chapters, and each way on with what blocks it."""
    parts: list[Content | str] = [Content.styled("Mission", HEADING)]
    if o.ended:
        parts.append(Content.styled(f"The story is over: {o.ended}.", WARN))
    parts.append(f"Score {o.score} of {o.max_score}")
    parts.append(f"Scenes reached: {o.visited} of {o.scenes}")
    for chapter, reached in o.chapters:
        parts.append(Content.assemble("✓ " if reached else "· ", (chapter, "" if reached else MUTED)))
    parts += ["", Content.styled("Ways on", HEADING)]
    if not o.ways_on:
        parts.append(Content.styled("No way on from here.", MUTED))
    for way in o.ways_on:
        parts.append(Content.assemble("▸ ", _link(way.label, way.command)))
        if way.blocked:
            parts.append(Content.styled(reflow(way.blocked), WARN))  # no indent: it would not survive wrapping
    return _lines(parts)


def inventory_text(inv: data.Inventory) -> Content:
    """The inventory tab: what is carried and what is around, each a link to examine it."""
    parts: list[Content | str] = [Content.styled("Carrying", HEADING)]
    parts += [Content.assemble("• ", _link(t.name, examine(t.name))) for t in inv.carried] or \
        [Content.styled("Nothing.", MUTED)]
    parts += ["", Content.styled("Around you", HEADING)]
    parts += [Content.assemble("• ", _link(t.name, examine(t.name))) for t in inv.around] or \
        [Content.styled("Nothing to speak of.", MUTED)]
    return _lines(parts)


def crew_text(story: Story, crew: list[data.CrewMember]) -> Content:
    """The crew dossier: the player, then each person met, with the topics they answer."""
    parts: list[Content | str] = []
    if story.player:
        parts += [Content.styled("You", HEADING), reflow(story.player), ""]
    for member in crew:
        person = member.person
        name = _link(person.name, examine(person.name)) if member.here else Content(person.name)
        parts.append(Content.assemble(name.stylize(HEADING), ("  (here)" if member.here else "", MUTED)))
        parts.append(reflow(person.description))
        if person.topics:
            word = person.words[0]
            topics = [_link(t, f"ask {word} about {t}") if member.here else Content(t) for t in person.topics]
            parts.append(Content.assemble(("Ask about: ", MUTED), Content(", ").join(topics)))
        parts.append("")
    if not crew:
        parts.append(Content.styled("You have met nobody yet.", MUTED))
    return _lines(parts).rstrip()


class SourcesList(Vertical):
    """The facts behind the scene, one widget a line so that wrapped lines keep their indent."""

    DEFAULT_CSS = """
    SourcesList {
        height: auto;
        & > Static { height: auto; }
        & > .fact { text-style: bold; margin-top: 1; }
        & > .quote { padding-left: 2; text-style: italic; }
        & > .source { padding-left: 4; color: $text-muted; }
        & > .note { padding-left: 2; color: $text-warning; }
        & > .empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: data.Sources | None = None

    def show(self, sources: data.Sources) -> None:
        """List *sources*."""
        if sources == self.shown:
            return  # most turns stay in one scene: don't rebuild the same list
        self.shown = sources
        self.remove_children()
        lines = source_lines(sources.facts, sources.empty)
        self.mount_all([Static(Content(text), classes=kind) for kind, text in lines])


class PanelText(LinkText):
    """The text of one tab."""

    shown: Content | None = None  # what SidePanel.show last put here


class SidePanel(TabbedContent):
    """Objectives, inventory, crew and sources, beside the story log."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        for tab_id, label in TABS:  # as `with SidePanel(): yield TabPane(...)` would add them
            content: list[Widget] = [PanelText(id=f"{tab_id}-text")]
            if tab_id == "sources":
                content = [Label("Sources for this scene", classes="heading"), SourcesList(id="sources-list")]
            self.compose_add_child(TabPane(label, VerticalScroll(*content, can_focus=False), id=tab_id))

    _game: tuple[Story, State] | None = None  # what show() was last given
    _stale: frozenset[str] = frozenset()  # tabs not yet brought up to date with it

    def show(self, story: Story, state: State) -> None:
        """Bring the panel up to date with *state*. Only the tab in view is filled now (if the panel is
        shown at all): the others wait until they are opened, so a turn costs one tab's work, not four."""
        self._game = (story, state)
        self._stale = frozenset(tab_id for tab_id, _ in TABS)
        if self.display:
            self._fill(self.active)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content is self and event.pane.id is not None:
            self._fill(event.pane.id)

    def on_show(self) -> None:
        self._fill(self.active)  # the panel was hidden (a narrow terminal, F2) while turns went by

    def _fill(self, tab_id: str) -> None:
        if self._game is None or tab_id not in self._stale:
            return
        self._stale = self._stale - {tab_id}
        story, state = self._game
        if tab_id == "objectives":
            self._update("#objectives-text", objectives_text(data.objectives(story, state)))
        elif tab_id == "inventory":
            self._update("#inventory-text", inventory_text(data.inventory(story, state)))
        elif tab_id == "crew":
            self._update("#crew-text", crew_text(story, data.crew(story, state)))
        elif tab_id == "sources":
            self.query_one(SourcesList).show(data.sources(story, state))

    def _update(self, selector: str, content: Content) -> None:
        text = self.query_one(selector, PanelText)
        if getattr(text, "shown", None) != content:
            text.shown = content
            text.update(content)
