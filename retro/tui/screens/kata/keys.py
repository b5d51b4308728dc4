"""What the kata screen's keys have in common: a key that writes first checks the log is
loaded, finds what it acts on (saying why not when there is nothing), saves, and hands what
was saved to the screen to show. experiments.py and plans.py build their keys on this.
"""

from __future__ import annotations

from typing import Any

from retro.domain.errors import RuleError
from retro.domain.kata import Experiment, TargetCondition
from retro.i18n import t, t_error
from retro.store import StoreError
from retro.tui.screens.kata.part import Part


class Keys(Part):
    """A group of the kata screen's keys that write to the log."""

    def ready(self) -> bool:
        screen = self.screen
        if screen.loader.error is not None:
            self.notify(screen.loader.error, severity="error")
            return False
        if screen.current_log is None or not screen.current_log.complete:
            self.notify(t("The log is still loading"), severity="warning")
            return False
        return True

    def fresh(self) -> bool:
        """Before our own write: is the log as fresh as the store? (see KataLog.saved)"""
        return not self.kata_log.stale()

    def save(self, *objs: Any, new: bool = False, keep: str | None = None) -> bool:
        """Save, then put the saved objects into the in-memory log and show them."""
        fresh = self.fresh()
        try:
            if new:
                self.app.repo.add(*objs)
            else:
                self.app.repo.save(*objs)
        except StoreError as exc:
            self.notify(t_error(exc), severity="error")
            return False
        self.screen.changed(*objs, keep=keep, fresh=fresh)
        return True

    def change_experiment(self, e: Experiment, change: Any, done: str) -> None:
        """Apply a domain rule to the stored experiment under the lock; a refusal is shown."""
        fresh = self.fresh()
        try:
            updated = self.app.repo.update(Experiment, e.id, change)
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self.screen.changed(updated, keep=updated.id, fresh=fresh)
        self.notify(done)

    def tc_to_act_on(self) -> TargetCondition | None:
        """The target condition in view, for a key that acts on one; None, said, if there is none."""
        tc = self.screen.view_tc()
        if tc is None:
            self.notify(t("Set a target condition first (t)"), severity="warning")
        return tc

    def active_tc_or_say(self) -> TargetCondition | None:
        if not self.ready():
            return None
        tc = self.tc_to_act_on()
        if tc is None:
            return None
        if not tc.is_active:
            self.notify(t("That target condition is {status}; press 1 for the active one", status=t(tc.status)),
                        severity="warning")
            return None
        return tc
