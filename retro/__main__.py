from retro.entry import run

run()
