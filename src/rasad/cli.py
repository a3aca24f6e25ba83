"""The `rasad` command: a thin layer over the pipeline stages.

Data goes to standard output, diagnostics to standard error. Every command exits
non-zero with a one-line message on bad usage or a missing path, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rasad import __version__
from rasad.coding.actors import actors_of, find_actors
from rasad.dedup import DEFAULT_THRESHOLD, DedupIndex
from rasad.lexicons.actors import ActorLexicon
from rasad.pipeline import Pipeline, document_id, extract_article
from rasad.readers import MissingPathError, ReadFailure, decode, iter_documents
from rasad.store import Store, country_of, normalise_url
from rasad.store.query import EventFilter, aggregated, counts
from rasad.store.query import events as query_events
from rasad.types import Article, InputError, Metadata, RasadError, RawDocument, Record, Status


def _fail(message: str, code: int = 2) -> int:
    print(f"rasad: {message}", file=sys.stderr)
    return code


def _write_jsonl(record: Record) -> None:
    sys.stdout.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")


def cmd_extract(args: argparse.Namespace) -> int:
    dedup = None if args.no_dedup else DedupIndex(args.dedup_threshold, args.dedup_index)
    pipeline = Pipeline(dedup=dedup)
    counts = {s: 0 for s in Status}
    try:
        for item in iter_documents(args.paths):
            try:
                record = pipeline.process(item)
            except Exception as exc:  # a bug must cost one record, not the run
                record = Record(
                    id="", source=item.source, status=Status.ERROR,
                    error=f"internal error: {type(exc).__name__}: {exc}".splitlines()[0],
                )
            counts[record.status] += 1
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
    """Run the pipeline over PATHs and write the records to the store, in batches."""
    store = Store.open(args.db)
    index_path = args.dedup_index or _default_index(args.db)
    dedup = DedupIndex(args.dedup_threshold, index_path)
    pipeline = Pipeline(dedup=dedup)
    lexicon = f"actors:{pipeline.actor_lexicon.version} events:{pipeline.event_lexicon.version}"
    stats = {"written": 0, "skipped": 0, "duplicate": 0, "error": 0}
    started, done = time.monotonic(), 0
    stop = {"now": False}

    def on_term(signum: int, frame: object) -> None:
        stop["now"] = True  # finish the current batch, then stop

    signal.signal(signal.SIGTERM, on_term)
    try:
        batch: list[RawDocument | ReadFailure] = []
        for item in iter_documents(args.paths):
            batch.append(item)
            if len(batch) >= args.batch:
                done += _ingest_batch(batch, pipeline, store, lexicon, stats)
                batch = []
                _progress(done, stats, started)
                if stop["now"]:
                    break
        if batch and not stop["now"]:
            done += _ingest_batch(batch, pipeline, store, lexicon, stats)
    except MissingPathError as exc:
        return _fail(str(exc))
    finally:
        dedup.close()
        store.close()
    _progress(done, stats, started, final=True)
    return 0


def _default_index(db: str) -> str:
    url = normalise_url(db)
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):] + ".dedup"
    return "rasad-dedup.idx"


def _ingest_batch(
    batch: list[RawDocument | ReadFailure], pipeline: Pipeline, store: Store, lexicon: str, stats: dict[str, int]
) -> int:
    ids = [document_id(i.data) if isinstance(i, RawDocument) else "" for i in batch]
    known = store.known_ids([i for i in ids if i])
    records = []
    for item, doc_id in zip(batch, ids, strict=True):
        if doc_id and doc_id in known:
            stats["skipped"] += 1
            continue
        try:
            record = pipeline.process(item)
        except Exception as exc:  # one bad document costs one record, not the run
            record = Record(id=doc_id, source=item.source, status=Status.ERROR,
                            error=f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        if record.status is Status.DUPLICATE:
            stats["duplicate"] += 1
        elif record.status is Status.ERROR:
            stats["error"] += 1
        records.append(record)
    if pipeline.dedup is not None:
        pipeline.dedup.flush()  # before the commit: a crash between them re-indexes, never loses
    stats["written"] += store.write(records, lexicon)
    return len(batch)


def _filter_from(args: argparse.Namespace) -> EventFilter:
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
    with Store.open(args.db) as store:
        f = _filter_from(args)
        if args.count_by:
            rows = counts(store, f, args.count_by)
        elif args.aggregate:
            rows = aggregated(store, f, args.limit)
        else:
            rows = list(query_events(store, f, args.limit, args.offset))
    _emit(rows, args.format or ("table" if sys.stdout.isatty() else "jsonl"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The flat event table (docs/export.md) of every stored event."""
    lex = ActorLexicon.load()
    with Store.open(args.db) as store:
        rows = []
        for e in query_events(store, EventFilter(negated=None), limit=10**12):
            src = [c for c in str(e["source_codes"]).split(";") if c]
            tgt = [c for c in str(e["target_codes"]).split(";") if c]
            rows.append({
                "event_id": f"{e['doc_id']}-{e['seq']}", "date": e["date"], "type": e["type"],
                "source": ";".join(src), "source_name": ";".join(lex.code_name(c) for c in src),
                "source_country": ";".join(sorted({country_of(c) for c in src})),
                "target": ";".join(tgt), "target_name": ";".join(lex.code_name(c) for c in tgt),
                "target_country": ";".join(sorted({country_of(c) for c in tgt})),
                "negated": e["negated"], "claimed": e["claimed"], "location": e["location"],
                "trigger": e["trigger"], "sentence": e["sentence"], "url": e["url"], "outlet": e["outlet"],
                "published": e["published"], "document_id": e["doc_id"],
            })
    _emit(rows, args.format)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The local HTTP API and web page over the store (docs/serve.md)."""
    import os

    import uvicorn

    from rasad.serve import LOOPBACK_HOSTS, create_app

    token = args.token or os.environ.get("RASAD_TOKEN") or None
    hosts = list(LOOPBACK_HOSTS) if args.host in LOOPBACK_HOSTS else [*LOOPBACK_HOSTS, args.host]
    app = create_app(args.db, token, allowed_hosts=hosts)  # StoreError: one line, exit 1 (main)
    where = f"[{args.host}]" if ":" in args.host else args.host
    print(f"rasad: serving {args.db} on http://{where}:{args.port}/ "
          f"({'POST /api/documents enabled' if token else 'read-only'}; Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
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
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("query", help="events from the store, filtered; counts over time; aggregated events")
    p.add_argument("--db", default="rasad.db")
    p.add_argument("--type", action="append", help="PLOVER type (repeatable)")
    p.add_argument("--actor", help="code on either side (3 letters: the country at any sector)")
    p.add_argument("--source", help="source code (3 letters: country depth)")
    p.add_argument("--target", help="target code (3 letters: country depth)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first date, YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last date, YYYY[-MM[-DD]]")
    p.add_argument("--outlet")
    p.add_argument("--language")
    p.add_argument("--negated", action="store_true", help="events the text says did not happen")
    p.add_argument("--claimed", action=argparse.BooleanOptionalAction, default=None, help="only claimed / not claimed")
    p.add_argument("--text", help="words the document body contains")
    p.add_argument("--count-by", choices=("day", "month", "year", "type"))
    p.add_argument("--aggregate", action="store_true", help="one row per event reported by several documents")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), help="default: table on a terminal, else jsonl")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="the flat event table of the store (docs/export.md)")
    p.add_argument("--db", default="rasad.db")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="a local HTTP API and web page over the store (docs/serve.md)")
    p.add_argument("--db", default="rasad.db", help="sqlite file or URL (default rasad.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", help="bearer token that enables POST /api/documents (default: $RASAD_TOKEN; "
                                    "without one the server is read-only)")
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
