"""Where the server's time goes while a browser moves the slider: py-spy on ``app.py``.

Starts the page as ``make bench`` does, presses the zone slider ``--presses`` times in
headless Chromium with py-spy sampling the server, and prints the busiest functions
(share of the samples in which the server was not waiting). Needs py-spy
(``pip install py-spy``); not part of ``make bench``. Run it by hand:

    .venv/bin/python benchmarks/profile_page.py [--presses 30] [--top 40]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pages  # noqa: E402

#: Frames at the top of a stack that mean the thread was waiting, not working.
IDLE = ("Condition.wait", "Queue.get", "EpollSelector.select", "Event.wait", "Thread.join")
FRAME = re.compile(r"(?P<name>.*?) \((?P<file>[^:()]*)(?::\d+)?\)$")


def busiest(raw: Path, top: int) -> list[tuple[float, str]]:
    """Share of the busy samples in which each function was on the stack."""
    counts: collections.Counter[str] = collections.Counter()
    busy = 0
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")[1:]
        if not frames or any(i in f for f in frames[-3:] for i in IDLE):
            continue
        if "polling_path_watcher" in frames[-1]:  # a file watcher asleep
            continue
        busy += int(number)
        seen = set()
        for frame in frames:
            match = FRAME.match(frame)
            key = f"{match['name']} ({Path(match['file']).name})" if match else frame
            if key not in seen:
                seen.add(key)
                counts[key] += int(number)
    return [(100.0 * n / busy, key) for key, n in counts.most_common(top)] if busy else []


async def drive(presses: int, out: Path, spy: str) -> None:
    from playwright.async_api import async_playwright

    logs = Path(tempfile.mkdtemp(prefix="idlib-profile-"))
    server = pages.start_server("project", pages.ROOT / "serve.py", cwd=pages.ROOT, logs=logs)
    try:
        async with async_playwright() as playwright:
            chromium = await playwright.chromium.launch(
                executable_path=pages.CHROMIUM, args=pages.CHROMIUM_ARGS
            )
            session = await pages.open_session(chromium, "profile")
            await pages.load(session, f"{server.url}/", mode="zone")
            sampler = subprocess.Popen(
                [
                    spy,
                    "record",
                    "-p",
                    str(server.process.pid),
                    "-o",
                    str(out),
                    "-f",
                    "raw",
                    "-r",
                    "250",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            await session.page.wait_for_timeout(1500)
            for _ in range(presses):
                await pages.press(session, mode="zone", expect=None)
            sampler.send_signal(2)
            sampler.wait(timeout=60)
            await chromium.close()
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        raise SystemExit("profile_page.py needs py-spy: pip install py-spy")
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "profile.txt"
        asyncio.run(drive(args.presses, raw, spy))
        for share, name in busiest(raw, args.top):
            print(f"{share:5.1f} %  {name}")


if __name__ == "__main__":
    main()
