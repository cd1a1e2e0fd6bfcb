#include "extract/examples.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "text/normalize.h"
#include "text/segmenter.h"

namespace argx::extract {
namespace {

using Fields = std::map<std::string, std::string>;

std::string Norm(std::string_view s) { return CollapseSpaces(text::MatchKey(s)); }

// Every output of `rule` as a map of field -> value.
// With `any_rule`, the outputs of every rule of the same kind (and label)
// count: `expect_any: true`.
std::vector<Fields> Outputs(const Extractor& ex, const rules::Rule& rule,
                            const text::AnalyzedText& doc, const Extractions& out,
                            const Trace& trace, bool with_blocked = false, bool any_rule = false,
                            int sentence = -1) {
  std::vector<Fields> result;
  // Only sentence `sentence` when >= 0 (explain --file --sentence N).
  auto here = [&](uint32_t n) { return sentence < 0 || n == static_cast<uint32_t>(sentence); };
  // Capture texts of the rule's matches, shared by all its outputs.
  std::vector<Fields> captures;
  uint32_t index = static_cast<uint32_t>(&rule - ex.rule_set().rules.data());
  auto mine = [&](const std::string& id) { return any_rule || id == rule.id; };
  for (const rules::RuleMatch& m : trace.matches) {
    const rules::Rule& r = ex.rule_set().rules[m.rule];
    if (any_rule ? r.output != rule.output || r.label != rule.label : m.rule != index) continue;
    if (!here(m.sentence)) continue;
    Fields f;
    for (const rules::Capture& c : m.captures) f[std::string(c.name)] = std::string(doc.Span(c.first, c.end));
    f["text"] = std::string(doc.Span(m.first, m.end));
    captures.push_back(std::move(f));
  }
  auto with_captures = [&](Fields f) {
    if (any_rule) return f;  // other rules' captures are not this output's
    for (const Fields& c : captures) {
      for (const auto& [k, v] : c) f.emplace(k, v);  // output fields win
    }
    return f;
  };
  switch (rule.output) {
    case rules::OutputKind::kActor:
      // A rule that marks names as no actor (type: none) outputs nothing:
      // its matches are what it does.
      if (rule.Set("type") == "none") {
        result = captures;
        break;
      }
      for (const ActorMention& a : out.actors) {
        if ((!mine(a.rule) && !mine(a.actor.source)) || !here(a.sentence)) continue;
        result.push_back(with_captures({{"actor", a.actor.name}, {"actor_id", a.actor.id},
                                        {"actor_type", a.actor.type},
                                        {"affiliation", a.actor.affiliation}, {"text", a.text}}));
      }
      break;
    case rules::OutputKind::kStance:
      for (const Stance& s : out.stances) {
        if (!mine(s.rule) || !here(s.sentence)) continue;
        result.push_back(with_captures({{"holder", s.holder.name}, {"holder_text", s.holder_text},
                                        {"polarity", s.polarity}, {"target", s.target},
                                        {"cue", s.cue}}));
      }
      break;
    case rules::OutputKind::kClaim:
      for (const Claim& c : out.claims) {
        if (!mine(c.rule) || !here(c.sentence)) continue;
        result.push_back(with_captures({{"claimant", c.by_author ? "AUTHOR" : c.claimant.name},
                                        {"claimant_text", c.claimant_text},
                                        {"claim_type", c.claim_type}, {"cue", c.cue},
                                        {"content", c.content}}));
      }
      break;
    case rules::OutputKind::kLabel:
      result = captures;
      break;
  }
  // A match that a `blocker` capture stopped produces no output; it is still
  // what the rule did, so `expect: { blocker: ... }` can test it.
  if (with_blocked &&
      (rule.output == rules::OutputKind::kStance || rule.output == rules::OutputKind::kClaim)) {
    for (const Fields& c : captures) {
      if (c.count("blocker")) result.push_back(c);
    }
  }
  return result;
}

bool Satisfies(const Fields& f, const rules::Attributes& expect) {
  for (const auto& [k, want] : expect) {
    auto it = f.find(k);
    std::string got = it == f.end() ? "" : it->second;
    if (Norm(got) == Norm(want)) continue;
    // A holder or claimant may be named by its words as well as its canonical name.
    if (k == "holder" && f.count("holder_text") && Norm(f.at("holder_text")) == Norm(want)) continue;
    if (k == "claimant" && f.count("claimant_text") && Norm(f.at("claimant_text")) == Norm(want)) continue;
    if (k == "actor" && f.count("text") && Norm(f.at("text")) == Norm(want)) continue;
    return false;
  }
  return true;
}

std::string Describe(const Fields& f) {
  std::string out;
  for (const auto& [k, v] : f) {
    if (v.empty()) continue;
    if (!out.empty()) out += ", ";
    out += k + "=\"" + v + "\"";
  }
  return out;
}

}  // namespace

std::vector<std::string> DescribeLosses(const Extractor& ex, const rules::Rule& rule,
                                        const text::AnalyzedText& doc, const Trace& trace,
                                        int sentence) {
  std::vector<std::string> lines;
  const auto& rules = ex.rule_set().rules;
  uint32_t index = static_cast<uint32_t>(&rule - rules.data());
  for (const rules::OverlapLoss& l : trace.state.losses) {
    if (l.loser.rule != index) continue;
    if (sentence >= 0 && l.loser.sentence != static_cast<uint32_t>(sentence)) continue;
    const rules::Rule& w = rules[l.winner_rule];
    std::string why = l.criterion;
    std::string_view c = l.criterion;
    if (c == "priority") {
      why += " (" + std::to_string(w.priority) + " > " + std::to_string(rule.priority) + ")";
    } else if (c == "length") {
      why += " (" + std::to_string(l.winner_end - l.winner_first) + " tokens > " +
             std::to_string(l.loser.end - l.loser.first) + ")";
    } else if (c == "position") {
      why += " (it starts earlier)";
    } else {
      why += " (equal priority and length: " + w.id + " comes first, " + w.pos.file + ")";
    }
    lines.push_back("matched \"" + std::string(doc.Span(l.loser.first, l.loser.end)) +
                    "\" but lost the overlap to rule " + w.id + " \"" +
                    std::string(doc.Span(l.winner_first, l.winner_end)) + "\" by " + why);
  }
  return lines;
}

std::vector<std::string> DescribeDrops(const Extractor& ex, const rules::Rule& rule,
                                       const text::AnalyzedText& doc, const Trace& trace,
                                       int sentence) {
  std::vector<std::string> lines;
  uint32_t index = static_cast<uint32_t>(&rule - ex.rule_set().rules.data());
  for (const DroppedMatch& d : trace.dropped) {
    if (d.rule != index) continue;
    if (sentence >= 0 && d.sentence != static_cast<uint32_t>(sentence)) continue;
    std::string line =
        "matched \"" + std::string(doc.Span(d.first, d.end)) + "\" but made nothing: " + d.reason;
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> DescribeNoMatch(const Extractor& ex, const rules::Rule& rule,
                                         const text::AnalyzedText& doc, uint32_t sentence,
                                         Trace* trace) {
  std::vector<std::string> lines;
  const uint32_t index = static_cast<uint32_t>(&rule - ex.rule_set().rules.data());
  std::vector<rules::RuleMatch> raw;
  ex.program().RunRule(index, doc, sentence, &trace->state, &raw);
  if (!raw.empty()) return lines;
  rules::Program::Progress p = ex.program().Explain(index, doc, sentence, &trace->state);
  if (p.spans.empty()) p.spans.emplace_back(p.first, p.end);
  if (p.matched == 0) {
    lines.push_back(
        "no element matched: nothing in this sentence matches the element marked below");
  } else {
    std::string where;
    for (const auto& [b, e] : p.spans) {
      where +=
          std::string(where.empty() ? "" : " and ") + "\"" + std::string(doc.Span(b, e)) + "\"";
    }
    lines.push_back("elements 1-" + std::to_string(p.matched) + " of " +
                    std::to_string(p.elements) + " match " + where);
  }
  if (p.failed_offset >= 0) {
    rules::Diagnostic d;
    d.severity = rules::Diagnostic::Severity::kError;
    d.pos = rule.PatternPos(p.failed_offset);
    // Where the failed element was wanted: the word after each match of the
    // elements before it.
    const text::Sentence& sent = doc.sentences[sentence];
    std::string at;
    for (const auto& [b, e] : p.spans) {
      if (!at.empty()) at += ", or ";
      at += e < sent.end_token ? "at \"" + std::string(doc.Surface(doc.tokens[e])) + "\" (token " +
                                     std::to_string(e - sent.first_token) + ")"
                               : "at the sentence's end";
      if (p.matched == 0) break;
    }
    d.message = p.matched == 0 ? "nothing matches this element"
                               : "the element after that fails here (element " +
                                     std::to_string(p.matched + 1) + " of " +
                                     std::to_string(p.elements) + ", wanted " + at + ")";
    ex.rule_set().AttachSourceLine(&d);
    lines.push_back(d.Format());
    // What the word where the element was wanted is: the lexicon and label
    // spans that start there ("The Fund" is in no @holders span).
    const uint32_t wanted = p.matched == 0 ? UINT32_MAX : p.spans.front().second;
    if (wanted < sent.end_token) {
      std::set<std::string> names;
      for (const rules::SpanInfo& sp : trace->state.spans[sentence]) {
        if (sp.first == wanted) names.insert("@" + ex.program().span_names()[sp.name]);
      }
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : " ") + n;
      lines.push_back("spans that start at \"" + std::string(doc.Surface(doc.tokens[wanted])) +
                      "\": " + (list.empty() ? "none" : list));
    }
  }
  return lines;
}

std::string ExampleFailure::Format() const {
  std::string out = example->pos.file + ":" + std::to_string(example->pos.line) + ":" +
                    std::to_string(example->pos.column) + ": rule " + rule->id + ": ";
  out += must_match ? "example did not match as expected" : "counter-example matched";
  out += "\n    text:     " + example->text;
  if (must_match && !example->expect.empty()) {
    std::string e;
    for (const auto& [k, v] : example->expect) e += (e.empty() ? "" : ", ") + k + "=\"" + v + "\"";
    out += "\n    expected: " + e;
  }
  out += "\n    got:      " + (got.empty() ? std::string("nothing") : got);
  for (const std::string& l : lost) out += "\n    overlap:  " + l;
  for (const std::string& l : dropped) out += "\n    dropped:  " + l;
  for (const std::string& l : no_match) {
    // A diagnostic keeps its own lines (source and caret), indented.
    std::string indented;
    for (char c : l) indented += c == '\n' ? std::string("\n              ") : std::string(1, c);
    out += "\n    no match: " + indented;
  }
  return out;
}

std::vector<std::string> DescribeOutputs(const Extractor& ex, const rules::Rule& rule,
                                         const text::AnalyzedText& doc, const Extractions& out,
                                         const Trace& trace, int sentence) {
  std::vector<std::string> lines;
  for (const Fields& f : Outputs(ex, rule, doc, out, trace, false, false, sentence)) {
    lines.push_back(Describe(f));
  }
  return lines;
}

ExampleReport RunExamples(const Extractor& ex, std::string_view rule_prefix) {
  ExampleReport report;
  text::Segmenter seg;
  Extractor::Scratch scratch;
  text::AnalyzedText doc;
  Extractions out;
  Trace trace;
  for (const rules::Rule& rule : ex.rule_set().rules) {
    if (!rule_prefix.empty() && rule.id.compare(0, rule_prefix.size(), rule_prefix) != 0) continue;
    if (rule.must_match.empty() && rule.must_not_match.empty()) continue;
    ++report.rules;
    auto run = [&](const rules::Example& e, bool must_match) {
      ++report.examples;
      seg.Analyze(e.text, &doc);
      ex.Extract(doc, &scratch, &out, &trace);
      bool expects_blocker = false;
      for (const auto& [k, v] : e.expect) expects_blocker = expects_blocker || k == "blocker";
      std::vector<Fields> got =
          Outputs(ex, rule, doc, out, trace, must_match && expects_blocker, e.any_rule);
      bool ok;
      if (must_match) {
        ok = false;
        for (const Fields& f : got) ok = ok || Satisfies(f, e.expect);
      } else {
        ok = got.empty();
      }
      if (ok) {
        ++report.passed;
        return;
      }
      ExampleFailure fail;
      fail.rule = &rule;
      fail.example = &e;
      fail.must_match = must_match;
      for (const Fields& f : got) fail.got += (fail.got.empty() ? "" : "\n              ") + Describe(f);
      if (must_match) {
        fail.lost = DescribeLosses(ex, rule, doc, trace);
        fail.dropped = DescribeDrops(ex, rule, doc, trace);
        if (got.empty() && fail.lost.empty() && fail.dropped.empty() && !rule.is_regex) {
          for (uint32_t n = 0; n < doc.sentences.size(); ++n) {
            for (std::string& l : DescribeNoMatch(ex, rule, doc, n, &trace)) {
              fail.no_match.push_back(std::move(l));
            }
          }
        }
      }
      report.failures.push_back(std::move(fail));
    };
    for (const auto& e : rule.must_match) run(e, true);
    for (const auto& e : rule.must_not_match) run(e, false);
  }
  return report;
}

}  // namespace argx::extract
