// Rules and the rule set: what the loader reads from a rules tree.
//
//   std::unique_ptr<argx::rules::RuleSet> rs;
//   std::vector<argx::rules::Diagnostic> diags;     // errors and warnings
//   argx::Status s = argx::rules::RuleSet::Load({"rules"}, &rs, &diags);
//   if (!s.ok()) { for (auto& d : diags) print(d.Format()); }
//
// A rule file is YAML with `lexicons:` (a map of name -> lexicon) and
// `rules:` (a list); docs/rules.md is the guide. Loading parses every file
// under the given paths (sorted, recursive, *.yaml and *.yml, hidden entries
// skipped), builds the lexicons and parses every pattern. Compiling the
// patterns to RE2 is the Program's job (program.h).
#ifndef ARGX_RULES_RULE_SET_H_
#define ARGX_RULES_RULE_SET_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "lexicon/lexicon.h"
#include "rules/pattern.h"
#include "rules/source_error.h"

namespace argx::rules {

// Rules run in stages; each stage sees the lexicons and everything earlier
// stages produced.
enum class Stage { kActors = 0, kPhrases = 1, kStances = 2, kClaims = 3 };
inline constexpr int kStageCount = 4;

// Limits on what a rule file may hold, so that a hostile or mistaken file
// gives an error instead of taking the machine's memory: a rule file (YAML,
// parsed whole) has at most this many bytes, the default rules' largest has
// 0.25 MB.
inline constexpr uintmax_t kMaxRuleFileBytes = uintmax_t{8} << 20;
const char* StageName(Stage s);

enum class OutputKind { kActor, kStance, kClaim, kLabel };
const char* OutputName(OutputKind k);

using Attributes = std::vector<std::pair<std::string, std::string>>;

// What `set:` may say, per output (the loader rejects anything else, so a
// rule that passes `rules check` never gives a value the store refuses):
//   stance  polarity: support | oppose
//   claim   claim_type: assertion | prediction | normative;  claimant: AUTHOR
//   actor   type: state | organization | person | group | none;
//           canonical, actor, id, affiliation: any text
//   label   any key: attributes of the span (`@name[key=value]`)
// The entries of a lexicon an actor rule's `name` takes must have one of the
// actor types too (or none). Values() lists the allowed values of a key
// (empty: any text); SetKeys() the keys an output accepts (empty: any key).
const std::vector<std::string_view>& SetKeys(OutputKind k);
const std::vector<std::string_view>& SetValues(OutputKind k, std::string_view key);
// The stage an output must run in; label rules may run in any stage.
Stage StageOf(OutputKind k);

struct Example {
  std::string text;
  Attributes expect;  // field -> expected value (empty: just "must match")
  bool any_rule = false;  // `expect_any: true`: any rule's output of this kind may satisfy it
  SourcePos pos;
};

struct Rule {
  std::string id;
  std::string description;
  Stage stage = Stage::kPhrases;
  OutputKind output = OutputKind::kLabel;
  std::string label;  // the name later rules use: "actor" for actor rules, else `label:` or the id
  int priority = 0;
  bool keep_overlaps = false;  // overlap: keep -> never dropped for overlapping another match
  Attributes set;              // values the rule sets (polarity, claim_type, type, ...)
  std::string pattern;         // the source text of `pattern:` or `regex:`
  bool is_regex = false;       // `regex:`: RE2 over the sentence text
  bool implicit = false;       // made by the loader: the actor rule of a lexicon of actors
                               // no rule uses (its names hide shorter lexicon spans)
  PatternNode tree;            // parsed `pattern:`
  SourcePos pos;               // where the rule starts
  SourcePos pattern_pos;       // where the pattern text starts
  std::vector<std::pair<int, SourcePos>> pattern_lines;  // pattern offset -> position, per line
  std::vector<Example> must_match;
  std::vector<Example> must_not_match;

  // The value the rule sets for `key`, or empty.
  std::string_view Set(std::string_view key) const;
  // Position in the rule file of byte `offset` of the pattern text.
  SourcePos PatternPos(int offset) const;
};

// Lexicons the extractor reads by name itself (src/extract/extractor.cc), so
// `rules check` does not call them unused when no rule mentions them:
// pronoun and title resolution, hedges, and the open-world names and speech
// attribution of real news (rules/lexicons/open_world.yaml).
inline constexpr std::string_view kExtractorLexicons[] = {
    "pronouns",   "titles",            "role_nouns",    "hedges",
    "honorifics", "org_heads",         "attribution_verbs", "agent_nouns",
    "speech_skip_words", "first_person", "first_names"};

class RuleSet {
 public:
  // Loads every rule file under `paths` (directories or files). Errors and
  // warnings are appended to `diagnostics`; the status is an error when any
  // diagnostic is an error (its message then says how many).
  //
  // The order of `paths` does not matter: they are loaded in one canonical
  // order, and rules (and lexicons) keep it, which is what "the earlier rule"
  // of an overlap tie means. A path that builds on another (its patterns use
  // a lexicon or label that only the other defines) comes before it, so a
  // user's folder given beside the default rules wins ties against the rules
  // it refines; of paths that do not build on each other, the one with
  // fewer rules comes first (the more specific), then by path.
  // A lexicon entry that repeats one of a path loaded after its own (a
  // user's cue a default lexicon has) gets a warning naming the other file.
  // Files in a folder go in sorted order. After the files, a lexicon of
  // actors that no actor rule uses gets its implicit rule
  // `actor.lexicon.NAME` (loader.cc, AddImplicitActorRules).
  static Status Load(const std::vector<std::string>& paths, std::unique_ptr<RuleSet>* out,
                     std::vector<Diagnostic>* diagnostics);

  lexicon::LexiconSet lexicons;
  std::vector<Rule> rules;
  std::vector<std::string> files;   // every file loaded, in order
  std::string fingerprint;          // hex digest of paths and contents

  // The rule called `id`, or nullptr.
  const Rule* Find(std::string_view id) const;
  // The source text of a loaded file (for carets in diagnostics).
  std::string_view Source(const std::string& file) const;
  // Fills d->source_line from the loaded file.
  void AttachSourceLine(Diagnostic* d) const;

 private:
  std::map<std::string, std::string> sources_;
  friend class Loader;
};

}  // namespace argx::rules

#endif  // ARGX_RULES_RULE_SET_H_
