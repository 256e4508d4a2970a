"""Tools for authors: new scene files from a template, the story map, live reload.

Nothing here imports Textual: ``challenge new`` and ``challenge graph`` are headless
commands, and the reload logic is shared by the plain mode and the Textual game.
"""
