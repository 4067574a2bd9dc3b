"""Helpers for tests of edit pages: read a page's form as a browser would submit it."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class FormReader(HTMLParser):
    """The values a browser would send for the page's edit form (class xa-record-edit)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = False
        self.done = False
        self.select: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if tag == "form" and "xa-record-edit" in a.get("class", "").split():
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.values[name] = a.get("value", "")
        elif tag == "select" and name:
            self.select, self.select_first = name, None
        elif tag == "option" and self.select:
            if self.select_first is None:
                self.select_first = a.get("value", "")
            if "selected" in a:
                self.values[self.select] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select" and self.select:
            self.values.setdefault(self.select, self.select_first or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += (
                data.lstrip("\n") if not self.values[self.textarea] else data
            )


def form_values(response: Any) -> dict[str, str]:
    """The edit form's fields on `response` as the browser would post them unchanged."""
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.values


def edit(client: Any, url: str, reason: str = "按原件更正", **changes: Any) -> Any:
    """Open the edit page, change some fields, give a reason and save."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data: dict[str, Any] = form_values(page)
    data.update(changes)
    data["reason"] = reason
    return client.post(url, data)
