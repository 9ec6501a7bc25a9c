"""Steps served per second by one server to scripted websocket clients (no browsers).

Each client is what a browser tab is to the server: a websocket on ``/_stcore/stream``
that asks for a run and reads the messages until the run has finished. After the first
page, each client moves the zone slider one step at a time (a run of the slider's
fragment, as the page's frontend asks for it), ``presses`` times, all clients at once.
Nothing renders: the server's share alone, with its CPU time per step from /proc.
Each step's messages are checked for the width asked for.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import websockets
from stats import summary
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: How many clients open their first page at once (a first page is heavy).
OPENING_AT_ONCE = 3


@dataclass
class Sliders:
    """The depth sliders' widget ids and the fragment they are drawn in."""

    ids: list[str]
    fragment: str


async def _run(ws: Any) -> tuple[list[ForwardMsg], bytes]:
    """Read one run's messages, until the run has finished."""
    messages, raw = [], b""
    while True:
        data = await ws.recv()
        message = ForwardMsg()
        message.ParseFromString(data)
        messages.append(message)
        raw += data if isinstance(data, bytes) else data.encode()
        if message.WhichOneof("type") == "script_finished":
            return messages, raw


def _sliders(messages: list[ForwardMsg]) -> Sliders:
    ids, fragment = [], ""
    for message in messages:
        if message.WhichOneof("type") != "delta":
            continue
        element = message.delta.new_element
        if element.WhichOneof("type") == "slider":
            ids.append(element.slider.id)
            fragment = message.delta.fragment_id
    return Sliders(ids, fragment)


def _step(sliders: Sliders, values: list[float], query: str) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.fragment_id = sliders.fragment
    for widget_id, value in zip(sliders.ids, values, strict=False):
        state = message.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.double_array_value.data.extend([value])
    return message.SerializeToString()


async def _client(
    url: str,
    index: int,
    *,
    presses: int,
    gate: asyncio.Semaphore,
    opened: list[int],
    ready: asyncio.Event,
    expect: Any,
) -> list[dict]:
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
        min_km = 1.0 + index
        query = f"min_km={min_km:g}&max_km={min_km:g}"
        async with gate:
            first = BackMsg()
            first.rerun_script.query_string = query
            await ws.send(first.SerializeToString())
            sliders = _sliders((await _run(ws))[0])
        opened.append(index)
        await ready.wait()
        out = []
        for press in range(1, presses + 1):
            max_km = min_km + 0.5 * press
            values = [min_km, max_km][-len(sliders.ids) :]
            start = time.perf_counter()
            await ws.send(_step(sliders, values, query))
            _, raw = await _run(ws)
            out.append(
                {
                    "ms": 1000.0 * (time.perf_counter() - start),
                    "ok": expect(min_km, max_km).encode() in raw,
                }
            )
        return out


async def load(server: Any, *, clients: int, presses: int, expect: Any) -> dict:
    """``clients`` websocket clients step ``presses`` times each on one server, at once.

    ``expect(min_km, max_km)`` is a string that a step's messages must hold.
    """
    gate, ready, opened = asyncio.Semaphore(OPENING_AT_ONCE), asyncio.Event(), []
    tasks = [
        asyncio.create_task(
            _client(
                server.url, i, presses=presses, gate=gate, opened=opened, ready=ready, expect=expect
            )
        )
        for i in range(clients)
    ]
    # Every first page is out before the timed steps start.
    while len(opened) < clients:
        if any(t.done() for t in tasks):  # a client failed: say why
            await next(t for t in tasks if t.done())
        await asyncio.sleep(0.2)
    await asyncio.sleep(2.0)
    cpu, wall = server.cpu_s(), time.perf_counter()
    ready.set()
    results = await asyncio.gather(*tasks)
    wall, cpu = time.perf_counter() - wall, server.cpu_s() - cpu
    steps = [r for rs in results for r in rs]
    return {
        "clients": clients,
        "presses_per_client": presses,
        "steps_per_s": round(len(steps) / wall, 2),
        "latency_ms": summary([r["ms"] for r in steps], 0),
        "server_cpu_ms_per_step": round(1000.0 * cpu / len(steps), 1),
        "server_busy_share": round(cpu / wall, 2),
        "wrong_width": sum(1 for r in steps if not r["ok"]),
    }
