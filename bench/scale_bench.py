"""Throughput and memory of `rasad extract` with 1 and 2 workers and on Ray, side by side.

    .venv/bin/python bench/scale_bench.py [--sizes 2000,10000] [--runs 1]

Input per size N: N/2 distinct plain-text pages as files and N/2 distinct HTML pages in
four gzipped WARC files (bench/corpus.py pages; tests/warcgen.py writes the WARCs). Each
configuration runs `rasad extract` in a child process, output to /dev/null:
`--workers 1`, `--workers 2`, `--engine ray --ray-cpus 2` (cluster start included). A
sampler walks the child's process tree every 0.2 s and keeps each process's peak RSS:
"peak MB/worker" is the largest peak among the processes that analyse documents (the
single process, a pool worker, a Ray worker), "parent MB" the driver's. trafilatura's
`extract()` alone runs on the same HTML pages in one process, for scale.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from corpus import arabic_sentences, html_page, text_page  # noqa: E402
from warcgen import Response, write_warc  # noqa: E402

_TRAFILATURA_ONLY = """
import sys, pathlib, trafilatura
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    trafilatura.extract(p.read_text(encoding="utf-8"), include_comments=False)
"""


def make_input(folder: Path, n: int) -> None:
    rng, pool = random.Random(11), arabic_sentences()
    (folder / "text").mkdir()
    (folder / "warc").mkdir()
    (folder / "html").mkdir()
    pages: list[Response] = []
    for i in range(n):
        if i % 2 == 0:
            sub = folder / "text" / f"{i // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"doc{i:06d}.txt").write_text(text_page(rng, pool, i), encoding="utf-8")
        else:
            page = html_page(rng, pool, i)
            (folder / "html" / f"doc{i:06d}.html").write_text(page, encoding="utf-8")
            pages.append(Response(f"https://news.example/{i}", page.encode()))
    quarter = (len(pages) + 3) // 4
    for k in range(4):
        write_warc(folder / "warc" / f"crawl-{k}.warc.gz", pages[k * quarter : (k + 1) * quarter])


def _tree(root: int) -> list[int]:
    """root and its descendants, from /proc (Linux)."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parent[int(stat.parent.name)] = int(fields[1])
        except (OSError, ValueError, IndexError):
            continue
    out, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, pp in parent.items() if pp in frontier]
        out += frontier
    return out


def _rss_and_name(pid: int) -> tuple[float, str] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        name = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024, name
    return None


def run(cmd: list[str]) -> tuple[float, float, float, float]:
    """(seconds, largest worker peak RSS MB, parent peak RSS MB, CPU seconds of the
    process and the children it waited for: Ray's workers are not among them) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peaks: dict[int, tuple[str, float]] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in _tree(proc.pid):
                got = _rss_and_name(pid)
                if got is not None and got[0] > peaks.get(pid, ("", 0.0))[1]:
                    peaks[pid] = (got[1], got[0])
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {err.decode()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    parent = peaks.get(proc.pid, ("", 0.0))[1]
    workers = [rss for pid, (name, rss) in peaks.items()
               if pid != proc.pid and ("multiprocessing" in name or "ray::" in name or "default_worker" in name)]
    return seconds, max(workers, default=parent), parent, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000,10000")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    rasad = str(Path(sys.executable).parent / "rasad")
    print(f"{'docs':>7} {'run':>3} {'configuration':>26} {'seconds':>8} {'docs/s':>8} {'vs 1':>6} "
          f"{'peak MB/worker':>15} {'parent MB':>10} {'CPU s':>7}")
    for n in (int(x) for x in args.sizes.split(",")):
        tmp = Path(tempfile.mkdtemp(prefix="rasad-scale-"))
        try:
            make_input(tmp, n)
            inputs = [str(tmp / "text"), str(tmp / "warc")]
            configs = {
                "extract --workers 1": [rasad, "extract", *inputs, "--workers", "1"],
                "extract --workers 2": [rasad, "extract", *inputs, "--workers", "2"],
                "--engine ray, 2 CPUs": [rasad, "extract", *inputs, "--engine", "ray", "--ray-cpus", "2"],
            }
            for r in range(1, args.runs + 1):
                base = 0.0
                for label, cmd in configs.items():
                    s, worker, parent, cpu = run(cmd)
                    base = base or n / s
                    print(f"{n:>7} {r:>3} {label:>26} {s:>8.1f} {n / s:>8.1f} {n / s / base:>6.2f} "
                          f"{worker:>15.0f} {parent:>10.0f} {cpu:>7.0f}", flush=True)
                s, worker, _, cpu = run([sys.executable, "-c", _TRAFILATURA_ONLY, str(tmp / "html")])
                html = n // 2
                print(f"{html:>7} {r:>3} {'trafilatura alone (HTML)':>26} {s:>8.1f} {html / s:>8.1f} {'':>6} "
                      f"{worker:>15.0f} {'':>10} {cpu:>7.0f}", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
