"""A refused action, carrying an English template so every layer above can translate it."""

from __future__ import annotations


class RuleError(ValueError):
    """A domain rule refused an action.

    `template` is the English message with `{name}` fields; `params` fill them. The UI and the
    command line pass both through the translation function, so the domain stays free of i18n.
    """

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))
