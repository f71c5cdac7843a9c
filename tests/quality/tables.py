"""Read a page's table as rows of cell text, so that tests can compare whole tables exactly."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")


class _TableReader(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.depth = 0  # >0 while inside the wanted table (nested tables count)
        self.in_head = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            classes = (dict(attrs).get("class") or "").split()
            if self.depth or (self.css_class in classes and not self.rows):
                self.depth += 1
        elif self.depth and tag == "thead":
            self.in_head = True
        elif self.depth and tag == "tr" and not self.in_head:
            self.rows.append([])
        elif self.depth and tag in ("td", "th") and not self.in_head:
            self.cell = []
        elif self.cell is not None and tag in ("li", "br"):
            self.cell.append(" ")  # items of a list in a cell read as separate words

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(_SPACE.sub(" ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, css_class: str) -> list[list[str]]:
    """The body rows (and footer rows) of the first table with this class, each as its cells' text."""
    reader = _TableReader(css_class)
    reader.feed(html)
    return reader.rows
