"""The `rasad` command: a thin layer over the pipeline stages.

Data goes to standard output, diagnostics to standard error. Every command exits
non-zero with a one-line message on bad usage or a missing path, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rasad import __version__
from rasad.coding.actors import actors_of, find_actors
from rasad.dedup import DEFAULT_THRESHOLD, DedupIndex
from rasad.lexicons.actors import ActorLexicon
from rasad.pipeline import Pipeline, extract_article
from rasad.readers import MissingPathError, ReadFailure, decode, iter_documents
from rasad.types import Article, InputError, Metadata, RasadError, Record, Status


def _fail(message: str, code: int = 2) -> int:
    print(f"rasad: {message}", file=sys.stderr)
    return code


def _write_jsonl(record: Record) -> None:
    sys.stdout.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")


def cmd_extract(args: argparse.Namespace) -> int:
    dedup = DedupIndex(args.dedup_threshold, args.dedup_index)
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
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("clean", help="print the clean article body of each document")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("actors", help="print the actors found in a text or file, with codes and offsets")
    p.add_argument("text", metavar="TEXT_OR_FILE")
    p.add_argument("--date", type=_iso_date, help="article date YYYY-MM-DD, to pick dated roles")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=cmd_actors)

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
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
