"""A refused action, carrying an English template so every layer above can translate it."""

from __future__ import annotations


class RuleError(ValueError):
    """A domain rule refused an action.

    `template` is the English message with `{name}` fields; `params` fill them. The UI and the
    command line pass both through the translation function, so the domain stays free of i18n.
    """

    forms: tuple[str, str, int] | None = None  # set by `counted`

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    @classmethod
    def counted(cls, singular: str, plural: str, count: int, /, **params: object) -> RuleError:
        """A refusal with a number in it: both English forms travel, so each language can pick
        its own (`retro.i18n.n`); `{count}` is the count unless given otherwise."""
        error = cls(singular if count == 1 else plural, **{"count": count, **params})
        error.forms = (singular, plural, count)
        return error
