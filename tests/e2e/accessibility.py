"""axe-core's WCAG 2.1 AA rules, run on every page a browser test visits.

Each browser context gets axe (the vendored copy, injected by Playwright so
the page's Content-Security-Policy does not apply) and a small script that
runs it once each page has loaded, reporting back to Python through a
binding. At teardown the pages still open are checked once more in their
final state, and any visited address whose check never reported (the test
moved on first) is opened again and checked. GB/T 37668 follows WCAG, so
these are the rules a Chinese public-sector site is held to.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Response

import xiaoan

AXE_JS = Path(xiaoan.__file__).parent / "static/vendor/axe-core-4.14.1/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: how many offending elements of one rule a failure message names
SHOWN_NODES = 4

#: runs axe on the top document once it has loaded; the result goes to xaAxeReport
AUTO_RUN = """
(() => {
  if (window.top !== window) return;
  window.addEventListener('load', () => setTimeout(() => {
    if (!window.axe || !window.xaAxeRun) return;
    window.xaAxeRun().then((result) => window.xaAxeReport(result));
  }, 0));
})();
"""
#: defines xaAxeRun(): axe's violations of TAGS, trimmed to what a message needs
RUNNER = """
window.xaAxeRun = () => {
  const url = location.href;
  // colours caught halfway through a transition (a button just clicked) are not the
  // page's colours: every transition and animation jumps to its end while axe runs
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  (document.head || document.documentElement).appendChild(still);
  const options = {runOnly: {type: 'tag', values: TAGS}, resultTypes: ['violations']};
  return window.axe.run(document, options).then((r) => ({
    url,
    violations: r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, SHOWN_NODES).map((n) => n.target.join(' ')),
    })),
  })).catch((e) => ({url, error: String(e)})).finally(() => still.remove());
};
""".replace("TAGS", json.dumps(TAGS)).replace("SHOWN_NODES", str(SHOWN_NODES))


def page_key(url: str) -> str:
    """An address without its fragment: the same document, checked once."""
    return url.split("#", 1)[0]


@dataclass
class Audit:
    """What axe found on the pages of one test, and which addresses it has checked."""

    violations: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)
    visited: dict[str, BrowserContext] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def record(self, result: dict[str, Any] | None) -> None:
        if not result:
            return
        url = page_key(result["url"])
        if "error" in result:
            self.errors.append(f"{url}: {result['error']}")
            return
        self.checked.add(url)
        for violation in result["violations"]:
            self.violations.setdefault((violation["id"], urlsplit(url).path), violation)

    def watch(self, context: BrowserContext) -> None:
        context.add_init_script(path=str(AXE_JS))
        context.add_init_script(script=RUNNER)
        context.add_init_script(script=AUTO_RUN)
        context.expose_binding("xaAxeReport", lambda _source, result: self.record(result))
        context.on("page", lambda page: page.on("response", self._visited(context, page)))

    def _visited(self, context: BrowserContext, page: Page) -> Any:
        def on_response(response: Response) -> None:
            request = response.request
            if (
                request.is_navigation_request()
                and request.frame == page.main_frame
                and request.method == "GET"
                and response.status == 200
                and response.headers.get("content-type", "").startswith("text/html")
            ):
                self.visited.setdefault(page_key(response.url), context)

        return on_response

    def check_open_pages(self, contexts: list[BrowserContext]) -> None:
        """The pages still open, in the state the test left them."""
        for context in contexts:
            for page in context.pages:
                with contextlib.suppress(Exception):  # a closed or crashed page has no state
                    self.record(page.evaluate("() => window.xaAxeRun && window.xaAxeRun()"))

    def check_unreported(self) -> None:
        """Opens again each visited address whose check never reported, and checks it."""
        for url, context in list(self.visited.items()):
            if url in self.checked:
                continue
            with contextlib.suppress(Exception):  # e.g. a context the test took offline
                page = context.new_page()
                page.goto(url, wait_until="load")
                self.record(page.evaluate("() => window.xaAxeRun()"))
                page.close()

    def failures(self) -> str:
        lines = []
        for (rule, path), v in sorted(self.violations.items()):
            targets = "; ".join(v["targets"])
            lines.append(f"{rule} on {path} ({v['count']} elements: {targets}) — {v['help']}")
        lines += [f"axe could not run on {e}" for e in self.errors]
        return "\n".join(lines)
