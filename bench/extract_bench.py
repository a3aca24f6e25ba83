"""Speed and memory of `rasad extract`, next to trafilatura on the same input, in one run.

    .venv/bin/python bench/extract_bench.py [--sizes 1000,10000] [--boilerplate-only] [--rounds 3]

1. A corpus of N distinct Arabic news pages, half plain text, half HTML, with site
   chrome (bench/corpus.py: real sentences drawn at random, so the dedup stage skips
   none). `rasad extract DIR --format jsonl` runs over it in a child process; docs/s and
   the child's peak RSS are printed. Then trafilatura's `extract()` runs over the HTML
   half of the same corpus, in its own child process.
2. In one process, on the boilerplate benchmark's 372 pages: rasad's article extraction
   (decode, clean body, metadata) against trafilatura's default `extract()` on the decoded
   page, in turns page by page, pages/s of CPU time each.

Peak memory must not grow with N: rasad streams one document at a time.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_DOCS = SHARED / "eval" / "dev" / "docs"
BOILERPLATE = SHARED / "eval" / "boilerplate"
sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

# Runs a command and prints (seconds, peak RSS of the child in MB) as JSON.
_MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
"""

_TRAFILATURA_ONLY = """
import sys, pathlib, trafilatura
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.html")):
    trafilatura.extract(p.read_text(encoding="utf-8"), include_comments=False)
"""


def measure(cmd: list[str]) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True)
    seconds, rss = json.loads(out.stdout.strip().splitlines()[-1])
    return float(seconds), float(rss)


def corpus_bench(sizes: list[int]) -> None:
    rasad = str(Path(sys.executable).parent / "rasad")
    print(f"{'input':>28} {'tool':>22} {'docs':>7} {'docs/s':>9} {'peak MB':>9}")
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="rasad-bench-"))
        try:
            n_html = write_corpus(tmp, n)["html"]
            s, rss = measure([rasad, "extract", str(tmp), "--format", "jsonl", "--workers", "1"])
            print(f"{'news pages (txt+html)':>28} {'rasad extract':>22} {n:>7} {n / s:>9.1f} {rss:>9.1f}")
            s, rss = measure([sys.executable, "-c", _TRAFILATURA_ONLY, str(tmp)])
            print(f"{'same, HTML part only':>28} {'trafilatura.extract':>22} {n_html:>7} {n_html / s:>9.1f} {rss:>9.1f}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def boilerplate_bench(rounds: int) -> None:
    """rasad and trafilatura page by page, in turns (which goes first alternates), so that
    the load of a shared machine falls on both alike; CPU time of this process."""
    sys.path.insert(0, str(ROOT / "src"))
    import trafilatura

    from rasad.pipeline import extract_article
    from rasad.readers import decode
    from rasad.types import InputError, RawDocument

    pages = []
    for path in sorted((BOILERPLATE / "html").iterdir()):
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace")
        pages.append((path.name, raw, text))

    def run_rasad(name: str, raw: bytes) -> None:
        with contextlib.suppress(InputError):
            extract_article(decode(RawDocument(name, raw, "page.html")))

    rasad_s = traf_s = 0.0
    for r in range(rounds):
        for i, (name, raw, text) in enumerate(pages):
            for rasad_turn in ((True, False) if (i + r) % 2 else (False, True)):
                t = time.process_time()
                if rasad_turn:
                    run_rasad(name, raw)
                    rasad_s += time.process_time() - t
                else:
                    trafilatura.extract(text, include_comments=False)
                    traf_s += time.process_time() - t
    n = len(pages) * rounds
    print(f"\nboilerplate benchmark pages ({len(pages)} x {rounds} rounds), one process, CPU time, in turns page by page:")
    print(f"  rasad (decode + clean + metadata): {n / rasad_s:7.1f} pages/s")
    print(f"  trafilatura.extract (default):     {n / traf_s:7.1f} pages/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--boilerplate-only", action="store_true")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the boilerplate pages")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if not args.boilerplate_only:
        corpus_bench([int(x) for x in args.sizes.split(",")])
    if BOILERPLATE.exists():
        boilerplate_bench(args.rounds)


if __name__ == "__main__":
    main()
