// The extractor: rules loaded and compiled once, then run on many documents.
//
//   std::unique_ptr<argx::extract::Extractor> ex;
//   std::vector<argx::rules::Diagnostic> diags;      // errors, warnings
//   argx::Status s = argx::extract::Extractor::Create({"rules"}, &ex, &diags);
//   if (!s.ok()) for (auto& d : diags) print(d.Format());  // "rules/x.yaml:3:7: ..."
//   argx::extract::Extractor::Scratch scratch;       // one per thread
//   argx::extract::Extractions out;
//   ex->Extract(analyzed_doc, &scratch, &out);
//
// Extract() is const and thread-safe: workers share one Extractor, each with
// its own Scratch.
//
// What happens in Extract(), in order:
//   1. lexicons are matched (one trie pass);
//   2. stage `actors`: actor rules give mentions, resolved to canonical actors
//      (lexicon attributes canonical/id/type/affiliation, or a person's name);
//      then names no lexicon lists are found by their context (FindOpenNames:
//      a person after an honorific, title or role noun, before or after an
//      attribution verb, with an appositive, an initial, a first name or a
//      family name used alone; an organisation by its head word, "Center",
//      "Party"; acronyms defined in parentheses), the longest name winning
//      over listed names inside it; then, per document, a later surname or a
//      first name resolves to a person seen in full ("Macron" -> Emmanuel
//      Macron); "the Clinton campaign" becomes an organisation of its own;
//      every mention becomes an @actor span (a mention from a user's lexicon
//      of actors, by its implicit rule actor.lexicon.NAME, first hides the
//      shorter lexicon spans it overlaps); genders are noted (honorifics,
//      the pronouns the text uses for the person, lexicon first_names);
//   2b. speech (FindSpeech): quotations are paired over the document, and
//      every attribution verb (lexicon attribution_verbs, "according to")
//      gets its speaker from before or after it, or from the clause's
//      subject; unnamed speakers are agents ("officials") or their
//      affiliation; quotations without a tag go on with the speaker before;
//   3. stage `phrases`: label rules (negation, clause ends, hypotheticals...);
//   4. stage `stances`: each match gives one stance per holder actor inside
//      its `holder` capture (coordination), a pronoun resolved to the actor
//      it stands for ("I"/"we" inside a quotation: its speaker; "he"/"she":
//      of that gender, up to four sentences back, preferring the speaker or
//      subject of the passage), a title ("the Serbian president") to the latest person
//      of that state mentioned before; a rule with `holder: speaker` gives the
//      stance to the speaker of the quotation its cue stands in; an odd number of `negation` captures flips the
//      polarity; a `blocker` capture, a question, or a cue inside a
//      @hypothetical span gives no stance;
//   5. stage `claims`: each match gives a claim by its `claimant` (or AUTHOR
//      when the rule sets claimant: AUTHOR), with hedges found in the
//      sentence (lexicon `hedges`); then the speech claims of step 2b that no
//      rule's claim already covers (a rule's cue wins); an AUTHOR claim whose
//      cue lies inside an actor's attributed content, or inside a quotation,
//      is not the author's.
#ifndef ARGX_EXTRACT_EXTRACTOR_H_
#define ARGX_EXTRACT_EXTRACTOR_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "extract/extraction.h"
#include "rules/program.h"
#include "rules/rule_set.h"
#include "text/analyzed_text.h"
#include "text/segmenter.h"

namespace argx::extract {

// A kept match of a stance or claim rule that produced no extraction, and
// why: "the sentence is a question", "Nauru already holds a support stance
// on an overlapping target here (rule stance.x)".
struct DroppedMatch {
  uint32_t rule = 0;  // index into rule_set().rules
  uint32_t sentence = 0;
  uint32_t first = 0, end = 0;  // the match's tokens
  std::string reason;
};

// A verb of saying (lexicon attribution_verbs) that the built-in speech
// attribution (claim.open.say) made no claim of, and why: "no speaker: ...",
// "negated ('did not say'): it asserts nothing".
struct UnclaimedVerb {
  uint32_t sentence = 0;
  uint32_t first = 0, end = 0;  // the verb's tokens
  std::string reason;
};

// What Extract() saw on the way, for `argx explain` and the example runner.
struct Trace {
  std::vector<rules::RuleMatch> matches;  // every kept match of every stage
  rules::DocState state;                  // lexicon and label spans at the end; losses
  std::vector<DroppedMatch> dropped;      // kept matches that made nothing, with the reason
  std::vector<UnclaimedVerb> unclaimed;   // verbs of saying the built-in speech left alone
};

// The ids the extractor writes for what its own code finds, not a rule of a
// rule file: open-world names, speech attribution, name resolution. They
// appear as `rule` in the database and the export; `argx rules list` and
// `argx explain --rule ID` describe them. Their words come from the
// lexicons named (rules/lexicons/open_world.yaml, rules/actors/persons.yaml).
struct BuiltInRule {
  std::string_view id;
  std::string_view description;
  std::string_view lexicons;
};
inline constexpr BuiltInRule kBuiltInRules[] = {
    {"actor.open.person", "a person no lexicon lists, by the shape of the name and what it does",
     "first_names, honorifics, titles, role_nouns, non_name_words"},
    {"actor.open.organization",
     "an organisation no lexicon lists: a capitalised name with a head word",
     "org_heads, non_name_words"},
    {"actor.open.person-organization", "a person's name used as the name of an organisation",
     "org_heads"},
    {"actor.open.acronym",
     "an acronym defined in parentheses after a name, or an organisation's initials "
     "(\"ISA\" after \"International Seabed Authority\")",
     ""},
    {"resolve.surname",
     "a family name alone, or Mr./Ms. and a family name, resolved to the person "
     "named in full before",
     "honorifics"},
    {"resolve.first-name", "a first name alone resolved to the person named in full before",
     "first_names"},
    {"claim.open.say",
     "a speaker and an attribution verb (\"X said ...\", \"..., said X\"); "
     "a negated verb asserts nothing",
     "attribution_verbs, speech_skip_words, agent_nouns, pronouns"},
    {"claim.open.according", "\"according to X\"", "agent_nouns"},
    {"claim.open.colon",
     "a name and a colon opening a sentence (\"Clinton: ...\", a transcript's \"JOEL "
     "BENENSON: ...\")",
     ""},
    {"claim.open.quote",
     "a quotation attributed to its speaker (before, after or inside it, or the "
     "speaker of the quotation before)",
     "attribution_verbs, first_person"},
};

// The built-in rule `id`, or nullptr.
inline const BuiltInRule* FindBuiltInRule(std::string_view id) {
  for (const BuiltInRule& r : kBuiltInRules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

class Extractor {
 public:
  // Per-thread working memory, reused across documents.
  class Scratch {
   public:
    Scratch();
    ~Scratch();

   private:
    friend class Extractor;
    rules::DocState state;
    std::vector<rules::RuleMatch> matches;
    text::AnalyzedText window_text;  // ExtractInWindows: the window being read
  };

  // How ExtractInWindows() cuts a document.
  struct WindowOptions {
    // A window ends at the first line break after this many bytes (a line
    // break always ends a sentence); a text no longer than this is one
    // window. Reading a window takes about 100 bytes of memory per byte of
    // it: the default keeps that near 100 MB, and larger windows are not
    // faster.
    size_t window_bytes = 1 << 20;
    // The text before a window that is read with it (from a line start at
    // least this far back, and at least 8 lines with text): the sentences
    // that pronouns, quotations and the speaker of a passage look back to.
    // What looks back further (a title for the latest person named, "the
    // Serbian president") is handed from window to window; this only trades
    // time (the lookbehind is read again) for fewer such hand-overs.
    size_t lookbehind_bytes = 64 << 10;
  };

  // One window of a document, as ExtractInWindows() hands it over.
  struct Window {
    uint32_t document_sentences = 0;  // the number of sentences of the whole document
    uint32_t first_sentence = 0;      // the document's number of the window's first sentence
    std::vector<Span> sentences;      // each sentence of the window, in code points of the document
    Extractions extractions;  // of the window's sentences; sentence numbers are the document's
  };

  // Loads every rule file under each of `rule_paths` (a directory tree or a
  // single .yaml file) and compiles it. Errors and warnings go to
  // `diagnostics` (may be null); the status is an error if any is an error.
  static Status Create(const std::vector<std::string>& rule_paths,
                       std::unique_ptr<Extractor>* out,
                       std::vector<rules::Diagnostic>* diagnostics = nullptr);
  ~Extractor();

  // Hex digest over every rule file's path and content: it changes whenever
  // a rule or lexicon changes, so stored documents know what produced them.
  const std::string& fingerprint() const { return rules_->fingerprint; }
  const rules::RuleSet& rule_set() const { return *rules_; }
  const rules::Program& program() const { return *program_; }

  // Runs every stage on `doc` and fills `out` (cleared first). With `trace`,
  // also records every rule match, the final spans and every match that lost
  // an overlap (DocState::losses).
  void Extract(const text::AnalyzedText& doc, Scratch* scratch, Extractions* out,
               Trace* trace = nullptr) const;

  // Extracts a document of any length from its text (valid UTF-8) with
  // bounded memory: the text is read in windows of sentences
  // (WindowOptions), each segmented, extracted and handed to `emit` in
  // order, then dropped, so memory holds the text, one window and what the
  // document says as a whole (the family names, first names, acronyms and
  // genders it defines, a few bytes per name). The windows together give
  // what Extract() gives for the whole text, sentence numbers and offsets
  // counted in the document. Each window is read four times (see extractor.cc:
  // "windows"); a text of one window is read once, by Extract(). Returns
  // the first error of `segmenter` or of `emit`, after which nothing more
  // is emitted.
  Status ExtractInWindows(std::string_view text, text::Segmenter* segmenter, Scratch* scratch,
                          const WindowOptions& options,
                          const std::function<Status(Window*)>& emit) const;

  // The usual gender of a first name ("Hillary" -> 'f', "Bernie" -> 'm'), or
  // 0 when lexicon `first_names` does not list it or lists it for both.
  char FirstNameGender(std::string_view name) const;

  // Whether lexicon entry `entry` has `type: none` (a name that is no
  // actor); read for every lexicon span of every document, so computed once.
  bool TypeNone(uint32_t entry) const { return entry < type_none_.size() && type_none_[entry]; }

  // Whether the actor lexicon entry of `actor` (by id, or by canonical name
  // when the entry gave no id) lists `noun` (a lower-case key) in its
  // `known_as` ("regulator|watchdog"): the words a text uses for it after
  // naming it ("the regulator said").
  bool KnownAs(const Actor& actor, std::string_view noun) const;

  // The gender an actor lexicon entry gives its person (`gender: male` or
  // `female`; by id, or by canonical name): 'm', 'f', or 0 when none. It
  // decides which of "he" and "she" may stand for the person before any
  // first name or honorific does ("Kristen Michal", gender: male).
  char ActorGender(const Actor& actor) const;

 private:
  Extractor();
  std::unique_ptr<rules::RuleSet> rules_;
  std::unique_ptr<rules::Program> program_;
  std::unordered_map<std::string, char> first_name_gender_;  // from lexicon first_names
  std::vector<uint8_t> type_none_;                           // by lexicon entry: TypeNone()
  // What actor lexicon entries say of their actor beyond its name:
  // `known_as` nouns (match keys) and `gender` ('m', 'f' or 0). Keyed by
  // the entry's id, or "name:" and its canonical name when it gives no id.
  struct ActorFacts {
    std::vector<std::string> known_as;
    char gender = 0;
  };
  std::unordered_map<std::string, ActorFacts> actor_facts_;
  // The facts of `actor` under its id, then under its name, until `found`
  // returns true for one; returns whether it did.
  bool AnyFacts(const Actor& actor, const std::function<bool(const ActorFacts&)>& found) const;
};

}  // namespace argx::extract

#endif  // ARGX_EXTRACT_EXTRACTOR_H_
