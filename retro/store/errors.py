"""Errors of the store, each naming the file it concerns and saying what to do.

Like the domain's RuleError, a StoreError carries an English template and its parameters, so
the command line and the UI translate it with `t_error`; `str()` is the English text.
"""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used, or a change could not be saved: the message names the file."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)


class NotFound(StoreError):
    pass


# The messages, in one place; retro/i18n/variables.py marks them for the Swedish catalogue.
NOT_A_STORE = "{path}: not a retro store ({problem}); it was left untouched. Restore it from a backup, or move it aside to start a new store"
NEWER = ("{path}: written by a newer retro (schema {found}, this one reads up to {known}); it was left untouched. "
         "Upgrade retro to open it, and keep a backup copy until then")
UNREADABLE = "{path}: cannot be read ({reason}); it was left untouched. Check its permissions, or restore it from a backup"
NOT_SAVED = ("{path}: could not save ({reason}); nothing was overwritten, the last saved version is intact. "
             "Make a backup copy of the store before you try again")
READ_ONLY = ("{path}: cannot save in this folder ({reason}); the store was left as it was. "
             "Copy it somewhere writable as a backup and open that with --db")
CANNOT_CREATE = "{path}: cannot create the store ({reason}); choose another place with --db or RETRO_DB"
LOCK_TIMEOUT = "{path}: another retro process has held the lock for {seconds}s; try again when it has finished"
NOT_A_FILE = ("{path}: {kind}, not a regular file; it was left untouched and not read. "
              "Point --db or RETRO_DB at the store file itself, or move this aside")
DANGLING = ("{path}: a symbolic link to {target}, which does not exist; nothing was created. "
            "Restore or mount {target}, or point --db or RETRO_DB at the store file itself")
MIXED = ("{path}: schema {found}, but {other} belongs to a newer store; no file was changed. "
         "Put back this store's own main file from a backup, or move the whole store aside")
