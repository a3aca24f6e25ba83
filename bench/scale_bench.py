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
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

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


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(seconds, largest worker peak RSS MB, parent peak RSS MB) of one command."""
    peaks: dict[int, tuple[str, float]] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss / 2**20
                    name = " ".join(p.cmdline()[:3])
                except psutil.Error:
                    continue
                if rss > peaks.get(p.pid, ("", 0.0))[1]:
                    peaks[p.pid] = (name, rss)
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {err.decode()[-500:]}")
    parent = peaks.get(proc.pid, ("", 0.0))[1]
    workers = [rss for pid, (name, rss) in peaks.items()
               if pid != proc.pid and ("multiprocessing" in name or "ray::" in name or "default_worker" in name)]
    return seconds, max(workers, default=parent), parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000,10000")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    rasad = str(Path(sys.executable).parent / "rasad")
    print(f"{'docs':>7} {'run':>3} {'configuration':>26} {'seconds':>8} {'docs/s':>8} {'vs 1':>6} "
          f"{'peak MB/worker':>15} {'parent MB':>10}")
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
                    s, worker, parent = run(cmd)
                    base = base or n / s
                    print(f"{n:>7} {r:>3} {label:>26} {s:>8.1f} {n / s:>8.1f} {n / s / base:>6.2f} "
                          f"{worker:>15.0f} {parent:>10.0f}", flush=True)
                s, worker, _ = run([sys.executable, "-c", _TRAFILATURA_ONLY, str(tmp / "html")])
                html = n // 2
                print(f"{html:>7} {r:>3} {'trafilatura alone (HTML)':>26} {s:>8.1f} {html / s:>8.1f} {'':>6} "
                      f"{worker:>15.0f} {'':>10}", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
