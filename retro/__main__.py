from retro.cli.entry import run

run()
