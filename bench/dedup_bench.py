"""Planted-duplicate benchmark for rasad's near-duplicate stage, in one command.

    .venv/bin/python bench/dedup_bench.py [--docs 100000] [--curve-docs 10000]

Corpus: real sentences (the Arabic sentences of shared/eval/external, MIT, 2,554 news
sentences; the dev bodies; the boilerplate benchmark's ground-truth texts) are drawn
into base articles of 6-14 sentences. Then:
  - near-copies of a base (about 25%): drop or add sentences (keeping 60-100% of
    the body), a dateline or a wire credit added, typo-level edits, punctuation;
  - same-topic articles (about 15%): share one or two sentences with a base, the rest
    different (they must NOT be found);
  - the rest are further distinct articles.
Documents arrive in shuffled order, each copy after its base. A predicted pair
(document, duplicate_of) is right when both come from the same base.

Prints: the precision/recall curve over thresholds (on --curve-docs documents), then,
at the default threshold, pair precision and recall for copies keeping >= 80% of the
body (and apart, 60-80%), documents/s of the dedup stage on one core, peak memory and
the index size on disk at 10k and at --docs documents.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "bench"))
from corpus import arabic_sentences  # noqa: E402
from rasad.dedup import DEFAULT_THRESHOLD, DedupIndex  # noqa: E402

_SPLIT = re.compile(r"(?<=[.!؟?])\s+")


@dataclass(frozen=True)
class Doc:
    id: str
    text: str
    family: int  # index of the base article it comes from (-1: none)
    keep: float  # share of the base body kept (1.0 for bases)
    is_copy: bool


def sentence_pool() -> list[str]:
    """The Arabic news sentences of bench/corpus.py, and the boilerplate truth texts'."""
    pool = arabic_sentences()
    truth = SHARED / "eval" / "boilerplate" / "truth"
    if truth.exists():
        for f in sorted(truth.glob("*.txt")):
            for para in f.read_text(encoding="utf-8", errors="replace").splitlines():
                pool += [s for s in _SPLIT.split(para) if len(s.split()) >= 6]
    return sorted(set(pool))


def typo(sentence: str, rng: random.Random) -> str:
    if len(sentence) < 10:
        return sentence
    i = rng.randrange(len(sentence) - 1)
    op = rng.choice(("drop", "swap", "dup"))
    if op == "drop":
        return sentence[:i] + sentence[i + 1 :]
    if op == "swap":
        return sentence[:i] + sentence[i + 1] + sentence[i] + sentence[i + 2 :]
    return sentence[:i] + sentence[i] + sentence[i:]


def make_corpus(n: int, pool: list[str], seed: int = 13) -> list[Doc]:
    rng = random.Random(seed)
    bases: list[list[str]] = []
    docs: list[Doc] = []
    n_base = int(n * 0.60)
    for b in range(n_base):
        sents = rng.sample(pool, rng.randint(6, 14))
        bases.append(sents)
        docs.append(Doc(f"b{b}", "\n".join(sents), b, 1.0, False))
    for c in range(int(n * 0.25)):
        b = rng.randrange(n_base)
        sents = list(bases[b])
        keep = rng.choice((1.0, 1.0, 0.9, 0.85, 0.8, 0.7, 0.6))
        n_keep = max(1, round(len(sents) * keep))
        kept_idx = sorted(rng.sample(range(len(sents)), n_keep))
        out = [sents[i] for i in kept_idx]
        if rng.random() < 0.3:
            out.insert(rng.randrange(len(out) + 1), rng.choice(pool))  # an added sentence
        for _ in range(rng.randint(0, 3)):
            j = rng.randrange(len(out))
            out[j] = typo(out[j], rng)
        if rng.random() < 0.4:
            out[0] = rng.choice(("القاهرة - «وكالات»: ", "بيروت ـ ", "عمان (رويترز) - ", "")) + out[0]
        if rng.random() < 0.3:
            out[-1] = out[-1] + rng.choice((" (أ ف ب)", " (رويترز)", ""))
        docs.append(Doc(f"c{c}", "\n".join(out), b, len(kept_idx) / len(sents), True))
    while len(docs) < n:
        b = rng.randrange(n_base)
        shared = rng.sample(bases[b], rng.randint(1, 2))
        rest = rng.sample(pool, rng.randint(6, 12))
        docs.append(Doc(f"t{len(docs)}", "\n".join(shared + rest), -1, 0.0, False))
    # Shuffle, but emit a base before the first of its copies (a copy is published after).
    rng.shuffle(docs)
    base_of = {d.family: d for d in docs if d.id.startswith("b")}
    emitted: set[str] = set()
    ordered: list[Doc] = []
    for d in docs:
        if d.is_copy and base_of[d.family].id not in emitted:
            ordered.append(base_of[d.family])
            emitted.add(base_of[d.family].id)
        if d.id not in emitted:
            ordered.append(d)
            emitted.add(d.id)
    return ordered


def score(docs: list[Doc], threshold: float, index_path: Path | None = None) -> dict[str, float]:
    idx = DedupIndex(threshold, index_path)
    family = {d.id: d.family for d in docs}
    tp = fp = 0
    found = {"hi": 0, "lo": 0}
    total = {"hi": 0, "lo": 0}
    t0 = time.perf_counter()
    for d in docs:
        m = idx.check_and_add(d.id, d.text)
        if m is not None:
            if d.family >= 0 and family.get(m.duplicate_of) == d.family:
                tp += 1
            else:
                fp += 1
        if d.is_copy:
            band = "hi" if d.keep >= 0.8 else "lo"
            total[band] += 1
            found[band] += int(m is not None and family.get(m.duplicate_of) == d.family)
    seconds = time.perf_counter() - t0
    idx.close()
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall_keep80": found["hi"] / total["hi"] if total["hi"] else 0.0,
        "recall_keep60_80": found["lo"] / total["lo"] if total["lo"] else 0.0,
        "docs_per_s": len(docs) / seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "index_mb": (index_path.stat().st_size / 1e6) if index_path else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--curve-docs", type=int, default=10_000)
    args = ap.parse_args()
    pool = sentence_pool()
    print(f"sentence pool: {len(pool)} sentences")
    curve = make_corpus(args.curve_docs, pool)
    print(f"\nprecision/recall by threshold ({len(curve)} documents)")
    print(f"{'threshold':>9} {'precision':>9} {'R keep>=80%':>11} {'R 60-80%':>9}")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        r = score(curve, t)
        print(f"{t:>9.1f} {r['precision']:>9.4f} {r['recall_keep80']:>11.4f} {r['recall_keep60_80']:>9.4f}")
    print(f"\nat the default threshold {DEFAULT_THRESHOLD}, index on disk:")
    print(f"{'docs':>8} {'precision':>9} {'R keep>=80%':>11} {'R 60-80%':>9} {'docs/s':>8} {'peak MB':>8} {'index MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted({10_000, args.docs}):
            docs = curve if n == len(curve) else make_corpus(n, pool)
            r = score(docs, DEFAULT_THRESHOLD, Path(tmp) / f"idx{n}")
            print(f"{n:>8} {r['precision']:>9.4f} {r['recall_keep80']:>11.4f} {r['recall_keep60_80']:>9.4f} "
                  f"{r['docs_per_s']:>8.0f} {r['peak_mb']:>8.0f} {r['index_mb']:>8.1f}")
    print("(peak MB is the whole process, corpus included; index MB is the persisted file)")


if __name__ == "__main__":
    main()
