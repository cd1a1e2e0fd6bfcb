// argx explain: what argx sees in one sentence, and why a rule did or did
// not match it.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/rule_loading.h"
#include "extract/examples.h"
#include "text/decode.h"
#include "text/segmenter.h"

namespace argx::cli {
namespace {

// `explain --file F --rule ID`: how many of the sentences the rule did not
// match are shown, those where the elements that matched cover most words.
constexpr size_t kNearMisses = 3;

std::string Flags(const text::Token& t) {
  std::string out;
  if (t.Has(text::kCapitalized)) out += "Cap ";
  if (t.Has(text::kAllCaps)) out += "UPPER ";
  if (t.Has(text::kNumber)) out += "num ";
  if (t.Has(text::kPunct)) out += "punct ";
  if (t.Has(text::kAbbreviation)) out += "abbrev ";
  if (!out.empty()) out.pop_back();
  return out;
}

void PrintTokens(const extract::Extractor& ex, const text::AnalyzedText& doc, uint32_t sentence,
                 const extract::Trace& trace) {
  const auto& prog = ex.program();
  const auto& sent = doc.sentences[sentence];
  std::printf("tokens:\n");
  for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
    const text::Token& tok = doc.tokens[t];
    std::string spans;
    for (const rules::SpanInfo& s : trace.state.spans[sentence]) {
      if (t < s.first || t >= s.end) continue;
      std::string name = prog.span_names()[s.name];
      std::string canonical(prog.Attr(trace.state, s, "canonical"));
      spans += std::string(" ") + (t == s.first ? "" : "…") + "@" + name;
      if (!canonical.empty()) spans += "(" + canonical + ")";
    }
    std::string lemma(doc.Lemma(tok));
    std::printf("  %4u  %-18.*s key=%-16.*s lemma=%-14s %-12s%s\n", t - sent.first_token,
                static_cast<int>(tok.end - tok.begin), doc.text.data() + tok.begin,
                static_cast<int>(tok.key_end - tok.key_begin), doc.keys.data() + tok.key_begin,
                lemma.c_str(), Flags(tok).c_str(), spans.c_str());
  }
}

void PrintMatches(const extract::Extractor& ex, const text::AnalyzedText& doc, uint32_t sentence,
                  const extract::Trace& trace) {
  std::printf("rule matches:\n");
  bool any = false;
  for (const rules::RuleMatch& m : trace.matches) {
    if (m.sentence != sentence) continue;
    const rules::Rule& r = ex.rule_set().rules[m.rule];
    any = true;
    std::printf("  [%s] %s  \"%s\"\n", rules::StageName(r.stage), r.id.c_str(),
                std::string(doc.Span(m.first, m.end)).c_str());
    for (const rules::Capture& c : m.captures) {
      std::printf("      %-10s \"%s\"\n", std::string(c.name).c_str(),
                  std::string(doc.Span(c.first, c.end)).c_str());
    }
  }
  if (!any) std::printf("  (none)\n");
  // Matches of actor, stance and claim rules that lost an overlap: the rule
  // a user wrote may be among them (labels lose overlaps by design).
  bool header = false;
  for (const rules::OverlapLoss& l : trace.state.losses) {
    if (l.loser.sentence != sentence) continue;
    const rules::Rule& r = ex.rule_set().rules[l.loser.rule];
    if (r.output == rules::OutputKind::kLabel) continue;
    if (!header) std::printf("lost overlaps (argx explain --rule ID says more):\n");
    header = true;
    const rules::Rule& w = ex.rule_set().rules[l.winner_rule];
    std::printf("  %s \"%s\" lost to %s \"%s\" by %s\n", r.id.c_str(),
                std::string(doc.Span(l.loser.first, l.loser.end)).c_str(), w.id.c_str(),
                std::string(doc.Span(l.winner_first, l.winner_end)).c_str(), l.criterion);
  }
}

void PrintExtractions(const extract::Extractions& out, uint32_t sentence) {
  std::printf("extractions:\n");
  bool any = false;
  for (const auto& a : out.actors) {
    if (a.sentence != sentence) continue;
    any = true;
    std::printf("  %s\n", extract::Describe(a).c_str());
  }
  for (const auto& s : out.stances) {
    if (s.sentence != sentence) continue;
    any = true;
    std::printf("  %s\n", extract::Describe(s).c_str());
  }
  for (const auto& c : out.claims) {
    if (c.sentence != sentence) continue;
    any = true;
    std::printf("  %s\n", extract::Describe(c).c_str());
    if (!c.content.empty()) std::printf("          %s\n", extract::ClaimContentLine(c).c_str());
  }
  if (!any) std::printf("  (none)\n");
}

void WhyNot(const extract::Extractor& ex, const rules::Rule& rule, const text::AnalyzedText& doc,
            uint32_t sentence, const extract::Extractions& out, extract::Trace* trace) {
  uint32_t index = static_cast<uint32_t>(&rule - ex.rule_set().rules.data());
  std::printf("rule %s (%s, stage %s):\n", rule.id.c_str(), rules::OutputName(rule.output),
              rules::StageName(rule.stage));
  std::vector<rules::RuleMatch> raw;
  ex.program().RunRule(index, doc, sentence, &trace->state, &raw);
  bool kept = false;
  for (const auto& m : trace->matches) kept = kept || (m.rule == index && m.sentence == sentence);
  if (!raw.empty()) {
    for (const auto& m : raw) std::printf("  matches \"%s\"\n", std::string(doc.Span(m.first, m.end)).c_str());
    if (!kept) {
      for (const auto& l : extract::DescribeLosses(ex, rule, doc, *trace, sentence)) {
        std::printf("  %s\n", l.c_str());
      }
    } else {
      auto lines = extract::DescribeOutputs(ex, rule, doc, out, *trace, sentence);
      auto drops = extract::DescribeDrops(ex, rule, doc, *trace, sentence);
      for (const auto& l : drops) std::printf("  %s\n", l.c_str());
      if (lines.empty() && drops.empty() && rule.output != rules::OutputKind::kLabel) {
        std::printf("  but produced no extraction of its own (see the extractions above)\n");
      }
      for (const auto& l : lines) std::printf("  -> %s\n", l.c_str());
    }
    return;
  }
  std::vector<std::string> lines = extract::DescribeNoMatch(ex, rule, doc, sentence, trace);
  for (size_t i = 0; i < lines.size(); ++i) {
    // The first line says how far the pattern got; a diagnostic follows
    // (file:line:col, with its source line and caret, unindented), then
    // what the word where the element was wanted is.
    const bool diagnostic = lines[i].find('\n') != std::string::npos;
    std::printf("%s%s\n", diagnostic ? "" : "  ", lines[i].c_str());
  }
}

}  // namespace

int RunExplain(int argc, char** argv) {
  CLI::App app{"Show how argx reads one sentence: tokens, normalized forms, lexicon hits, "
               "rule matches with captures, extractions, and with --rule why a rule did or did not match.",
               "argx explain"};
  std::string sentence_text, file, rule_id;
  int sentence_index = -1;
  std::vector<std::string> rule_paths;
  bool features = false;
  app.add_option("text", sentence_text, "the sentence (or text) to explain");
  app.add_option("--file", file, "explain a sentence of this file instead");
  app.add_option("--sentence", sentence_index, "0-based sentence index (as in the export); default: all");
  app.add_option("--rules", rule_paths,
                 "rule directory or file, repeatable (default: $ARGX_RULES, ./rules, else this "
                 "argx's checkout)")
      ->allow_extra_args(false);
  app.add_option("--rule", rule_id, "explain why this rule did or did not match");
  app.add_flag("--features", features, "also print the token features each stage's patterns see");
  bool brief = false;
  app.add_flag(
      "--brief,-b", brief,
      "only the extractions (and with --rule, that rule's account): no tokens, no matches");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  if (sentence_text.empty() == file.empty()) {
    std::fprintf(stderr, "argx explain: give a sentence or --file FILE (one of them)\n");
    return kExitError;
  }
  rule_paths = RulePathsOrDefault(rule_paths, /*quiet=*/false, /*defer=*/true);
  if (rule_paths.empty()) {
    std::fprintf(stderr, "argx explain: no rules: ./rules does not exist; give --rules DIR\n");
    if (std::string dir = CheckoutRulesDir(); !dir.empty()) {
      std::fprintf(stderr, "argx explain: the default rules of this argx are in %s\n", dir.c_str());
    }
    return kExitError;
  }
  std::unique_ptr<extract::Extractor> ex;
  std::vector<rules::Diagnostic> diags;
  if (!LoadExtractor(rule_paths, false, &ex, &diags).ok()) {
    HintDefaultRules(diags, rule_paths, "argx explain");
    return kExitError;
  }
  if (ex->rule_set().rules.empty()) {
    std::string where;
    for (const auto& p : rule_paths) where += (where.empty() ? "" : ", ") + p;
    std::fprintf(stderr, "argx explain: no rules in %s\n", where.c_str());
    return kExitError;
  }
  const rules::Rule* rule = nullptr;
  bool speech_built_in = false;  // --rule claim.open.*: say why verbs of saying made no claim
  if (!rule_id.empty()) {
    rule = ex->rule_set().Find(rule_id);
    if (const extract::BuiltInRule* built_in = extract::FindBuiltInRule(rule_id);
        rule == nullptr && built_in != nullptr) {
      // Not a rule of a file: say what makes it, and let the sentence show it.
      std::printf("'%s' is built into argx, not a rule of a rule file: %s.\n",
                  std::string(built_in->id).c_str(), std::string(built_in->description).c_str());
      if (!built_in->lexicons.empty()) {
        std::printf(
            "Its words come from the lexicons %s of the default rules "
            "(rules/lexicons/open_world.yaml, rules/actors/persons.yaml).\n",
            std::string(built_in->lexicons).c_str());
      }
      std::printf("Its output on the text is listed under \"extractions\" below.\n\n");
      speech_built_in = built_in->id.substr(0, 11) == "claim.open.";
      rule_id.clear();
    } else if (rule == nullptr) {
      std::fprintf(stderr, "argx explain: no rule '%s'%s (argx rules list shows them)\n",
                   rule_id.c_str(), DidYouMean(CloseIds(ex->rule_set(), rule_id)).c_str());
      return kExitError;
    }
  }
  std::string text = sentence_text;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "argx explain: %s: cannot read\n", file.c_str());
      return kExitError;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text::DecodedText decoded;
    Status s = text::Decode(ss.str(), &decoded);
    if (!s.ok()) {
      std::fprintf(stderr, "argx explain: %s: %s\n", file.c_str(), s.message().c_str());
      return kExitError;
    }
    text = std::move(decoded.text);
  }
  text::Segmenter seg;
  text::AnalyzedText doc;
  seg.Analyze(text, &doc);
  extract::Extractor::Scratch scratch;
  extract::Extractions out;
  extract::Trace trace;
  ex->Extract(doc, &scratch, &out, &trace);
  if (sentence_index >= static_cast<int>(doc.sentences.size())) {
    std::fprintf(stderr, "argx explain: the text has %zu sentences (0-%zu)\n", doc.sentences.size(),
                 doc.sentences.size() - 1);
    return kExitError;
  }
  // `--file F --rule ID` over a whole file: the sentences where the rule
  // matched, and of the others only the few where its pattern got furthest
  // (the near misses worth reading), not an account of every sentence.
  std::vector<uint8_t> shown(doc.sentences.size(), 1);
  size_t hidden = 0;
  int furthest = 0, elements = 0;
  if (rule != nullptr && !file.empty() && sentence_index < 0) {
    const uint32_t index = static_cast<uint32_t>(rule - ex->rule_set().rules.data());
    // By the words the elements that matched cover, then by how many
    // matched: optional elements match nothing at no cost, so a count alone
    // favours sentences where only they did (trial 23).
    struct Miss {
      int words, matched;
      uint32_t sentence;
    };
    std::vector<Miss> misses;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      std::vector<rules::RuleMatch> raw;
      ex->program().RunRule(index, doc, s, &trace.state, &raw);
      if (!raw.empty()) continue;
      rules::Program::Progress p = ex->program().Explain(index, doc, s, &trace.state);
      int words = 0;
      for (const auto& [b, e] : p.spans) words = std::max(words, static_cast<int>(e - b));
      misses.push_back({p.matched > 0 ? words : 0, p.matched, s});
      elements = p.elements;
    }
    std::stable_sort(misses.begin(), misses.end(), [](const Miss& x, const Miss& y) {
      return x.words != y.words ? x.words > y.words : x.matched > y.matched;
    });
    for (size_t i = kNearMisses; i < misses.size(); ++i) {
      shown[misses[i].sentence] = 0;
      furthest = std::max(furthest, misses[i].matched);
      ++hidden;
    }
  }
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    if (sentence_index >= 0 && static_cast<int>(s) != sentence_index) continue;
    if (!shown[s]) continue;
    std::printf("sentence %u: %s\n", s, std::string(doc.SentenceText(doc.sentences[s])).c_str());
    if (!brief) PrintTokens(*ex, doc, s, trace);
    if (features) {
      for (int st = 0; st < rules::kStageCount; ++st) {
        std::printf("features seen by stage %s:\n%s", rules::StageName(static_cast<rules::Stage>(st)),
                    ex->program().DescribeFeatures(doc, s, &trace.state, static_cast<rules::Stage>(st)).c_str());
      }
    }
    if (!brief) PrintMatches(*ex, doc, s, trace);
    PrintExtractions(out, s);
    if (rule) WhyNot(*ex, *rule, doc, s, out, &trace);
    if (speech_built_in) {
      for (const extract::UnclaimedVerb& u : trace.unclaimed) {
        if (u.sentence != s) continue;
        std::printf("  \"%s\" made no claim: %s\n", std::string(doc.Span(u.first, u.end)).c_str(),
                    u.reason.c_str());
      }
    }
    std::printf("\n");
  }
  if (hidden > 0 && furthest == 0) {
    std::printf(
        "(%zu more sentence%s not shown: no element of %s's pattern matches in them; "
        "--sentence N explains one)\n",
        hidden, hidden == 1 ? "" : "s", rule->id.c_str());
  } else if (hidden > 0) {
    std::printf(
        "(%zu more sentence%s not shown: %s matched none of them, and its pattern got no "
        "further than element %d of %d in any; --sentence N explains one)\n",
        hidden, hidden == 1 ? "" : "s", rule->id.c_str(), furthest, elements);
  }
  return kExitOk;
}

}  // namespace argx::cli
