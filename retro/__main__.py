from retro.cli import run

run()
