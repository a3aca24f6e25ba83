"""The `rasad` command: a thin layer over the pipeline stages.

Data goes to standard output, diagnostics to standard error. Every command exits
non-zero with a one-line message on bad usage or a missing path, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import itertools
import json
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasad import __version__
from rasad.coding.actors import actors_of, find_actors
from rasad.dedup import DEFAULT_THRESHOLD, DedupIndex
from rasad.lexicons.actors import ActorLexicon
from rasad.limits import DEFAULT_SECONDS
from rasad.monitor import FolderWatch
from rasad.parallel import analysed, default_workers
from rasad.pipeline import Analysis, Pipeline, document_id, extract_article, internal_error
from rasad.readers import MissingPathError, ReadFailure, ReadStats, decode, iter_documents
from rasad.types import Article, InputError, Metadata, RasadError, RawDocument, Record, Status

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported by the commands that use it: half a second of start-up
    from rasad.store import Store
    from rasad.store.query import EventFilter


def _fail(message: str, code: int = 2) -> int:
    print(f"rasad: {message}", file=sys.stderr)
    return code


def _write_jsonl(record: Record) -> None:
    sys.stdout.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")


def _workers(args: argparse.Namespace) -> int:
    return args.workers if args.workers is not None else default_workers()


def _local_records(args: argparse.Namespace, pipeline: Pipeline, stats: ReadStats) -> Iterator[Record]:
    """The records of the input in order, from one process or a pool of --workers."""
    items = iter_documents(args.paths, stats=stats)
    workers = _workers(args)
    if workers <= 1:
        for item in items:
            try:
                yield pipeline.process(item)
            except Exception as exc:  # a bug must cost one record, not the run
                yield Record(id="", source=item.source, status=Status.ERROR, error=internal_error(exc))
        return
    for item, analysis in analysed(items, _raw_only, workers, sketch=pipeline.dedup is not None,
                                      time_limit=pipeline.time_limit):
        try:
            yield pipeline.finish(item, analysis)
        except Exception as exc:
            yield Record(id="", source=item.source, status=Status.ERROR, error=internal_error(exc))


def _raw_only(item: RawDocument | ReadFailure) -> RawDocument | None:
    return item if isinstance(item, RawDocument) else None


def cmd_extract(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        return _fail("--workers must be at least 1")
    if args.output and args.engine != "ray":
        return _fail("--output DIR writes shards: it goes with --engine ray")
    if args.engine == "ray" and "-" in args.paths:
        return _fail("--engine ray reads files and folders, not standard input")
    index_path = args.dedup_index
    if args.engine == "ray" and args.output and not args.no_dedup and index_path is None:
        index_path = str(Path(args.output) / "dedup.idx")  # kept with the shards, for a restart
    dedup = None if args.no_dedup else DedupIndex(args.dedup_threshold, index_path)
    pipeline = Pipeline(dedup=dedup, time_limit=args.time_limit)
    gc.freeze()  # the lexicons live as long as the run: out of the cyclic collector's scans (a few per cent)
    counts = {s: 0 for s in Status}
    stats = ReadStats()
    try:
        if args.engine == "ray":
            from rasad import ray_engine

            records = ray_engine.extract(args, pipeline, stats)
        else:
            records = _local_records(args, pipeline, stats)
        for record in records:
            counts[record.status] += 1
            if args.output:
                continue  # written to the shard files by the engine
            if args.format == "jsonl":
                _write_jsonl(record)
            else:
                sys.stdout.write(_text_view(record))
            sys.stdout.flush()
    except MissingPathError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        return 0
    finally:
        if dedup is not None:
            dedup.close()
    print(
        f"rasad: {sum(counts.values())} documents: {counts[Status.OK]} ok, "
        f"{counts[Status.DUPLICATE]} duplicate, {counts[Status.ERROR]} error",
        file=sys.stderr,
    )
    if stats.summary():
        print(f"rasad: {stats.summary()}", file=sys.stderr)
    return 0


def _text_view(record: Record) -> str:
    head = f"== {record.source} [{record.status.value}]"
    if record.status is Status.ERROR:
        return f"{head} {record.error}\n\n"
    if record.status is Status.DUPLICATE:
        return f"{head} of {record.duplicate_of}\n\n"
    m = record.metadata
    lines = [head]
    for label, value in (("title", m.title), ("url", m.url), ("outlet", m.outlet),
                         ("authors", ", ".join(m.authors) or None), ("published", m.published)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append("")
    lines.append(record.text)
    return "\n".join(lines) + "\n\n"


def cmd_clean(args: argparse.Namespace) -> int:
    """Print only the clean body of each document (for main-text benchmarks)."""
    status = 0
    try:
        for item in iter_documents(args.paths):
            if isinstance(item, ReadFailure):
                print(f"rasad: {item.source}: {item.error}", file=sys.stderr)
                status = 1
                continue
            try:
                article = extract_article(decode(item))
            except InputError as exc:
                print(f"rasad: {item.source}: {exc}", file=sys.stderr)
                status = 1
                continue
            sys.stdout.write(article.text + "\n")
    except MissingPathError as exc:
        return _fail(str(exc))
    return status


def _text_argument(value: str) -> str:
    """TEXT_OR_FILE: the contents of a readable file, else the argument itself."""
    path = Path(value)
    try:
        if len(value) < 4096 and path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    return value


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _date_prefix(value: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, checked."""
    for fmt, length in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(value) == length:
            try:
                dt.datetime.strptime(value, fmt)
                return value
            except ValueError:
                break
    raise argparse.ArgumentTypeError(f"not a date YYYY[-MM[-DD]]: {value!r}")


def cmd_actors(args: argparse.Namespace) -> int:
    """Print the actors found in a text, for people checking the lexicon."""
    lex = ActorLexicon.load()
    text = _text_argument(args.text)
    mentions = find_actors(text, lex, args.date)
    if args.format == "jsonl":
        for actor in actors_of(mentions, lex):
            print(json.dumps({"code": actor.code, "name": actor.name,
                              "mentions": [[s, e, text[s:e]] for s, e in actor.mentions]}, ensure_ascii=False))
        return 0
    for m in mentions:
        how = m.entry.kind if m.entry is not None else "sector word"
        if m.place:
            how += ", a place: not coded as an actor"
        print(f"{m.code:8} {lex.code_name(m.code):34} [{m.start}:{m.end}] {text[m.start:m.end]}  ({how})")
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    """Events and statements of one sentence (or text), with the rule behind each."""
    pipeline = Pipeline()
    text = _text_argument(args.text)
    record = pipeline.code("-", "-", Article("-", text, Metadata(published=args.date.isoformat() if args.date else None)))
    if args.format == "jsonl":
        data = record.to_json()
        for key in ("actors", "events", "statements"):
            for item in data[key]:  # type: ignore[attr-defined]
                print(json.dumps({"kind": key[:-1], **item}, ensure_ascii=False))
        return 0
    for a in record.actors:
        spans = ", ".join(text[s:e] for s, e in a.mentions)
        print(f"actor     {a.code:8} {a.name} <- {spans}")
    for e in record.events:
        flags = " negated" if e.negated else ""
        flags += f" claimed_by={','.join(e.claimed_by)}" if e.claimed_by else ""
        print(f"event     {e.type:9} {','.join(e.source) or '-'} -> {','.join(e.target) or '-'}"
              f"  date={e.date or '-'}{flags}\n          trigger «{e.trigger}»  rule: {e.rule}")
    for st in record.statements:
        print(f"statement {st.speaker or '(unresolved)':9} «{st.speaker_name}» cue «{st.cue}»: {st.content[:100]}")
    if not (record.events or record.statements):
        print("no event or statement found")
    return 0


def _progress(done: int, stats: dict[str, int], started: float, final: bool = False) -> None:
    """One updating line on a terminal; one summary line when piped."""
    rate = done / max(time.monotonic() - started, 1e-9)
    line = (f"rasad: {done} documents ({rate:.1f}/s): {stats['written']} stored, {stats['skipped']} already stored, "
            f"{stats['duplicate']} duplicates, {stats['error']} errors")
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line + ("\n" if final else ""))
        sys.stderr.flush()
    elif final:
        print(line, file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Run the pipeline over PATHs and write the records to the store, in batches; with
    --follow, keep watching the folder and ingest each new or changed file once."""
    if args.follow and (len(args.paths) != 1 or not Path(args.paths[0]).is_dir()):
        return _fail("--follow watches one folder: give exactly one directory")
    if args.batch < 1:
        return _fail("--batch must be at least 1")
    from rasad.store import Store

    store = Store.open(args.db)
    index_path = args.dedup_index or _default_index(args.db)
    dedup = DedupIndex(args.dedup_threshold, index_path)
    pipeline = Pipeline(dedup=dedup, time_limit=args.time_limit)
    lexicon = f"actors:{pipeline.actor_lexicon.version} events:{pipeline.event_lexicon.version}"
    stats = {"written": 0, "skipped": 0, "duplicate": 0, "error": 0}
    started, done = time.monotonic(), 0
    stop = {"now": False}

    def on_stop(signum: int, frame: object) -> None:
        stop["now"] = True  # finish the current batch, then stop

    previous = {sig: signal.signal(sig, on_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    read_stats = ReadStats()
    try:
        if args.engine == "ray":
            from rasad import ray_engine

            groups: Iterator[list[tuple[_Entry, Analysis | None]]] = _stored_batches(
                ray_engine.analysed_pairs(args, read_stats, sketch=True), store, args.batch)
        else:
            batches = _entries(args, stop, store, read_stats)
            if args.follow or _workers(args) <= 1:  # --follow: one process, each batch written at once
                groups = ([(entry, None) for entry in batch] for batch in batches)
            else:
                pairs = analysed(itertools.chain.from_iterable(batches), _doc_to_analyse, _workers(args), sketch=True,
                                 time_limit=pipeline.time_limit)
                groups = (list(g) for _, g in itertools.groupby(pairs, key=lambda pair: pair[0][0]))
        for group in groups:
            done += _ingest_group(group, pipeline, store, lexicon, stats)
            _progress(done, stats, started)
            if stop["now"]:
                break
        if stats["written"]:
            store.optimize()
    except MissingPathError as exc:
        return _fail(str(exc))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        dedup.close()
        store.close()
    _progress(done, stats, started, final=True)
    if read_stats.summary():
        print(f"rasad: {read_stats.summary()}", file=sys.stderr)
    return 0


# (batch number, item, already in the store)
_Entry = tuple[int, RawDocument | ReadFailure, bool]


def _doc_to_analyse(entry: _Entry) -> RawDocument | None:
    _, item, known = entry
    return item if isinstance(item, RawDocument) and not known else None


def _entries(
    args: argparse.Namespace, stop: dict[str, bool], store: Store, read_stats: ReadStats
) -> Iterator[list[_Entry]]:
    """The input, batch by batch, each item marked when the store has it already.

    Workers may run a few batches ahead of the writes: a document of an earlier batch of
    this run counts as stored, as it will be by the time its batch is written."""
    this_run: set[str] = set()
    for n, batch in enumerate(_batches(args, stop, read_stats)):
        ids = [document_id(i.data) if isinstance(i, RawDocument) else "" for i in batch]
        wanted = [i for i in ids if i]
        known = store.known_ids(wanted) | (set(wanted) & this_run)
        entries: list[_Entry] = []
        for item, doc_id in zip(batch, ids, strict=True):
            stored = bool(doc_id) and doc_id in known
            if doc_id and not stored:
                this_run.add(doc_id)
            entries.append((n, item, stored))
        yield entries


def _stored_batches(
    pairs: Iterable[tuple[RawDocument | ReadFailure, Analysis | None]], store: Store, size: int
) -> Iterator[list[tuple[_Entry, Analysis | None]]]:
    """Analysed documents (from the Ray engine) in batches, each marked when already stored."""
    n = 0
    it = iter(pairs)
    while chunk := list(itertools.islice(it, size)):
        ids = [_doc_id(item, analysis) for item, analysis in chunk]
        known = store.known_ids([i for i in ids if i])
        yield [((n, item, bool(i) and i in known), analysis) for (item, analysis), i in zip(chunk, ids, strict=True)]
        n += 1


def _doc_id(item: RawDocument | ReadFailure, analysis: Analysis | None) -> str:
    if analysis is not None:
        return analysis.doc_id
    return document_id(item.data) if isinstance(item, RawDocument) else ""


def _batches(
    args: argparse.Namespace, stop: dict[str, bool], read_stats: ReadStats
) -> Iterator[list[RawDocument | ReadFailure]]:
    """The input in batches of --batch documents; with --follow, each poll's new files,
    until a signal sets stop["now"]."""

    def chunks(items: Iterable[RawDocument | ReadFailure]) -> Iterator[list[RawDocument | ReadFailure]]:
        batch: list[RawDocument | ReadFailure] = []
        for item in items:
            batch.append(item)
            if len(batch) >= args.batch:
                yield batch
                batch = []
                if stop["now"]:
                    return
        if batch:
            yield batch

    if not args.follow:
        yield from chunks(iter_documents(args.paths, stats=read_stats))
        return
    watch = FolderWatch(Path(args.paths[0]), settle=args.settle)
    while not stop["now"]:
        ready = watch.poll()
        if ready:
            yield from chunks(iter_documents((str(p) for p in ready), stats=read_stats))
            continue
        slept = 0.0
        while slept < args.interval and not stop["now"]:
            time.sleep(0.1)
            slept += 0.1


def _default_index(db: str) -> str:
    from rasad.store import normalise_url

    url = normalise_url(db)
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):] + ".dedup"
    return "rasad-dedup.idx"


def _ingest_group(
    group: list[tuple[_Entry, Analysis | None]], pipeline: Pipeline, store: Store, lexicon: str, stats: dict[str, int]
) -> int:
    """Dedup (in order) and write one batch; documents already stored are skipped."""
    records = []
    for (_, item, stored), analysis in group:
        if stored:
            stats["skipped"] += 1
            continue
        try:
            record = pipeline.finish(item, analysis)
        except Exception as exc:  # one bad document costs one record, not the run
            record = Record(id=_doc_id(item, analysis), source=item.source, status=Status.ERROR, error=internal_error(exc))
        if record.status is Status.DUPLICATE:
            stats["duplicate"] += 1
        elif record.status is Status.ERROR:
            stats["error"] += 1
        records.append(record)
    if pipeline.dedup is not None:
        pipeline.dedup.flush()  # before the commit: a crash between them re-indexes, never loses
    stats["written"] += store.write(records, lexicon)
    return len(group)


def _filter_from(args: argparse.Namespace) -> EventFilter:
    from rasad.store.query import EventFilter

    return EventFilter(
        types=tuple(args.type or ()), actor=args.actor, source=args.source, target=args.target,
        date_from=args.date_from, date_to=args.date_to, outlet=args.outlet, language=args.language,
        negated=bool(args.negated), claimed=args.claimed, text=args.text,
    )


def _emit(rows: list[dict[str, object]], fmt: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        print("no rows", file=sys.stderr)
        return
    keys = list(rows[0])
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
        return
    widths = {k: min(40, max(len(k), *(len(str(r[k])) for r in rows))) for k in keys}
    print("  ".join(k.ljust(widths[k]) for k in keys))
    for r in rows:
        print("  ".join(str(r[k] if r[k] is not None else "")[: widths[k]].ljust(widths[k]) for k in keys))


def cmd_query(args: argparse.Namespace) -> int:
    from rasad.store import Store
    from rasad.store.query import StatementFilter, aggregated, counts, event_reports
    from rasad.store.query import events as query_events
    from rasad.store.query import statements as query_statements

    with Store.open(args.db) as store:
        f = _filter_from(args)
        if args.statements:
            rows = query_statements(store, StatementFilter(
                speaker=args.speaker, about=args.about, date_from=args.date_from, date_to=args.date_to,
                outlet=args.outlet, text=args.text), args.limit, args.offset)
        elif args.reports:
            try:
                rows = event_reports(store, args.reports, args.limit)
            except ValueError as exc:
                return _fail(str(exc))
        elif args.count_by:
            rows = counts(store, f, args.count_by)
        elif args.aggregate:
            rows = aggregated(store, f, args.limit)
        else:
            rows = list(query_events(store, f, args.limit, args.offset))
    _emit(rows, args.format or ("table" if sys.stdout.isatty() else "jsonl"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The flat event table (docs/export.md) of every stored event, streamed."""
    from rasad.store import Store, export

    if args.format == "parquet" and not args.output:
        return _fail("--format parquet writes a file: give --output FILE")
    lexicon = ActorLexicon.load()
    with Store.open(args.db) as store:
        table = export.rows(store, lexicon)
        if args.format == "parquet":
            n = export.write_parquet(table, args.output)
        else:
            write = export.write_jsonl if args.format == "jsonl" else export.write_csv
            if args.output:
                with open(args.output, "w", encoding="utf-8", newline="") as out:
                    n = write(table, out)
            else:
                n = write(table, sys.stdout)
    print(f"rasad: {n} events exported", file=sys.stderr)
    return 0


def _time_limit_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--time-limit", type=float, default=DEFAULT_SECONDS, metavar="S",
                   help=f"seconds a document may take before it becomes an error record (default {DEFAULT_SECONDS:g}; "
                        "0: none)")


def _engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes that decode, clean and code in parallel (default: all cores; 1: one process); "
                        "dedup stays in order, so the output does not depend on N")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: this machine's processes (default); ray: tasks on a Ray cluster "
                        "(RAY_ADDRESS, else a local one), one per shard")
    p.add_argument("--shard-size", type=int, default=500, metavar="N",
                   help="--engine ray: files per shard (a WARC file is a shard of its own; default 500)")
    p.add_argument("--ray-cpus", type=int, metavar="N", help="--engine ray: CPUs of the local cluster it starts")


def cmd_serve(args: argparse.Namespace) -> int:
    """The local HTTP API and web page over the store (docs/serve.md)."""
    import os

    import uvicorn

    from rasad.serve import ENV_DB, ENV_HOSTS, ENV_TOKEN, LOOPBACK_HOSTS, create_app

    if args.workers < 1:
        return _fail("--workers must be at least 1")
    token = args.token or os.environ.get("RASAD_TOKEN") or None
    hosts = list(LOOPBACK_HOSTS) if args.host in LOOPBACK_HOSTS else [*LOOPBACK_HOSTS, args.host]
    app = create_app(args.db, token, allowed_hosts=hosts)  # StoreError: one line, exit 1 (main)
    where = f"[{args.host}]" if ":" in args.host else args.host
    print(f"rasad: serving {args.db} on http://{where}:{args.port}/ "
          f"({'POST /api/documents enabled' if token else 'read-only'}; "
          f"{args.workers} worker process{'es' if args.workers > 1 else ''}; Ctrl-C stops)", file=sys.stderr)
    # keep-alive longer than clients idle between requests: a connection uvicorn closes just as
    # a client reuses it is an error on the client side (seen under load at the 5 s default)
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": "warning",
                               "server_header": False, "timeout_keep_alive": 75}
    if args.workers == 1:
        uvicorn.run(app, **options)
        return 0
    # several processes, each with its own store connections and answer cache (the store was
    # opened above once, so a bad URL or a newer schema fails here, not in each worker)
    os.environ.update({ENV_DB: args.db, ENV_HOSTS: ",".join(hosts), ENV_TOKEN: token or ""})
    uvicorn.run("rasad.serve:app_from_environment", factory=True, workers=args.workers, **options)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasad",
        description="Arabic-first political event data: raw news pages in, clean coded records out.",
    )
    parser.add_argument("--version", action="version", version=f"rasad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="one JSON record per document (shared/contract.md)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, folder (recursive) or - for stdin")
    p.add_argument("--format", choices=("jsonl", "text"), default="jsonl", help="output format (default jsonl)")
    p.add_argument("--dedup-index", metavar="PATH", help="near-duplicate index file kept across runs")
    p.add_argument("--dedup-threshold", type=float, default=DEFAULT_THRESHOLD, metavar="J",
                   help=f"MinHash Jaccard similarity from which a body is a copy (default {DEFAULT_THRESHOLD})")
    p.add_argument("--no-dedup", action="store_true",
                   help="no near-duplicate check (exact byte copies are still marked); memory then stays flat")
    _time_limit_option(p)
    _engine_options(p)
    p.add_argument("--output", "-o", metavar="DIR",
                   help="--engine ray: write part-NNNNN.jsonl shard files to DIR (a rerun redoes only missing shards)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("clean", help="print the clean article body of each document")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("actors", help="print the actors found in a text or file, with codes and offsets")
    p.add_argument("text", metavar="TEXT_OR_FILE")
    p.add_argument("--date", type=_iso_date, help="article date YYYY-MM-DD, to pick dated roles")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=cmd_actors)

    p = sub.add_parser("ingest", help="run the pipeline and write the records to a store")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default="rasad.db", help="sqlite file or URL, or postgresql://... (default rasad.db)")
    p.add_argument("--batch", type=int, default=200, help="documents per transaction (default 200)")
    p.add_argument("--dedup-index", metavar="PATH", help="near-duplicate index file (default: next to the SQLite file)")
    p.add_argument("--dedup-threshold", type=float, default=DEFAULT_THRESHOLD, metavar="J")
    _time_limit_option(p)
    p.add_argument("--follow", action="store_true",
                   help="keep watching the folder and ingest each new or changed file (Ctrl-C or SIGTERM stops)")
    p.add_argument("--interval", type=float, default=5.0, metavar="S", help="--follow: seconds between polls (default 5)")
    p.add_argument("--settle", type=float, default=2.0, metavar="S",
                   help="--follow: take a file once it has not changed for S seconds (default 2)")
    _engine_options(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("query", help="events from the store, filtered; counts over time; aggregated events")
    p.add_argument("--db", default="rasad.db")
    p.add_argument("--type", action="append", help="PLOVER type (repeatable)")
    p.add_argument("--actor", help="code on either side (3 letters: the country at any sector)")
    p.add_argument("--source", help="source code (3 letters: country depth)")
    p.add_argument("--target", help="target code (3 letters: country depth)")
    p.add_argument("--from", dest="date_from", type=_date_prefix, metavar="DATE", help="first date, YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="date_to", type=_date_prefix, metavar="DATE", help="last date, YYYY[-MM[-DD]]")
    p.add_argument("--outlet")
    p.add_argument("--language")
    p.add_argument("--negated", action="store_true", help="events the text says did not happen")
    p.add_argument("--claimed", action=argparse.BooleanOptionalAction, default=None, help="only claimed / not claimed")
    p.add_argument("--text", help="words the document body contains")
    p.add_argument("--count-by", choices=("day", "month", "year", "type"))
    p.add_argument("--aggregate", action="store_true", help="one row per event reported by several documents")
    p.add_argument("--reports", metavar="KEY", help="the reports behind an aggregated event (its key: TYPE/DYAD/MONTH)")
    p.add_argument("--statements", action="store_true", help="statements instead of events (with --speaker, --about)")
    p.add_argument("--speaker", help="--statements: the speaker's code (3 letters: country depth)")
    p.add_argument("--about", help="--statements: an actor named in the statement")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), help="default: table on a terminal, else jsonl")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="the flat event table of the store (docs/export.md)")
    p.add_argument("--db", default="rasad.db")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (required for parquet; default stdout)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="a local HTTP API and web page over the store (docs/serve.md)")
    p.add_argument("--db", default="rasad.db", help="sqlite file or URL (default rasad.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", help="bearer token that enables POST /api/documents (default: $RASAD_TOKEN; "
                                    "without one the server is read-only)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes (default 1; 2 or more use more cores under many clients)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("code", help="code one sentence or text: events and statements, and why")
    p.add_argument("text", metavar="SENTENCE_OR_FILE")
    p.add_argument("--date", type=_iso_date, help="publication date YYYY-MM-DD (dated roles, relative dates)")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=cmd_code)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return func(args)
    except RasadError as exc:  # a broken lexicon or store: one line, not a traceback
        return _fail(str(exc), 1)
    except BrokenPipeError:  # "rasad query ... | head": the reader has all it wanted
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
