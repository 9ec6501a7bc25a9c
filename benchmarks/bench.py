"""The whole performance measurement in one run: ``make bench``.

1. The engine in this process: ``analyze`` on new widths and on widths seen before
   (through ``st.cache_data``, as the page does), and the grid cache
   (:class:`geo.results.grid.ZoneCache`).
2. The page in headless Chromium (``browser.py``): the cold start (server spawned to the
   zone drawn); slider to screen for the page, a floor app (one slider, one line of
   text) and a naive app (the whole map on every rerun), pressed in turn in the same run;
   websocket bytes; 10 and 20 sessions at once; the server's memory after 10 and after
   500 distinct widths.

Prints a table and writes ``benchmarks/results.json``. Numbers depend on the machine and
on what else runs on it: compare the ratios, which are measured in the same run.

Options: ``--quick`` for a short smoke run (fewer presses, 2 and 4 sessions), ``--engine``
or ``--browser`` for one half.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser  # noqa: E402
import engine  # noqa: E402

RESULTS = HERE / "results.json"


def ratio(a: float | None, b: float | None) -> float | None:
    if not a or not b:
        return None
    return round(a / b, 2)


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value >= 100:
        value = round(value)
    return (
        f"{value:,}{unit}" if isinstance(value, int) else f"{value:,.2f}{unit}".replace(".00", "")
    )


def ratios(results: dict[str, Any]) -> dict[str, Any]:
    apps = results.get("browser", {}).get("apps", {})
    if not apps:
        return {}

    def med(name: str, key: str = "median") -> float | None:
        return apps.get(name, {}).get("latency_ms", {}).get(key)

    out = {
        "project_over_floor": ratio(med("project"), med("floor")),
        "project_over_floor_p95": ratio(med("project", "p95"), med("floor", "p95")),
        "naive_over_project": ratio(med("naive"), med("project")),
        "naive_over_project_p95": ratio(med("naive", "p95"), med("project", "p95")),
        "naive_over_floor": ratio(med("naive"), med("floor")),
    }
    for key in ("release", "release_no_rest"):
        release = results.get("browser", {}).get("drag", {}).get(key, {})
        if release:
            project, floor = release["project"]["latency_ms"], release["floor"]["latency_ms"]
            out[f"{key}_over_floor"] = ratio(project.get("median"), floor.get("median"))
            out[f"{key}_over_floor_p95"] = ratio(project.get("p95"), floor.get("p95"))
    b = results.get("browser", {})
    ten, ten_floor = b.get("concurrency", {}).get("10", {}), b.get("concurrency_floor", {})
    if "latency_ms" in ten and "10" in ten_floor:
        out["sessions_10_over_floor_p95"] = ratio(
            ten["latency_ms"]["p95"], ten_floor["10"]["latency_ms"]["p95"]
        )
    return out


def _release_lines(release: dict[str, Any] | None, how: str) -> list[str]:
    """Release to the exact zone (and to the project's rerun), against the floor."""
    if not release:
        return []
    p, f = release["project"], release["floor"]
    pl, fl = p["latency_ms"], f["latency_ms"]
    lines = [
        f"Release {how} to exact zone (ms, {pl['n']} drags): project median "
        f"{fmt(pl['median'])}, p95 {fmt(pl['p95'])}; floor median {fmt(fl['median'])}, "
        f"p95 {fmt(fl['p95'])}; × floor {fmt(ratio(pl['median'], fl['median']))} "
        f"(p95 {fmt(ratio(pl['p95'], fl['p95']))})"
    ]
    if "rerun_ms" in p:
        lines.append(
            f"Release {how} to the page's rerun (its numbers), project: median "
            f"{fmt(p['rerun_ms']['median'])}, p95 {fmt(p['rerun_ms']['p95'])} ms"
        )
    return lines


def drag_table(b: dict[str, Any], r: dict[str, Any]) -> list[str]:
    """The live preview, release to the exact zone, and the server-only load."""
    lines = []
    d = b.get("drag", {})
    rate = d.get("frame_rate")
    if rate:
        lines += [
            "",
            f"Live preview, scripted drag of {rate['drag_s']} s: "
            f"{fmt(rate['preview_updates_per_s'])} preview updates/s "
            f"({fmt(rate['slider_changes_per_s'])} slider changes/s), "
            f"{fmt(rate['frames_per_s'])} frames/s, frame interval median "
            f"{fmt(rate['frame_interval_ms']['median'])} ms, p95 "
            f"{fmt(rate['frame_interval_ms']['p95'])} ms, "
            f"{rate['frames_over_33ms']} frames > 33 ms; "
            f"preview file {fmt(rate.get('preview_file', {}).get('bytes'))} B, asked for "
            f"{fmt(rate.get('preview_file', {}).get('after_first_draw_ms'))} ms after the "
            "first draw",
        ]
    for key, how in (("release", "after a 200 ms rest"), ("release_no_rest", "with no rest")):
        lines += _release_lines(d.get(key), how)
    if r.get("sessions_10_over_floor_p95"):
        lines.append(f"10 sessions, p95 project / floor: {fmt(r['sessions_10_over_floor_p95'])}")
    for name, w in b.get("server_only", {}).items():
        lines.append(
            f"Server only, {w['clients']} websocket clients ({name}): {fmt(w['steps_per_s'])} "
            f"steps/s, {fmt(w['server_cpu_ms_per_step'])} ms CPU/step, server busy "
            f"{fmt(w['server_busy_share'])}, latency median {fmt(w['latency_ms']['median'])} "
            f"p95 {fmt(w['latency_ms']['p95'])} ms, wrong width {w['wrong_width']}"
        )
    return lines


def table(results: dict[str, Any]) -> str:
    lines = []
    add = lines.append
    b = results.get("browser")
    if b:
        apps = b["apps"]
        n = apps["project"]["latency_ms"]["n"]
        add(f"Slider to screen, headless Chromium, {n} key presses each, interleaved (ms)")
        add(
            f"{'app':<22}{'median':>8}{'p95':>8}{'× floor':>9}{'ws B/step':>11}"
            f"{'srv CPU ms':>11}{'browser ms':>11}{'1st page ws B':>15}{'timeouts':>9}"
        )
        floor = apps["floor"]["latency_ms"]["median"]
        for name, app in apps.items():
            lat = app["latency_ms"]
            add(
                f"{name:<22}{fmt(lat['median']):>8}{fmt(lat['p95']):>8}"
                f"{fmt(ratio(lat['median'], floor)):>9}"
                f"{fmt(app['ws_bytes_per_step']['median']):>11}"
                f"{fmt(app['server_cpu_ms_per_step']['median']):>11}"
                f"{fmt(app.get('browser_main_ms_per_step', {}).get('median')):>11}"
                f"{fmt(app['ws_bytes_first_page']):>15}{app['timeouts']:>9}"
            )
        r = results["ratios"]
        add(
            f"ratios: project/floor {fmt(r['project_over_floor'])} (p95 "
            f"{fmt(r['project_over_floor_p95'])}), naive/project "
            f"{fmt(r['naive_over_project'])} (p95 {fmt(r['naive_over_project_p95'])})"
        )
        add("")
        add("Sessions pressing at once on one server (project page)")
        add(
            f"{'sessions':<10}{'median':>8}{'p95':>8}{'max':>8}{'steps/s':>9}"
            f"{'srv CPU ms/step':>16}{'wrong width':>12}{'timeouts':>9}"
        )
        for key, c in b.get("concurrency", {}).items():
            if "error" in c:
                add(f"{key:<10}failed: {c['error'][:80]}")
                continue
            lat = c["latency_ms"]
            add(
                f"{key:<10}{fmt(lat['median']):>8}{fmt(lat['p95']):>8}{fmt(lat['max']):>8}"
                f"{fmt(c['steps_per_s']):>9}{fmt(c['server_cpu_ms_per_step']):>16}"
                f"{c['wrong_width']:>12}{c['timeouts']:>9}"
            )
            if c.get("rerun_ms", {}).get("n"):
                rerun = c["rerun_ms"]
                add(
                    f"{'':<10}the page's rerun (its numbers): median {fmt(rerun['median'])}, "
                    f"p95 {fmt(rerun['p95'])}, max {fmt(rerun['max'])}"
                )
        for key, c in b.get("concurrency_floor", {}).items():
            lat = c["latency_ms"]
            add(
                f"{key + ' floor':<10}{fmt(lat['median']):>8}{fmt(lat['p95']):>8}"
                f"{fmt(lat['max']):>8}{fmt(c['steps_per_s']):>9}{'':>16}{'':>12}"
                f"{c['timeouts']:>9}"
            )
        for line in drag_table(b, results["ratios"]):
            add(line)
        cold = b.get("cold_start", {}).get("server_start_to_map_ms")
        if cold:
            add("")
            add(
                f"Cold start, `streamlit run` spawned to the zone on the map (ms, "
                f"{cold['n']} runs): median {fmt(cold['median'])}, max {fmt(cold['max'])}"
            )
        m = b.get("memory", {})
        add("")
        add(
            f"Server memory (RSS, MiB): idle {fmt(b['rss_idle_mb']['project'])}, after 10 "
            f"widths {fmt(m.get('after_10_widths_mb'))}, after 500 distinct widths "
            f"{fmt(m.get('after_500_widths_mb'))} ({m.get('distinct_widths')} in all), all "
            f"sessions closed {fmt(m.get('after_all_sessions_closed_mb'))}"
        )
        add("")
    e = results.get("engine")
    if e:
        add("Engine, one zone with all its numbers (ms; wall / CPU of the thread)")
        rows = [
            ("analyze, new width", "analyze_new"),
            ("analyze, seen (st.cache_data)", "analyze_seen_cache_data"),
            ("ZoneCache, new slider step", "zone_cache_new_step"),
            ("ZoneCache, seen", "zone_cache_seen"),
            ("ZoneCache warmed, any width", "zone_cache_any_width_warmed"),
            ("ZoneCache warmed, slider", "zone_cache_slider_warmed"),
            ("ZoneCache warmed, widest ring", "zone_cache_widest_ring_warmed"),
        ]
        add(f"{'':<32}{'median':>15}{'p95':>15}{'max':>15}{'n':>5}")
        for label, key in rows:
            w, c = e[key]["wall_ms"], e[key]["cpu_ms"]
            add(
                f"{label:<32}"
                + "".join(f"{fmt(w[k]) + ' / ' + fmt(c[k]):>15}" for k in ("median", "p95", "max"))
                + f"{w['n']:>5}"
            )
        pv = e.get("preview")
        if pv:
            h = pv["hausdorff_m"]
            add(
                f"Live preview file: {fmt(pv['gzip_bytes'])} B gzipped, {pv['pack_cpu_s']} s CPU "
                f"to pack; each band drawn vs exact (Hausdorff, m, {h['n']} bands): median "
                f"{fmt(h['median'])}, p95 {fmt(h['p95'])}, max {fmt(h['max'])}"
            )
        g, mem = e["zone_cache_warm_grid"], e["zone_cache_grid_memory"]
        add(
            f"Whole grid (201 steps, both sides): {g['cpu_s']} s CPU to compute, "
            f"{mem['rss_delta_mb']} MiB resident ({mem['coordinates_mb']} MiB of coordinates); "
            f"{e['zone_cache_results_memory']['results']} kept results: "
            f"{e['zone_cache_results_memory']['rss_delta_mb']} MiB"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--engine", action="store_true", help="only the engine")
    parser.add_argument("--browser", action="store_true", help="only the browser")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    both = not args.engine and not args.browser
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }
    if args.engine or both:
        print("engine …", file=sys.stderr, flush=True)
        results["engine"] = engine.run(count=10 if args.quick else 30)
    if args.browser or both:
        print("browser (several minutes) …", file=sys.stderr, flush=True)
        options: dict[str, Any] = {}
        if args.quick:
            options.update(
                rounds=1,
                per_round=3,
                warmup=1,
                concurrency=(2, 4),
                presses=3,
                cold_runs=1,
                drags=3,
            )
        results["browser"] = asyncio.run(browser.run_all(**options))
        results["ratios"] = ratios(results)
    results["table"] = table(results)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(results["table"])
    print(f"\nwritten: {args.output}")


if __name__ == "__main__":
    main()
