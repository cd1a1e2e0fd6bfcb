#include "extract/extraction.h"

namespace argx::extract {

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
  return "claim   " + (c.by_author ? std::string("AUTHOR") : c.claimant.name) + " " + c.claim_type +
         " (cue \"" + c.cue + "\")  [" + c.rule + "]";
}

std::string ClaimContentLine(const Claim& c) {
  return c.content.empty() ? std::string() : "content \"" + c.content + "\"";
}

}  // namespace argx::extract
