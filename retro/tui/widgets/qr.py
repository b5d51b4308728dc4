"""A QR code drawn in text, two rows of modules to a line with half blocks, for a phone to scan.

Its colours are fixed, dark on light, whatever the theme: a scanner looks for dark modules on a
light quiet zone. segno is imported when a code is first drawn, not at the app's start.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

# (top dark, bottom dark) -> the cell drawn in the dark (foreground) colour
HALVES = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
BORDER = 2  # modules of quiet zone around the code (the standard asks 4; 2 scans and fits)


def qr_rows(text: str) -> list[str]:
    """The code for `text` as lines of half blocks; dark modules are drawn, light ones are not."""
    import segno

    # make_qr, not make: make may choose a Micro QR, which phones' cameras do not read.
    code = segno.make_qr(text, error="m")
    matrix = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=BORDER)]
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    return ["".join(HALVES[top, bottom] for top, bottom in zip(upper, lower))
            for upper, lower in zip(matrix[::2], matrix[1::2])]


class QRCode(Static):
    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; color: black; background: white; }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(Content("\n".join(qr_rows(text))), **kwargs)  # type: ignore[arg-type]
