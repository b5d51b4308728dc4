"""retro: hybrid retrospectives that end in experiments, feeding an Improvement Kata log."""

__version__ = "0.1.0"
