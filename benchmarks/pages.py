"""The pages the benchmarks drive: servers, browser sessions, a key press timed in the page.

Each app runs in its own ``streamlit run`` on 127.0.0.1; Debian's Chromium, driven by
Playwright, refuses every request to any other host. Pages are found by role and title,
never by Streamlit's CSS classes: the zone slider is the last slider on the page, the map
is the iframe titled ``streamlit_folium.st_folium``, and the zone is what Leaflet draws in
the project's own zone pane (``geo.mapview.basemap.ZONE_PANE``, ``.leaflet-zone-pane``).

Timing happens inside the browser. A script added to every frame records the key press
(the ``keydown`` event's time stamp) and every change to the zone pane (a
``MutationObserver`` on the map's document: paths added, removed or given a new ``d``).
A step's latency is from the key press to the last zone change of the redraw (no further
change for ``QUIET_MS``); for the floor app, to the moment the new text is on the page.
Clocks are ``performance.timeOrigin + performance.now()`` in each frame, one clock.
``browser.py`` (key presses, sessions at once, cold start) and ``drag.py`` (the live
preview) both drive pages through this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from geo.mapview.basemap import ZONE_PANE

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ALLOWED_HOST = "127.0.0.1"
DESKTOP = {"width": 1400, "height": 1000}
#: A redraw is over when the zone pane has not changed for this long.
QUIET_MS = 400
#: Pause after the floor's text shows, so that its rerun ends before the next key press.
AFTER_TEXT_MS = 400
STEP_TIMEOUT_MS = 90_000
#: Pages loading at the same time before a concurrency run.
LOADING_AT_ONCE = 3
CLK_TCK = os.sysconf("SC_CLK_TCK")

FLOOR_TEXT = "Floor reference: zone depth {:.1f} km"

# In every frame, before the page's own scripts. The top frame keeps the records.
INIT_JS = r"""
(() => {
  if (window !== window.top) { return; }
  const ZONE_SELECTOR = __ZONE_SELECTOR__;
  const now = () => performance.timeOrigin + performance.now();
  const b = window.__bench = {press: 0, zone: [], text: 0, expect: null, addresses: []};
  // The page's own address writes (the map writes each step's settings): when the rerun
  // that brings the numbers has reached the map.
  const replace = history.replaceState.bind(history);
  history.replaceState = (state, title, url) => {
    b.addresses.push([now(), String(url)]);
    return replace(state, title, url);
  };
  window.addEventListener('keydown', (e) => {
    if (!b.press) { b.press = performance.timeOrigin + e.timeStamp; }
  }, true);
  window.__benchWait = (mode, quiet, timeout) => new Promise((resolve) => {
    const start = now();
    const tick = () => {
      const t = now();
      if (mode === 'text' && b.text) {
        return resolve({press: b.press, first: b.text, last: b.text, changes: 1});
      }
      if (mode === 'zone') {
        const z = b.zone.filter((x) => x >= b.press);
        if (z.length && t - z[z.length - 1] >= quiet) {
          return resolve({press: b.press, first: z[0], last: z[z.length - 1],
                          changes: z.length});
        }
      }
      if (t - start > timeout) { return resolve(null); }
      setTimeout(tick, 10);
    };
    tick();
  });
  const inZone = (node) => !!node && node.nodeType === 1 &&
    (node.closest(ZONE_SELECTOR) !== null ||
     node.querySelector(ZONE_SELECTOR) !== null);
  const options = {subtree: true, childList: true, characterData: true,
                   attributes: true, attributeFilter: ['d']};
  const watched = new WeakSet();
  // One observer, in this frame, for this document and every same-origin iframe's.
  const observer = new MutationObserver((mutations) => {
    const t = now();
    if (mutations.some((m) => inZone(m.target) ||
        Array.from(m.addedNodes).some(inZone) || Array.from(m.removedNodes).some(inZone))) {
      b.zone.push(t);
    }
    if (b.expect && !b.text && document.body && document.body.textContent.includes(b.expect)) {
      b.text = t;
    }
    scan();
  });
  const attach = (doc) => {
    if (doc && !watched.has(doc)) { watched.add(doc); observer.observe(doc, options); }
  };
  const scan = () => {
    for (const frame of document.querySelectorAll('iframe')) {
      try { attach(frame.contentDocument); } catch (e) { /* another origin */ }
    }
  };
  // A new map iframe (the naive app mounts one per width) is watched once it has loaded.
  document.addEventListener('load', scan, true);
  attach(document);
  setInterval(scan, 50);
})();
"""


# ---- servers ---------------------------------------------------------------------------
# The zone's Leaflet pane, named by the project (geo.mapview.basemap.ZONE_PANE).
INIT_JS = INIT_JS.replace("__ZONE_SELECTOR__", json.dumps(f".leaflet-{ZONE_PANE}-pane"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((ALLOWED_HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One ``streamlit run`` on 127.0.0.1, with its memory and CPU time from /proc."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def rss_mb(self) -> float:
        with Path(f"/proc/{self.process.pid}/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024.0, 1)
        return float("nan")

    def cpu_s(self) -> float:
        with Path(f"/proc/{self.process.pid}/stat").open(encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(name: str, script: Path, *, cwd: Path, logs: Path) -> Server:
    port = free_port()
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(port),
                "--server.address",
                ALLOWED_HOST,
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, process, f"http://{ALLOWED_HOST}:{port}", log)
    for _ in range(240):
        if process.poll() is not None:
            msg = f"{name}: streamlit exited; see {log}"
            raise RuntimeError(msg)
        try:
            health = f"{server.url}/_stcore/health"  # http://127.0.0.1 only
            with urllib.request.urlopen(health, timeout=1) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.25)
    server.stop()
    msg = f"{name}: streamlit did not answer; see {log}"
    raise RuntimeError(msg)


@contextlib.contextmanager
def app_site() -> Iterator[Path]:
    """A folder outside the checkout to run the reference apps from.

    The map's offline scripts are served from the page's file folder
    (:func:`ui.zonemap.serve_files`), and every other host is refused.
    """
    with tempfile.TemporaryDirectory(prefix="idlib-bench-") as folder:
        site = Path(folder)
        for name in ("floor_app.py", "naive_app.py"):
            (site / name).symlink_to(BENCH_DIR / name)
        yield site


# ---- pages -------------------------------------------------------------------------------
@dataclass
class Session:
    """One browser context on one app, with what its websocket received."""

    name: str
    context: Any
    page: Any
    received: int = 0
    frames: int = 0
    refused: list[str] = field(default_factory=list)
    cdp: Any = None

    async def main_thread_ms(self) -> float:
        """The page's main thread's busy time so far (Chromium's ``TaskDuration``, in the
        thread's own time): the page, the map's frame (same origin, same thread) and all."""
        answer = await self.cdp.send("Performance.getMetrics")
        (seconds,) = [m["value"] for m in answer["metrics"] if m["name"] == "TaskDuration"]
        return 1000.0 * float(seconds)

    def on_websocket(self, ws: Any) -> None:
        ws.on("framereceived", self._count)

    def _count(self, payload: str | bytes) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)
        self.frames += 1


async def open_session(browser: Any, name: str) -> Session:
    context = await browser.new_context(viewport=DESKTOP)
    await context.add_init_script(INIT_JS)
    page = await context.new_page()
    session = Session(name, context, page)

    async def route(route: Any) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host == ALLOWED_HOST:
            await route.continue_()
        else:
            session.refused.append(host)
            await route.abort()

    await context.route("**/*", route)
    page.on("websocket", session.on_websocket)
    session.cdp = await context.new_cdp_session(page)
    await session.cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    return session


async def load(session: Session, url: str, *, mode: str, expect: str | None = None) -> dict:
    """Open the page; wait until the map's zone (or the floor's text) is drawn and settled."""
    page = session.page
    await page.goto(url, wait_until="commit", timeout=STEP_TIMEOUT_MS)
    if mode == "zone":
        drawn = await page.evaluate(
            "a => window.__benchWait('zone', a[0], a[1])", [1000, STEP_TIMEOUT_MS]
        )
        if drawn is None:
            msg = f"{session.name}: the zone never appeared on the map"
            raise RuntimeError(msg)
        origin = await page.evaluate("() => performance.timeOrigin")
        shown_ms = drawn["last"] - origin
        drawn_at = drawn["last"]  # ms since the epoch, the page's clock
    else:
        await page.get_by_text(expect or "").wait_for(timeout=STEP_TIMEOUT_MS)
        shown_ms = await page.evaluate("() => performance.now()")
        drawn_at = await page.evaluate("() => performance.timeOrigin + performance.now()")
        await page.wait_for_timeout(1000)
    await page.wait_for_timeout(1000)  # the rest of the first run's messages
    http = await page.evaluate(
        """() => {
          const size = (w) => w.performance.getEntriesByType('resource')
              .concat(w.performance.getEntriesByType('navigation'))
              .reduce((s, e) => s + (e.encodedBodySize || 0), 0);
          let total = size(window);
          for (const f of document.querySelectorAll('iframe')) {
            try { total += size(f.contentWindow); } catch (e) {}
          }
          return total;
        }"""
    )
    slider = page.get_by_role("slider").last
    await slider.focus()
    return {
        "shown_ms": round(shown_ms),
        "shown_at_epoch_ms": drawn_at,
        "ws_bytes": session.received,
        "http_bytes": http,
    }


#: Waits, in the page, for the address the map writes with the rerun of a width.
ADDRESS_JS = """a => new Promise((resolve) => {
  const [km, timeout] = a, b = window.__bench, start = performance.now();
  const tick = () => {
    const hit = b.addresses.find((x) => x[1].includes('max_km=' + km + '&'));
    if (hit) { return resolve(hit[0]); }
    if (performance.now() - start > timeout) { return resolve(null); }
    setTimeout(tick, 10);
  };
  tick();
})"""


async def rerun_ms(page: Any, start_epoch_ms: float, max_km: str) -> float | None:
    """Time from ``start_epoch_ms`` to the map's writing ``max_km`` into the page's address:
    the project's rerun for that width, which brings the numbers (None if it never came).
    """
    at = await page.evaluate(ADDRESS_JS, [max_km, STEP_TIMEOUT_MS])
    return None if at is None else round(at - start_epoch_ms, 1)


async def press(
    session: Session, *, mode: str, expect: str | None, rerun_km: str | None = None
) -> dict:
    """Press ArrowRight on the zone slider once; time it until the new width is drawn.

    With ``rerun_km``, also wait for the page's rerun of that width (:func:`rerun_ms`).
    """
    page = session.page
    await page.evaluate(
        """e => { const b = window.__bench; b.press = 0; b.zone = []; b.text = 0; b.expect = e;
                  b.addresses = []; }""",
        expect,
    )
    before = session.received
    fallback = time.time() * 1000.0
    await page.get_by_role("slider").last.press("ArrowRight")
    done = await page.evaluate(
        "a => window.__benchWait(a[0], a[1], a[2])", [mode, QUIET_MS, STEP_TIMEOUT_MS]
    )
    if mode == "text":
        await page.wait_for_timeout(AFTER_TEXT_MS)
    if done is None:
        return {"ms": None, "bytes_at_press": before}
    start = done["press"] or fallback
    record = {
        "ms": round(done["last"] - start, 1),
        "first_change_ms": round(done["first"] - start, 1),
        "changes": done["changes"],
        "bytes_at_press": before,
    }
    if rerun_km is not None:
        record["rerun_ms"] = await rerun_ms(page, start, rerun_km)
    return record


def query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}


async def slider_value(page: Any) -> float:
    """The zone slider's value: a range input's value, or an ARIA slider's valuenow."""
    value = await page.get_by_role("slider").last.evaluate(
        "e => (e.value !== undefined && e.value !== '') ? e.value : e.getAttribute('aria-valuenow')"
    )
    return float(value if value is not None else "nan")


# ---- the phases ------------------------------------------------------------------------
@dataclass
class App:
    name: str
    server: Server
    mode: str  # "zone" or "text"
    session: Session | None = None
    records: list[dict] = field(default_factory=list)
    first_page: dict = field(default_factory=dict)


class WidthLog:
    """Distinct (min_km, max_km, side) that the project's server was asked for."""

    def __init__(self, server: Server, marks: tuple[int, ...] = (10, 500)) -> None:
        self.server = server
        self.seen: set[tuple[float, float, str]] = set()
        self.marks = {m: None for m in marks}
        self.rss: dict[str, float] = {}

    def add(self, min_km: float, max_km: float, side: str) -> None:
        self.seen.add((min_km, max_km, side))
        for mark, taken in self.marks.items():
            if taken is None and len(self.seen) >= mark:
                self.marks[mark] = len(self.seen)
                self.rss[f"after_{mark}_widths_mb"] = self.server.rss_mb()
