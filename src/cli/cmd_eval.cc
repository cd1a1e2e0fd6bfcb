// argx eval: precision, recall and F1 of a database (or a JSON Lines export)
// against gold annotations, with each miss and false positive on request.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/export_order.h"
#include "eval/eval.h"
#include "store/store.h"
#include "text/decode.h"

namespace argx::cli {

using eval::EvalError;
using eval::EvalResult;
using eval::GoldDoc;
using eval::GoldSet;
using eval::Prediction;

namespace {

std::string Get(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Status ReadJsonl(const std::string& path, std::vector<Prediction>* out) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": cannot read");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      return Status::Error(path + ":" + std::to_string(n) + ": not JSON: " + e.what());
    }
    Prediction p;
    p.doc = Get(j, "doc");
    p.kind = Get(j, "kind");
    p.text = Get(j, "text");
    p.rule = Get(j, "rule");
    p.start = j.value("start", 0L);
    p.end = j.value("end", 0L);
    p.actor = Get(j, "actor");
    p.actor_id = Get(j, "actor_id");
    p.holder = Get(j, "holder");
    p.holder_text = Get(j, "holder_text");
    p.polarity = Get(j, "polarity");
    p.target = Get(j, "target");
    p.claimant = Get(j, "claimant");
    p.claim_type = Get(j, "claim_type");
    p.cue = Get(j, "cue");
    for (const char* field : {"actor_type", "holder_type", "claimant_type"}) {
      if (Get(j, field) == "agent") p.agent = true;
    }
    out->push_back(std::move(p));
  }
  return Status::Ok();
}

// Predictions in the order `argx export` writes them (export_order.h).
Status ReadDatabase(const std::string& path, std::vector<Prediction>* out,
                    std::map<std::string, std::string>* texts) {
  std::unique_ptr<store::Store> db;
  Status s = store::Store::Open(path, {.read_only = true}, &db);
  if (!s.ok()) return s;
  std::vector<store::StoredDocument> docs;
  if (!(s = db->ListDocuments(&docs)).ok()) return s;
  extract::Extractions ex;
  store::ExtractionKeys keys;
  for (const auto& d : docs) {
    if (!(s = db->ReadExtractions(d.id, &ex, &keys)).ok()) return s;
    std::string text;
    if (!(s = db->DocumentText(d.id, &text)).ok()) return s;
    std::string name = d.path.substr(d.path.find_last_of('/') == std::string::npos ? 0 : d.path.find_last_of('/') + 1);
    (*texts)[name] = std::move(text);
    for (const ExportItem& it : ExportOrder(ex)) {
      Prediction p;
      if (it.kind == ExtractionKind::kActor) {
        const auto& a = ex.actors[it.index];
        p = {d.path, "actor", a.text, a.rule, a.span.begin, a.span.end, a.actor.name, a.actor.id};
        p.agent = a.actor.type == "agent";
      } else if (it.kind == ExtractionKind::kStance) {
        const auto& st = ex.stances[it.index];
        p = {d.path, "stance", st.text, st.rule, st.span.begin, st.span.end};
        p.holder = st.holder.name;
        p.agent = st.holder.type == "agent";
        p.holder_text = st.holder_text;
        p.polarity = st.polarity;
        p.target = st.target;
        p.cue = st.cue;
      } else {
        const auto& c = ex.claims[it.index];
        p = {d.path, "claim", c.text, c.rule, c.span.begin, c.span.end};
        p.claimant = c.by_author ? "AUTHOR" : c.claimant.name;
        p.agent = !c.by_author && c.claimant.type == "agent";
        p.claim_type = c.claim_type;
        p.cue = c.cue;
      }
      out->push_back(std::move(p));
    }
  }
  return Status::Ok();
}

}  // namespace

int RunEval(int argc, char** argv) {
  CLI::App app{"Score extractions against gold annotations (one JSON file per article; the format\n"
               "is in docs/rules.md, \"A rule folder for a new corpus\"): per kind true/false\n"
               "positives, misses, precision, recall and F1. Actors match by overlapping span and\n"
               "entity, stances by sentence, holder and polarity, claims by sentence and claimant.",
               "argx eval"};
  std::vector<std::string> gold_paths;
  std::string db_path, pred_path, docs_dir, kind_filter;
  bool errors = false, json = false;
  std::vector<std::string> minimums;
  app.add_option("--gold", gold_paths, "gold folder or file, repeatable")->required()->allow_extra_args(false);
  auto* db_opt = app.add_option("--db", db_path, "database written by argx extract");
  auto* pred_opt = app.add_option("--pred", pred_path, "a JSON Lines export instead of --db");
  db_opt->excludes(pred_opt);
  app.add_option("--docs", docs_dir, "folder of the gold documents (needed with --pred)");
  app.add_flag("--errors", errors, "list each miss (FN) and false positive (FP) with its sentence and rule");
  app.add_option("--kind", kind_filter, "with --errors: only this kind (actor, stance, stance-strict, claim)");
  app.add_flag("--json", json, "print the scores as one JSON object");
  app.add_option("--min", minimums, "KIND=F1: exit 3 when KIND's F1 is below (repeatable), e.g. --min stance=0.8")
      ->allow_extra_args(false);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  if (db_path.empty() && pred_path.empty()) db_path = "argx.db";
  GoldSet gold;
  Status s = eval::LoadGold(gold_paths, &gold);
  if (!s.ok()) {
    std::fprintf(stderr, "argx eval: %s\n", s.message().c_str());
    return kExitError;
  }
  std::vector<Prediction> preds;
  std::map<std::string, std::string> texts;
  s = pred_path.empty() ? ReadDatabase(db_path, &preds, &texts) : ReadJsonl(pred_path, &preds);
  if (!s.ok()) {
    std::fprintf(stderr, "argx eval: %s\n", s.message().c_str());
    return kExitError;
  }
  for (GoldDoc& g : gold.docs) {
    if (!docs_dir.empty()) {
      std::ifstream in(docs_dir + "/" + g.name, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      text::DecodedText d;
      if (!in || !text::Decode(ss.str(), &d).ok()) {
        std::fprintf(stderr, "argx eval: %s/%s: cannot read or decode\n", docs_dir.c_str(), g.name.c_str());
        return kExitError;
      }
      g.text = std::move(d.text);
    } else if (texts.count(g.name)) {
      g.text = texts[g.name];
    } else if (!pred_path.empty()) {
      std::fprintf(stderr, "argx eval: --pred needs --docs DIR (the gold documents' folder)\n");
      return kExitError;
    } else {
      std::fprintf(stderr, "argx eval: warning: %s is not in the database: everything in it counts as missed\n",
                   g.name.c_str());
    }
  }
  // Gold written for another version of a text scores against the wrong
  // words (trial 22: sentences added, every sentence number shifted).
  for (const GoldDoc& g : gold.docs) {
    if (const int off = eval::MentionsOffText(g); off > 0) {
      std::fprintf(stderr,
                   "argx eval: warning: %s: %d of %zu gold mentions are not the text at their "
                   "offsets: the gold was written for another version of the text (re-extract it, "
                   "or redo its gold)\n",
                   g.name.c_str(), off, g.mentions.size());
    }
  }
  EvalResult r = eval::Evaluate(gold, preds);
  if (json) {
    std::printf("%s\n", r.Json().c_str());
  } else {
    std::printf("%s", r.Table().c_str());
    if (errors) {
      for (const EvalError& e : r.errors) {
        if (!kind_filter.empty() && e.kind != kind_filter) continue;
        std::printf("  %s %-13s [%s s%d] %s%s\n",
                    e.wrong_type ? "TY"
                    : e.miss     ? "FN"
                                 : "FP",
                    e.kind.c_str(), e.doc.c_str(), e.sentence, e.what.c_str(),
                    e.rule.empty() ? "" : ("  rule " + e.rule).c_str());
        std::printf("      | %s\n", e.sentence_text.c_str());
      }
    }
    // The mean over actor, stance and claim, as score.py computes it: a
    // kind with no gold item and no prediction counts as 0. Say so, since
    // a gold set that annotates only actors otherwise reads as poor.
    std::string empty;
    double scored_sum = 0;
    int scored = 0;
    for (const char* k : {"actor", "stance", "claim"}) {
      auto it = r.kinds.find(k);
      if (it == r.kinds.end() || it->second.tp + it->second.fp + it->second.fn == 0) {
        empty += std::string(empty.empty() ? "" : ", ") + k;
      } else {
        scored_sum += it->second.f1();
        ++scored;
      }
    }
    std::printf("macro-F1 %.3f%s\n", r.macro_f1(),
                empty.empty() ? ""
                              : ("  (no gold and no predictions: " + empty +
                                 ", each counted as 0, as in the annotation guide's scoring)")
                                    .c_str());
    if (!empty.empty() && scored > 0) {
      std::printf("macro-F1 over the kinds with gold or predictions: %.3f\n", scored_sum / scored);
    }
    // Only documents with a gold file are scored: say how many, and how
    // many of the database's are left out, so one gold file for a folder of
    // articles reads as the score of one document.
    std::set<std::string_view> with_gold;  // the database's documents a gold file names
    for (const GoldDoc& g : gold.docs) {
      if (texts.count(g.name)) with_gold.insert(g.name);
    }
    const size_t without_gold = texts.size() - with_gold.size();
    std::printf("scored %zu document%s with gold", gold.docs.size(),
                gold.docs.size() == 1 ? "" : "s");
    if (without_gold > 0) {
      std::printf("; %zu document%s of the database %s no gold file and %s not scored",
                  without_gold, without_gold == 1 ? "" : "s", without_gold == 1 ? "has" : "have",
                  without_gold == 1 ? "is" : "are");
    }
    std::printf("\n");
  }
  int status = kExitOk;
  for (const std::string& m : minimums) {
    size_t eq = m.find('=');
    std::string kind = m.substr(0, eq);
    if (eq == std::string::npos || !r.kinds.count(kind)) {
      std::fprintf(stderr, "argx eval: --min takes KIND=F1 with KIND one of actor, stance, stance-strict, claim\n");
      return kExitError;
    }
    double want = std::atof(m.c_str() + eq + 1);
    double got = r.kinds[kind].f1();
    if (got + 1e-9 < want) {
      std::fprintf(stderr, "argx eval: %s F1 %.3f is below %.3f\n", kind.c_str(), got, want);
      status = kExitChecksFailed;
    }
  }
  return status;
}

}  // namespace argx::cli
