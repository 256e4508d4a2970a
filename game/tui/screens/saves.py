"""The save and load screens: named slots with the time they were saved and where the game stood."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from ... import saves
from ...play.render import clock_text
from .dialogs import ConfirmScreen, Dialog


def slot_prompt(slot: saves.SlotInfo) -> Content:
    """How a slot is listed: its name, then where the game stood and when it was saved."""
    if slot.damaged:
        why = slot.problem or "damaged"
        return Content.assemble((slot.name, "bold"), (f"  {why}: cannot be loaded", "$text-error"))
    where = [slot.scene] if slot.scene else []
    if slot.clock:
        try:
            where.append(clock_text(slot.clock))
        except ValueError:
            pass
    if slot.score is not None:
        where.append(f"score {slot.score}")
    return Content.assemble((slot.name, "bold"), ("  saved " + slot.saved_local, "$text-muted"), "\n",
                            ("  " + " · ".join(where), "$text-muted"))


def slot_list(slots: list[saves.SlotInfo]) -> OptionList:
    """The saved games as a list to pick from (damaged ones shown, but not pickable)."""
    return OptionList(*[Option(slot_prompt(s), id=s.name, disabled=s.damaged) for s in slots], id="slots")


class SaveScreen(Dialog[str | None]):
    """Choose a name to save under; dismissed with the name, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]
    """Escape closes without saving."""

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.slots = saves.slots()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Save game", classes="dialog-title")
            yield Label("Name (letters, digits, spaces, - and _):", classes="dialog-text")
            yield Input(self.suggestion, id="slot-name", max_length=40, compact=True)
            yield Label("", id="save-error", classes="dialog-error")
            if self.slots:
                yield Label("Saved games (pick one to overwrite it):", classes="dialog-text")
                yield slot_list(self.slots)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#slot-name", Input).focus()

    @on(OptionList.OptionHighlighted, "#slots")
    def _pick(self, event: OptionList.OptionHighlighted) -> None:
        # Only the player's own moves through the list name the slot (not the list's first highlight).
        if event.option.id and event.option_list.has_focus:
            box = self.query_one("#slot-name", Input)
            box.value = event.option.id
            box.cursor_position = len(box.value)

    @on(OptionList.OptionSelected, "#slots")
    def _pick_and_save(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._save(event.option.id)

    @on(Input.Submitted, "#slot-name")
    def _submitted(self, event: Input.Submitted) -> None:
        self._save(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save(self.query_one("#slot-name", Input).value)
        else:
            self.dismiss(None)

    def _save(self, name: str) -> None:
        name = name.strip()
        try:
            saves.slot_path(name or "?")  # checks the name; the play screen writes the file
        except saves.SaveError as exc:
            self.query_one("#save-error", Label).update(Content(str(exc)))
            return
        self.dismiss(name)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class LoadScreen(Dialog[str | None]):
    """Pick a saved game; dismissed with its name, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("delete", "delete_slot", "Delete save"),
    ]
    """Escape closes; Delete removes the highlighted save (after asking)."""

    def compose(self) -> ComposeResult:
        slots = saves.slots()
        with Vertical(classes="dialog wide"):
            yield Label("Load game", classes="dialog-title")
            if slots:
                yield slot_list(slots)
                yield Label("Enter loads · Delete removes · Escape cancels", classes="dialog-hint")
            else:
                yield Label("There are no saved games yet. Type save while playing, or press Ctrl+S.",
                            classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button("Load", id="load", variant="primary", disabled=not slots, compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        if self.query("#slots"):
            self.query_one("#slots", OptionList).focus()

    async def recompose(self) -> None:
        await super().recompose()
        self._focus_list()

    @on(OptionList.OptionSelected, "#slots")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "load" and self._highlighted():
            self.dismiss(self._highlighted())
        elif event.button.id == "cancel":
            self.dismiss(None)

    def _highlighted(self) -> str | None:
        if not self.query("#slots"):
            return None
        slots = self.query_one("#slots", OptionList)
        option = slots.highlighted_option
        return option.id if option is not None and not option.disabled else None

    def action_delete_slot(self) -> None:
        if not self.query("#slots"):
            return
        option = self.query_one("#slots", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        name = option.id

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                saves.delete(name)
            except saves.SaveError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.call_later(self.recompose)  # list what is left

        self.app.push_screen(ConfirmScreen("Delete save?", f"Delete the saved game '{name}'?", "Delete", "Keep"),
                             answered)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
