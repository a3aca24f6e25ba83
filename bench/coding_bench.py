"""Speed of the coding stages and of the whole pipeline on plain-text pages, one core.

    .venv/bin/python bench/coding_bench.py [--repeat 50] [--sizes 1000,10000]

1. Actor stage alone (`find_actors`, lexicon loaded once) and the event/statement stage
   alone (`code_article`) on the clean bodies of the dev documents, repeated: documents
   per CPU second of this process.
2. `rasad extract --workers 1` (all stages, one process) on N distinct plain-text news
   pages with site chrome (bench/corpus.py), in a child process: docs/s of wall time,
   docs per CPU second of the child (user + system: what a loaded machine does not
   change much) and the child's peak RSS, for each N (memory must not grow with N:
   one document at a time). Start-up (imports, lexicons) is included.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from extract_bench import DEV_DOCS  # noqa: E402
from rasad.coding.actors import find_actors  # noqa: E402
from rasad.coding.article import code_article  # noqa: E402
from rasad.pipeline import Pipeline, extract_article  # noqa: E402
from rasad.readers import decode  # noqa: E402
from rasad.types import InputError, RawDocument  # noqa: E402


def dev_bodies() -> list[str]:
    out = []
    for path in sorted(DEV_DOCS.iterdir()):
        try:
            out.append(extract_article(decode(RawDocument(str(path), path.read_bytes(), path.name))).text)
        except InputError:
            continue
    return out


def stage_bench(repeat: int) -> None:
    pipeline = Pipeline()
    bodies = dev_bodies()
    n = len(bodies) * repeat
    t0 = time.process_time()  # CPU time of this process: what a loaded machine changes least
    mentions = [find_actors(b, pipeline.actor_lexicon) for b in bodies]
    for _ in range(repeat - 1):
        for b in bodies:
            find_actors(b, pipeline.actor_lexicon)
    actors_s = time.process_time() - t0
    t0 = time.process_time()
    for _ in range(repeat):
        for b, m in zip(bodies, mentions, strict=True):
            code_article(b, m, pipeline.event_lexicon, None)
    coding_s = time.process_time() - t0
    words = sum(len(b.split()) for b in bodies) / len(bodies)
    print(f"dev bodies: {len(bodies)} (mean {words:.0f} words), {repeat} passes, one core")
    print(f"  actor stage (find_actors):              {n / actors_s:8.0f} docs per CPU second")
    print(f"  event + statement stage (code_article): {n / coding_s:8.0f} docs per CPU second")


# Runs a command; prints [wall seconds, peak RSS of the child in MB, CPU seconds of the child].
_MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([time.perf_counter() - t, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime]))
"""


def measure(cmd: list[str]) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, check=True)
    seconds, rss, cpu = json.loads(out.stdout.strip().splitlines()[-1])
    return float(seconds), float(rss), float(cpu)


def pipeline_bench(sizes: list[int]) -> None:
    rasad = str(Path(sys.executable).parent / "rasad")
    print("\nrasad extract --workers 1 (all stages, one process) on plain-text pages, child process:")
    print(f"{'docs':>8} {'docs/s':>8} {'docs/CPU-s':>11} {'peak MB':>8}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(Path(tmp), n, kinds=("txt",))
            seconds, rss, cpu = measure([rasad, "extract", tmp, "--format", "jsonl", "--workers", "1"])
            print(f"{n:>8} {n / seconds:>8.1f} {n / cpu:>11.1f} {rss:>8.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--sizes", default="1000,10000")
    args = ap.parse_args()
    stage_bench(args.repeat)
    pipeline_bench([int(x) for x in args.sizes.split(",")])


if __name__ == "__main__":
    main()
