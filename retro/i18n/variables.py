"""Strings the app translates later, from a variable (`t(status)`, `t(WEEKDAYS[i])`, a
RuleError's `{what}`, Textual's own key names): marked here with `N_` so that `make
messages` puts them in the catalogue. The app never imports this module.

Each group names where its strings are defined; a new status, label or stored message there
belongs here too (the Swedish tests then ask for its translation).
"""

from retro.i18n import N_

MARKED = (
    # retro/domain/kata.py
    N_('The challenge'),
    N_('The target condition'),
    N_('The obstacle'),
    N_('The amendment'),
    N_('The reason'),
    N_('active'),
    N_('achieved'),
    N_('expired'),
    N_('dropped'),
    N_('The team'),
    N_('The owner'),
    N_('The area'),
    N_('The statement'),
    N_('The vision'),
    N_('The answer'),
    N_('The reflection'),
    N_('step'),
    N_('go_and_see_on'),
    N_('parked'),
    N_('working'),
    N_('resolved'),
    N_('set-aside'),
    N_('yes'),
    N_('partly'),
    N_('no'),
    N_('Personal leadership'),
    N_('Leaders together'),
    N_('Handling complexity'),
    N_('Team self-leadership'),

    # Textual's own keys (translated in retro/tui/ui.py),
    N_('Keys'),
    N_('palette'),
    N_('Open the command palette'),

    # retro/domain/retro.py
    N_('An item'),
    N_('A note'),
    N_("The author's name"),
    N_("A participant's name"),
    N_("A theme's name"),

    # retro/domain/codec.py
    N_('text'),
    N_('true or false'),
    N_('a whole number'),
    N_('a whole number {least}–{most}'),
    N_('a whole number ≥ {least}'),
    N_('a whole number ≤ {most}'),
    N_('a number'),
    N_('a number {least}–{most}'),
    N_('a number ≥ {least}'),
    N_('a number ≤ {most}'),
    N_('one of {choices}'),
    N_('a date and time (YYYY-MM-DDTHH:MM:SS)'),
    N_('a local date and time, without a time zone'),
    N_('a date (YYYY-MM-DD)'),
    N_('a list'),
    N_('an object'),
    N_('a value'),

    # retro/tui/screens/library.py
    N_('Any length'),
    N_('Up to 30 min'),
    N_('Up to 45 min'),
    N_('Up to 60 min'),
    N_('Over 60 min'),

    # retro/tui/dialogs/experiment_form.py
    N_('Monday'),
    N_('Tuesday'),
    N_('Wednesday'),
    N_('Thursday'),
    N_('Friday'),
    N_('Saturday'),
    N_('Sunday'),

    # retro/cli/kata.py
    N_('challenge'),
    N_('target condition'),
    N_('obstacle'),
    N_('experiment'),

    # retro/store/kata_log.py
    N_('Personal'),
    N_('Leaders'),
    N_('Organisation'),

    # retro/tui/widgets/kata_chart.py
    N_('Jan'),
    N_('Feb'),
    N_('Mar'),
    N_('Apr'),
    N_('May'),
    N_('Jun'),
    N_('Jul'),
    N_('Aug'),
    N_('Sep'),
    N_('Oct'),
    N_('Nov'),
    N_('Dec'),

    # retro/tui/dialogs/outcome.py
    N_('Yes, as expected'),
    N_('No, not as expected'),

    # retro/tui/screens/coaching.py
    N_('What was your last step? What did you expect? What actually happened? What did you learn?'),
    N_('What obstacles are now preventing you from reaching the target condition? Which one are you addressing now?'),
    N_('What is your next step, and what do you expect? When can we go and see what we have learned?'),
    N_('Actual now'),

    # retro/store/errors.py
    N_('{path}: not a retro store ({problem}); it was left untouched. Restore it from a backup, or move it aside to start a new store'),
    N_('{path}: written by a newer retro (schema {found}, this one reads up to {known}); it was left untouched. Upgrade retro to open it, and keep a backup copy until then'),
    N_('{path}: cannot be read ({reason}); it was left untouched. Check its permissions, or restore it from a backup'),
    N_('{path}: could not save ({reason}); nothing was overwritten, the last saved version is intact. Make a backup copy of the store before you try again'),
    N_('{path}: cannot save in this folder ({reason}); the store was left as it was. Copy it somewhere writable as a backup and open that with --db'),
    N_('{path}: cannot create the store ({reason}); choose another place with --db or RETRO_DB'),
    N_('{path}: another retro process has held the lock for {seconds}s; try again when it has finished'),
    N_('{path}: {kind}, not a regular file; it was left untouched and not read. Point --db or RETRO_DB at the store file itself, or move this aside'),
    N_('{path}: a symbolic link to {target}, which does not exist; nothing was created. Restore or mount {target}, or point --db or RETRO_DB at the store file itself'),
    N_("{path}: schema {found}, but {other} belongs to a newer store; no file was changed. Put back this store's own main file from a backup, or move the whole store aside"),

    # retro/store/storage.py
    N_('a directory'),
    N_('a named pipe (FIFO)'),
    N_('a device'),
    N_('a socket'),
    N_('a symbolic link'),
    N_('a special file'),

    # retro/store/repository.py
    N_('no {noun} with id {id}'),
    N_('the file is empty'),
    N_('no schema_version'),
)
