"""The command line's sub-commands, one module per area. None of them imports Textual."""
