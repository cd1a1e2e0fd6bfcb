#!/usr/bin/env python3
"""Builds a benchmark corpus of N megabytes from the sample articles.

    bench/make_corpus.py --source corpus --lexicons rules/lexicons --mb 100 --out DIR

Each output document starts from one sample article (decoded: UTF-8, UTF-8
with BOM, UTF-16 or Windows-1252) and is varied so that no two documents are
byte-identical copies:
  * paragraphs are rotated, and the sentences inside each paragraph too;
  * now and then a paragraph of another article is mixed in;
  * names of countries, capitals and organisations from the default lexicons
    are swapped for other names of the same lexicon (deterministically, from
    a per-document seed), so the lexicon matcher sees many different entries.
Documents are written as UTF-8, one in ten with a BOM and CRLF line ends, in
sub-folders of 1000 files ("000/doc-000000.txt"). The output depends only on
the inputs and the arguments.
"""

import argparse
import os
import random
import re
import sys


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


# Sentence split good enough for shuffling: after . ! ? (and a closing quote)
# before whitespace and an upper-case letter or an opening quote.
SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019)]))\s+(?=[A-Z\"\u201c\u2018(])')
# Abbreviations after which a split above would be wrong: glue back.
ABBREV_TAIL = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Prof|St|No|U\.S|U\.K|E\.U|Jr|Sr|[A-Z]))\.$")


def sentences(paragraph: str):
    parts = SENTENCE_END.split(paragraph)
    out = []
    for p in parts:
        if out and ABBREV_TAIL.search(out[-1]):
            out[-1] += " " + p
        else:
            out.append(p)
    return out


def lexicon_names(path: str):
    """The `text` variants of a generated lexicon file (simple entries only)."""
    names = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.search(r'text:\s*(\[[^\]]*\]|"[^"]*")', line)
                if not m or "case: sensitive" in line:
                    continue
                for name in re.findall(r'"([^"]+)"', m.group(1)):
                    # Plain words only: the swap must not create odd punctuation.
                    if re.fullmatch(r"[A-Z][A-Za-z' -]{2,40}", name):
                        names.append(name)
    except OSError:
        pass
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default="corpus")
    ap.add_argument("--lexicons", default="rules/lexicons")
    ap.add_argument("--mb", type=float, default=100.0, help="megabytes (10^6 bytes) to write")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    articles = []
    for name in sorted(os.listdir(args.source)):
        path = os.path.join(args.source, name)
        if name.startswith(".") or not name.endswith(".txt") or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            text = decode(f.read()).replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        articles.append([sentences(p) for p in paragraphs])
    if not articles:
        sys.exit(f"make_corpus: no .txt files in {args.source}")

    # Swappable names: those of each lexicon that occur in the samples get
    # replaced by random names of the same lexicon.
    all_text = "\n".join(" ".join(p) for a in articles for p in a)
    pools = []
    for lex in ("countries", "capitals", "organizations"):
        names = sorted(set(lexicon_names(os.path.join(args.lexicons, lex + ".yaml"))))
        present = [n for n in names if re.search(r"\b" + re.escape(n) + r"\b", all_text)]
        if present and len(names) > 1:
            pools.append((present, names))
    swap_of = {}
    for present, names in pools:
        for n in present:
            swap_of.setdefault(n, names)
    swap_re = None
    if swap_of:
        alternatives = sorted(swap_of, key=len, reverse=True)
        swap_re = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in alternatives) + r")\b")

    target = int(args.mb * 1e6)
    rng = random.Random(args.seed)
    written = 0
    doc = 0
    os.makedirs(args.out, exist_ok=True)
    while written < target:
        base = articles[doc % len(articles)]
        paras = [list(p) for p in base]
        shift = rng.randrange(len(paras))
        paras = paras[shift:] + paras[:shift]
        for p in paras:
            if len(p) > 1:
                k = rng.randrange(len(p))
                p[:] = p[k:] + p[:k]
        if rng.random() < 0.3:  # a paragraph from another article
            other = articles[rng.randrange(len(articles))]
            paras.insert(rng.randrange(len(paras) + 1), list(other[rng.randrange(len(other))]))
        text = "\n\n".join(" ".join(p) for p in paras) + "\n"
        if swap_re is not None:
            mapping = {}

            def swap(m):
                name = m.group(0)
                if name not in mapping:
                    pool = swap_of[name]
                    mapping[name] = pool[rng.randrange(len(pool))] if rng.random() < 0.7 else name
                return mapping[name]

            text = swap_re.sub(swap, text)
        if doc % 10 == 9:
            data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
        else:
            data = text.encode("utf-8")
        folder = os.path.join(args.out, f"{doc // 1000:03d}")
        if doc % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"doc-{doc:06d}.txt"), "wb") as f:
            f.write(data)
        written += len(data)
        doc += 1
    print(f"make_corpus: {doc} documents, {written / 1e6:.1f} MB in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
