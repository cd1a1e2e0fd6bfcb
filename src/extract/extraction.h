// What extraction produces for one document: actor mentions, stances and
// claims, each with the rule that produced it and exact code-point offsets
// into the document text (the units of the database and the export).
#ifndef ARGX_EXTRACT_EXTRACTION_H_
#define ARGX_EXTRACT_EXTRACTION_H_

#include <cstdint>
#include <string>
#include <vector>

namespace argx::extract {

// A half-open range of code points in the document text. Empty when
// begin == end (a field that the rule did not capture).
struct Span {
  uint32_t begin = 0, end = 0;
  bool empty() const { return begin >= end; }
};

// A canonical actor: one row of the `actors` table.
struct Actor {
  std::string id;           // stable id: ISO alpha-3 for states ("FRA"), lexicon id, or "person:emmanuel-macron"
  std::string name;         // canonical name: "France", "Emmanuel Macron"
  std::string type;         // state | organization | person | group
  std::string affiliation;  // canonical name of a person's state or org, may be empty
  std::string source;       // lexicon name or rule id that defined it
};

struct ActorMention {
  uint32_t sentence = 0;  // 0-based sentence index in the document
  Span span;              // the name itself ("Emmanuel Macron")
  std::string text;       // document text at span
  Actor actor;
  std::string rule;       // rule id (or "lexicon:NAME")
};

struct Stance {
  uint32_t sentence = 0;
  Span span;  // the evidence: from the earliest to the latest of holder/cue/target
  std::string text;
  Actor holder;
  std::string holder_text;  // the holder's words: may be a pronoun resolved to `holder`
  Span holder_span;
  std::string polarity;     // support | oppose
  std::string target;
  Span target_span;
  std::string cue;
  Span cue_span;
  std::string rule;
};

struct Claim {
  uint32_t sentence = 0;
  Span span;  // the evidence: cue and content
  std::string text;
  bool by_author = false;  // claimant is AUTHOR (claimant fields empty)
  Actor claimant;
  std::string claimant_text;
  Span claimant_span;
  std::string claim_type;  // prediction | normative | assertion
  std::string cue;
  Span cue_span;
  std::string content;     // the proposition claimed
  Span content_span;
  std::vector<std::string> hedges;  // hedge/certainty markers found: "likely", "could", ...
  std::string rule;
};

struct Extractions {
  std::vector<ActorMention> actors;
  std::vector<Stance> stances;
  std::vector<Claim> claims;

  void Clear() {
    actors.clear();
    stances.clear();
    claims.clear();
  }
  size_t size() const { return actors.size() + stances.size() + claims.size(); }
};

// One line a person reads, the way `argx explain` and `argx rules diff`
// print an extraction, ending with its rule in brackets:
//   actor   "Macron" -> Emmanuel Macron (person, person:emmanuel-macron, affiliation France)
//   [lexicon:persons] stance  France oppose "a NATO office in Asia" (cue "opposition", holder
//   "Macron")  [stance.noun.oppose] claim   AUTHOR prediction (cue "will")  [claim.modal.will]
// A claim's content is not in its line (it can be long): ClaimContentLine.
std::string Describe(const ActorMention& a);
std::string Describe(const Stance& s);
std::string Describe(const Claim& c);
// `content "..."`, or empty when the claim has no content.
std::string ClaimContentLine(const Claim& c);

}  // namespace argx::extract

#endif  // ARGX_EXTRACT_EXTRACTION_H_
