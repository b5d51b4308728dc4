"""The keys that shape the plan above the experiments: name an obstacle (o), choose the one in
focus (f), set the next target condition (t, closing the active one with a reflection), write a
challenge (g), private notes (p), share with the team or make private (v), and coaching (c).
"""

from __future__ import annotations

from retro.domain.errors import RuleError
from retro.domain.kata import Challenge, Obstacle, TargetCondition, activate, focus, previous_active
from retro.i18n import t, t_error
from retro.store import StoreError
from retro.tui.screens.kata.keys import Keys
from retro.store.kata_log import shorten


class PlanKeys(Keys):
    """o, f, t, g, p, v and c: each on the target condition in view (o, f, c: the active one)."""

    def new_obstacle(self) -> None:
        tc = self.active_tc_or_say()
        if tc is None:
            return
        now = self.app.clock.now()

        def named(text: str | None) -> None:
            if not text:
                return
            ob = Obstacle.create(tc.id, text, now)
            siblings = self.kata_log.obstacles_of(tc.id)
            changed = focus(ob, siblings) if not any(o.in_focus for o in siblings) else [ob]
            if self.save(*changed):
                self.notify(t("Obstacle named"))

        from retro.tui.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("What stands between now and the target condition?"), context=tc.title,
                                        placeholder=t("One obstacle")), named)

    def obstacles(self) -> None:
        tc = self.active_tc_or_say()
        if tc is None:
            return
        obstacles = self.kata_log.obstacles_of(tc.id)
        if not obstacles:
            self.notify(t("No obstacles yet: name one with o"), severity="warning")
            return

        def chosen(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            ob_id, action = result
            current = [Obstacle(**o.__dict__) for o in obstacles]
            ob = next(o for o in current if o.id == ob_id)
            try:
                changed = focus(ob, current) if action == "focus" else [ob]
                if action != "focus":
                    ob.set_status(action)
            except RuleError as exc:
                self.notify(t_error(exc), severity="error")
                return
            self.save(*changed)

        from retro.tui.dialogs.obstacle_picker import ObstaclePicker

        self.app.push_screen(ObstaclePicker(obstacles), chosen)

    def new_tc(self) -> None:
        if not self.ready():
            return
        challenge = self.kata_log.challenge_of(self.kata_log.active())
        if challenge is None or not challenge.is_active:
            self.new_challenge(then_tc=True)
            return
        self.new_tc_for(challenge)

    def new_tc_for(self, challenge: Challenge) -> None:
        now = self.app.clock.now()
        areas = [tc.area for tc in self.kata_log.tcs]

        def written(new: TargetCondition | None) -> None:
            if new is None:
                return
            previous = previous_active(new, self.kata_log.tcs)
            if previous is None:
                self.activate(new, None, None)
                return

            def reflected(answer: tuple[str, str] | None) -> None:
                if answer is None:
                    self.notify(t("Nothing changed: {title} is still active", title=shorten(previous.title, 40)),
                                severity="warning")
                    return
                status, reflection = answer
                self.activate(new, reflection, status)

            from retro.tui.dialogs.reflection_prompt import ReflectionPrompt

            self.app.push_screen(ReflectionPrompt(previous, now.date(), lead=t("A new target condition takes over.")),
                                 reflected)

        from retro.tui.dialogs.tc_form import TargetConditionForm

        self.app.push_screen(TargetConditionForm(challenge.id, areas=areas), written)

    def activate(self, new: TargetCondition, reflection: str | None, status: str | None) -> None:
        repo = self.app.repo
        now = self.app.clock.now()
        fresh = self.fresh()
        try:
            with repo.locked():
                siblings = repo.all(TargetCondition)  # fresh under the lock: another process may have closed it
                closed = activate(new, siblings, reflection, now, status)
                repo.save(*([closed] if closed else []), new)
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self.screen.view_tc_id = None
        self.screen.changed(*([closed] if closed else []), new, fresh=fresh)
        self.notify(t("{title} is the active target condition", title=shorten(new.title, 50)))

    def new_challenge(self, then_tc: bool = False) -> None:
        if not self.ready():
            return

        def written(ch: Challenge | None) -> None:
            if ch is not None and self.save(ch, new=True):
                if then_tc:
                    self.new_tc_for(ch)

        from retro.tui.dialogs.challenge_form import ChallengeForm

        self.app.push_screen(ChallengeForm(), written)

    def notes(self) -> None:
        if not self.ready():
            return
        tc = self.tc_to_act_on()
        if tc is None:
            return

        def written(text: str | None) -> None:
            if text is None:
                return
            fresh = self.fresh()
            try:
                updated = self.app.repo.update(TargetCondition, tc.id, lambda x: setattr(x, "notes", text))
            except StoreError as exc:
                self.notify(t_error(exc), severity="error")
                return
            self.screen.changed(updated, fresh=fresh)

        from retro.tui.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("Private notes (never shown in a retro)"), value=tc.notes, context=tc.title,
                                        required=False, multiline=True), written)

    def share(self) -> None:
        """Share the target condition in view with the team, or make it private again."""
        if not self.ready():
            return
        tc = self.tc_to_act_on()
        if tc is None:
            return
        shared = not tc.is_shared
        fresh = self.fresh()
        try:
            repo = self.app.repo
            updated = repo.update(TargetCondition, tc.id, lambda x: setattr(x, "shared", shared))
        except StoreError as exc:
            self.notify(t_error(exc), severity="error")
            return
        self.screen.changed(updated, fresh=fresh)
        self.notify(t("Shared with the team: it shows on the retro screens") if shared
                    else t("Private: it no longer shows on the retro screens"))

    def coach(self) -> None:
        tc = self.active_tc_or_say()
        if tc is None:
            return
        from retro.tui.screens.coaching import CoachingScreen

        def back(changed: list[object] | None) -> None:
            if changed:
                self.screen.changed(*changed)

        self.app.push_screen(CoachingScreen(self.kata_log, tc.id), back)
