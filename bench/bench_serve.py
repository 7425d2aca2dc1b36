"""Benchmark of ``playbook serve``: what HTTP costs over calling ``evaluate`` in-process.

    python bench/bench_serve.py            # about a minute
    python bench/bench_serve.py --quick    # about 20 s
    python bench/bench_serve.py --json     # the figures as JSON as well

One run starts the real command (``playbook serve --port 0 --no-reload``) on loopback and
drives it with an asyncio load generator (keep-alive HTTP/1.1 connections, one write a
request), then measures in
the same process the in-process baseline the server's work consists of: parse the JSON
case, evaluate it, dump the decision as JSON. Rows:

- in-process ``evaluate`` (an already-built case), and ``parse + evaluate + dump`` (bytes in,
  bytes out — what one HTTP request does besides HTTP);
- ``POST /v1/evaluate`` with 1 client (latency) and with N concurrent clients (throughput);
- ``POST /v1/evaluate/batch`` with 100 cases a request (cases per second).

Every ratio is against the in-process ``parse + evaluate + dump`` measured in the same run,
so the HTTP overhead is a measured ratio on any machine. The load generator shares the
machine with the server: on a small machine it takes part of the CPU the server could use,
so the throughput rows are a floor of what a separate client would see.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx

from playbook.api import Playbook
from playbook.case import Case

CASE = {
    "id": "bench-1", "fault": "company", "customer": {"tier": "C", "order_amount": 100},
    "received_at": "2026-03-02T10:00:00+08:00", "evaluated_at": "2026-03-02T12:30:00+08:00",
    "transcript": [
        {"role": "customer", "text": "收到的面包发霉了，我要退款！已经第二次了。"},
        {"role": "agent", "text": "这是公司的规定，不关我的事，请去问生产厂家。"},
        {"role": "customer", "text": "你们这是什么态度？我要投诉到消费者协会。"},
        {"role": "agent", "text": "非常抱歉给您带来不便，我们可以为您退款或者换货。"},
    ],
}
BATCH = 100


@dataclass
class Row:
    name: str
    unit: str           # what one operation is: a case or a request
    per_second: float   # cases per second
    p50_ms: float
    p99_ms: float
    ratio: float = 0.0  # per_second against the in-process parse + evaluate + dump


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def in_process(name: str, func: Callable[[], object], budget: float) -> Row:
    for _ in range(20):
        func()
    times: list[float] = []
    end = time.perf_counter() + budget
    while time.perf_counter() < end or len(times) < 50:
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return Row(name, "case", len(times) / sum(times), percentile(times, 0.5) * 1e3, percentile(times, 0.99) * 1e3)


class Connection:
    """One keep-alive HTTP/1.1 connection that sends each request in one write (TCP_NODELAY).

    A general client (httpx) writes headers and body separately; on loopback that meets
    delayed ACKs and adds ~40 ms a request, which would measure the client, not the server.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def post(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


async def drive(url: str, path: str, body: bytes, clients: int, budget: float, cases_each: int) -> tuple[int, list[float]]:
    """``clients`` keep-alive connections posting ``body`` for ``budget`` seconds."""
    parts = httpx.URL(url)
    host, port = parts.host, parts.port or 80
    request = (f"POST {path} HTTP/1.1\r\nhost: {host}:{port}\r\ncontent-type: application/json\r\n"
               f"content-length: {len(body)}\r\n\r\n").encode() + body
    latencies: list[float] = []
    failures = 0
    connections = [await Connection.open(host, port) for _ in range(clients)]

    async def one(connection: Connection) -> None:
        nonlocal failures
        end = time.perf_counter() + budget
        while time.perf_counter() < end:
            start = time.perf_counter()
            status = await connection.post(request)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                failures += 1

    await asyncio.gather(*(c.post(request) for c in connections))  # warm up
    started = time.perf_counter()
    await asyncio.gather(*(one(c) for c in connections))
    elapsed = time.perf_counter() - started
    for connection in connections:
        connection.close()
    if failures:
        raise SystemExit(f"{failures} requests to {path} failed")
    return int(len(latencies) * cases_each / elapsed), latencies


def http_row(name: str, url: str, path: str, body: bytes, clients: int, budget: float, cases_each: int = 1) -> Row:
    per_second, latencies = asyncio.run(drive(url, path, body, clients, budget, cases_each))
    return Row(name, "request", per_second, percentile(latencies, 0.5) * 1e3, percentile(latencies, 0.99) * 1e3)


def start_server(playbook: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(
        [sys.executable, "-m", "playbook.cli.main", "serve", "--playbook", playbook, "--port", "0", "--no-reload",
         "--no-tests", "--log-level", "warning", "--max-batch", str(BATCH)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    if " on http://" not in line:
        process.kill()
        raise SystemExit(f"playbook serve did not start: {line!r}")
    return process, line.rsplit(" on ", 1)[1].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter measurements (about 20 s)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for the throughput rows")
    parser.add_argument("--playbook", default="standard:zh")
    parser.add_argument("--json", action="store_true", help="also print the rows as JSON")
    args = parser.parse_args()
    budget = 2.0 if args.quick else 6.0

    playbook = Playbook.load(Path(str(ROOT / "rules" / args.playbook.split(":", 1)[1]))) \
        if args.playbook.startswith("standard:") else Playbook.load(args.playbook)
    body = json.dumps(CASE, ensure_ascii=False).encode()
    case = Case.model_validate_json(body)
    batch_body = json.dumps([CASE] * BATCH, ensure_ascii=False).encode()

    rows = [
        in_process("in-process evaluate(case)", lambda: playbook.evaluate(case), budget),
        in_process("in-process parse + evaluate + dump", lambda: playbook.evaluate(
            Case.model_validate_json(body)).model_dump_json(), budget),
    ]
    process, url = start_server(args.playbook)
    try:
        rows.append(http_row("POST /v1/evaluate, 1 client", url, "/v1/evaluate", body, 1, budget))
        rows.append(http_row(f"POST /v1/evaluate, {args.clients} clients", url, "/v1/evaluate", body,
                             args.clients, budget))
        rows.append(http_row(f"POST /v1/evaluate/batch ({BATCH} cases), 1 client", url, "/v1/evaluate/batch",
                             batch_body, 1, budget, BATCH))
        rows.append(http_row(f"POST /v1/evaluate/batch ({BATCH} cases), {min(args.clients, 4)} clients", url,
                             "/v1/evaluate/batch", batch_body, min(args.clients, 4), budget, BATCH))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)

    baseline = rows[1].per_second
    for row in rows:
        row.ratio = row.per_second / baseline
    print(f"playbook serve benchmark · {playbook.id} {playbook.version} · Python {platform.python_version()} · "
          f"{os.cpu_count()} CPUs · {budget:g} s a row")
    print(f"{'row':<48} {'cases/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs in-process':>14}")
    for row in rows:
        print(f"{row.name:<48} {row.per_second:>9.0f} {row.p50_ms:>8.2f} {row.p99_ms:>8.2f} {row.ratio:>13.2f}x")
    single = rows[2]
    print(f"\nHTTP overhead of one request on loopback: {single.p50_ms - rows[1].p50_ms:.2f} ms at p50 "
          f"({single.p50_ms / rows[1].p50_ms:.1f}x the in-process work); p50/p99 of the batch rows are per request.")
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))


if __name__ == "__main__":
    main()
