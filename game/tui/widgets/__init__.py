"""Widgets of the play screen and its dialogs."""
