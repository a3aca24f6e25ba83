"""The flat event table (docs/export.md), streamed from the store as JSONL, CSV or Parquet.

Rows are read from a server-side cursor in pages and written as they come, so memory stays
flat whatever the size of the store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import case, func, literal, select

from rasad.lexicons.actors import ActorLexicon
from rasad.store import Store, country_of, schema
from rasad.store.query import date_prefix

COLUMNS = (
    "event_id", "date", "type", "source", "source_name", "source_country", "target", "target_name",
    "target_country", "negated", "claimed_by", "location", "trigger", "sentence", "mentions", "url",
    "outlet", "published", "language", "document_id",
)
PARQUET_BATCH = 10_000


def _query() -> Any:
    e, d = schema.events, schema.documents
    # reports of the same event across the store: same type, country dyad and month, as
    # `rasad query --aggregate` counts them; an event with nobody named is its own report
    same_event = func.count().over(partition_by=(e.c.type, e.c.dyad, func.coalesce(date_prefix(e.c.date, 7), "")))
    mentions = case((e.c.dyad.in_((">", "")), literal(1)), else_=same_event)
    return (
        select(e.c.doc_id, e.c.seq, e.c.date, e.c.type, e.c.source_codes, e.c.target_codes, e.c.negated,
               e.c.claimed_by, e.c.location, e.c.trigger, e.c.sentence, mentions, d.c.url, d.c.outlet,
               d.c.published, d.c.language)
        .select_from(e.join(d, d.c.id == e.c.doc_id))
        .order_by(e.c.date, e.c.doc_id, e.c.seq)
    )


def rows(store: Store, lexicon: ActorLexicon) -> Iterator[dict[str, Any]]:
    """Every stored event (negated ones included) as a flat row, in date order."""

    def codes(value: str | None) -> list[str]:
        return [c for c in (value or "").split(";") if c]

    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=2000).execute(_query())
        for (doc_id, seq, date, kind, src_codes, tgt_codes, negated, claimed_by, location, trigger, sentence,
             mentions, url, outlet, published, language) in result:
            src, tgt = codes(src_codes), codes(tgt_codes)
            yield {
                "event_id": f"{doc_id}-{seq}", "date": date, "type": kind,
                "source": ";".join(src), "source_name": ";".join(lexicon.code_name(c) for c in src),
                "source_country": ";".join(sorted({country_of(c) for c in src})),
                "target": ";".join(tgt), "target_name": ";".join(lexicon.code_name(c) for c in tgt),
                "target_country": ";".join(sorted({country_of(c) for c in tgt})),
                "negated": bool(negated), "claimed_by": claimed_by or "", "location": location,
                "trigger": trigger, "sentence": sentence, "mentions": int(mentions), "url": url,
                "outlet": outlet, "published": published, "language": language, "document_id": doc_id,
            }


def write_jsonl(table: Iterator[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in table:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(table: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for row in table:
        writer.writerow(row)
        n += 1
    return n


def write_parquet(table: Iterator[dict[str, Any]], path: str) -> int:
    """Parquet in row groups of PARQUET_BATCH events (pyarrow), typed columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"negated": pa.bool_(), "mentions": pa.int64()}
    arrow_schema = pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
    n = 0
    with pq.ParquetWriter(path, arrow_schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in table:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=arrow_schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=arrow_schema))
            n += len(batch)
    return n
