"""The command line: `entry` starts the program (the bare `retro` opens the home screen without
importing click); `main` is the click group; one module per area of sub-commands. None of them
imports Textual except to open the TUI."""
