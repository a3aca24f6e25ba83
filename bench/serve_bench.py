"""`rasad serve` under load: a store of 100,000 synthetic events, the server in a subprocess
on loopback, 5,000 requests to the main filtered endpoints at concurrency 32.

    .venv/bin/python bench/serve_bench.py [--events 100000] [--requests 5000] [--concurrency 32]

Prints, for the server as `rasad serve` starts it (answers cached, keyed by the store's
generation) and with the cache off: errors, p50 / p99 latency, requests per second, and p50 / p99 per endpoint. The
store is built once in bench/out/ (Store.write of synthetic records whose sentences are
real Arabic news sentences, bench/corpus.py) and reused by later runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from corpus import arabic_sentences
from rasad.lexicons.events import PLOVER_TYPES
from rasad.store import Store
from rasad.types import Actor, Event, Metadata, Record, Statement, Status

ROOT = Path(__file__).resolve().parents[1]
failures: dict[str, int] = {}  # client-side errors by exception class
OUT = ROOT / "bench" / "out"
EVENTS_PER_DOC = 5
COUNTRIES = ["RUS", "UKR", "USA", "CHN", "IRN", "ISR", "PSE", "SYR", "IRQ", "EGY", "SAU", "TUR", "LBN", "YEM",
             "JOR", "DZA", "MAR", "TUN", "LBY", "SDN", "QAT", "ARE", "FRA", "GBR", "DEU", "PRK", "KOR", "IND"]
SECTORS = ["", "", "GOV", "GOV", "MIL", "REB", "CVL", "OPP", "LEG", "JUD"]
ORGS = ["UN", "NATO", "EU", "ARL", "AU", "GCC", "IAEA", "ICC"]
OUTLETS = ["الجزيرة", "العربية", "الشرق الأوسط", "الخليج", "الشروق", "هسبريس", "الأهرام", "النهار",
           "سكاي نيوز عربية", "فرانس 24", "أصوات مغاربية", "السومرية"]
TYPE_WEIGHTS = [6, 9, 5, 2, 4, 3, 1, 5, 7, 4, 3, 5, 3, 3, 4, 12]  # ASSAULT and CONSULT most common


def actor(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(ORGS)
    return rng.choice(COUNTRIES[:12] if rng.random() < 0.6 else COUNTRIES) + rng.choice(SECTORS)


def synthetic_records(n_docs: int, seed: int = 11) -> list[Record]:
    rng = random.Random(seed)
    pool = arabic_sentences()
    records = []
    for i in range(n_docs):
        sentences = rng.sample(pool, EVENTS_PER_DOC + 1)
        text = "\n".join(sentences)
        starts = [0]
        for s in sentences[:-1]:
            starts.append(starts[-1] + len(s) + 1)
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        published = f"{year:04d}-{month:02d}-{day:02d}"
        events, codes = [], {}
        for k in range(EVENTS_PER_DOC):
            sentence, start = sentences[k], starts[k]
            words = sentence.split()
            w = rng.randrange(len(words))
            t0 = start + len(" ".join(words[:w])) + (1 if w else 0)
            trigger = words[w]
            src = (actor(rng),)
            tgt = (actor(rng),) if rng.random() < 0.8 else ()
            for c in src + tgt:
                codes.setdefault(c, []).append((t0, t0 + len(trigger)))
            date = published if rng.random() < 0.7 else (published[:7] if rng.random() < 0.7 else None)
            events.append(Event(
                type=rng.choices(PLOVER_TYPES, TYPE_WEIGHTS)[0], source=src, target=tgt, date=date,
                sentence=sentence, trigger=trigger, negated=rng.random() < 0.05,
                claimed_by=(actor(rng),) if rng.random() < 0.1 else (), location=None,
                trigger_span=(t0, t0 + len(trigger)),
            ))
        last = sentences[-1]
        statements = (Statement(speaker=actor(rng), speaker_name="المتحدث", cue="قال", content=last,
                                date=published),)
        records.append(Record(
            id=f"{i:016x}", source=f"synthetic/{i}.txt", status=Status.OK,
            metadata=Metadata(title=sentences[0][:80], url=f"https://example.org/{i}", outlet=rng.choice(OUTLETS),
                              published=published, language="ar"),
            text=text, actors=tuple(Actor(code=c, name=c, mentions=tuple(m)) for c, m in codes.items()),
            events=tuple(events), statements=statements,
        ))
    return records


def build(path: Path, n_events: int) -> None:
    if path.exists():
        with Store.open(str(path)) as store, store.engine.connect() as conn:
            have = conn.exec_driver_sql("select count(*) from events").scalar()
        if have == n_events:
            print(f"store: {path} ({have:,} events, reused)")
            return
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    started = time.perf_counter()
    records = synthetic_records(n_events // EVENTS_PER_DOC)
    with Store.open(str(path)) as store:
        for i in range(0, len(records), 1000):
            store.write(records[i:i + 1000], "synthetic")
    print(f"store: {path}: {len(records):,} documents, {n_events:,} events, built in {time.perf_counter() - started:.1f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def requests_mix(n: int, seed: int = 5) -> list[tuple[str, str, dict[str, str]]]:
    """(endpoint name, path, params): what the page and a script ask most."""
    rng = random.Random(seed)
    out: list[tuple[str, str, dict[str, str]]] = []
    n_docs_hint = 20_000
    for _ in range(n):
        t = rng.choice(PLOVER_TYPES)
        c = rng.choice(COUNTRIES[:12])
        y = rng.randint(2015, 2025)
        pick = rng.random()
        if pick < 0.15:
            out.append(("events?type", "/api/events", {"type": t, "limit": "50"}))
        elif pick < 0.30:
            out.append(("events?actor", "/api/events", {"actor": c, "limit": "50"}))
        elif pick < 0.40:
            out.append(("events?source&target", "/api/events", {"source": c, "target": rng.choice(COUNTRIES[:12]), "limit": "50"}))
        elif pick < 0.50:
            out.append(("events?type&from&to", "/api/events", {"type": t, "from": f"{y}", "to": f"{y}-06", "limit": "50"}))
        elif pick < 0.55:
            out.append(("events?outlet&offset", "/api/events", {"outlet": rng.choice(OUTLETS), "offset": str(rng.randrange(0, 2000)), "limit": "50"}))
        elif pick < 0.65:
            out.append(("counts?by=month&per_type", "/api/counts", {"by": "month", "per_type": "true", **({"actor": c} if rng.random() < 0.5 else {})}))
        elif pick < 0.72:
            out.append(("counts?by=type", "/api/counts", {"by": "type", "from": f"{y}", "to": f"{y}"}))
        elif pick < 0.79:
            out.append(("events/aggregated", "/api/events/aggregated", {"type": t, "limit": "50"}))
        elif pick < 0.86:
            out.append(("dyads", "/api/dyads", {"limit": "40", **({"type": t} if rng.random() < 0.5 else {})}))
        elif pick < 0.93:
            out.append(("documents/{id}", f"/api/documents/{rng.randrange(n_docs_hint):016x}", {}))
        else:
            out.append(("statements?actor", "/api/statements", {"actor": c, "limit": "50"}))
    return out


async def fire(base: str, mix: list[tuple[str, str, dict[str, str]]], concurrency: int) -> tuple[list[tuple[str, float, int]], float]:
    results: list[tuple[str, float, int]] = []
    queue: asyncio.Queue[tuple[str, str, dict[str, str]]] = asyncio.Queue()
    for item in mix:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            while not queue.empty():
                name, path, params = queue.get_nowait()
                t0 = time.perf_counter()
                try:
                    r = await client.get(path, params=params)
                    await r.aread()
                    status = r.status_code
                except httpx.HTTPError as exc:
                    status = -1
                    failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
                results.append((name, time.perf_counter() - t0, status))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return results, time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children alive now (the server's worker processes)."""
    total = cpu_seconds(pid)
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for c in child.read_text().split():
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a worker just gone
                total += tree_cpu_seconds(int(c))
    return total


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def run_server(db: Path, cache_seconds: float | None, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    if cache_seconds is None:  # exactly what a user runs
        cmd = [str(Path(sys.executable).parent / "rasad"), "serve", "--db", str(db), "--port", str(port),
               "--workers", str(workers)]
    else:
        code = ("import sys, uvicorn; from rasad.serve import create_app; "
                f"uvicorn.run(create_app(sys.argv[1], None, cache_seconds={cache_seconds}), host='127.0.0.1', "
                f"port={port}, log_level='warning')")
        cmd = [sys.executable, "-c", code, str(db)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("the server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))
        time.sleep(0.1)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(label: str, db: Path, cache_seconds: float | None, n: int, concurrency: int, again: bool,
            ingest_dir: Path | None = None) -> None:
    proc, base = run_server(db, cache_seconds)
    try:
        asyncio.run(fire(base, requests_mix(200, seed=99), concurrency))  # warm-up: connections, page cache
        mix = requests_mix(n)
        writer = None
        if ingest_dir is not None:  # an ingest writing into the same store while the load runs
            before = stored_documents(db)
            writer = subprocess.Popen([str(Path(sys.executable).parent / "rasad"), "ingest", str(ingest_dir), "--db",
                                       str(db), "--workers", "1", "--batch", "20"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        cpu0 = cpu_seconds(proc.pid)
        results, wall = asyncio.run(fire(base, mix, concurrency))
        cpu = cpu_seconds(proc.pid) - cpu0
        report(label, results, wall, cpu, concurrency)
        if writer is not None and ingest_dir is not None:
            running_at_end = writer.poll() is None
            _, err = writer.communicate()
            added = stored_documents(db) - before
            pages = sum(1 for _ in ingest_dir.rglob("*.*"))
            print(f"ingest alongside: exit {writer.returncode}, {added} of {pages} pages stored "
                  f"({'still running when the load ended' if running_at_end else 'finished during the load'}); "
                  f"{err.decode().strip().splitlines()[-1] if err.strip() else ''}")
        if again:  # the same requests once more: what a user clicking around the same filters gets
            cpu0 = cpu_seconds(proc.pid)
            results, wall = asyncio.run(fire(base, mix, concurrency))
            report(label + ", the same 5,000 requests again", results, wall, cpu_seconds(proc.pid) - cpu0, concurrency)
    finally:
        stop_server(proc)


WRK_SCRIPT = """
-- Each thread walks the request list from its own starting point, round and round.
local paths = {%(paths)s}
local threads, counter = {}, 0
function setup(thread)
  thread:set("first", #threads * math.floor(#paths / %(threads)d))
  table.insert(threads, thread)
end
function request()
  local path = paths[(first + counter) %% #paths + 1]
  counter = counter + 1
  return wrk.format("GET", path)
end
"""


def measure_wrk(label: str, db: Path, n: int, concurrency: int, seconds: int = 30, threads: int = 2,
                workers: int = 1) -> None:
    """The same request list sent by wrk (C, one event loop per thread) for `seconds`: the
    client takes far less CPU than Python's, so the latencies are more the server's own.
    wrk runs for a duration, not a number of requests: the list is walked round and round."""
    import shutil
    import tempfile
    from urllib.parse import urlencode

    if shutil.which("wrk") is None:
        print("\n(wrk not installed: apt-get install wrk)")
        return
    mix = requests_mix(n)
    paths = ",".join('"' + path + ("?" + urlencode(params) if params else "") + '"' for _, path, params in mix)
    proc, base = run_server(db, None, workers)
    try:
        asyncio.run(fire(base, requests_mix(200, seed=99), concurrency))  # the same warm-up as `measure`
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(WRK_SCRIPT % {"paths": paths, "threads": threads})
        cpu0 = tree_cpu_seconds(proc.pid)
        out = subprocess.run(["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds}s", "--timeout", "10s", "--latency",
                              "-s", fh.name, base], capture_output=True, text=True, check=False).stdout
        cpu = tree_cpu_seconds(proc.pid) - cpu0
        Path(fh.name).unlink()
    finally:
        stop_server(proc)
    print(f"\n## {label}")
    print(out.rstrip())
    print(f"server CPU {cpu:.1f} s; load average after the run {os.getloadavg()[0]:.1f}")


def stored_documents(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return int(con.execute("select count(*) from documents").fetchone()[0])
    finally:
        con.close()


def report(label: str, results: list[tuple[str, float, int]], wall: float, cpu: float, concurrency: int) -> None:
    load = os.getloadavg()
    lat = [r[1] * 1000 for r in results]
    errors = [r for r in results if r[2] != 200]
    print(f"\n## {label}")
    print(f"requests {len(results):,}, concurrency {concurrency}, errors {len(errors)}"
          + (f" (statuses {sorted({e[2] for e in errors})}; client errors {failures})" if errors else ""))
    failures.clear()
    print(f"latency p50 {pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms, max {max(lat):.1f} ms; "
          f"{len(results) / wall:.0f} requests/s ({wall:.1f} s); load average after the run {load[0]:.1f} / {load[1]:.1f}")
    print(f"server CPU {cpu:.1f} s: {cpu / len(results) * 1000:.2f} ms per request (what the machine's other "
          "load does not change much)")
    print(f"{'endpoint':28} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}")
    for name in sorted({r[0] for r in results}):
        xs = [r[1] * 1000 for r in results if r[0] == name]
        print(f"{name:28} {len(xs):5d} {statistics.median(xs):8.1f} {pct(xs, 99):8.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=5_000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--no-cache-run", action="store_true", help="also measure with the cache off")
    ap.add_argument("--only-no-cache", action="store_true", help="only measure with the cache off")
    ap.add_argument("--wrk", action="store_true", help="also send the requests with wrk (a C client) instead of httpx")
    ap.add_argument("--while-ingesting", type=int, default=0, metavar="N",
                    help="also run the load while `rasad ingest` writes N new pages into the same store")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"serve_{args.events}.db"
    print(f"# rasad serve benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, server and client on one "
          f"machine; load average before: {os.getloadavg()[0]:.1f})")
    build(db, args.events)
    if not args.only_no_cache:
        measure("`rasad serve` as started by the CLI (answers cached by store generation)", db, None,
                args.requests, args.concurrency, again=True)
    if args.wrk:
        for workers in (1, 2):
            measure_wrk(f"`rasad serve --workers {workers}`, requests sent by wrk for 30 s", db, args.requests,
                        args.concurrency, workers=workers)
    if args.no_cache_run or args.only_no_cache:
        measure("cache off (every request runs its query)", db, 0, args.requests, args.concurrency, again=False)
    if args.while_ingesting:
        import tempfile

        sys.path.insert(0, str(Path(__file__).parent))
        from corpus import write_corpus

        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(Path(tmp), args.while_ingesting, seed=23)
            measure(f"while `rasad ingest` writes {args.while_ingesting:,} new pages into the same store", db, None,
                    args.requests, args.concurrency, again=False, ingest_dir=Path(tmp))


if __name__ == "__main__":
    main()
