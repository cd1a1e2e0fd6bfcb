// Comparing two databases of the same documents: which extractions one has
// and the other lacks, sentence by sentence. `argx rules diff` extracts the
// same files with and without a rule folder and prints this, so that a
// person adding rules sees what their folder changes (and what it breaks)
// before they extract a whole corpus.
//
//   argx::review::Comparison diff;
//   argx::Status s = argx::review::Compare(before.get(), after.get(), &diff);
//   for (const auto& c : diff.changes)          // in the export's order
//     print(c.path, c.sentence, c.text, c.added, c.removed);
//   print(diff.added["stance"], diff.removed["stance"], diff.by_rule);
//
// Documents are matched by their absolute path (their identity); one in
// only one database is counted, not compared. Within a document sentences
// are matched by index, which holds when both were extracted by the same
// argx (the segmenter does not depend on the rules); a document whose
// sentences differ (another argx, another text) is not compared but
// counted in `documents_resegmented`. Two extractions are the same when
// their lines (extract::Describe, and a claim's content) and their
// holder's or claimant's id and type are equal: a changed holder, target,
// type or rule shows as one removed, one added.
#ifndef ARGX_REVIEW_COMPARE_H_
#define ARGX_REVIEW_COMPARE_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace argx::review {

// One extraction in a sentence's change.
struct ChangedExtraction {
  std::string kind;  // actor | stance | claim
  std::string rule;
  std::string line;     // extract::Describe
  std::string content;  // extract::ClaimContentLine for a claim, else empty
  // The holder's or claimant's id and type ("BR-ANATEL organization"): part
  // of what makes two extractions the same, shown in `line` only when it
  // alone differs (a lexicon turned "Anatel" from a person into a body).
  std::string identity;
};

struct SentenceChange {
  std::string path;       // the document's path as stored
  uint32_t sentence = 0;  // 0-based, as in the export
  std::string text;       // the sentence
  std::vector<ChangedExtraction> added, removed;
};

struct Comparison {
  std::vector<SentenceChange> changes;  // by document path, then sentence
  int64_t documents = 0;                // documents in both databases
  int64_t sentences = 0;                // their sentences (the "after" side)
  int64_t documents_only_before = 0, documents_only_after = 0;
  int64_t documents_resegmented = 0;
  std::map<std::string, int64_t> added, removed;  // by kind
  // rule id -> (added, removed)
  std::map<std::string, std::pair<int64_t, int64_t>> by_rule;
};

// Fills `*out` with what `after` holds that `before` does not (added) and
// the reverse (removed). Both must be open; neither is written.
Status Compare(store::Store* before, store::Store* after, Comparison* out);

}  // namespace argx::review

#endif  // ARGX_REVIEW_COMPARE_H_
