// Scoring extractions against gold annotations, with the matching rules of
// ../shared/eval/score.py (the two must agree on the same input):
//   actors  by overlapping span and entity (the prediction's actor, actor_id
//           or text resolved through the gold's aliases);
//   stances by sentence, holder and polarity ("stance"), and also the target
//           by content-word F1 >= 0.5 ("stance-strict");
//   claims  by sentence and claimant; claim type reported separately.
// Gold items marked optional neither count when missed nor make a
// prediction false. Matching is greedy and one-to-one.
//
//   argx::eval::GoldSet gold;
//   Status s = argx::eval::LoadGold({"corpus/gold"}, &gold);
//   ... fill each GoldDoc's text (from the database or the docs folder) ...
//   argx::eval::EvalResult r = argx::eval::Evaluate(gold, predictions);
//   std::cout << r.Table();
#ifndef ARGX_EVAL_EVAL_H_
#define ARGX_EVAL_EVAL_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"

namespace argx::eval {

// One prediction: a line of the JSON Lines export.
struct Prediction {
  std::string doc, kind, text, rule;
  long start = 0, end = 0;
  std::string actor, actor_id;                        // actor
  std::string holder, holder_text, polarity, target;  // stance
  std::string claimant, claim_type;                   // claim
  std::string cue;
  // The actor, holder or claimant is an unnamed agent ("officials"): the gold
  // names no agents, so such predictions are left out (as score.py does).
  bool agent = false;
};

struct GoldItem {
  // actor mention
  long start = 0, end = 0;
  std::string text, entity;
  // stance / claim
  int n = 0;                         // 1-based sentence
  std::vector<std::string> holders;  // holder or claimant alternatives
  std::string polarity, target, type, cue;
  bool optional = false;
};

struct GoldDoc {
  std::string name;  // file name
  std::string text;  // decoded document text (UTF-8)
  std::vector<GoldItem> mentions, stances, claims;
  std::vector<std::pair<long, long>> sentence_ends;    // (n, end) in order
  std::map<std::string, std::set<std::string>> alias;  // norm(alias) -> entities
};

struct GoldSet {
  std::vector<GoldDoc> docs;
};

// Reads every *.json under each path (directory or file).
Status LoadGold(const std::vector<std::string>& paths, GoldSet* out);

struct Tally {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r ? 2 * p * r / (p + r) : 0;
  }
};

struct EvalError {
  std::string kind;         // actor, stance, stance-strict, claim
  bool miss = true;         // FN (a gold item missed) or FP (a prediction unmatched)
  bool wrong_type = false;  // a claim matched, but of another type ("TY" in --errors)
  std::string doc;
  int sentence = 0;  // 1-based, gold numbering
  std::string sentence_text;
  std::string what;  // readable summary
  std::string rule;  // for a FP: the rule responsible
};

struct EvalResult {
  std::map<std::string, Tally> kinds;  // actor, stance, stance-strict, claim
  int claim_types_right = 0, claim_types_total = 0;
  int offset_errors = 0, predictions = 0;
  int documents = 0;
  std::vector<EvalError> errors;

  double macro_f1() const;
  // The score table, as score.py prints it.
  std::string Table() const;
  std::string Json() const;
};

// The gold mentions of `doc` whose text is not the text of doc.text at their
// offsets (code points): gold written for another version of the document.
// 0 when doc.text is empty.
int MentionsOffText(const GoldDoc& doc);

// Predictions are matched to gold documents by file name (basename of doc).
EvalResult Evaluate(const GoldSet& gold, const std::vector<Prediction>& preds);

// score.py's norm(): NFKC, ’ -> ', lower case, leading "the " and trailing
// "'s" removed, characters other than word characters, ' - and space dropped.
std::string NormName(std::string_view s);

}  // namespace argx::eval

#endif  // ARGX_EVAL_EVAL_H_
