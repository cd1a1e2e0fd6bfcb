#!/usr/bin/env python3
"""Check the project's annotated corpus (corpus/*.txt + corpus/gold/*.json).

usage: scripts/check_gold.py [--corpus DIR] [--scorer PATH] [--pred-out FILE]

For every gold file it decodes the document exactly as the scorer does (BOM
removed, line endings kept, UTF-8 else Windows-1252) and checks that:
  - every mention's and every sentence's `text` equals the document text at its offsets;
  - sentences are numbered 1..N, ordered, non-overlapping and cover every
    non-whitespace character of the document (so every non-blank line);
  - every mention lies inside a sentence and names an entity listed in `entities`;
  - every stance holder and claim claimant is an entity (or AUTHOR for claims),
    polarities and claim types take their allowed values, `optional` is a boolean;
  - no two non-optional stances (claims) of a sentence share holder and polarity
    (claimant): the scorer keeps one prediction per such key, so such gold could
    never be matched in full.
It prints per-file and total counts, then writes a "perfect" prediction file from
the non-optional gold items and runs the scorer on it: actor, stance (also strict)
and claim F1 must all be 1.0, with no offset errors and every claim type right.
That proves the gold and the scorer agree. Exits 1 on any error.
"""
import argparse
import collections
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ENTITY_TYPES = {"state", "organization", "person", "group", "other"}
POLARITIES = {"support", "oppose"}
CLAIM_TYPES = {"prediction", "normative", "assertion"}


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("argx_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def describe_encoding(raw):
    """A human label for how the file is stored; the scorer's decode() does the real work."""
    if raw.startswith(b"\xef\xbb\xbf"):
        enc = "UTF-8 with BOM"
    elif raw.startswith(b"\xff\xfe"):
        enc = "UTF-16LE with BOM"
    elif raw.startswith(b"\xfe\xff"):
        enc = "UTF-16BE with BOM"
    else:
        try:
            raw.decode("utf-8")
            enc = "UTF-8"
        except UnicodeDecodeError:
            enc = "Windows-1252"
    crlf = b"\r\x00\n\x00" in raw if "UTF-16" in enc else b"\r\n" in raw
    return enc + (", CRLF" if crlf else ", LF")


class Checker:
    def __init__(self):
        self.errors = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")


def check_file(path, corpus, decode, ck):
    """Checks one gold file; returns (gold, text, counts) or None when it cannot be read."""
    where = os.path.relpath(path, REPO)
    try:
        gold = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        ck.err(where, f"unreadable: {e}")
        return None
    for key in ("document", "entities", "mentions", "sentences"):
        if key not in gold:
            ck.err(where, f"missing key {key!r}")
            return None
    doc = os.path.join(corpus, gold["document"])
    if os.path.splitext(os.path.basename(path))[0] != os.path.splitext(gold["document"])[0]:
        ck.err(where, f"document {gold['document']!r} does not match the gold file name")
    try:
        raw = open(doc, "rb").read()
    except OSError as e:
        ck.err(where, f"document: {e}")
        return None
    text = decode(raw)
    if "\ufffd" in text:
        ck.err(where, "document decodes with replacement characters")
    ents = gold["entities"]
    for name, e in ents.items():
        if e.get("type") not in ENTITY_TYPES:
            ck.err(where, f"entity {name!r}: bad type {e.get('type')!r}")
        if not isinstance(e.get("aliases"), list):
            ck.err(where, f"entity {name!r}: aliases must be a list")

    sents = gold["sentences"]
    prev_end = 0
    for i, s in enumerate(sents):
        w = f"{where} s{s.get('n')}"
        if s.get("n") != i + 1:
            ck.err(w, f"sentence numbered {s.get('n')}, expected {i + 1}")
        if not (0 <= s["start"] < s["end"] <= len(text)):
            ck.err(w, f"bad span {s['start']}-{s['end']}")
            continue
        if s["start"] < prev_end:
            ck.err(w, "overlaps or precedes the previous sentence")
        if text[s["start"]:s["end"]] != s["text"]:
            ck.err(w, f"text differs from the document at {s['start']}-{s['end']}: "
                      f"{text[s['start']:s['end']][:50]!r} vs {s['text'][:50]!r}")
        prev_end = s["end"]
        seen_st, seen_cl = set(), set()
        for st in s.get("stances", []):
            if not isinstance(st.get("optional"), bool):
                ck.err(w, f"stance optional must be a boolean: {st}")
            if st.get("polarity") not in POLARITIES:
                ck.err(w, f"bad polarity {st.get('polarity')!r}")
            holders = st.get("holder")
            if not holders or not isinstance(holders, list):
                ck.err(w, f"stance without holder list: {st}")
                continue
            for h in holders:
                if h not in ents:
                    ck.err(w, f"stance holder {h!r} is not an entity")
            for k in ("target", "cue"):
                if not st.get(k):
                    ck.err(w, f"stance without {k}: {st}")
            if not st.get("optional"):
                key = (holders[0], st.get("polarity"))
                if key in seen_st:
                    ck.err(w, f"two non-optional stances with holder {key[0]!r} and polarity {key[1]!r}")
                seen_st.add(key)
        for cl in s.get("claims", []):
            if not isinstance(cl.get("optional"), bool):
                ck.err(w, f"claim optional must be a boolean: {cl}")
            if cl.get("type") not in CLAIM_TYPES:
                ck.err(w, f"bad claim type {cl.get('type')!r}")
            claimants = cl.get("claimant")
            if not claimants or not isinstance(claimants, list):
                ck.err(w, f"claim without claimant list: {cl}")
                continue
            for c in claimants:
                if c != "AUTHOR" and c not in ents:
                    ck.err(w, f"claimant {c!r} is not an entity")
            if not cl.get("cue"):
                ck.err(w, f"claim without cue: {cl}")
            if not cl.get("optional"):
                if claimants[0] in seen_cl:
                    ck.err(w, f"two non-optional claims by {claimants[0]!r}")
                seen_cl.add(claimants[0])

    # Coverage: every non-whitespace character belongs to a sentence.
    inside = [False] * len(text)
    for s in sents:
        for k in range(max(0, s["start"]), min(len(text), s["end"])):
            inside[k] = True
    line = 1
    reported = set()
    for k, ch in enumerate(text):
        if ch == "\n":
            line += 1
        elif not ch.isspace() and not inside[k] and line not in reported:
            reported.add(line)
            ck.err(where, f"line {line} has text outside every sentence: {text[k:k + 40]!r}")

    for m in gold["mentions"]:
        w = f"{where} mention {m.get('start')}-{m.get('end')}"
        if not (0 <= m["start"] < m["end"] <= len(text)):
            ck.err(w, "bad span")
            continue
        if text[m["start"]:m["end"]] != m["text"]:
            ck.err(w, f"text {m['text']!r} differs from the document: {text[m['start']:m['end']]!r}")
        if m.get("entity") not in ents:
            ck.err(w, f"entity {m.get('entity')!r} is not in entities")
        if not isinstance(m.get("optional"), bool):
            ck.err(w, "optional must be a boolean")
        if not any(s["start"] <= m["start"] and m["end"] <= s["end"] for s in sents):
            ck.err(w, "mention is not inside a sentence")

    counts = collections.Counter()
    counts["sentences"] = len(sents)
    for m in gold["mentions"]:
        counts["mentions-opt" if m["optional"] else "mentions"] += 1
    for s in sents:
        for st in s["stances"]:
            counts["stances-opt" if st["optional"] else "stances"] += 1
        for cl in s["claims"]:
            counts["claims-opt" if cl["optional"] else "claims"] += 1
    counts["words"] = len(text.split())
    return gold, text, counts, describe_encoding(raw)


def perfect_predictions(gold, text):
    """One export line (spec/export-format.md) per non-optional gold item."""
    doc = gold["document"]
    sents = gold["sentences"]
    ents = gold["entities"]

    def sentence_index(offset):
        for i, s in enumerate(sents):
            if offset < s["end"]:
                return i
        return len(sents) - 1

    out = []
    for m in gold["mentions"]:
        if m["optional"]:
            continue
        out.append({"doc": doc, "kind": "actor", "sentence": sentence_index(m["start"]), "start": m["start"],
                    "end": m["end"], "text": text[m["start"]:m["end"]], "rule": "gold", "actor": m["entity"],
                    "actor_id": m["entity"], "actor_type": ents[m["entity"]]["type"]})
    for i, s in enumerate(sents):
        span = {"doc": doc, "sentence": i, "start": s["start"], "end": s["end"], "text": s["text"], "rule": "gold"}
        for st in s["stances"]:
            if not st["optional"]:
                out.append(dict(span, kind="stance", holder=st["holder"][0], holder_text=st["holder"][0],
                                polarity=st["polarity"], target=st["target"], cue=st["cue"]))
        for cl in s["claims"]:
            if not cl["optional"]:
                out.append(dict(span, kind="claim", claimant=cl["claimant"][0],
                                claimant_text="" if cl["claimant"][0] == "AUTHOR" else cl["claimant"][0],
                                claim_type=cl["type"], cue=cl["cue"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(REPO, "corpus"))
    ap.add_argument("--scorer", default=os.path.join(REPO, "..", "shared", "eval", "score.py"))
    ap.add_argument("--pred-out", help="also keep the perfect prediction file here")
    a = ap.parse_args()

    if not os.path.exists(a.scorer):
        print(f"scorer not found: {a.scorer}", file=sys.stderr)
        return 1
    scorer = load_scorer(a.scorer)
    gold_dir = os.path.join(a.corpus, "gold")
    files = sorted(os.path.join(gold_dir, f) for f in os.listdir(gold_dir)
                   if f.endswith(".json")) if os.path.isdir(gold_dir) else []
    if not files:
        print(f"no gold files in {gold_dir}", file=sys.stderr)
        return 1

    ck = Checker()
    total = collections.Counter()
    preds = []
    cols = ["words", "sentences", "mentions", "mentions-opt", "stances", "stances-opt", "claims", "claims-opt"]
    print(f"{'document':<26}" + "".join(f"{c:>13}" for c in cols) + "  encoding")
    for f in files:
        r = check_file(f, a.corpus, scorer.decode, ck)
        if r is None:
            continue
        gold, text, counts, enc = r
        total += counts
        print(f"{gold['document']:<26}" + "".join(f"{counts[c]:>13}" for c in cols) + f"  {enc}")
        preds += perfect_predictions(gold, text)
    print(f"{'TOTAL (' + str(len(files)) + ' files)':<26}" + "".join(f"{total[c]:>13}" for c in cols))

    if not ck.errors:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
            for p in preds:
                tmp.write(json.dumps(p, ensure_ascii=False) + "\n")
        try:
            res = subprocess.run([sys.executable, a.scorer, "--gold", gold_dir, "--docs", a.corpus,
                                  "--pred", tmp.name, "--json"], capture_output=True, text=True)
            if a.pred_out:
                with open(tmp.name, encoding="utf-8") as src, open(a.pred_out, "w", encoding="utf-8") as dst:
                    dst.write(src.read())
        finally:
            os.unlink(tmp.name)
        if res.returncode != 0:
            ck.err("score.py", res.stderr.strip() or f"exit {res.returncode}")
        else:
            scores = json.loads(res.stdout)
            print(f"perfect prediction ({len(preds)} lines) scored by {os.path.relpath(a.scorer, REPO)}:")
            for k in ("actor", "stance", "stance-strict", "claim"):
                s = scores[k]
                print(f"  {k:<14} tp {s['tp']:>4}  fp {s['fp']:>3}  fn {s['fn']:>3}  F1 {s['f1']:.3f}")
                if s["f1"] != 1.0:
                    ck.err("score.py", f"{k} F1 is {s['f1']:.4f}, expected 1.0")
            print(f"  claim-type accuracy {scores['claim-type-accuracy']:.3f}, offset errors {scores['offset-errors']}")
            if scores["claim-type-accuracy"] != 1.0:
                ck.err("score.py", "claim types of the perfect prediction are not all right")
            if scores["offset-errors"]:
                ck.err("score.py", f"{scores['offset-errors']} offset errors in the perfect prediction")

    for e in ck.errors:
        print("ERROR", e, file=sys.stderr)
    print("OK" if not ck.errors else f"{len(ck.errors)} error(s)")
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
