"""axe-core accessibility checks for the Selenium journeys.

`audited(driver)` wraps a Chrome driver so that every document the journey visits is checked
once with axe-core: after each `get`, before each click (the page being left was loaded and
waited on), and before each screenshot. `Audit.finish()` prints each page's figures and fails on
any serious or critical violation.

axe-selenium-python drives axe, but the axe-core it bundles is 3.x, which flags valid HTML
(`<div>` groups inside `<dl>`, `autocomplete="username"` on an e-mail field). So the script run is
axe-core 4.x as bundled in the axe-playwright-python wheel, installed without its Playwright
dependency: only its `axe.min.js` is read."""

import importlib.util
import os
import sys

from axe_selenium_python import Axe
from selenium.webdriver.support.event_firing_webdriver import EventFiringWebDriver
from selenium.webdriver.support.events import AbstractEventListener

BLOCKING = ("serious", "critical")


def axe_script():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("axe-playwright-python is not installed (pip install --no-deps axe-playwright-python)")
    return os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")


SCRIPT = axe_script()


class Audit(AbstractEventListener):
    def __init__(self, name):
        self.name = name
        self.pages = []  # (url, violations of any impact, blocking ones)
        self.blocking = []  # (url, rule, impact, help, targets)

    def check(self, driver):
        """Audits the current document, once: a marker on `window` says it was done."""
        raw = getattr(driver, "wrapped_driver", driver)
        try:
            if raw.execute_script("return window.__gripAxeDone === true || document.readyState !== 'complete'"):
                return
        except Exception:
            return
        axe = Axe(raw, script_url=SCRIPT)
        axe.inject()
        result = axe.run(options="{resultTypes: ['violations']}")
        raw.execute_script("window.__gripAxeDone = true")
        url = raw.current_url
        bad = [v for v in result["violations"] if v.get("impact") in BLOCKING]
        self.pages.append((url, len(result["violations"]), len(bad)))
        for v in bad:
            self.blocking.append((url, v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3]))

    def after_navigate_to(self, url, driver):
        self.check(driver)

    def before_click(self, element, driver):
        self.check(driver)

    def finish(self):
        minor = sum(p[1] - p[2] for p in self.pages)
        print(
            "axe (%s): %d pages checked, %d serious or critical violations, %d minor or moderate"
            % (self.name, len(self.pages), len(self.blocking), minor)
        )
        for url, rule, impact, text, targets in self.blocking:
            print("  %s %s on %s: %s %s" % (impact, rule, url, text, targets))
        return not self.blocking


def audited(driver, name):
    """The driver, wrapped so that each visited page is audited; and the audit."""
    audit = Audit(name)
    wrapped = EventFiringWebDriver(driver, audit)
    original = wrapped.save_screenshot

    def save_screenshot(path):
        audit.check(wrapped)
        return original(path)

    wrapped.save_screenshot = save_screenshot
    return wrapped, audit


def require_clean(audits, minimum_pages=None):
    """Fails on any serious or critical violation, and when a journey audited fewer pages than it
    visits (`minimum_pages`, by journey name; default 2 each): an audit that saw nothing proves nothing."""
    results = [a.finish() for a in audits]
    short = [
        (a.name, len(a.pages), (minimum_pages or {}).get(a.name, 2))
        for a in audits
        if len(a.pages) < (minimum_pages or {}).get(a.name, 2)
    ]
    for name, seen, needed in short:
        print("axe (%s): only %d pages audited, fewer than the %d its journey visits" % (name, seen, needed))
    if not all(results) or short:
        sys.exit(1)
