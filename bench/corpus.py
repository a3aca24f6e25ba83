"""Synthetic but realistic Arabic news pages for the speed benchmarks.

Each page is a distinct article (so the dedup stage does not skip it): 8-14 real Arabic
news sentences (shared/eval/external, MIT; the dev bodies) drawn at random, grouped in
paragraphs, inside site chrome like the one crawled pages carry (a header date, a menu,
a "most read" block, credit lines, share buttons) as plain text, or inside an HTML page
with navigation, sidebar and footer.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
_SPLIT = re.compile(r"(?<=[.!؟?])\s+")
_ARABIC = re.compile("[\u0621-\u064a]")

MENU = ["الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "ثقافة", "اتصل بنا"]
OUTLETS = ["صحيفة الوطن", "موقع الحدث", "شبكة الأخبار", "جريدة الصباح", "بوابة الشرق"]
EDITORS = ["سامي يوسف", "ليلى حداد", "عمر منصور", "هالة سعيد"]


def arabic_sentences() -> list[str]:
    pool: list[str] = []
    ext = SHARED / "eval" / "external" / "protest_gsr.jsonl"
    if ext.exists():
        for line in ext.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if len(text.split()) >= 6:
                pool.append(text)
    gold = SHARED / "eval" / "dev" / "gold.jsonl"
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            for para in json.loads(line).get("body", []):
                pool += [s for s in _SPLIT.split(para) if len(s.split()) >= 6]
    return sorted({s for s in pool if len(_ARABIC.findall(s)) > len(s) / 2})


def article(rng: random.Random, pool: list[str]) -> tuple[str, list[str]]:
    sents = rng.sample(pool, rng.randint(8, 14))
    title = " ".join(sents[0].split()[:9]).rstrip("،.")
    paras: list[str] = []
    while sents:
        k = rng.randint(1, 3)
        paras.append(" ".join(sents[:k]))
        sents = sents[k:]
    return title, paras


def text_page(rng: random.Random, pool: list[str], i: int) -> str:
    title, paras = article(rng, pool)
    day = rng.randint(1, 28)
    lines = [f"الأحد {day} نوفمبر 2024", "22 °C", "", *MENU, "", "الأكثر قراءة", "", title, ""]
    for p in paras:
        lines += [p, ""]
    lines += [f"المصدر : {rng.choice(OUTLETS)}", f"المحرر : {rng.choice(EDITORS)}", "شارك", "فيسبوك", "تويتر",
              f"https://example.com/news/{i}"]
    return "\n".join(lines)


def html_page(rng: random.Random, pool: list[str], i: int) -> str:
    title, paras = article(rng, pool)
    menu = "".join(f'<li><a href="/{n}">{m}</a></li>' for n, m in enumerate(MENU))
    body = "".join(f"<p>{p}</p>" for p in paras)
    related = "".join(f'<li><a href="/r/{n}">{" ".join(rng.choice(pool).split()[:8])}</a></li>' for n in range(4))
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | {OUTLETS[i % 5]}</title>'
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="{OUTLETS[i % 5]}">'
        f'<meta property="article:published_time" content="2024-11-{1 + i % 28:02d}T10:00:00Z"></head><body>'
        f'<header><span>الأحد 1 ديسمبر 2024</span><nav><ul>{menu}</ul></nav></header>'
        f'<main><article><h1>{title}</h1><div class="share">شارك فيسبوك تويتر</div>{body}</article>'
        f'<aside><h3>الأكثر قراءة</h3><ol>{related}</ol></aside></main>'
        f'<footer><p>جميع الحقوق محفوظة</p></footer></body></html>'
    )


def write_corpus(folder: Path, n: int, kinds: tuple[str, ...] = ("txt", "html"), seed: int = 7) -> dict[str, int]:
    """Write n pages under folder (1,000 a sub-folder); returns the count per kind."""
    rng = random.Random(seed)
    pool = arabic_sentences()
    counts = {k: 0 for k in kinds}
    for i in range(n):
        kind = kinds[i % len(kinds)]
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        page = text_page(rng, pool, i) if kind == "txt" else html_page(rng, pool, i)
        (sub / f"doc{i:06d}.{kind}").write_text(page, encoding="utf-8")
        counts[kind] += 1
    return counts
