"""The screens of the Textual game: title, play, help, saves, ending, dialogs."""
