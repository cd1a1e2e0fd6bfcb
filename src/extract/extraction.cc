#include "extract/extraction.h"

namespace argx::extract {
namespace {

std::string Lower(std::string s) {
  for (char& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

}  // namespace

std::string Describe(const ActorMention& a) {
  std::string out =
      "actor   \"" + a.text + "\" -> " + a.actor.name + " (" + a.actor.type + ", " + a.actor.id;
  if (!a.actor.affiliation.empty()) out += ", affiliation " + a.actor.affiliation;
  return out + ")  [" + a.rule + "]";
}

std::string Describe(const Stance& s) {
  return "stance  " + s.holder.name + " " + s.polarity + " \"" + s.target + "\" (cue \"" + s.cue +
         "\", holder \"" + s.holder_text + "\")  [" + s.rule + "]";
}

std::string Describe(const Claim& c) {
  // The claimant's words when they resolved to an actor named otherwise:
  // a pronoun or a definite noun ("he", "the regulator"); not the words of
  // an unnamed agent (they are its name) nor a part of the name.
  std::string words;
  if (!c.by_author && !c.claimant_text.empty() && c.claimant.type != "agent" &&
      Lower(c.claimant.name).find(Lower(c.claimant_text)) == std::string::npos) {
    words = ", claimant \"" + c.claimant_text + "\"";
  }
  return "claim   " + (c.by_author ? std::string("AUTHOR") : c.claimant.name) + " " + c.claim_type +
         " (cue \"" + c.cue + "\"" + words + ")  [" + c.rule + "]";
}

std::string ClaimContentLine(const Claim& c) {
  return c.content.empty() ? std::string() : "content \"" + c.content + "\"";
}

}  // namespace argx::extract
