"""Slider to screen in headless Chromium: the page, a floor and a naive reference, timed alike.

The pages, servers and the in-page timing are ``pages.py``'s; this module runs the
measures in turn (key presses, the live preview through ``drag.py``, sessions at once,
the server alone through ``wsload.py``, the cold start) and sums them up.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import drag
import wsload
from pages import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FLOOR_TEXT,
    LOADING_AT_ONCE,
    QUIET_MS,
    ROOT,
    App,
    Server,
    Session,
    WidthLog,
    app_site,
    load,
    open_session,
    press,
    query,
    slider_value,
    start_server,
)
from stats import summary


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
                # Done once the rerun has come too: the next press follows the whole step.
                record = await press(session, mode="zone", expect=None, rerun_km=f"{expected:g}")
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
        # A session's first press, and the ones after it (the map asks ahead for the next).
        "first_press_ms": summary([rs[0]["ms"] for rs in results if rs[0]["ms"] is not None], 0),
        "later_presses_ms": summary(
            [r["ms"] for rs in results for r in rs[1:] if r["ms"] is not None], 0
        ),
        "rerun_ms": summary([r["rerun_ms"] for rs in results for r in rs if r["rerun_ms"]], 0),
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
        server = start_server(f"cold-{i}", ROOT / "serve.py", cwd=ROOT, logs=logs)
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

        project = serve("project", ROOT / "serve.py", ROOT)
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
                out["drag"] = {
                    "frame_rate": await drag.frame_rate(apps[0]),
                    "release": await drag.release_to_exact(apps[:2], drags=drags),
                    "release_no_rest": await drag.release_to_exact(
                        apps[:2], drags=drags, rest_ms=0
                    ),
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
