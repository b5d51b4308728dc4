"""Modal dialogs, each a self-contained `ModalScreen[T]` with its own DEFAULT_CSS."""
