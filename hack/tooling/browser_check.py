"""`nox -s docs-browser`: open the built docs site in headless Chromium and see every diagram drawn.

Each built page that carries a Mermaid diagram (an element of class "mermaid", which sphinxcontrib-mermaid writes
for every `.. mermaid::` block) is loaded from a local HTTP server on 127.0.0.1 (ES modules do not load from
file://). The check scrolls each diagram into view (hidden ones are drawn lazily), then requires a rendered <svg>
inside it, no JavaScript error (console error or uncaught exception), no failed request, and no request leaving
127.0.0.1 (the site must draw offline).

Browser: Debian's chromium at /usr/bin/chromium, driven by playwright from PyPI (no browser download). When it is
missing and we are root it is installed with apt-get; otherwise the check fails: it never skips.
"""

import functools
import html.parser
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RENDER_TIMEOUT_MS = 30000


def ensure_chromium():
    if Path(CHROMIUM).is_file():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(f"docs-browser: {CHROMIUM} is missing and cannot be installed here (needs root and "
                         "apt-get): install Debian's 'chromium' package")
    start = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], check=True, env=env)
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"docs-browser: apt-get installed chromium but {CHROMIUM} is missing")
    print(f"docs-browser: installed Debian's chromium in {time.monotonic() - start:.1f}s")


class _DiagramCounter(html.parser.HTMLParser):
    """Counts elements of class "mermaid" (script text, such as mermaid's own CSS and JS, is not markup)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        if "mermaid" in (dict(attrs).get("class") or "").split():
            self.count += 1


def diagrams_in(path):
    counter = _DiagramCounter()
    counter.feed(Path(path).read_text(encoding="utf-8"))
    return counter.count


def pages_with_diagrams(site):
    return sorted(p for p in Path(site).rglob("*.html") if diagrams_in(p))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the check reports failures itself
        pass


def _serve(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _check_page(context, base, rel):
    problems = []
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("pageerror", lambda exc: problems.append(f"uncaught exception: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"request leaves the machine: {route.request.url}")
            route.abort()
    page.route("**/*", guard)
    page.goto(f"{base}/{rel}", wait_until="load")
    diagrams = page.locator(".mermaid")
    count = diagrams.count()
    drawn = 0
    for i in range(count):
        diagram = diagrams.nth(i)
        diagram.scroll_into_view_if_needed()
        try:
            diagram.locator("svg").first.wait_for(state="attached", timeout=RENDER_TIMEOUT_MS)
            drawn += 1
        except Exception:  # pylint: disable=broad-except  # playwright's TimeoutError: reported below
            problems.append(f"diagram {i + 1} of {count} has no rendered <svg> after {RENDER_TIMEOUT_MS} ms")
    page.close()
    return count, drawn, problems


def check(site):
    from playwright.sync_api import sync_playwright  # late: only this session needs it

    site = Path(site)
    pages = pages_with_diagrams(site)
    if not pages:
        raise SystemExit(f"docs-browser: no page of {site} carries a diagram; was the site built (make docs)?")
    ensure_chromium()
    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    failures = 0
    total = 0
    try:
        with tempfile.TemporaryDirectory(prefix="applinks-chromium.") as profile, sync_playwright() as pw:
            # A new empty profile (--user-data-dir) each run: playwright takes it as user_data_dir.
            browser = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                            args=FLAGS)
            for path in pages:
                rel = path.relative_to(site).as_posix()
                count, drawn, problems = _check_page(browser, base, rel)
                if count != diagrams_in(path):
                    problems.append(f"the browser found {count} diagram(s), the HTML has {diagrams_in(path)}")
                total += count
                print(f"{'ok  ' if not problems else 'FAIL'}  {rel}: {drawn}/{count} diagram(s) drawn as <svg>")
                for problem in problems:
                    print(f"      {problem}")
                failures += bool(problems)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if failures:
        raise SystemExit(f"docs-browser: {failures} of {len(pages)} page(s) failed")
    print(f"docs-browser: OK ({total} diagram(s) on {len(pages)} page(s) drawn, no JavaScript error)")
