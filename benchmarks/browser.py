"""Slider to screen in headless Chromium: the page, a floor and a naive reference, timed alike.

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
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
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

import wsload
from stats import summary

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
  const b = window.__bench = {press: 0, zone: [], text: 0, expect: null};
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


async def press(session: Session, *, mode: str, expect: str | None) -> dict:
    """Press ArrowRight on the zone slider once; time it until the new width is drawn."""
    page = session.page
    await page.evaluate(
        "e => { const b = window.__bench; b.press = 0; b.zone = []; b.text = 0; b.expect = e; }",
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
    return {
        "ms": round(done["last"] - start, 1),
        "first_change_ms": round(done["first"] - start, 1),
        "changes": done["changes"],
        "bytes_at_press": before,
    }


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


async def sequential(
    apps: list[App], *, rounds: int, per_round: int, warmup: int, widths: WidthLog
) -> None:
    """Each app's page alone, pressing in turn: ``rounds`` x ``per_round`` timed steps."""
    for app in apps:
        if app.mode == "zone":
            url, expect = f"{app.server.url}/", None
        else:
            url, expect = f"{app.server.url}/", FLOOR_TEXT.format(20.0)
        assert app.session is not None
        app.first_page = await load(app.session, url, mode=app.mode, expect=expect)
        if app.name == "project":
            widths.add(15.0, 20.0, "opposition")
    for round_index in range(rounds):
        # A different order each round: no app always follows the same one.
        order = apps[round_index % len(apps) :] + apps[: round_index % len(apps)]
        for app in order:
            session = app.session
            assert session is not None
            count = per_round + (warmup if round_index == 0 else 0)
            for i in range(count):
                value = await slider_value(session.page) + 0.5
                expect = FLOOR_TEXT.format(value) if app.mode == "text" else None
                cpu, busy = app.server.cpu_s(), await session.main_thread_ms()
                record = await press(session, mode=app.mode, expect=expect)
                record["server_cpu_ms"] = round(1000.0 * (app.server.cpu_s() - cpu))
                record["browser_main_ms"] = round(await session.main_thread_ms() - busy, 1)
                record["warmup"] = round_index == 0 and i < warmup
                record["width"] = value
                if app.mode == "zone":
                    shown = query(await session.page.evaluate("() => location.href"))
                    record["url_ok"] = shown.get("max_km") == f"{value:g}"
                    if app.name == "project":
                        widths.add(15.0, value, "opposition")
                app.records.append(record)
    for app in apps:
        assert app.session is not None
        await app.session.page.wait_for_timeout(1500)
        app.records.append({"bytes_at_press": app.session.received, "end": True})


async def concurrent(
    browser: Any,
    server: Server,
    *,
    sessions: int,
    presses: int,
    first_min_km: float,
    widths: WidthLog,
) -> dict:
    """``sessions`` contexts on one server pressing at once; each checks its own width."""
    plans = []
    for i in range(sessions):
        min_km = first_min_km + i
        side = ("opposition", "both")[i % 2]
        plans.append((min_km, side))
    opened = [await open_session(browser, f"s{i}") for i in range(sessions)]
    # Pages open a few at a time (a first page is heavy); only the key presses are timed.
    gate = asyncio.Semaphore(LOADING_AT_ONCE)

    async def start(session: Session, min_km: float, side: str) -> None:
        url = f"{server.url}/?min_km={min_km:g}&max_km={min_km:g}&side={side}"
        async with gate:
            await load(session, url, mode="zone")
        widths.add(min_km, min_km, side)

    try:
        pairs = list(zip(opened, plans, strict=True))
        await asyncio.gather(*(start(s, m, side) for s, (m, side) in pairs))
        ready = asyncio.Event()
        cpu_before = server.cpu_s()

        async def run(session: Session, min_km: float, side: str) -> list[dict]:
            await ready.wait()
            out = []
            for i in range(presses):
                expected = min_km + 0.5 * (i + 1)
                record = await press(session, mode="zone", expect=None)
                shown = query(await session.page.evaluate("() => location.href"))
                record["wrong_width"] = (
                    shown.get("max_km") != f"{expected:g}"
                    or shown.get("min_km") != f"{min_km:g}"
                    or shown.get("side") != side
                )
                record["shown"] = shown
                widths.add(min_km, expected, side)
                out.append(record)
            return out

        tasks = [
            asyncio.create_task(run(s, m, side)) for s, (m, side) in zip(opened, plans, strict=True)
        ]
        wall = time.perf_counter()
        ready.set()
        results = await asyncio.gather(*tasks)
        wall = time.perf_counter() - wall
        cpu = server.cpu_s() - cpu_before
        rss_open = server.rss_mb()
        refused = sum(len(s.refused) for s in opened)
    finally:
        for session in opened:
            await session.context.close()
    latencies = [r["ms"] for rs in results for r in rs]
    steps = sessions * presses
    return {
        "sessions": sessions,
        "presses_per_session": presses,
        "latency_ms": summary([x for x in latencies if x is not None], 0),
        "timeouts": sum(1 for x in latencies if x is None),
        "wrong_width": sum(1 for rs in results for r in rs if r["wrong_width"]),
        "wall_s": round(wall, 1),
        "steps_per_s": round(steps / wall, 2),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_step": round(1000.0 * cpu / steps),
        "rss_with_sessions_open_mb": rss_open,
        "refused_requests": refused,
    }


async def concurrent_floor(browser: Any, server: Server, *, sessions: int, presses: int) -> dict:
    """The floor app under the same load: what the harness's own browsers cost at once.

    The browsers share the machine's cores with the server; with many sessions their
    rendering, not the server, can set the pace. The floor shows that share.
    """
    opened = [await open_session(browser, f"floor-{i}") for i in range(sessions)]
    gate = asyncio.Semaphore(LOADING_AT_ONCE)

    async def start(session: Session) -> None:
        async with gate:
            await load(session, f"{server.url}/", mode="text", expect=FLOOR_TEXT.format(20.0))

    try:
        await asyncio.gather(*(start(s) for s in opened))

        async def run(session: Session) -> list[float | None]:
            out = []
            for i in range(presses):
                expect = FLOOR_TEXT.format(20.0 + 0.5 * (i + 1))
                out.append((await press(session, mode="text", expect=expect))["ms"])
            return out

        wall = time.perf_counter()
        results = await asyncio.gather(*(run(s) for s in opened))
        wall = time.perf_counter() - wall
    finally:
        for session in opened:
            await session.context.close()
    latencies = [x for rs in results for x in rs]
    return {
        "sessions": sessions,
        "presses_per_session": presses,
        "latency_ms": summary([x for x in latencies if x is not None], 0),
        "timeouts": sum(1 for x in latencies if x is None),
        "steps_per_s": round(sessions * presses / wall, 2),
    }


async def cold_start(browser: Any, logs: Path, *, runs: int) -> dict:
    """Server start to a drawn map: ``streamlit run`` spawned, the page opened as soon as
    the server answers its health check, until the zone is on the map (a new browser
    context each time: nothing cached)."""
    times = []
    for i in range(runs):
        spawned = time.time() * 1000.0
        server = start_server(f"cold-{i}", ROOT / "app.py", cwd=ROOT, logs=logs)
        try:
            session = await open_session(browser, f"cold-{i}")
            first = await load(session, f"{server.url}/", mode="zone")
            times.append(first["shown_at_epoch_ms"] - spawned)
            await session.context.close()
        finally:
            server.stop()
    return {"runs": runs, "server_start_to_map_ms": summary(times, 0)}


def _floor_expect(min_km: float, max_km: float) -> str:
    return FLOOR_TEXT.format(max_km)


def _project_expect(min_km: float, max_km: float) -> str:
    # The zone the sliders asked for, as the page tells its map (geo/mapview/preview.py).
    return f"[{min_km}, {max_km}]"


def bytes_per_step(records: list[dict]) -> list[int]:
    marks = [r["bytes_at_press"] for r in records]
    steps = [b - a for a, b in itertools.pairwise(marks)]
    # Only timed steps count (warm-ups and the closing mark do not).
    timed = [r for r in records if not r.get("end")]
    return [s for s, r in zip(steps, timed, strict=False) if not r.get("warmup")]


def app_summary(app: App) -> dict:
    timed = [r for r in app.records if not r.get("end") and not r.get("warmup")]
    ms = [r["ms"] for r in timed]
    per_step = bytes_per_step(app.records)
    session = app.session
    assert session is not None
    return {
        "latency_ms": summary([x for x in ms if x is not None], 0),
        "timeouts": sum(1 for x in ms if x is None),
        "first_change_ms": summary([r.get("first_change_ms") for r in timed if r["ms"]], 0),
        "ws_bytes_first_page": app.first_page.get("ws_bytes"),
        "http_bytes_first_page": app.first_page.get("http_bytes"),
        "first_page_shown_ms": app.first_page.get("shown_ms"),
        "ws_bytes_per_step": summary(per_step, 0),
        "server_cpu_ms_per_step": summary([r["server_cpu_ms"] for r in timed], 0),
        "browser_main_ms_per_step": summary([r["browser_main_ms"] for r in timed], 1),
        "url_mismatches": sum(1 for r in timed if r.get("url_ok") is False),
        "refused_requests": len(session.refused),
        "refused_hosts": sorted(set(session.refused)),
        "latencies_ms": [x for x in ms],
    }


async def run_all(
    *,
    rounds: int = 4,
    per_round: int = 10,
    warmup: int = 2,
    concurrency: tuple[int, ...] = (10, 20),
    presses: int = 16,
    cold_runs: int = 3,
    drags: int = 20,
) -> dict:
    from playwright.async_api import async_playwright

    if not Path(CHROMIUM).exists():
        msg = f"the browser benchmark needs {CHROMIUM}: apt-get install chromium"
        raise SystemExit(msg)
    out: dict[str, Any] = {
        "setup": {
            "rounds": rounds,
            "presses_per_round": per_round,
            "warmup": warmup,
            "quiet_ms": QUIET_MS,
            "cpus": os.cpu_count(),
        }
    }
    logs = Path(tempfile.mkdtemp(prefix="idlib-bench-logs-"))
    servers: list[Server] = []
    with app_site() as site, contextlib.ExitStack() as stack:

        def serve(name: str, script: Path, cwd: Path) -> Server:
            server = start_server(name, script, cwd=cwd, logs=logs)
            servers.append(server)
            stack.callback(server.stop)
            return server

        project = serve("project", ROOT / "app.py", ROOT)
        floor = serve("floor", site / "floor_app.py", site)
        naive = serve("naive", site / "naive_app.py", site)
        apps = [
            App("project", project, "zone"),
            App("floor", floor, "text"),
            App("naive", naive, "zone"),
        ]
        widths = WidthLog(project)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                out["cold_start"] = await cold_start(browser, logs, runs=cold_runs)
                for app in apps:
                    app.session = await open_session(browser, app.name)
                out["rss_idle_mb"] = {s.name: s.rss_mb() for s in servers}
                await sequential(
                    apps, rounds=rounds, per_round=per_round, warmup=warmup, widths=widths
                )
                out["apps"] = {app.name: app_summary(app) for app in apps}
                import drag  # beside this module; it reads this module's names

                out["drag"] = {
                    "frame_rate": await drag.frame_rate(apps[0]),
                    "release": await drag.release_to_exact(apps[:2], drags=drags),
                }
                out["rss_after_sequential_mb"] = {s.name: s.rss_mb() for s in servers}
                for app in apps:
                    assert app.session is not None
                    await app.session.context.close()
                out["concurrency_floor"] = {}
                for n in concurrency[:1]:
                    out["concurrency_floor"][str(n)] = await concurrent_floor(
                        browser, floor, sessions=n, presses=presses
                    )
                out["server_only"] = {
                    "floor": await wsload.load(
                        floor, clients=10, presses=presses, expect=_floor_expect
                    )
                }
                for server in (floor, naive, *[a.server for a in apps[3:]]):
                    server.stop()
                out["concurrency"] = {}
                first_min = 1.0
                for n in concurrency:
                    try:
                        out["concurrency"][str(n)] = await concurrent(
                            browser,
                            project,
                            sessions=n,
                            presses=presses,
                            first_min_km=first_min,
                            widths=widths,
                        )
                    except Exception as exc:  # keep what was measured; say what failed
                        out["concurrency"][str(n)] = {"error": f"{type(exc).__name__}: {exc}"}
                    first_min += n
                out["server_only"]["project"] = await wsload.load(
                    project, clients=10, presses=presses, expect=_project_expect
                )
                out["memory"] = {
                    "distinct_widths": len(widths.seen),
                    **widths.rss,
                    "after_all_sessions_closed_mb": project.rss_mb(),
                }
            finally:
                await browser.close()
    out["logs"] = str(logs)
    return out


def main() -> None:
    import json

    print(json.dumps(asyncio.run(run_all()), indent=1))


if __name__ == "__main__":
    main()
