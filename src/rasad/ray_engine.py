"""The pipeline on Ray: tasks over shards of the input, dedup in the driver, in order.

The driver lists the input (`readers.plan_inputs`) and cuts it into shards: a WARC file
is a shard of its own, other files go `--shard-size` to a shard, in input order. One Ray
task per shard reads its files and runs `Pipeline.analyse` on each document (decode,
clean, metadata, actors, events, statements, the body's MinHash sketch); it returns the
analyses, not records. The driver takes the shards' results in shard order and calls
`Pipeline.finish` on each document in input order: byte copies and near copies are
decided there, against one index, exactly as in one process, so the records are the same
whatever the number of workers, shards or retries (docs/scaling.md).

With `--output DIR` each shard's records go to `DIR/part-NNNNN.jsonl`, written to a
temporary name and renamed once complete; the dedup index is kept in `DIR/dedup.idx`
and flushed before each rename. A rerun skips the shards whose part exists (their ids
are read back for the byte-copy check) and redoes the rest. A task whose worker dies is
retried by Ray; a task has no side effect, so a retry duplicates nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasad.pipeline import Analysis, Pipeline, internal_error
from rasad.readers import ReadFailure, ReadStats, is_warc, plan_inputs, read_plan
from rasad.types import RasadError, RawDocument, Record, Status

Shard = list[str | ReadFailure]
Pair = tuple[RawDocument | ReadFailure, Analysis | None]

_WORKER: dict[str, Pipeline] = {}


class RayEngineError(RasadError):
    """Ray is missing or its cluster cannot be reached."""


def make_shards(plan: list[str | ReadFailure], shard_size: int) -> list[Shard]:
    """Consecutive slices of the plan: each WARC file alone, other entries shard_size at most."""
    shards: list[Shard] = []
    current: Shard = []
    for entry in plan:
        if isinstance(entry, str) and is_warc(entry):
            if current:
                shards.append(current)
                current = []
            shards.append([entry])
            continue
        current.append(entry)
        if len(current) >= shard_size:
            shards.append(current)
            current = []
    if current:
        shards.append(current)
    return shards


def analyse_shard(shard: Shard, sketch: bool, time_limit: float | None = None) -> tuple[list[Pair], ReadStats]:
    """The task: every document of one shard analysed (bytes dropped: the driver needs none)."""
    pipeline = _WORKER.get("pipeline")
    if pipeline is None:
        pipeline = _WORKER["pipeline"] = Pipeline(dedup=None)  # once per worker process
    pipeline.time_limit = time_limit
    stats = ReadStats()
    out: list[Pair] = []
    for item in read_plan(shard, stats=stats):
        if isinstance(item, ReadFailure):
            out.append((item, None))
        else:
            out.append((RawDocument(item.source, b"", item.name_hint, item.url), pipeline.analyse(item, sketch)))
    return out, stats


def _init(args: argparse.Namespace) -> Any:
    try:
        import ray
    except ImportError:
        raise RayEngineError("--engine ray needs Ray: pip install 'rasad[ray]'") from None
    if not ray.is_initialized():
        try:
            ray.init(address=os.environ.get("RAY_ADDRESS") or None, num_cpus=args.ray_cpus,
                     include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
        except Exception as exc:
            raise RayEngineError(f"cannot start or reach a Ray cluster: {exc}".splitlines()[0]) from None
    return ray


def shard_results(args: argparse.Namespace, shards: list[Shard], sketch: bool, skip: int = 0
                  ) -> Iterator[tuple[int, list[Pair], ReadStats]]:
    """(shard number, pairs, read stats) in shard order; a bounded number of tasks in flight."""
    ray = _init(args)
    task = ray.remote(max_retries=3, retry_exceptions=False)(analyse_shard)
    in_flight = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    refs: dict[int, Any] = {}
    following = skip
    for n in range(skip, len(shards)):
        while following < len(shards) and len(refs) < in_flight:
            refs[following] = task.remote(shards[following], sketch, getattr(args, "time_limit", None))
            following += 1
        pairs, stats = ray.get(refs.pop(n))
        yield n, pairs, stats


def _plan(args: argparse.Namespace) -> list[Shard]:
    if args.shard_size < 1:
        raise RayEngineError("--shard-size must be at least 1")
    return make_shards(list(plan_inputs(args.paths)), args.shard_size)


def analysed_pairs(args: argparse.Namespace, read_stats: ReadStats, sketch: bool) -> Iterator[Pair]:
    """Every document's (item, analysis), in input order (for `rasad ingest --engine ray`)."""
    for _, pairs, stats in shard_results(args, _plan(args), sketch):
        read_stats.add(stats)
        yield from pairs


def _finish(pipeline: Pipeline, item: RawDocument | ReadFailure, analysis: Analysis | None) -> Record:
    try:
        return pipeline.finish(item, analysis)
    except Exception as exc:  # as in one process: a bug costs one record
        return Record(id="", source=item.source, status=Status.ERROR, error=internal_error(exc))


def extract(args: argparse.Namespace, pipeline: Pipeline, read_stats: ReadStats) -> Iterator[Record]:
    """The records of `rasad extract --engine ray`, in input order; with --output, also
    written to part files (atomically, by rename), skipping the parts a past run wrote."""
    shards = _plan(args)
    sketch = pipeline.dedup is not None
    out = Path(args.output) if args.output else None
    done = 0
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        while done < len(shards) and _part(out, done).exists():
            for line in _part(out, done).read_text(encoding="utf-8").splitlines():
                doc_id = json.loads(line)["id"]
                if doc_id:
                    pipeline.seen_ids.add(doc_id)
            done += 1
        if done:
            print(f"rasad: {done} of {len(shards)} shards already written in {out}, not redone", file=sys.stderr)
    for n, pairs, stats in shard_results(args, shards, sketch, skip=done):
        read_stats.add(stats)
        records = [_finish(pipeline, item, analysis) for item, analysis in pairs]
        if out is not None:
            tmp = out / f".part-{n:05d}.jsonl.tmp"
            with tmp.open("w", encoding="utf-8") as fh:
                for record in records:
                    fh.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            if pipeline.dedup is not None:
                pipeline.dedup.flush()  # the index holds this shard before its part exists
            tmp.replace(_part(out, n))
        yield from records


def _part(out: Path, n: int) -> Path:
    return out / f"part-{n:05d}.jsonl"
