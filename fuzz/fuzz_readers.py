"""Coverage-guided fuzzing of the readers and the article extraction (atheris, libFuzzer).

    make fuzz                      # 60 s; FUZZ_SECONDS=600 make fuzz for longer
    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=60 .fuzz-corpus fuzz/seeds

Any input: `decode` and `extract_article` either return or raise InputError (a one-line
reason, an error record), and the WARC reader yields documents or ReadFailures. Anything
else is a bug, and libFuzzer stops with the input that caused it.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from rasad.pipeline import extract_article
    from rasad.readers import ReadFailure, decode, iter_documents
    from rasad.types import InputError, RawDocument

NAMES = ("page.html", "page.txt", "page.txt.gz", "page", "page.htm")
WARC_DIR = tempfile.mkdtemp(prefix="rasad-fuzz-")


def one_input(data: bytes) -> None:
    if not data:
        return
    selector, body = data[0], data[1:]
    if selector % 8 == 7:  # one input in eight goes through the WARC reader
        path = os.path.join(WARC_DIR, "x.warc.gz" if selector & 16 else "x.warc")
        with open(path, "wb") as f:
            f.write(body)
        for item in iter_documents([path]):
            if isinstance(item, ReadFailure):
                assert item.error and "\n" not in item.error
        return
    name = NAMES[selector % len(NAMES)]
    try:
        page = decode(RawDocument(name, body, name))
        article = extract_article(page)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert article.text


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
