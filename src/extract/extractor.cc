#include "extract/extractor.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"
#include "text/normalize.h"

namespace argx::extract {

using rules::Capture;
using rules::DocState;
using rules::OutputKind;
using rules::Rule;
using rules::RuleMatch;
using rules::SpanInfo;
using rules::Stage;

Extractor::Scratch::Scratch() = default;
Extractor::Scratch::~Scratch() = default;
Extractor::Extractor() = default;
Extractor::~Extractor() = default;

bool Extractor::AnyFacts(const Actor& actor,
                         const std::function<bool(const ActorFacts&)>& found) const {
  if (actor_facts_.empty()) return false;
  for (const std::string& key : {actor.id, "name:" + actor.name}) {
    if (auto it = actor_facts_.find(key); it != actor_facts_.end() && found(it->second)) {
      return true;
    }
  }
  return false;
}

bool Extractor::KnownAs(const Actor& actor, std::string_view noun) const {
  return AnyFacts(actor, [&](const ActorFacts& facts) {
    return std::find(facts.known_as.begin(), facts.known_as.end(), noun) != facts.known_as.end();
  });
}

char Extractor::ActorGender(const Actor& actor) const {
  char gender = 0;
  AnyFacts(actor, [&](const ActorFacts& facts) {
    gender = facts.gender;
    return gender != 0;
  });
  return gender;
}

char Extractor::FirstNameGender(std::string_view name) const {
  auto it = first_name_gender_.find(std::string(name));
  return it == first_name_gender_.end() ? 0 : it->second;
}

Status Extractor::Create(const std::vector<std::string>& rule_paths,
                         std::unique_ptr<Extractor>* out,
                         std::vector<rules::Diagnostic>* diagnostics) {
  std::vector<rules::Diagnostic> local;
  if (diagnostics == nullptr) diagnostics = &local;
  std::unique_ptr<Extractor> ex(new Extractor());
  Status s = rules::RuleSet::Load(rule_paths, &ex->rules_, diagnostics);
  if (!s.ok()) return s;
  s = rules::Program::Compile(*ex->rules_, &ex->program_, diagnostics);
  if (!s.ok()) return s;
  const lexicon::LexiconSet& lexicons = ex->rules_->lexicons;
  ex->type_none_.resize(lexicons.entry_count());
  for (size_t i = 0; i < lexicons.entry_count(); ++i) {
    ex->type_none_[i] = lexicons.entry(i).Attr("type") == "none";
  }
  for (size_t i = 0; i < lexicons.entry_count(); ++i) {
    const lexicon::Entry& e = lexicons.entry(i);
    const std::string_view known_as = e.Attr("known_as");
    const std::string_view gender = e.Attr("gender");
    if (known_as.empty() && gender.empty()) continue;
    // By id, or by canonical name for an entry that leaves its id to argx.
    const std::string key = !e.Attr("id").empty() ? std::string(e.Attr("id"))
                                                  : "name:" + std::string(e.Attr("canonical"));
    ActorFacts& facts = ex->actor_facts_[key];
    if (gender == "male" || gender == "female") facts.gender = gender[0];
    std::vector<std::string>& nouns = facts.known_as;
    for (std::string_view rest = known_as; !rest.empty();) {
      const size_t bar = rest.find('|');
      std::string noun = text::MatchKey(rest.substr(0, bar));
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      if (!noun.empty() && std::find(nouns.begin(), nouns.end(), noun) == nouns.end()) {
        nouns.push_back(std::move(noun));
      }
    }
  }
  int first_names = lexicons.Find("first_names");
  for (size_t i = 0; first_names >= 0 && i < lexicons.entry_count(); ++i) {
    const lexicon::Entry& e = lexicons.entry(i);
    if (static_cast<int>(e.lexicon) != first_names) continue;
    std::string_view g = e.Attr("gender");
    ex->first_name_gender_.emplace(e.text, g.empty() ? 0 : g[0]);
  }
  *out = std::move(ex);
  return Status::Ok();
}

namespace {

// A set of words, each a view into text that outlives the set (the
// document, DocumentTables' strings): open addressing by an FNV-1a hash, a
// power of two in size and at most half full. IndexOpenWorldWords adds
// every lower-case word of a document; std::unordered_set hashed each with
// _Hash_bytes, found its bucket by a division and allocated a node per new
// word.
class WordSet {
 public:
  // Adds `w`; returns whether it was not there yet.
  bool insert(std::string_view w) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    const uint32_t h = Hash(w);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (!slot.used) {
        slot = {w.data(), static_cast<uint32_t>(w.size()), h, true};
        ++size_;
        return true;
      }
      if (slot.hash == h && slot.word() == w) return false;
    }
  }
  size_t count(std::string_view w) const {
    if (size_ == 0) return 0;
    const uint32_t h = Hash(w);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (!slot.used) return 0;
      if (slot.hash == h && slot.word() == w) return 1;
    }
  }
  void clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  struct Slot {
    const char* data = nullptr;
    uint32_t size = 0;
    uint32_t hash = 0;
    bool used = false;
    std::string_view word() const { return {data, size}; }
  };
  static uint32_t Hash(std::string_view w) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (char c : w) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001B3ull;
    return static_cast<uint32_t>(h ^ (h >> 32));
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, 2 * old.size()), Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (!slot.used) continue;
      size_t i = slot.hash & mask;
      while (slots_[i].used) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// Lexicons the extractor itself consults, when a rules tree defines them.
constexpr const char* kPronounsLexicon = "pronouns";      // attr refers: person|thing|plural
constexpr const char* kTitlesLexicon = "titles";          // "the Minister said" -> last person
constexpr const char* kRoleNounsLexicon = "role_nouns";   // "the president said", lowercase
constexpr const char* kHedgesLexicon = "hedges";          // likely, could, potentially ...
constexpr const char* kHypotheticalLabel = "hypothetical";
// Lexicons of the open-world mechanisms (rules/lexicons/open_world.yaml).
constexpr const char* kHonorificsLexicon = "honorifics";
constexpr const char* kOrgHeadsLexicon = "org_heads";
constexpr const char* kAttributionVerbsLexicon = "attribution_verbs";
constexpr const char* kAgentNounsLexicon = "agent_nouns";
constexpr const char* kSpeechSkipLexicon = "speech_skip_words";
constexpr const char* kFirstPersonLexicon = "first_person";
constexpr const char* kNonNameLexicon = "non_name_words";
constexpr const char* kParticlesLexicon = "name_particles";
constexpr const char* kNotActorsLexicon = "not_actors";
constexpr const char* kLikelihoodLabel = "claim_likelihood";
constexpr const char* kObligationLabel = "claim_obligation";

// Whether the '|'-separated `list` ("organization|group") holds `item`.
bool ListHas(std::string_view list, std::string_view item) {
  while (!list.empty()) {
    size_t bar = list.find('|');
    if (list.substr(0, bar) == item) return true;
    if (bar == std::string_view::npos) break;
    list.remove_prefix(bar + 1);
  }
  return false;
}

Span CodePoints(const text::AnalyzedText& doc, uint32_t first, uint32_t end) {
  if (first >= end) return {};
  return {doc.tokens[first].cp_begin, doc.tokens[end - 1].cp_end};
}

std::string Slug(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (c >= 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// An actor no lexicon lists, found by the extractor's own reading: id
// "TYPE:slug-of-name", source "open-world".
Actor OpenWorldActor(std::string name, std::string type) {
  Actor a;
  a.id = type + ":" + Slug(name);
  a.name = std::move(name);
  a.type = std::move(type);
  a.source = "open-world";
  return a;
}

// The attributes of a lexicon entry that make an actor.
struct ActorAttrs {
  std::string_view canonical, id, type, affiliation;
};

// Reads them in one pass over the entry's (few, sorted) attributes instead
// of one binary search of string compares per key. The first of duplicate
// keys wins, as in Entry::Attr.
ActorAttrs ReadActorAttrs(const lexicon::Entry& e) {
  ActorAttrs a;
  bool seen[4] = {false, false, false, false};
  auto take = [&seen](int i, std::string_view* field, std::string_view value) {
    if (!seen[i]) *field = value;
    seen[i] = true;
  };
  for (const auto& [k, v] : e.attributes) {
    if (k == "canonical") {
      take(0, &a.canonical, v);
    } else if (k == "id") {
      take(1, &a.id, v);
    } else if (k == "type") {
      take(2, &a.type, v);
    } else if (k == "affiliation") {
      take(3, &a.affiliation, v);
    }
  }
  return a;
}

struct Mention {
  uint32_t sentence, first, end;
  Actor actor;
  std::string rule;
  bool hides_shorter = false;  // a user's lexicon of actors (Rule::implicit): see PublishActors
  // An open-world person with a sign of being one: a first name, a title
  // or honorific, an initial, a family name used alone, "who" or a role
  // after it. Without one, the pronouns after it decide (ResolveSurnames).
  bool person_cue = false;
};

// ---- windows ---------------------------------------------------------------
//
// A large document is read in windows of sentences (Extractor::ExtractInWindows),
// each analysed on its own, and read four times, so that every window sees
// what the whole document says, exactly as one run over the whole text would:
//   1. kSurvey: the words the document writes in lower case somewhere, and
//      the capitalised words that stand alone (open-world names use both);
//   2. kNames: the first full name of each family name and first name
//      (ResolveSurnames), the acronyms defined ("(RSF)");
//   3. kGenders: the gender each person's honorific or pronouns say;
//   4. kExtract: everything, with what passes 1 to 3 found.
// Each window is run with the text before it (the lookbehind: pronouns,
// titles and quotations look back) and the line after it (the lookahead: an
// attribution opening the next sentence names the speaker of a quotation
// before it); only the window's own sentences give output. What speech
// attribution carries from one sentence to the next (the speaker and the
// subject of each sentence, the speaker of the last quotation) and the
// latest actors that titles and roles look back to without bound are
// handed from one window to the next in SpeechCarry; a mention they name
// from before a run's text joins its mentions as a "ghost" (AddGhost).
enum class Pass { kWhole, kSurvey, kNames, kGenders, kExtract };

// A mention of another window's run: its sentence in the document and its
// place among that sentence's mentions (a sentence's mentions are the same
// in every run that reads it: they depend on the sentence and the
// DocumentTables only).
struct MentionRef {
  uint32_t sentence = 0, ordinal = 0;
};

// What passes 1 to 3 learn about the whole document; owned by
// ExtractInWindows, read by every later pass.
struct DocumentTables {
  std::unordered_set<std::string> lowercase_words;
  // Standalone capitalised words; those opening a sentence count only when
  // the document never writes them in lower case (IndexOpenWorldWords).
  std::unordered_set<std::string> standalone_words, standalone_unless_lowercase;
  WordSet lowercase_view, standalone_view;            // into the sets above
  std::unordered_map<std::string, Actor> acronyms;    // the first definition of each
  std::unordered_map<std::string, Actor> initials;    // "ISA" -> the first organisation so named
  std::unordered_map<std::string, Mention> surnames;  // family name key -> first full name
  struct FirstName {
    Mention full;
    bool ambiguous = false;  // two people of the document share it
  };
  std::unordered_map<std::string, FirstName> first_names;
  std::unordered_map<std::string, char> honorific_gender;             // actor id -> 'm'/'f'
  std::unordered_map<std::string, std::pair<int, int>> gender_votes;  // actor id -> (he, she)
  std::unordered_map<std::string, char> gender;                       // the result of both

  // After pass 1: the views DocumentRun reads.
  void FinishSurvey() {
    for (const std::string& w : lowercase_words) lowercase_view.insert(w);
    for (const std::string& w : standalone_unless_lowercase) {
      if (lowercase_words.count(w) == 0) standalone_words.insert(w);
    }
    standalone_unless_lowercase.clear();
    for (const std::string& w : standalone_words) standalone_view.insert(w);
  }
  // After pass 3, as NoteGenders decides: an honorific first, else a clear
  // majority of the pronoun votes.
  void FinishGenders() {
    gender = honorific_gender;
    for (const auto& [id, v] : gender_votes) {
      char g = v.first >= 2 * v.second + 1 ? 'm' : v.second >= 2 * v.first + 1 ? 'f' : 0;
      if (g != 0) gender.emplace(id, g);
    }
  }
};

// A mention handed to the next window: where it is and what a later run
// reads of it when it lies before that run's text (a "ghost" there).
struct CarriedMention {
  MentionRef ref;
  Actor actor;
  std::string text;  // its words
  Span span;
};

// A speaker handed to the next window: the actor and words, and the
// mention when it is one.
struct CarriedParty {
  Actor actor;
  std::string text;
  Span span;
  bool has_mention = false;
  CarriedMention mention;
};

// Speech attribution state handed from one window's kExtract run to the
// next (see above), keyed by sentence of the document; and the latest
// mentions of the windows before, for the searches that look back without
// bound: a title for the latest person (of a state), a role for the latest
// person with that title, "the bank" for the latest organisation.
struct SpeechCarry {
  std::unordered_map<uint32_t, CarriedMention> speaker_of_sentence, subject_of_sentence;
  bool has_quote = false;          // a quotation opened before the next window
  uint32_t quote_open_cp = 0;      // its opening mark, in code points
  bool quote_has_speaker = false;  // its speaker after every rule
  CarriedParty quote_speaker;
  bool has_person = false, has_organization = false;
  CarriedMention latest_person, latest_organization;
  std::string latest_organization_head;  // key of its head word (NameHead)
  std::unordered_map<std::string, CarriedMention> person_of_affiliation;
  std::unordered_map<std::string, CarriedMention> person_after_title;  // lemma of the word before
};

// Where a windowed run's window lies among the run's sentences.
struct RunFrame {
  uint32_t base = 0;          // the document's index of the run's first sentence
  uint32_t window_first = 0;  // the window's first sentence (after the lookbehind)
  uint32_t window_end = 0;    // one past its last (before the lookahead)
  uint32_t next_base = UINT32_MAX;  // `base` of the next window's run
};

class DocumentRun {
 public:
  DocumentRun(const Extractor& ex, const text::AnalyzedText& doc, DocState* state,
              std::vector<RuleMatch>* matches, Extractions* out)
      : owner_(ex), prog_(ex.program()), rs_(ex.rule_set()), doc_(doc), state_(*state),
        matches_(*matches), out_(*out) {
    pronouns_ = rs_.lexicons.Find(kPronounsLexicon);
    titles_ = rs_.lexicons.Find(kTitlesLexicon);
    role_nouns_ = rs_.lexicons.Find(kRoleNounsLexicon);
    hedges_ = rs_.lexicons.Find(kHedgesLexicon);
    actor_name_ = prog_.SpanName("actor");
    hypothetical_ = prog_.SpanName(kHypotheticalLabel);
    honorifics_ = rs_.lexicons.Find(kHonorificsLexicon);
    org_heads_ = rs_.lexicons.Find(kOrgHeadsLexicon);
    attribution_verbs_ = rs_.lexicons.Find(kAttributionVerbsLexicon);
    agent_nouns_ = rs_.lexicons.Find(kAgentNounsLexicon);
    speech_skip_ = rs_.lexicons.Find(kSpeechSkipLexicon);
    first_person_ = rs_.lexicons.Find(kFirstPersonLexicon);
    non_names_ = rs_.lexicons.Find(kNonNameLexicon);
    particles_ = rs_.lexicons.Find(kParticlesLexicon);
    not_actors_ = rs_.lexicons.Find(kNotActorsLexicon);
    according_ = rs_.lexicons.Find("claim_according");
    not_clause_start_ = rs_.lexicons.Find("claim_not_clause_start");
    first_names_ = rs_.lexicons.Find("first_names");
    geo_heads_ = rs_.lexicons.Find("geo_heads");
    demonyms_ = rs_.lexicons.Find("demonyms");
    likelihood_ = prog_.SpanName(kLikelihoodLabel);
    obligation_ = prog_.SpanName(kObligationLabel);
  }

  // Record why kept matches made nothing into `dropped` (Trace::dropped).
  void TraceDrops(std::vector<DroppedMatch>* dropped) { dropped_ = dropped; }
  void TraceUnclaimed(std::vector<UnclaimedVerb>* unclaimed) { unclaimed_ = unclaimed; }

  // Makes this run one pass over one window of a larger document (see
  // "windows" above): `tables` holds what earlier passes found and what
  // this one adds to, `carry` (kExtract only) the speech attribution state
  // between windows. Without a call, the run reads a whole document.
  void SetWindow(Pass pass, DocumentTables* tables, const RunFrame& frame, SpeechCarry* carry) {
    pass_ = pass;
    tables_ = tables;
    frame_ = frame;
    carry_ = carry;
    if (pass != Pass::kSurvey) {
      lowercase_ = &tables->lowercase_view;
      standalone_ = &tables->standalone_view;
    }
  }

  void Run() {
    prog_.Begin(doc_, &state_);
    matches_.clear();
    if (pass_ == Pass::kSurvey) {  // reads the tokens and lexicon spans only
      IndexOpenWorldWords();
      return;
    }
    prog_.RunStage(Stage::kActors, doc_, &state_, &matches_);
    mentions_.reserve(matches_.size());  // at most one mention per match: no regrowth moves
    for (const RuleMatch& m : matches_) AddActorMatch(m);
    IndexOpenWorldWords();
    FindOpenNames();
    if (pass_ == Pass::kNames) {
      NoteNames();
      return;
    }
    ResolveSurnames();
    AddPersonOrganizations();
    PublishActors();
    NoteGenders();
    if (pass_ == Pass::kGenders) return;
    FindSpeech();
    size_t from = matches_.size();
    prog_.RunStage(Stage::kPhrases, doc_, &state_, &matches_);
    from = matches_.size();
    prog_.RunStage(Stage::kStances, doc_, &state_, &matches_);
    for (size_t i = from; i < matches_.size(); ++i) AddStance(matches_[i]);
    from = matches_.size();
    prog_.RunStage(Stage::kClaims, doc_, &state_, &matches_);
    for (size_t i = from; i < matches_.size(); ++i) AddClaim(matches_[i]);
    AddSpeechClaims();
    FinishClaims();
    if (pass_ == Pass::kExtract) {
      SaveCarry();
      KeepWindowOutput();
    }
  }

 private:
  // ---- actors ------------------------------------------------------------

  // The first lexicon span exactly covering [first, end) that names an
  // actor (has a canonical name or a type), with its attributes in *attrs.
  const SpanInfo* LexiconSpan(uint32_t sentence, uint32_t first, uint32_t end,
                              ActorAttrs* attrs) const {
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (s.entry < 0 || s.first != first || s.end != end) continue;
      *attrs = ReadActorAttrs(rs_.lexicons.entry(s.entry));
      if (!attrs->canonical.empty() || !attrs->type.empty()) return &s;
    }
    // Two names of one actor side by side, matched as one ("Eutelsat
    // OneWeb": the entry lists "Eutelsat" and "OneWeb"): the first, when
    // spans of entries with its canonical name cover the range.
    const SpanInfo* head = nullptr;
    std::string canonical;
    uint32_t covered = first;
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (s.entry < 0 || s.first != covered || s.end > end) continue;
      const std::string_view c = rs_.lexicons.entry(s.entry).Attr("canonical");
      if (c.empty() || (head != nullptr && c != canonical)) continue;
      if (head == nullptr) {
        head = &s;
        canonical = std::string(c);
      }
      covered = s.end;
    }
    if (head == nullptr || covered != end) return nullptr;
    *attrs = ReadActorAttrs(rs_.lexicons.entry(head->entry));
    return head;
  }

  // The canonical name of the first lexicon span with one inside [first, end).
  std::string CanonicalInside(uint32_t sentence, uint32_t first, uint32_t end) const {
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (s.entry < 0 || s.first < first || s.end > end) continue;
      std::string_view c = rs_.lexicons.entry(s.entry).Attr("canonical");
      if (!c.empty()) return std::string(c);
    }
    return "";
  }

  void AddActorMatch(const RuleMatch& m) {
    const Rule& rule = rs_.rules[m.rule];
    if (rule.output != OutputKind::kActor) return;
    const Capture* name = m.Find("name");
    uint32_t first = name ? name->first : m.first, end = name ? name->end : m.end;
    // A possessive is not part of the name, unless a lexicon lists the name
    // with it ("Christie's", "McDonald's").
    ActorAttrs listed;
    if (end > first && doc_.Key(doc_.tokens[end - 1]) == "'s" &&
        LexiconSpan(m.sentence, first, end, &listed) == nullptr) {
      while (end > first && doc_.Key(doc_.tokens[end - 1]) == "'s") --end;
    }
    if (first >= end) return;
    // A user's actor lexicon (an implicit rule) is its own lexicon group, so
    // the default names that are no actors do not hide its names by group:
    // a longer name listed as no actor around one hides it here ("Article
    // 36" inside "Article 36 of Additional Protocol I").
    if (rule.implicit) {
      for (const SpanInfo& s : state_.spans[m.sentence]) {
        if (s.entry >= 0 && s.first <= first && end <= s.end && s.end - s.first > end - first &&
            owner_.TypeNone(static_cast<uint32_t>(s.entry))) {
          return;
        }
      }
    }
    Actor a;
    a.source = rule.id;
    ActorAttrs attrs;
    if (const SpanInfo* lex = LexiconSpan(m.sentence, first, end, &attrs)) {
      const auto& e = rs_.lexicons.entry(lex->entry);
      a.name = attrs.canonical;
      a.id = attrs.id;
      a.type = attrs.type;
      a.affiliation = attrs.affiliation;
      a.source = "lexicon:" + rs_.lexicons.info(e.lexicon).name;
      if (a.name.empty()) a.name = CollapseSpaces(doc_.Span(first, end));
    }
    for (const auto& [k, v] : rule.set) {
      if (k == "type") a.type = v;
      else if (k == "id") a.id = v;
      else if (k == "canonical" || k == "actor") a.name = v;
      else if (k == "affiliation") a.affiliation = v;
    }
    if (a.name.empty()) a.name = CollapseSpaces(doc_.Span(first, end));
    if (const Capture* aff = m.Find("affiliation")) {
      // A longer listed name around the capture is the body meant: "Africa
      // CDC Director-General Jean Kaseya" is Africa CDC's, not the CDC's.
      std::string c;
      uint32_t longest = aff->end - aff->first;
      for (const SpanInfo& sp : state_.spans[m.sentence]) {
        if (sp.entry < 0 || sp.first > aff->first || sp.end < aff->end || sp.end > first) continue;
        std::string_view canonical = rs_.lexicons.entry(sp.entry).Attr("canonical");
        if (canonical.empty() || sp.end - sp.first <= longest) continue;
        longest = sp.end - sp.first;
        c = std::string(canonical);
      }
      if (c.empty()) c = CanonicalInside(m.sentence, aff->first, aff->end);
      if (!c.empty()) a.affiliation = c;
    }
    if (a.type == "none" || a.type.empty()) return;  // places, regions, treaties
    if (a.id.empty()) a.id = a.type + ":" + Slug(a.name);
    mentions_.push_back({m.sentence, first, end, std::move(a), rule.id, rule.implicit});
  }

  // Where the family name comes first ("Xi Jinping" -> "Xi", "Yoon Suk Yeol"
  // -> "Yoon"), by the person's affiliation.
  static bool FamilyNameFirst(const Actor& a) {
    static const char* const kStates[] = {"China", "Taiwan", "Hong Kong", "Macau", "South Korea",
                                          "North Korea", "Vietnam", "Mongolia"};
    for (const char* s : kStates) {
      if (a.affiliation == s) return true;
    }
    return false;
  }

  // "Macron" after "Emmanuel Macron": the surname alone is the same person,
  // whether it stands alone or a rule already took it as a one-word name
  // ("Minister Kovacs" after "Defence Minister Anna Kovacs").
  // The token of a full name's family name ("Pate" of "Luther Stan Pate IV").
  uint32_t FamilyNameToken(const Mention& m) const {
    uint32_t family = FamilyNameFirst(m.actor) ? m.first : m.end - 1;
    while (family > m.first + 1 && NameSuffix(family)) --family;
    return family;
  }

  // Pass kNames: the first full name of each family name and first name of
  // the window's sentences, as ResolveSurnames would note them.
  void NoteNames() {
    for (const Mention& m : mentions_) {
      if (!InWindow(m.sentence) || m.actor.type != "person" || m.end - m.first < 2) continue;
      tables_->surnames.emplace(std::string(KeyAt(FamilyNameToken(m))), m);
      if (FamilyNameFirst(m.actor) || !Bit(m.first, kFirstNameWord)) continue;
      auto [it, added] =
          tables_->first_names.emplace(std::string(KeyAt(m.first)), DocumentTables::FirstName{m});
      if (!added && !it->second.ambiguous && it->second.full.actor.id != m.actor.id) {
        it->second.ambiguous = true;
      }
    }
  }

  // The third-person pronouns in the words after mention `m`, to the end
  // of the next sentence: whether any calls someone "he", "she", "his",
  // "her" or "him" (`person`), and whether any says "it" or "its"
  // (`thing`). One-word and unexplained names are typed by them.
  struct PronounsAfter {
    bool person = false, thing = false;
  };
  PronounsAfter PronounsAfterMention(const Mention& m) const {
    PronounsAfter out;
    const uint32_t last = std::min<uint32_t>(m.sentence + 1, doc_.sentences.size() - 1);
    for (uint32_t t = m.end; t < doc_.sentences[last].end_token && !out.person; ++t) {
      const std::string_view k = KeyAt(t);
      out.person = k == "he" || k == "she" || k == "his" || k == "her" || k == "him";
      out.thing |= k == "it" || k == "its";
    }
    return out;
  }

  // An open-world person the text shows to be a body: an organisation.
  static void RetypeAsBody(Mention* m) {
    m->actor.type = "organization";
    m->actor.id = "organization:" + Slug(m->actor.name);
    m->rule = "actor.open.organization";
  }

  // ", the IMF's chief economist," / ", who": an appositive after the name
  // at `b` that says a person, by "who" or a role or title within it.
  bool RoleAfter(uint32_t b, uint32_t end) const {
    if (b + 1 >= end || KeyAt(b) != ",") return false;
    if (KeyAt(b + 1) == "who") return true;
    for (uint32_t t = b + 1; t < end && t < b + 8 && KeyAt(t) != ","; ++t) {
      if (Bit(t, kRoleNounWord) || Bit(t, kTitleWord) || Bit(t, kPersonRoleWord)) return true;
    }
    return false;
  }

  void ResolveSurnames() {
    // Key of the family name -> the full names with it, in text order, one
    // per person.
    std::unordered_map<std::string_view, std::vector<size_t>> surnames;
    for (size_t i = 0; i < mentions_.size() && tables_ == nullptr; ++i) {
      const Mention& m = mentions_[i];
      if (m.actor.type != "person" || m.end - m.first < 2) continue;
      std::vector<size_t>& same = surnames[doc_.Key(doc_.tokens[FamilyNameToken(m)])];
      bool known = false;
      for (size_t j : same) known |= mentions_[j].actor.id == m.actor.id;
      if (!known) same.push_back(i);
    }
    // Two people of one family name ("Bill Clinton" and "Hillary Clinton"):
    // the first named, the one the article is most often about, unless an
    // honorific before the family name alone says the other gender than
    // that person's first name ("Mrs. Clinton" is not Bill Clinton).
    auto full_name_for = [&](std::string_view key, uint32_t at) -> const Mention* {
      if (tables_ != nullptr) {  // a window: the whole document's full names
        auto it = tables_->surnames.find(std::string(key));
        return it == tables_->surnames.end() ? nullptr : &it->second;
      }
      auto it = surnames.find(key);
      if (it == surnames.end()) return nullptr;
      const std::vector<size_t>& cands = it->second;
      const char honorific = cands.size() > 1 && at > 0 ? HonorificGender(at - 1) : 0;
      for (size_t i : cands) {
        const char g = FirstNameGenderOf(mentions_[i].actor.name);
        if (honorific == 0 || g == 0 || g == honorific) return &mentions_[i];
      }
      return &mentions_[cands[0]];
    };
    // One-word persons that are the family name of a full name; a
    // hyphenated one is one word ("Adjei-Boateng" after "Mercy
    // Adjei-Boateng", keyed by its last part as the full name is).
    for (Mention& m : mentions_) {
      const bool hyphenated = m.end - m.first == 3 && KeyAt(m.first + 1) == "-";
      if (m.actor.type != "person" || (m.end - m.first != 1 && !hyphenated)) continue;
      if (const Mention* full = full_name_for(doc_.Key(doc_.tokens[m.end - 1]), m.first);
          full != nullptr && (!hyphenated || full->end - full->first >= 4)) {
        if (full->actor.id != m.actor.id) {
          m.actor = full->actor;
          m.rule = "resolve.surname";
        }
      } else if (m.rule == "actor.open.person" && m.end - m.first == 1 &&
                 !Bit(m.first, kFirstNameWord)) {
        // One word no full name explains, that the text goes on to call
        // "it", never "he" or "she": a body ("Ofgem said ... It added").
        const PronounsAfter pronouns = PronounsAfterMention(m);
        if (pronouns.thing && !pronouns.person) RetypeAsBody(&m);
      }
    }
    // A name of ordinary words taken for a person only because it speaks,
    // with no first name, title, initial, role or family name used alone,
    // that no "he" or "she" follows, is a body: "Medicines Patent Pool
    // said" (trials 21 to 24: companies and agencies read as persons).
    for (Mention& m : mentions_) {
      if (m.rule != "actor.open.person" || m.person_cue || m.actor.type != "person") continue;
      // Two words or more, one of them an ordinary word ("Planned
      // Parenthood", "World Relief", "Medicines Patent Pool"); a name of
      // unlisted words ("Zeynep Tufekci") may be a person's whose first name
      // no list holds, and one word may be a family name.
      // The ordinary word stands before the last ("Jeb Bush", "Khin Zaw
      // Win" end in one); an initial or a role word in the name says a
      // person ("Alderman William D. Burns", "Professor Knittel").
      bool ordinary = false, personal = false;
      for (uint32_t t = m.first; t < m.end && m.end - m.first >= 2; ++t) {
        const text::Token& tok = doc_.tokens[t];
        personal |= (tok.Has(text::kAbbreviation) && KeyAt(t).size() == 2) ||
                    Bit(t, kRoleNounWord) || Bit(t, kTitleWord) || Bit(t, kPersonRoleWord) ||
                    Bit(t, kHonorificWord);
        if (t + 1 < m.end) {
          ordinary |= tok.Has(text::kWord) && CommonWord(t) && !Bit(t, kParticleWord);
        }
      }
      if (!ordinary || personal || PronounsAfterMention(m).person) continue;
      RetypeAsBody(&m);
    }
    std::vector<char> covered(doc_.tokens.size(), 0);
    for (const Mention& m : mentions_) {
      for (uint32_t t = m.first; t < m.end; ++t) covered[t] = 1;
    }
    // Tokens inside lexicon names (places, organisations) are not surnames.
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      for (const SpanInfo& span : state_.spans[s]) {
        if (span.entry >= 0 && span.end - span.first > 1) {
          for (uint32_t t = span.first; t < span.end; ++t) covered[t] = 1;
        }
      }
    }
    // First names of full names -> the person, or SIZE_MAX when two people share it.
    std::unordered_map<std::string_view, size_t> first_names;
    for (size_t i = 0; i < mentions_.size() && tables_ == nullptr; ++i) {
      const Mention& m = mentions_[i];
      if (m.actor.type != "person" || m.end - m.first < 2 || FamilyNameFirst(m.actor)) continue;
      if (!Bit(m.first, kFirstNameWord)) continue;
      auto [it, added] = first_names.emplace(doc_.Key(doc_.tokens[m.first]), i);
      if (!added && it->second != SIZE_MAX && mentions_[it->second].actor.id != m.actor.id) {
        it->second = SIZE_MAX;  // a second person with this first name: ambiguous
      }
    }
    size_t n = mentions_.size();
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const text::Sentence& sent = doc_.sentences[s];
      for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
        if (covered[t] || !doc_.tokens[t].Has(text::kCapitalized)) continue;
        // "He" after "He Yadong" is still the pronoun (a family name written
        // first, like a pronoun at the start of a sentence).
        if (Bit(t, kPronounWord)) continue;
        const char* rule = "resolve.surname";
        const Mention* full = full_name_for(doc_.Key(doc_.tokens[t]), t);
        if (full == nullptr && Bit(t, kFirstNameWord) &&
            (t + 1 >= sent.end_token || !NameToken(t + 1))) {
          // "Hillary" after "Hillary Clinton": the first name alone, when
          // one person of the document has it.
          if (tables_ != nullptr) {
            auto it = tables_->first_names.find(std::string(KeyAt(t)));
            if (it != tables_->first_names.end() && !it->second.ambiguous) {
              full = &it->second.full;
              rule = "resolve.first-name";
            }
          } else {
            auto it = first_names.find(doc_.Key(doc_.tokens[t]));
            if (it != first_names.end() && it->second != SIZE_MAX) {
              full = &mentions_[it->second];
              rule = "resolve.first-name";
            }
          }
        }
        if (full == nullptr) continue;
        Mention copy = *full;
        copy.sentence = s;
        copy.first = t;
        copy.end = t + 1;
        copy.rule = rule;
        mentions_.push_back(std::move(copy));
        covered[t] = 1;
      }
    }
    if (mentions_.size() != n) SortMentions();
  }

  // Orders mentions_ by start, longer first, keeping the order of ties. The
  // sort runs on indices and each mention moves at most once: a Mention
  // holds seven strings, and std::stable_sort on them moved each O(log n)
  // times.
  void SortMentions() {
    order_.resize(mentions_.size());
    for (uint32_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
      const Mention& x = mentions_[a];
      const Mention& y = mentions_[b];
      return x.first < y.first || (x.first == y.first && x.end > y.end);
    });
    bool sorted = true;
    for (uint32_t i = 0; i < order_.size() && sorted; ++i) sorted = order_[i] == i;
    if (sorted) return;
    std::vector<Mention> out;
    out.reserve(mentions_.size());
    for (uint32_t i : order_) out.push_back(std::move(mentions_[i]));
    mentions_ = std::move(out);
  }

  void PublishActors() {
    SortMentions();
    // The same span and actor twice (two rules) is one mention; kept mentions
    // are compacted in place.
    size_t kept = 0;
    for (size_t r = 0; r < mentions_.size(); ++r) {
      const Mention& m = mentions_[r];
      bool dup = false;
      for (size_t k = kept; k > 0 && mentions_[k - 1].first == m.first; --k) {
        if (mentions_[k - 1].end == m.end && mentions_[k - 1].actor.id == m.actor.id) dup = true;
      }
      if (dup) continue;
      if (kept != r) mentions_[kept] = std::move(mentions_[r]);
      ++kept;
    }
    mentions_.resize(kept);
    out_.actors.reserve(out_.actors.size() + mentions_.size());
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      SpanInfo span;
      span.first = m.first;
      span.end = m.end;
      span.name = static_cast<uint32_t>(actor_name_);
      span.attrs = state_.AddAttrs({{"canonical", m.actor.name},
                                    {"id", m.actor.id},
                                    {"type", m.actor.type},
                                    {"affiliation", m.actor.affiliation}});
      span.source = static_cast<int32_t>(i);
      // The name of a user's actor lexicon is longest-wins against every
      // shorter lexicon span across or inside it ("The Alliance" of the
      // default pronouns in "The Alliance of Small Island States"): later
      // stages see the actor only.
      if (m.hides_shorter) {
        auto& spans = state_.spans[m.sentence];
        spans.erase(std::remove_if(spans.begin(), spans.end(),
                                   [&m](const SpanInfo& s) {
                                     return s.entry >= 0 && s.first < m.end && m.first < s.end &&
                                            s.end - s.first < m.end - m.first;
                                   }),
                    spans.end());
      }
      // The place and agency of a dateline ("SUVA, Fiji (AP) -") are
      // mentioned, but the rules do not see them act: the agency reports,
      // it neither holds nor claims what the sentence says.
      if (m.end > DatelineEnd(m.sentence)) state_.AddSpan(m.sentence, span);
      if (pass_ == Pass::kGenders) continue;  // reads the spans, reports nothing
      ActorMention am;
      am.sentence = m.sentence;
      am.span = CodePoints(doc_, m.first, m.end);
      am.text = std::string(doc_.Span(m.first, m.end));
      am.actor = m.actor;
      am.rule = m.rule;
      out_.actors.push_back(std::move(am));
    }
  }

  // ---- holders and claimants -----------------------------------------------

  // Actor mentions inside tokens [first, end), outermost only.
  // mentions_ is in text order (PublishActors): the index of the first
  // mention that begins at or after token `t`. Lookups stay logarithmic, so
  // a document's cost does not grow with the square of its mentions.
  size_t FirstMentionFrom(uint32_t t) const {
    return std::partition_point(mentions_.begin(), mentions_.end(),
                                [t](const Mention& m) { return m.first < t; }) -
           mentions_.begin();
  }

  std::vector<size_t> ActorsIn(uint32_t first, uint32_t end) const {
    std::vector<size_t> out;
    const size_t lo = FirstMentionFrom(first);
    for (size_t i = lo; i < mentions_.size() && mentions_[i].first < end; ++i) {
      const Mention& m = mentions_[i];
      if (m.first < first || m.end > end) continue;
      bool inner = false;
      for (size_t j = lo; j < mentions_.size() && mentions_[j].first < end; ++j) {
        const Mention& o = mentions_[j];
        if (j != i && o.first <= m.first && o.end >= m.end && o.end - o.first > m.end - m.first &&
            o.first >= first && o.end <= end) {
          inner = true;
        }
      }
      if (!inner) out.push_back(i);
    }
    return out;
  }

  // The first token of the pronouns span ("the bloc") that ends at token
  // `end`, else end - 1.
  uint32_t PronounSpanStart(uint32_t sentence, uint32_t end) const {
    if (pronouns_ >= 0) {
      for (const SpanInfo& s : state_.spans[sentence]) {
        if (s.entry >= 0 && static_cast<int>(s.name) == pronouns_ && s.end == end) return s.first;
      }
    }
    return end - 1;
  }

  std::string_view LexiconAttr(uint32_t sentence, uint32_t first, uint32_t end, int lexicon,
                               std::string_view key) const {
    if (lexicon < 0) return {};
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (s.entry >= 0 && static_cast<int>(s.name) == lexicon && s.first >= first && s.end <= end) {
        return rs_.lexicons.entry(s.entry).Attr(key);
      }
    }
    return {};
  }

  // A span of lexicon or label `lexicon` (span names cover both) inside tokens [first, end).
  bool HasLexicon(uint32_t sentence, uint32_t first, uint32_t end, int lexicon) const {
    if (lexicon < 0) return false;
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (static_cast<int>(s.name) == lexicon && s.first >= first && s.end <= end) return true;
    }
    return false;
  }

  // ---- gender ------------------------------------------------------------------
  //
  // "he" and "she" take a person of their gender when it is known: from an
  // honorific before a mention in this document (Mr. / Ms. / Mrs.), else from
  // the person's first name (lexicon first_names). Unknown fits both.

  // 'm', 'f' or 0 for the pronoun at [first, end) (pronouns attribute gender).
  char PronounGender(uint32_t sentence, uint32_t first, uint32_t end) const {
    std::string_view g = LexiconAttr(sentence, first, end, pronouns_, "gender");
    return g.empty() ? 0 : g[0];
  }

  // 'm' or 'f' for the honorific at token t (Mr., Mrs., Ms.), else 0.
  char HonorificGender(uint32_t t) const {
    const std::string_view h = doc_.Surface(doc_.tokens[t]);
    if (h == "Mr." || h == "Mr") return 'm';
    if (h == "Ms." || h == "Ms" || h == "Mrs." || h == "Mrs") return 'f';
    return 0;
  }

  // The gender the first word of a full name has in the first_names
  // lexicon ("Hillary Clinton": 'f'), or 0.
  char FirstNameGenderOf(const std::string& name) const {
    return owner_.FirstNameGender(std::string_view(name).substr(0, name.find(' ')));
  }

  // In order of trust: the lexicon entry's gender, an honorific in this
  // document, the first name, and last the pronouns the text uses after
  // the person's mentions, which one misread sentence can sway ("Mary
  // Smith criticized Trump, saying she ..." is a vote for Trump as "she").
  char GenderOf(const Mention& m) const {
    if (const char listed = owner_.ActorGender(m.actor); listed != 0) return listed;
    const auto& honorifics = tables_ != nullptr ? tables_->honorific_gender : honorific_of_actor_;
    if (auto it = honorifics.find(m.actor.id); it != honorifics.end()) return it->second;
    if (const char by_name = FirstNameGenderOf(m.actor.name); by_name != 0) return by_name;
    const auto& genders = tables_ != nullptr ? tables_->gender : gender_of_actor_;
    auto it = genders.find(m.actor.id);
    return it != genders.end() ? it->second : 0;
  }

  bool GenderFits(char pronoun, const Mention& m) const {
    if (pronoun == 0) return true;
    char g = GenderOf(m);
    return g == 0 || g == pronoun;
  }

  // Honorifics before person mentions fix their actor's gender; failing
  // that, the pronouns the text uses for the person: a "he/his/him" or
  // "she/her" later in a sentence whose nearest person before it is that
  // person is a vote ("Clinton said she ..."), and a clear majority decides.
  //
  // A window (pass kGenders) adds the honorifics and votes of its sentences
  // to DocumentTables, which decides once all are in (FinishGenders); pass
  // kExtract reads the result there.
  void NoteGenders() {
    gender_of_actor_.clear();
    honorific_of_actor_.clear();
    if (pass_ == Pass::kExtract) return;
    auto& honorific_gender = tables_ != nullptr ? tables_->honorific_gender : honorific_of_actor_;
    for (const Mention& m : mentions_) {
      if (m.actor.type != "person" || m.first == 0 || !InWindow(m.sentence)) continue;
      if (const char g = HonorificGender(m.first - 1); g != 0) {
        honorific_gender.emplace(m.actor.id, g);
      }
    }
    if (pronouns_ < 0) return;
    std::unordered_map<std::string_view, std::pair<int, int>> votes;  // actor id -> (he, she)
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      if (!InWindow(s)) continue;
      const text::Sentence& sent = doc_.sentences[s];
      int32_t last_person = -1;
      size_t i = FirstMentionFrom(sent.first_token);
      for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
        for (; i < mentions_.size() && mentions_[i].first <= t; ++i) {
          if (mentions_[i].actor.type == "person") last_person = static_cast<int32_t>(i);
        }
        if (last_person < 0 || !Bit(t, kPronounWord) || mentions_[last_person].end > t) continue;
        char g = PronounGender(s, t, t + 1);
        if (g == 0) continue;
        auto& v = tables_ != nullptr ? tables_->gender_votes[mentions_[last_person].actor.id]
                                     : votes[mentions_[last_person].actor.id];
        (g == 'm' ? v.first : v.second) += 1;
      }
    }
    for (const auto& [id, v] : votes) {
      char g = v.first >= 2 * v.second + 1 ? 'm' : v.second >= 2 * v.first + 1 ? 'f' : 0;
      if (g != 0) gender_of_actor_.emplace(std::string(id), g);
    }
  }

  // Resolves a pronoun or title at tokens [first, end) to earlier actors, in
  // this sentence or the one before:
  //   * they/their prefer the latest coordinated group of two or more actors
  //     ("Mali, Burkina Faso and Niger ... they"), else the latest
  //     organisation or named group, else the latest actor;
  //   * he/she/it take the latest fitting actor before them in
  //     the same sentence; at the start of a sentence, the first fitting
  //     actor of the sentence before, its likely subject ("The Kremlin
  //     insists that NATO ... . It has also ...").
  std::vector<size_t> Antecedents(uint32_t sentence, uint32_t first, uint32_t end) const {
    std::string refers(LexiconAttr(sentence, first, end, pronouns_, "refers"));
    if (refers == "speaker") {
      // "I", "we" inside a quotation: its speaker, when a named actor.
      if (first >= quote_of_.size() || quote_of_[first] < 0) return {};
      int32_t sp = quotes_[quote_of_[first]].speaker;
      if (sp < 0 || speakers_[sp].mention < 0) return {};
      return {static_cast<size_t>(speakers_[sp].mention)};
    }
    if (refers.empty() && (HasLexicon(sentence, first, end, titles_) ||
                           HasLexicon(sentence, first, end, role_nouns_))) {
      return TitleAntecedent(sentence, first, end);
    }
    if (refers.empty()) return {};
    const char pronoun_gender = PronounGender(sentence, first, end);
    if (refers == "person") {
      // he/she: the person the passage is about (PersonBefore: the latest
      // person earlier in the sentence, else the speaker, subject or first
      // person of the sentences before, in gender).
      int32_t m = PersonBefore(sentence, first, pronoun_gender);
      if (m >= 0) return {static_cast<size_t>(m)};
      return {};
    }
    // A definite noun ("the agency", "the kingdom") names a body of its
    // kind: the latest organisation whose name ends in its head word ("the
    // US Anti-Doping Agency"), else an actor of the types `fits` lists.
    std::string_view fits;
    if (refers == "thing" && LexiconAttr(sentence, first, end, pronouns_, "kind") == "definite") {
      int32_t named = -1;
      if (OrganizationNamedBy(KeyAt(end - 1), sentence, first, nullptr, &named) != nullptr &&
          named >= 0) {
        return {static_cast<size_t>(named)};
      }
      fits = LexiconAttr(sentence, first, end, pronouns_, "fits");
    }
    uint32_t floor = sentence > 0 ? doc_.sentences[sentence - 1].first_token
                                  : doc_.sentences[sentence].first_token;
    // Fitting mentions in the window, outermost only, in text order. A
    // "they" or "it" inside a quotation stands for something its speaker
    // names there, not for an actor of the narration around it ("''These
    // are great Americans - they want to see ...,'' Mr. Trump told Fox
    // News" is not Fox News).
    const int32_t pronoun_quote = first < quote_of_.size() ? quote_of_[first] : -1;
    std::vector<size_t> cands;
    for (size_t i = FirstMentionFrom(floor); i < mentions_.size() && mentions_[i].first < first;
         ++i) {
      const Mention& m = mentions_[i];
      if (m.end > first || m.first < floor) continue;
      if (pronoun_quote >= 0 && m.first < quote_of_.size() && quote_of_[m.first] != pronoun_quote) {
        continue;
      }
      bool person = m.actor.type == "person";
      if (refers == "person" && !person) continue;
      if (refers == "person" && !GenderFits(pronoun_gender, m)) continue;
      if (refers == "thing" && person) continue;
      if (!fits.empty() && !ListHas(fits, m.actor.type)) continue;
      if (!cands.empty()) {
        const Mention& prev = mentions_[cands.back()];
        if (m.first >= prev.first && m.end <= prev.end) continue;  // "NATO" in "NATO allies"
      }
      cands.push_back(i);
    }
    if (cands.empty()) return {};
    auto coordinated = [&](size_t a, size_t b) {  // mention a, then b, joined by and/or/commas
      const Mention& x = mentions_[a];
      const Mention& y = mentions_[b];
      if (x.sentence != y.sentence || y.first < x.end || y.first - x.end > 2) return false;
      for (uint32_t t = x.end; t < y.first; ++t) {
        std::string_view k = doc_.Key(doc_.tokens[t]);
        if (k != "and" && k != "," && k != "or") return false;
      }
      return true;
    };
    if (refers == "plural") {
      for (size_t j = cands.size(); j-- > 1;) {
        if (!coordinated(cands[j - 1], cands[j])) continue;
        std::vector<size_t> group = {cands[j]};
        size_t k = j;
        while (k > 0 && coordinated(cands[k - 1], cands[k])) group.push_back(cands[--k]);
        return group;
      }
      // No group: a collective (an organisation, a named group) before a
      // single state ("CARICOM met ... in Georgetown; they stood with ...").
      for (size_t j = cands.size(); j-- > 0;) {
        const std::string& type = mentions_[cands[j]].actor.type;
        if (type == "organization" || type == "group") return {cands[j]};
      }
      // Else the latest state ("Japan ... they"), never one person: "they
      // want it", "They ignored us", "both ... defended Trump" are people
      // no actor names, not the last person named.
      if (mentions_[cands.back()].actor.type == "person") return {};
      // And only a state that stood as a subject: "... from entering the
      // United States, but majorities ... say they want" are not the
      // United States.
      if (!StandsAsSubject(mentions_[cands.back()])) return {};
      return {cands.back()};
    }
    const text::Sentence& here = doc_.sentences[sentence];
    bool sentence_initial = first <= here.first_token + 1;
    bool any_here = mentions_[cands.back()].sentence == sentence;
    if (sentence_initial && !any_here) {
      return {cands.front()};  // the previous sentence's first fitting actor
    }
    return {cands.back()};
  }

  // Whether mention `m` opens its clause, as a subject does: nothing but
  // "the" stands between it and the sentence start, a comma, a quotation
  // mark, or a conjunction ("Japan ...", "..., and Japan ...", "... that
  // Japan ..."); not after a verb or a preposition.
  bool StandsAsSubject(const Mention& m) const {
    uint32_t t = m.first;
    const uint32_t start = doc_.sentences[m.sentence].first_token;
    if (t > start && KeyAt(t - 1) == "the") --t;
    if (t == start) return true;
    static const std::unordered_set<std::string_view> kOpeners = {
        ",",     "and",      "but",    "or", "that", "while", "as",     "when", "because", "if",
        "since", "although", "though", ";",  ":",    "\"",    "\u201c", "''",   "``"};
    return kOpeners.contains(KeyAt(t - 1));
  }

  // "Ethiopia's ambassador rejected ... the ambassador said": the actor
  // whose unnamed `role` the last two sentences (up to token `before`)
  // name with a possessive, or -1.
  int32_t OwnerOfRole(std::string_view role, uint32_t sentence, uint32_t before) const {
    const uint32_t from = doc_.sentences[sentence >= 2 ? sentence - 2 : 0].first_token;
    for (uint32_t t = before; t-- > from + 2;) {
      if (doc_.Lemma(doc_.tokens[t]) != role || KeyAt(t - 1) != "'s") continue;
      int32_t owner = MentionEndingAt(t - 1, from);
      if (owner >= 0 && mentions_[owner].actor.type != "person") return owner;
    }
    return -1;
  }

  // "the Serbian president", "the premier", "the minister": the latest
  // person mentioned before in the document, of the state the words name
  // when they name one.
  //
  // The same title first: "the minister added" is "Foreign Minister Badr
  // Abdelatty", named so in the last sentences; "the ambassador said" after
  // "Ethiopia's ambassador rejected ..." (no name) is Ethiopia.
  std::vector<size_t> TitleAntecedent(uint32_t sentence, uint32_t first, uint32_t end) const {
    std::string state = CanonicalInside(sentence, first, end);
    if (end > first && state.empty()) {  // "the French president" goes by the state below
      std::string_view role = doc_.Lemma(doc_.tokens[end - 1]);
      int32_t titled = PersonTitled(role, first);
      if (titled >= 0 && mentions_[titled].sentence + 5 >= sentence) {
        return {static_cast<size_t>(titled)};
      }
      int32_t owner = OwnerOfRole(role, sentence, first);
      if (owner >= 0) return {static_cast<size_t>(owner)};
    }
    for (size_t i = FirstMentionFrom(first); i-- > 0;) {
      const Mention& m = mentions_[i];
      if (m.end > first || m.actor.type != "person") continue;
      if (!state.empty() && m.actor.affiliation != state) continue;
      return {i};
    }
    // A window: the latest such person of the windows before, if any.
    if (carry_ != nullptr) {
      const CarriedMention* c = nullptr;
      if (state.empty()) {
        if (carry_->has_person) c = &carry_->latest_person;
      } else if (auto it = carry_->person_of_affiliation.find(state);
                 it != carry_->person_of_affiliation.end()) {
        c = &it->second;
      }
      if (c != nullptr) {
        if (int32_t g = MentionOf(c->ref); g >= 0) return {static_cast<size_t>(g)};
      }
    }
    return {};
  }

  struct Party {
    Actor actor;
    std::string text;
    Span span;
    int32_t mention = -1;  // the mention it stands for (after resolution), or -1
  };

  // The actors a holder/claimant capture stands for.
  std::vector<Party> Parties(uint32_t sentence, const Capture& c) const {
    std::vector<Party> out;
    std::vector<size_t> found = ActorsIn(c.first, c.end);
    bool resolved = false;
    if (found.empty()) {
      found = Antecedents(sentence, c.first, c.end);
      resolved = true;
    }
    for (size_t i : found) {
      Party p = MentionParty(i);
      if (resolved) {  // the pronoun's or title's own words
        p.text = std::string(doc_.Span(c.first, c.end));
        p.span = CodePoints(doc_, c.first, c.end);
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  bool IsQuestion(uint32_t sentence) const {
    const text::Sentence& s = doc_.sentences[sentence];
    for (uint32_t t = s.end_token; t > s.first_token; --t) {
      std::string_view k = doc_.Key(doc_.tokens[t - 1]);
      if (k == "\"" || k == "'" || k == ")") continue;
      return k == "?";
    }
    return false;
  }

  bool InHypothetical(uint32_t sentence, uint32_t first, uint32_t end) const {
    if (hypothetical_ < 0) return false;
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (static_cast<int>(s.name) == hypothetical_ && s.first < end && first < s.end) return true;
    }
    return false;
  }

  // ---- stances -------------------------------------------------------------

  // Records why a kept match made nothing, when Extract() was given a trace.
  void Drop(const RuleMatch& m, std::string reason) {
    if (dropped_ != nullptr)
      dropped_->push_back({m.rule, m.sentence, m.first, m.end, std::move(reason)});
  }

  std::string Quoted(uint32_t first, uint32_t end) const {
    return "\"" + std::string(doc_.Span(first, end)) + "\"";
  }

  // Whether the match `m` opens right after a relative "that"/"which"
  // whose noun it is about ("interests that he wishes to pursue").
  bool RelativeObjectBefore(const RuleMatch& m) const {
    if (m.first < 2) return false;
    const std::string_view k = KeyAt(m.first - 1);
    // The word before is a noun: no verb of saying ("said that he wants to
    // win" is his aim) and no past form.
    const std::string_view before = KeyAt(m.first - 2);
    return (k == "that" || k == "which") && doc_.tokens[m.first - 2].Has(text::kWord) &&
           !HasLexicon(m.sentence, m.first - 2, m.first - 1, attribution_verbs_) &&
           !(before.size() > 3 && before.substr(before.size() - 2) == "ed");
  }

  // Why a stance match states no position, by the annotation guide (§2),
  // or "" when it does:
  //   - its target holds no word (a quotation mark alone);
  //   - a negated perfect reports an absence: "has not endorsed anyone";
  //   - the intent is to speak: "declined to comment" ("seeks to be a
  //     bridge" stays a stance);
  //   - the cue's -ing word is an adjective: "had opposing views".
  std::string NoPosition(const RuleMatch& m, uint32_t cue_first, uint32_t cue_end,
                         const Capture* target) const {
    // "he should relax and accept it", "Japan must back the plan": advice
    // or obligation, someone's claim about the holder, not the holder's
    // position. Between the holder and the cue (or in the cue).
    // Only in the verb group: within three words before the cue, no comma
    // between ("insists the GOP must be a party of ideas, and has championed"
    // is a position).
    if (const Capture* holder = m.Find("holder"); holder != nullptr && holder->end <= cue_end) {
      const uint32_t from = std::max(holder->end, cue_first >= 3 ? cue_first - 3 : 0u);
      for (uint32_t t = cue_end; t-- > from;) {
        const std::string_view k = KeyAt(t);
        if (k == "," || k == ";") break;
        if (k == "should" || k == "must" || k == "ought" || k == "shouldn't" || k == "mustn't") {
          return "the cue follows '" + std::string(k) +
                 "': advice or obligation, not the holder's position";
        }
      }
    }
    if (target != nullptr) {
      bool word = false;
      for (uint32_t t = target->first; t < target->end && !word; ++t) {
        word = doc_.tokens[t].Has(text::kWord);
      }
      if (!word) return "the target holds no word";
      // "... wanted really, really, badly to ...": an adverb is no target;
      // "other interests that he wishes to pursue": a verb whose object is
      // the noun before "that" names no position in the words taken.
      if (target->end == target->first + 1) {
        const std::string_view only = KeyAt(target->first);
        // Not "Kelly", nor a verb after "to" ("vowed to comply", "to rally").
        if (only.size() > 4 && only.substr(only.size() - 2) == "ly" &&
            !doc_.tokens[target->first].Has(text::kCapitalized) &&
            !(target->first > 0 && KeyAt(target->first - 1) == "to")) {
          return "the target is an adverb (\"wanted really, really, badly to\")";
        }
        if (target->first > 0 && KeyAt(target->first - 1) == "to" && RelativeObjectBefore(m)) {
          return "the target's object is the noun before 'that' (\"interests that he wishes to "
                 "pursue\"), not in the words taken";
        }
      }
      // "credited Clinton's victory to a closed primary" names a cause; to
      // credit someone for or with something is praise.
      if (cue_end > cue_first && doc_.Lemma(doc_.tokens[cue_end - 1]) == "credit") {
        for (uint32_t t = target->first; t < target->end; ++t) {
          if (KeyAt(t) == "for" || KeyAt(t) == "with") break;  // "credited Obama with helping to"
          if (KeyAt(t) == "to") return "'credited ... to' names a cause, not a position";
        }
      }
      std::string_view lemma = doc_.Lemma(doc_.tokens[target->first]);
      static const std::unordered_set<std::string_view> kSpeakOrBe = {
          "comment", "say",   "speak",   "discuss", "elaborate", "respond",
          "answer",  "reply", "confirm", "specify", "disclose",  "talk"};
      if (kSpeakOrBe.count(lemma) && target->first > 0 && KeyAt(target->first - 1) == "to") {
        return "the intent is to speak (\"declined to comment\"), which is no position";
      }
      // "has endorsed none of this", "backed nothing": what is endorsed is
      // nothing; no position either way, as "did not endorse" is none.
      const std::string_view first_key = KeyAt(target->first);
      if (first_key == "none" || first_key == "nothing" || first_key == "neither" ||
          first_key == "nobody" || first_key == "noone") {
        return "the target is nothing (\"endorsed none of this\"): no position";
      }
      // "sought to distinguish himself", "is touting his recent wins":
      // what one does for oneself is no position on anything.
      for (uint32_t t = target->first; t < target->end && t < target->first + 2; ++t) {
        const std::string_view k = KeyAt(t);
        if (k == "himself" || k == "herself" || k == "itself" || k == "themselves" ||
            k == "ourselves" || k == "myself") {
          return "the target is the holder itself (\"sought to distinguish himself\")";
        }
      }
      if (cue_end > cue_first) {
        const std::string_view verb = doc_.Lemma(doc_.tokens[cue_end - 1]);
        bool own_success = false;  // "his recent wins", "her credentials"
        for (uint32_t t = target->first + 1; t < target->end && t < target->first + 4; ++t) {
          const std::string_view l = doc_.Lemma(doc_.tokens[t]);
          own_success |= l == "win" || l == "victory" || l == "credential" || l == "success" ||
                         l == "lead" || l == "experience" || l == "accomplishment" ||
                         l == "achievement" || l == "fundraising" || l == "rating" ||
                         l == "standing" || l == "résumé" || l == "resume";
        }
        if ((verb == "tout" || verb == "boast" || verb == "trumpet") && own_success &&
            (first_key == "his" || first_key == "her" || first_key == "its" ||
             first_key == "their" || first_key == "our" || first_key == "my")) {
          return "touting one's own success (\"touting his recent wins\") is no position";
        }
      }
      // "which Clinton denounced Thursday", "praised Tuesday night": a day
      // is when, not what ("voted against Tuesday's package" has one).
      if (IsWeekday(first_key) &&
          (target->first + 1 >= target->end || KeyAt(target->first + 1) != "'s")) {
        return "the target is a day (\"denounced Thursday\"): when, not what";
      }
      // "Clinton's campaign for president", "ran for office": running for
      // an office is no position on it.
      bool office = false;
      for (uint32_t t = target->first; t < target->end && t < target->first + 5 && !office; ++t) {
        const std::string_view l = doc_.Lemma(doc_.tokens[t]);
        office = l == "president" || l == "presidency" || l == "office" || l == "reelection" ||
                 l == "re-election" || l == "governor" || l == "mayor" || l == "senate" ||
                 l == "congress" || l == "nomination" || l == "seat" ||
                 (l == "white" && t + 1 < target->end && KeyAt(t + 1) == "house");
      }
      if (office) {
        for (uint32_t t = cue_first; t < cue_end; ++t) {
          const std::string_view cue_lemma = doc_.Lemma(doc_.tokens[t]);
          if (cue_lemma == "campaign" || cue_lemma == "run" || cue_lemma == "bid") {
            return "running for an office (\"his bid for the nomination\") is no position on it";
          }
        }
      }
    }
    // "his campaign for rent", "his quest for the nomination", "his
    // rejection in the hunt": after a possessive pronoun these nouns name
    // an organisation, a run for office or what befell him, not a position.
    if (const Capture* holder = m.Find("holder");
        holder != nullptr && holder->end == holder->first + 1 && Possessive(holder->first) &&
        cue_first < cue_end) {
      const std::string_view noun = doc_.Lemma(doc_.tokens[cue_first]);
      if (noun == "campaign" || noun == "bid" || noun == "quest" || noun == "run" ||
          noun == "rejection" || noun == "preference") {
        return "a possessive pronoun before \"" + std::string(noun) +
               "\" names a run, an organisation or what befell its owner";
      }
    }
    for (const Capture* n : m.FindAll("negation")) {
      uint32_t before = n->first;
      if (before == 0 || doc_.Lemma(doc_.tokens[before - 1]) != "have") continue;
      if (n->end != n->first + 1 || (KeyAt(n->first) != "not" && KeyAt(n->first) != "n't")) {
        continue;  // "has no objection", "has withheld": said, not absent
      }
      uint32_t after = n->end;
      while (after < cue_end && (KeyAt(after) == "yet" || KeyAt(after) == "publicly" ||
                                 KeyAt(after) == "formally" || KeyAt(after) == "officially")) {
        ++after;
      }
      if (after < m.end && KeyAt(after) != "been" && KeyAt(after) != "to") {
        return "a negated perfect (\"has not endorsed\") reports an absence, not a stance";
      }
    }
    for (uint32_t t = cue_first + 1; t < cue_end; ++t) {
      std::string_view k = KeyAt(t);
      if (k.size() > 4 && k.substr(k.size() - 3) == "ing" &&
          doc_.Lemma(doc_.tokens[t - 1]) == "have") {
        return "\"had opposing\": an adjective before a noun, no verb of stance";
      }
    }
    return "";
  }

  void AddStance(const RuleMatch& m) {
    const Rule& rule = rs_.rules[m.rule];
    if (rule.output != OutputKind::kStance) return;
    if (m.Find("blocker") != nullptr) return Drop(m, "a blocker in the match cancelled it");
    if (IsQuestion(m.sentence)) return Drop(m, "the sentence is a question");
    const Capture* holder = m.Find("holder");
    const Capture* cue = m.Find("cue");
    const Capture* target = m.Find("target");
    uint32_t cue_first = cue ? cue->first : m.first, cue_end = cue ? cue->end : m.end;
    if (InHypothetical(m.sentence, cue_first, cue_end)) {
      return Drop(m, "the cue is inside a @hypothetical span (a condition, \"if ...\")");
    }
    std::vector<Party> holders;
    if (holder != nullptr) {
      holders = Parties(m.sentence, *holder);
      if (holders.empty()) {
        return Drop(m, "the holder " + Quoted(holder->first, holder->end) +
                           " is no actor, and no pronoun or title resolves to one");
      }
    } else if (rule.Set("holder") == "speaker") {
      // A judgement inside a quotation is its speaker's (stances/quoted.yaml).
      if (cue_first >= quote_of_.size() || quote_of_[cue_first] < 0) {
        return Drop(m, "holder: speaker, but the cue is not inside a quotation");
      }
      int32_t sp = quotes_[quote_of_[cue_first]].speaker;
      if (sp < 0) return Drop(m, "holder: speaker, but nobody is named as the quotation's speaker");
      holders.push_back(speakers_[sp]);
    } else {
      return Drop(m, "the rule captures no holder and does not set holder: speaker");
    }
    if (std::string why = NoPosition(m, cue_first, cue_end, target); !why.empty()) {
      return Drop(m, why);
    }
    std::string polarity(rule.Set("polarity"));
    if (polarity.empty()) polarity = "support";
    if (m.FindAll("negation").size() % 2 == 1) {
      polarity = polarity == "support" ? "oppose" : "support";
    }
    for (Party& p : holders) {
      Stance st;
      st.sentence = m.sentence;
      st.holder = std::move(p.actor);
      st.holder_text = std::move(p.text);
      st.holder_span = p.span;
      st.polarity = polarity;
      st.cue_span = CodePoints(doc_, cue_first, cue_end);
      st.cue = std::string(doc_.Span(cue_first, cue_end));
      if (target) {
        st.target_span = CodePoints(doc_, target->first, target->end);
        st.target = std::string(doc_.Span(target->first, target->end));
      }
      uint32_t b = m.first, e = m.end;
      st.span = CodePoints(doc_, b, e);
      st.text = std::string(doc_.Span(b, e));
      st.rule = rule.id;
      // One stance per sentence, holder, polarity and target: the first
      // (best) rule wins. Targets that overlap (or a stance without one) are
      // the same stance; "Nauru, which sponsors TMC, pressed the council to
      // speed up its work" holds two.
      std::string seen_key =
          std::to_string(st.sentence) + '\x1f' + st.holder.id + '\x1f' + st.polarity;
      std::vector<std::pair<Span, size_t>>& targets = stances_seen_[seen_key];
      const Stance* same = nullptr;
      for (const auto& [t, kept] : targets) {
        if (t.empty() || st.target_span.empty() ||
            (t.begin < st.target_span.end && st.target_span.begin < t.end)) {
          same = &out_.stances[kept];
        }
      }
      if (same != nullptr) {
        Drop(m, st.holder.name + " already holds a " + st.polarity + " stance " +
                    (same->target.empty() ? "" : "on \"" + same->target + "\" ") +
                    "in this sentence, from rule " + same->rule +
                    " (one stance per sentence, holder, polarity and overlapping target; the "
                    "earlier rule wins)");
        continue;
      }
      targets.emplace_back(st.target_span, out_.stances.size());
      out_.stances.push_back(std::move(st));
    }
  }

  // ---- claims --------------------------------------------------------------

  // Makes a mention of every all-capitals word that `table` maps to an
  // organisation (an acronym or initials), where no longer name holds the
  // word. A mention of the word alone gives way, unless `lexicon_wins` and
  // it is not an open-world guess.
  void NameAbbreviations(const std::unordered_map<std::string, Actor>& table, bool lexicon_wins,
                         std::vector<int32_t>* covering, std::vector<char>* dropped) {
    if (table.empty()) return;
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const text::Sentence& sent = doc_.sentences[s];
      for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
        if (!doc_.tokens[t].Has(text::kAllCaps)) continue;
        auto it = table.find(std::string(KeyAt(t)));
        if (it == table.end()) continue;
        int32_t c = (*covering)[t];
        if (c >= 0 && !(*dropped)[c]) {
          const Mention& m = mentions_[c];
          if (m.first != t || m.end != t + 1) continue;  // inside a longer name
          if (lexicon_wins && m.rule.rfind("actor.open.", 0) != 0) continue;
          (*dropped)[c] = 1;
        }
        Mention m;
        m.sentence = s;
        m.first = t;
        m.end = t + 1;
        m.rule = "actor.open.acronym";
        m.actor = it->second;
        (*covering)[t] = static_cast<int32_t>(mentions_.size());
        mentions_.push_back(std::move(m));
        dropped->push_back(0);
      }
    }
  }

  // Whether tokens [first, end) are a transcript's speaker label in capitals
  // ("JOEL BENENSON"), as *out: a person named so, or the person of the
  // document whose family name it is ("TRUMP" -> Donald Trump).
  bool TranscriptSpeaker(uint32_t first, uint32_t end, Party* out) const {
    if (end <= first || end - first > 3) return false;
    std::string name;
    for (uint32_t t = first; t < end; ++t) {
      const text::Token& w = doc_.tokens[t];
      std::string_view k = KeyAt(t);
      if (!w.Has(text::kAllCaps) || !w.Has(text::kWord) || k.size() < 2) return false;
      if (!name.empty()) name += ' ';
      name += static_cast<char>(std::toupper(static_cast<unsigned char>(k[0])));
      name += std::string(k.substr(1));
    }
    out->text = std::string(doc_.Span(first, end));
    out->span = CodePoints(doc_, first, end);
    out->mention = -1;
    if (end - first == 1) {
      for (const Mention& m : mentions_) {
        if (m.actor.type != "person" || m.end - m.first < 2) continue;
        if (KeyAt(m.end - 1) != KeyAt(first)) continue;
        out->actor = m.actor;
        return true;
      }
      return false;
    }
    out->actor = OpenWorldActor(std::move(name), "person");
    return true;
  }

  // Whether the words [first, end) after "add" are an object and a "to"
  // ("adds graphite to the list", "added his name to the letter"): a "to"
  // within four words, no verb, pronoun or quotation before it ("added the
  // talks had to go on" is said).
  bool AddsSomethingTo(uint32_t first, uint32_t end) const {
    static const std::unordered_set<std::string_view> kVerbs = {
        "is",    "was", "are",   "were",   "be",   "been", "has",   "had",  "have", "will",
        "would", "can", "could", "should", "must", "may",  "might", "does", "did",  "that"};
    // A short object (at most three words: "another job title") and no
    // subject of a clause ("added he plans to run", "added the rules
    // require firms to report" are said).
    for (uint32_t t = first; t < end && t < first + 4; ++t) {
      std::string_view k = KeyAt(t);
      if (quote_of_[t] >= 0 || kVerbs.contains(k) || k == "," || k == ":") return false;
      if (Bit(t, kPronounWord)) return false;
      if (k == "to") return t > first;
    }
    return false;
  }

  // The first token after a wire dateline opening sentence `s` ("OSLO
  // (Reuters) -", "SUVA, Fiji (AP) —", "WASHINGTON —", "BEIJING/SEOUL, Oct
  // 20 (Wire) -"), or the sentence's
  // first token: a dateline is no part of what anyone claims.
  uint32_t DatelineEnd(uint32_t s) const {
    const text::Sentence& sent = doc_.sentences[s];
    const uint32_t first = sent.first_token;
    auto dash = [&](uint32_t t) {
      std::string_view k = KeyAt(t);
      return k == "-" || k == "--" || k == "\u2014" || k == "\u2013";
    };
    if (first >= sent.end_token || !doc_.tokens[first].Has(text::kAllCaps)) return first;
    // Without "(Agency)" every word is in capitals ("NEW YORK —"), so that
    // "FBI Director James Comey -- ..." is no dateline.
    bool agency = false, all_caps = true;
    for (uint32_t t = first; t < sent.end_token && t < first + 12; ++t) {
      std::string_view k = KeyAt(t);
      if (dash(t)) return t + 1 < sent.end_token && (agency || all_caps) ? t + 1 : first;
      if (k == "(") {  // "(Reuters)", "(AP)"
        uint32_t close = t + 1;
        while (close < sent.end_token && close < t + 5 && KeyAt(close) != ")") ++close;
        if (close >= sent.end_token || KeyAt(close) != ")") return first;
        agency = true;
        t = close;
        continue;
      }
      const text::Token& w = doc_.tokens[t];
      const bool place = w.Has(text::kCapitalized) || k == "," || k == "." || k == "/" ||
                         w.Has(text::kAbbreviation) || w.Has(text::kNumber);
      if (!place) return first;
      if (w.Has(text::kWord) && !w.Has(text::kAllCaps)) all_caps = false;
    }
    return first;
  }

  void AddClaim(const RuleMatch& m) {
    const Rule& rule = rs_.rules[m.rule];
    if (rule.output != OutputKind::kClaim) return;
    if (m.Find("blocker") != nullptr) return Drop(m, "a blocker in the match cancelled it");
    const Capture* cue = m.Find("cue");
    const Capture* content_capture = m.Find("content");
    // A content that opens the sentence starts after its dateline.
    Capture trimmed;
    const Capture* content = content_capture;
    if (content != nullptr && content->first == doc_.sentences[m.sentence].first_token) {
      const uint32_t after = DatelineEnd(m.sentence);
      if (after > content->first && after < content->end) {
        trimmed = *content;
        trimmed.first = after;
        content = &trimmed;
      }
    }
    uint32_t cue_first = cue ? cue->first : m.first, cue_end = cue ? cue->end : m.end;
    Claim c;
    c.sentence = m.sentence;
    c.claim_type = std::string(rule.Set("claim_type"));
    if (c.claim_type.empty()) c.claim_type = "assertion";
    if (c.claim_type == "auto") {
      // The content's own words decide: "must", "should" -> normative;
      // "will", "could", "likely" -> prediction (claim_obligation,
      // claim_likelihood); else an assertion.
      c.claim_type = content ? ContentType(m.sentence, content->first, content->end) : "assertion";
    }
    c.cue_span = CodePoints(doc_, cue_first, cue_end);
    c.cue = std::string(doc_.Span(cue_first, cue_end));
    if (content) {
      c.content_span = CodePoints(doc_, content->first, content->end);
      c.content = std::string(doc_.Span(content->first, content->end));
    } else if (rule.Set("claimant") == "AUTHOR") {
      // A rule that marks only the cue of the author's claim ("will",
      // "must"): the claim is the sentence, after its dateline.
      uint32_t f = DatelineEnd(m.sentence), e = doc_.sentences[m.sentence].end_token;
      TrimPunct(&f, &e);
      if (f < e) {
        c.content_span = CodePoints(doc_, f, e);
        c.content = std::string(doc_.Span(f, e));
      }
    }
    c.span = CodePoints(doc_, m.first, m.end);
    c.text = std::string(doc_.Span(m.first, m.end));
    c.rule = rule.id;
    std::vector<Claim> made;
    if (rule.Set("claimant") == "AUTHOR") {
      // "A: I think they would ...", "SANDERS: We will ...": a line of an
      // interview or transcript is its speaker's, not the author's.
      const text::Sentence& sent = doc_.sentences[m.sentence];
      for (uint32_t t = sent.first_token + 1; t < sent.end_token && t <= sent.first_token + 3;
           ++t) {
        if (KeyAt(t) != ":") continue;
        bool names = true;
        for (uint32_t x = sent.first_token; x < t; ++x) {
          std::string_view k = KeyAt(x);
          names = names && doc_.tokens[x].Has(text::kCapitalized) && k != "so" && k != "now" &&
                  k != "yes" && k != "no" && k != "note" && k != "update" && k != "but";
        }
        if (names) return Drop(m, "a line of an interview or transcript: its speaker's words");
        break;
      }
      c.by_author = true;
      made.push_back(std::move(c));
    } else if (const Capture* who = m.Find("claimant")) {
      std::vector<Party> parties = Parties(m.sentence, *who);
      if (parties.empty()) {
        return Drop(m, "the claimant " + Quoted(who->first, who->end) +
                           " is no actor, and no pronoun or title resolves to one");
      }
      // "Martin O'Malley, who noted that ...": the clause's own word for its
      // claimant is the relative pronoun before its verb, resolved to the
      // name, as "he" is.
      if (const Capture* cue = m.Find("cue"); cue != nullptr && parties.size() == 1) {
        for (uint32_t t = cue->first; t > who->end; --t) {
          const std::string_view k = KeyAt(t - 1);
          if (k == "who" || k == "which") {
            parties[0].text = std::string(doc_.Span(t - 1, t));
            parties[0].span = CodePoints(doc_, t - 1, t);
            break;
          }
          if (!doc_.tokens[t - 1].Has(text::kWord)) break;
        }
      }
      for (Party& p : parties) {
        Claim copy = c;
        copy.claimant = std::move(p.actor);
        copy.claimant_text = std::move(p.text);
        copy.claimant_span = p.span;
        made.push_back(std::move(copy));
      }
    } else {
      return Drop(m, "the rule captures no claimant and does not set claimant: AUTHOR");
    }
    for (Claim& x : made) {
      pending_claims_.push_back({std::move(x), cue_first, cue_end, content ? content->first : 0,
                                 content ? content->end : 0, false, m.rule, m.first, m.end});
    }
  }

  // Whether token `t` stands in a clause that "if" or "unless" opens: the
  // word comes before it in its sentence with no comma, semicolon, colon
  // or quotation mark between, and "if" opens the sentence or follows a
  // conjunction ("and if", "that if"), not a verb ("asked if").
  bool InsideCondition(uint32_t sentence, uint32_t t) const {
    const uint32_t first = doc_.sentences[sentence].first_token;
    for (uint32_t x = t; x-- > first;) {
      const std::string_view k = KeyAt(x);
      if (k == "," || k == ";" || k == ":" || k == "\"" || k == "'" || k == "(") return false;
      if (k == "unless") return true;
      if (k != "if") continue;
      // "asked if he thinks", "see if": "if" for "whether" after a verb.
      if (x == first || !doc_.tokens[x - 1].Has(text::kWord)) return true;
      const std::string_view before = KeyAt(x - 1);
      return before == "and" || before == "but" || before == "or" || before == "even" ||
             before == "only" || before == "that" || before == "so" || before == "because";
    }
    return false;
  }

  void FinishClaims() {
    // An AUTHOR claim whose cue sits inside an actor's attributed content is
    // part of what the actor claims ("France signaled that Europe would ...").
    // (Actors' claims by sentence: one lookup per AUTHOR claim rather than a
    // pass over every pending claim.)
    std::unordered_map<uint32_t, std::vector<size_t>> attributed;
    for (size_t i = 0; i < pending_claims_.size(); ++i) {
      if (!pending_claims_[i].claim.by_author) {
        attributed[pending_claims_[i].claim.sentence].push_back(i);
      }
    }
    // "If TRAI says that prices will rise, Jio will object": saying in a
    // condition asserts nothing (trial 22).
    for (auto& p : pending_claims_) {
      if (p.claim.by_author || p.dropped || !InsideCondition(p.claim.sentence, p.cue_first)) {
        continue;
      }
      DropClaim(&p,
                "a verb of saying inside a condition ('If X says that ...'): it asserts nothing");
    }
    for (auto& p : pending_claims_) {
      if (!p.claim.by_author) continue;
      // Quoted words are the speaker's, never the author's.
      if (p.cue_first < quote_of_.size() && quote_of_[p.cue_first] >= 0) {
        DropClaim(&p, "an AUTHOR claim inside a quotation: quoted words are the speaker's");
        continue;
      }
      auto group = attributed.find(p.claim.sentence);
      if (group == attributed.end()) continue;
      for (size_t qi : group->second) {
        const auto& q = pending_claims_[qi];
        if (!p.dropped && q.content_end > q.content_first && p.cue_first >= q.content_first &&
            p.cue_end <= q.content_end) {
          DropClaim(&p, "an AUTHOR claim inside the words of " + q.claim.claimant.name + " (" +
                            q.claim.rule + "): it is part of that claim");
        }
      }
    }
    // One claim per sentence and claimant: cues are joined; a modal's type
    // (prediction, normative) wins over a plain assertion frame.
    std::unordered_map<std::string, size_t> claim_of;  // sentence, author?, claimant -> claim
    for (auto& p : pending_claims_) {
      if (p.dropped) continue;
      std::string key = std::to_string(p.claim.sentence) +
                        (p.claim.by_author ? "\x1f" "A\x1f" : "\x1f-\x1f") + p.claim.claimant.id;
      auto [it, added] = claim_of.emplace(std::move(key), out_.claims.size());
      if (added) {
        out_.claims.push_back(p.claim);
        continue;
      }
      Claim* same = &out_.claims[it->second];
      if (dropped_ != nullptr && p.rule != UINT32_MAX && same->rule != rs_.rules[p.rule].id) {
        dropped_->push_back({p.rule, p.claim.sentence, p.first, p.end,
                             "joined to the claim of rule " + same->rule + " (cue \"" + same->cue +
                                 "\"): one claim per sentence and claimant"});
      }
      if (same->claim_type == "assertion" && p.claim.claim_type != "assertion") {
        same->claim_type = p.claim.claim_type;
      }
      // The claimant as the text names it outside the quotation ("he" of
      // '"I think ...," he said'), not as the speaker names themselves.
      auto first_person = [](const std::string& t) {
        std::string l = text::MatchKey(t);
        // "I'm", "we've": the pronoun before a contracted verb.
        if (size_t apostrophe = l.find('\''); apostrophe != std::string::npos) {
          l.resize(apostrophe);
        }
        return l == "i" || l == "we" || l == "me" || l == "us" || l == "my" || l == "our";
      };
      if (first_person(same->claimant_text) && !p.claim.claimant_text.empty() &&
          !first_person(p.claim.claimant_text)) {
        same->claimant_text = p.claim.claimant_text;
        same->claimant_span = p.claim.claimant_span;
      }
      // A quotation mark or colon is a cue of no words: a worded cue
      // replaces it and it joins none ('said', not 'said; "').
      // (UTF-8: a lead byte from 0xC3 starts a letter of some script, but
      // 0xC2 starts « » and 0xE2 general punctuation, “ ” ‘ ’ — …)
      auto worded = [](const std::string& cue) {
        return std::any_of(cue.begin(), cue.end(), [](unsigned char ch) {
          return std::isalnum(ch) || (ch >= 0xC3 && ch != 0xE2);
        });
      };
      if (!worded(same->cue)) {
        if (worded(p.claim.cue)) same->cue = p.claim.cue;
      } else if (worded(p.claim.cue) && same->cue.find(p.claim.cue) == std::string::npos) {
        same->cue += "; " + p.claim.cue;
      }
      if (p.claim.span.begin < same->span.begin || p.claim.span.end > same->span.end) {
        uint32_t b = std::min(same->span.begin, p.claim.span.begin);
        uint32_t e = std::max(same->span.end, p.claim.span.end);
        same->span = {b, e};
        same->text.clear();  // refilled below from the document
      }
    }
    for (Claim& c : out_.claims) {
      if (c.text.empty()) c.text = CodePointText(c.span);
      Hedges(&c);
    }
    std::stable_sort(out_.claims.begin(), out_.claims.end(),
                     [](const Claim& a, const Claim& b) { return a.span.begin < b.span.begin; });
  }

  std::string CodePointText(Span span) const {
    // Spans always start and end on token boundaries; tokens are in text
    // order, so both ends are found by binary search.
    uint32_t b = 0, e = 0;
    const auto& tokens = doc_.tokens;
    auto first = std::partition_point(tokens.begin(), tokens.end(), [&](const text::Token& t) {
      return t.cp_begin < span.begin;
    });
    if (first != tokens.end() && first->cp_begin == span.begin) b = first->begin;
    auto last = std::partition_point(tokens.begin(), tokens.end(),
                                     [&](const text::Token& t) { return t.cp_end < span.end; });
    if (last != tokens.end() && last->cp_end == span.end) e = last->end;
    return e > b ? doc_.text.substr(b, e - b) : std::string();
  }

  void Hedges(Claim* c) const {
    if (hedges_ < 0) return;
    for (const SpanInfo& s : state_.spans[c->sentence]) {
      if (static_cast<int>(s.name) != hedges_) continue;
      std::string h = CollapseSpaces(doc_.Span(s.first, s.end));
      for (char& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (std::find(c->hedges.begin(), c->hedges.end(), h) == c->hedges.end()) c->hedges.push_back(h);
    }
  }

  struct PendingClaim {
    Claim claim;
    uint32_t cue_first, cue_end, content_first, content_end;
    bool dropped = false;
    // The rule match that made it (its rule index and tokens); rule is
    // UINT32_MAX for FindSpeech's claims.
    uint32_t rule = UINT32_MAX, first = 0, end = 0;
    // FindSpeech's claim of a participle after a comma, whose speaker is
    // the subject of the clause before: it wins over a rule's claim on the
    // same cue that took the name before the comma (often an object).
    bool participle_subject = false;
  };

  // Marks a pending claim dropped, saying why when tracing.
  void DropClaim(PendingClaim* p, std::string reason) {
    p->dropped = true;
    if (dropped_ != nullptr && p->rule != UINT32_MAX) {
      dropped_->push_back({p->rule, p->claim.sentence, p->first, p->end, std::move(reason)});
    }
  }

  // ---- open-world names --------------------------------------------------------
  //
  // Real news names most of its people and bodies in no lexicon. After the
  // actor rules, capitalised runs of tokens become actors when their context
  // says what they are (rules/lexicons/open_world.yaml holds the words):
  //   * an organisation: the run ends with a head word (org_heads: Center,
  //     Party, Agency ...), "of/for/and/&" allowed inside: "Center for American
  //     Progress", "Securities & Exchange Commission";
  //   * a person: an honorific or title before it ("Mr. Holtz-Eakin",
  //     "Sir Ian Blair"), a role noun before it ("analyst Martin Pyykkonen"),
  //     an attribution verb after it ("Maurice Obstfeld said") or before it
  //     after a comma or quote (", said Liam Fox"), or an appositive after it
  //     ("Obstfeld, the IMF's chief economist,").
  // The longest name wins: lexicon names inside the run ("US" in "US
  // Anti-Doping Agency", "Blair" in "Sir Ian Blair") are dropped. An acronym
  // defined in parentheses after an organisation ("(RSF)") names it again
  // wherever it recurs. Such actors carry the source "open-world" in the
  // actors table, so a reviewer can filter them.

  enum WordBit : uint32_t {
    kHonorificWord = 1 << 0,
    kOrgHeadWord = 1 << 1,
    kAgentNounWord = 1 << 2,
    kNonNameWord = 1 << 3,
    kParticleWord = 1 << 4,
    kTitleWord = 1 << 5,
    kNotActorWord = 1 << 6,
    kPronounWord = 1 << 7,
    kFirstPersonWord = 1 << 8,
    kRoleNounWord = 1 << 9,
    kBareVerbWord = 1 << 10,    // attribution verb that takes a clause without "that"
    kNotClauseStart = 1 << 11,  // claim_not_clause_start: "said in a statement"
    kFirstNameWord = 1 << 12,   // first_names: "Eddie", "Hillary"
    kPlaceWord = 1 << 13,       // geo_heads, demonyms: "Sea", "Nile"-like heads, "African"
    kPersonRoleWord = 1 << 14,  // agent_nouns with role: person ("the candidate")
    // An attribution verb whose claim follows its object ("called X a liar").
    kObjectVerbWord = 1 << 15,
    kEvidenceVerbWord = 1 << 16,  // attribution verb only with evidence as subject ("polls show")
    kEvidenceNounWord = 1 << 17,  // agent noun that is evidence: poll, study, records
    // An attribution verb often with a noun object: "claimed the nomination".
    kNpObjectVerbWord = 1 << 18,
    // An agent noun that is no title: a body or document (ministry, letter)
    // or a number of people (others, most, "%").
    kBodyNounWord = 1 << 19,
    kGeoHeadWord = 1 << 20,  // geo_heads: "Sea", "River"
    // np_object: any -- even a bare noun after it opens its object, unless
    // an auxiliary follows ("confirmed definitive duties").
    kAnyNpObjectVerbWord = 1 << 21,
  };

  // An agent noun that can stand as a person's title before the name:
  // "analyst Martin Pyykkonen", "Sheriff Joe Lombardo"; not a body ("the
  // newspaper Corriere della Sera").
  bool PersonTitleNoun(uint32_t t) const {
    return Bit(t, kAgentNounWord) && !Bit(t, kBodyNounWord);
  }

  // Marks the tokens of every span of the lexicons the open-world passes
  // read: word_bits_ per token, and where attribution verbs and skip words
  // begin and end.
  void IndexOpenWorldWords() {
    const size_t n = doc_.tokens.size();
    word_bits_.assign(n, 0);
    verb_end_.assign(n, 0);
    object_word_.clear();
    skip_from_.assign(n, UINT32_MAX);
    // The word bits each lexicon gives its tokens, by lexicon: one lookup
    // per span instead of a walk over every pair.
    const std::pair<int, uint32_t> marks[] = {{honorifics_, kHonorificWord},
                                              {org_heads_, kOrgHeadWord},
                                              {agent_nouns_, kAgentNounWord},
                                              {non_names_, kNonNameWord},
                                              {particles_, kParticleWord},
                                              {titles_, kTitleWord},
                                              {not_actors_, kNotActorWord},
                                              {pronouns_, kPronounWord},
                                              {first_person_, kFirstPersonWord},
                                              {role_nouns_, kRoleNounWord},
                                              {not_clause_start_, kNotClauseStart},
                                              {first_names_, kFirstNameWord},
                                              {geo_heads_, kPlaceWord},
                                              {geo_heads_, kGeoHeadWord},
                                              {demonyms_, kPlaceWord}};
    lexicon_bits_.assign(rs_.lexicons.lexicon_count(), 0);
    for (const auto& [id, bit] : marks) {
      if (id >= 0 && static_cast<size_t>(id) < lexicon_bits_.size()) lexicon_bits_[id] |= bit;
    }
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      for (const SpanInfo& span : state_.spans[s]) {
        if (span.entry < 0) continue;
        const int lex = static_cast<int>(span.name);
        // An inflected agent noun matches by lemma, so its verb too:
        // "filed" (filing), "courted" (court), "hosted" (host). A speaker
        // is a noun: a form in -ed or -ing the entry does not have is none.
        if (lex == agent_nouns_ && VerbFormOf(span.end - 1, rs_.lexicons.entry(span.entry).text)) {
          continue;
        }
        // A name a lexicon says is no actor (type: none, as in not_actors or
        // a user's list of titles) is never guessed to be one.
        if (lex != not_actors_ && owner_.TypeNone(static_cast<uint32_t>(span.entry))) {
          for (uint32_t t = span.first; t < span.end; ++t) word_bits_[t] |= kNotActorWord;
        }
        if (const uint32_t bits = static_cast<size_t>(lex) < lexicon_bits_.size()
                                      ? lexicon_bits_[static_cast<size_t>(lex)]
                                      : 0u;
            bits != 0) {
          for (uint32_t t = span.first; t < span.end; ++t) word_bits_[t] |= bits;
        }
        // "spokeswoman Hope Hicks said", "the think tank Third Way": a verb
        // written with a capital inside the sentence, before another
        // capitalised word, is a name; "think tank" is a noun.
        if (lex == attribution_verbs_ && span.first > doc_.sentences[s].first_token) {
          const uint32_t v = span.first;
          // Not in a headline, where every word has its capital ("Clinton
          // Says Russians Hacked DNC"); read only for such a verb, rare.
          const bool capital_name = doc_.tokens[v].Has(text::kCapitalized) &&
                                    v + 1 < doc_.sentences[s].end_token &&
                                    doc_.tokens[v + 1].Has(text::kCapitalized) &&
                                    doc_.tokens[v + 1].Has(text::kWord) && !Headline(s);
          const bool think_tank = KeyAt(v) == "think" && v + 1 < doc_.sentences[s].end_token &&
                                  (KeyAt(v + 1) == "tank" || KeyAt(v + 1) == "tanks");
          if (capital_name || think_tank) continue;
        }
        if (lex == attribution_verbs_ || lex == according_) {
          verb_end_[span.first] = std::max(verb_end_[span.first], span.end);
          const lexicon::Entry& verb = rs_.lexicons.entry(span.entry);
          if (verb.Attr("bare") == "yes") word_bits_[span.first] |= kBareVerbWord;
          // object: yes, or the word that follows the object ("accused X
          // of", "urged X to"): the claim is about the object.
          if (std::string_view o = verb.Attr("object"); !o.empty()) {
            word_bits_[span.first] |= kObjectVerbWord;
            if (o != "yes") object_word_[span.first] = o;
          }
          if (verb.Attr("evidence") == "yes") word_bits_[span.first] |= kEvidenceVerbWord;
          if (std::string_view np = verb.Attr("np_object"); np == "yes" || np == "any") {
            word_bits_[span.first] |= kNpObjectVerbWord;
            if (np == "any") word_bits_[span.first] |= kAnyNpObjectVerbWord;
          }
          if (lex == according_) according_at_.insert(span.first);
        }
        if (lex == agent_nouns_) {
          std::string_view role = rs_.lexicons.entry(span.entry).Attr("role");
          uint32_t bit = role == "person"                       ? uint32_t{kPersonRoleWord}
                         : role == "evidence"                   ? uint32_t{kEvidenceNounWord}
                         : role == "body" || role == "quantity" ? uint32_t{kBodyNounWord}
                                                                : 0u;
          for (uint32_t t = span.first; t < span.end; ++t) word_bits_[t] |= bit;
        }
        if (lex == speech_skip_) {
          uint32_t last = span.end - 1;
          skip_from_[last] = std::min(skip_from_[last], span.first);
        }
      }
    }
    // Nouns of people by their plural ending, which no list holds in full:
    // "technologists", "specialists", "politicians", "statisticians". Lower
    // case only (a capital would be a name: "Christian"), and long enough
    // that no verb ends so ("insist", "assist").
    if (agent_nouns_ >= 0) {
      for (uint32_t t = 0; t < doc_.tokens.size(); ++t) {
        const text::Token& tok = doc_.tokens[t];
        if (!tok.Has(text::kWord) || tok.Has(text::kCapitalized) || verb_end_[t] != 0) continue;
        std::string_view k = KeyAt(t);
        auto ends = [&](std::string_view suffix) {
          return k.size() >= suffix.size() + 5 && k.substr(k.size() - suffix.size()) == suffix;
        };
        // Plurals only: a singular may be an adjective ("struck populist notes").
        if (ends("ists") || ends("ians")) {
          word_bits_[t] |= kAgentNounWord;
        }
      }
    }
    // Words the document also writes in lower case are common words when
    // they open a sentence ("Officials", "Critics", "Convincing"). A window
    // after pass kSurvey reads both sets of the whole document instead.
    if (tables_ != nullptr && pass_ != Pass::kSurvey) return;
    lowercase_keys_.clear();
    for (const text::Token& t : doc_.tokens) {
      if (!t.Has(text::kWord) || t.Has(text::kCapitalized)) continue;
      if (lowercase_keys_.insert(doc_.Key(t)) && tables_ != nullptr) {
        tables_->lowercase_words.emplace(doc_.Key(t));  // new to this run
      }
    }
    // Capitalised words that stand alone, not opening a sentence: a family
    // name used on its own ("Carson said").
    standalone_caps_.clear();
    for (const text::Sentence& sent : doc_.sentences) {
      for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
        if (!NameToken(t) || doc_.tokens[t].Has(text::kAllCaps) || Bit(t, kOrgHeadWord) ||
            Bit(t, kPlaceWord)) {
          continue;
        }
        // Pass kSurvey cannot tell yet whether a word opening a sentence is
        // written in lower case somewhere in the document: that is known
        // after the last window (DocumentTables::FinishSurvey).
        const bool opens = t == sent.first_token;
        if (opens && (tables_ != nullptr ? KnownWord(t) : CommonWord(t))) continue;
        // "Okafor said", "Ms. Okafor said": the family name on its own.
        if (t > sent.first_token &&
            ((NameToken(t - 1) && !Bit(t - 1, kHonorificWord)) || Bit(t - 1, kParticleWord) ||
             KeyAt(t - 1) == "-")) {
          continue;
        }
        if (t + 1 < sent.end_token && (NameToken(t + 1) || KeyAt(t + 1) == "-")) continue;
        standalone_caps_.insert(KeyAt(t));
        if (tables_ != nullptr) {
          (opens ? tables_->standalone_unless_lowercase : tables_->standalone_words)
              .emplace(KeyAt(t));
        }
      }
    }
  }

  bool Bit(uint32_t t, uint32_t bit) const { return (word_bits_[t] & bit) != 0; }

  // "Jr.", "Sr.", "II", "III", "IV": a generational suffix, not a family name.
  bool NameSuffix(uint32_t t) const {
    std::string_view k = KeyAt(t);
    return k == "jr." || k == "jr" || k == "sr." || k == "sr" || k == "ii" || k == "iii" ||
           k == "iv";
  }

  // A capitalised token that is an ordinary word: written in lower case
  // elsewhere in the document, or a word some lexicon or rule names in lower
  // case (the vocabulary knows its key, and it begins no actor mention).
  bool CommonWord(uint32_t t) const { return lowercase_->count(KeyAt(t)) > 0 || KnownWord(t); }
  // CommonWord but for the document's lower-case words.
  bool KnownWord(uint32_t t) const {
    if (Bit(t, kParticleWord) || Bit(t, kFirstNameWord)) return false;  // "Ben", "Bob", "Van"
    if (Bit(t, kOrgHeadWord) || Bit(t, kHonorificWord) || Bit(t, kTitleWord)) return false;
    // The rules know the word or its lemma ("Continued" -> continue).
    return t < state_.key_ids.size() && (state_.key_ids[t] != lexicon::Vocab::kUnknown ||
                                         state_.lemma_ids[t] != lexicon::Vocab::kUnknown);
  }
  std::string_view KeyAt(uint32_t t) const { return doc_.Key(doc_.tokens[t]); }

  // A token that can be part of a name: capitalised word or initial, not a
  // function word or weekday (non_name_words), unless it heads an organisation.
  bool NameToken(uint32_t t) const {
    const text::Token& tok = doc_.tokens[t];
    if (!tok.Has(text::kCapitalized)) return false;
    if (!tok.Has(text::kWord) && !tok.Has(text::kAbbreviation)) return false;
    if (Contraction(t)) return false;
    if (Bit(t, kNonNameWord) && !Bit(t, kOrgHeadWord)) {
      // A first name that is also an institution word ("Bill") is a name
      // before a family name: "Bill Dombrowski", not "Bill of Rights".
      if (!Bit(t, kFirstNameWord) || t + 1 >= doc_.tokens.size()) return false;
      const text::Token& next = doc_.tokens[t + 1];
      return next.Has(text::kCapitalized) && next.Has(text::kWord) && !Bit(t + 1, kNonNameWord) &&
             !Bit(t + 1, kOrgHeadWord) && !Bit(t + 1, kPlaceWord);
    }
    return true;
  }

  // A pronoun or verb with its contracted auxiliary, one token: "I'm",
  // "We've", "They'll", "You'd", "We're" (the key writes ' for any
  // apostrophe). "O'Dell" and "D'Souza" are names.
  bool Contraction(uint32_t t) const {
    std::string_view key = KeyAt(t);
    const size_t apostrophe = key.rfind('\'');
    if (apostrophe == std::string_view::npos || apostrophe == 0) return false;
    std::string_view tail = key.substr(apostrophe + 1);
    return tail == "m" || tail == "ve" || tail == "ll" || tail == "d" || tail == "re";
  }

  // Token t ends in -ed or -ing and `entry` (the lexicon's text) does not:
  // a verb form an inflected noun entry matched by its lemma.
  bool VerbFormOf(uint32_t t, std::string_view entry) const {
    auto ends = [](std::string_view w, std::string_view suffix) {
      return w.size() > suffix.size() + 2 && w.substr(w.size() - suffix.size()) == suffix;
    };
    const std::string_view key = KeyAt(t);
    for (std::string_view suffix : {std::string_view("ed"), std::string_view("ing")}) {
      if (ends(key, suffix) && !ends(entry, suffix)) return true;
    }
    return false;
  }

  // A word with an upper-case letter after its first two letters that
  // follows a lower-case one: "OneWeb", "YouTube", "PayPal"; not "McCain",
  // "DeSantis", "LaHood", "MacNab", "VanderSloot" (a name's prefix), nor
  // all capitals.
  bool CamelCase(uint32_t t) const {
    const text::Token& tok = doc_.tokens[t];
    if (!tok.Has(text::kWord) || tok.Has(text::kAllCaps)) return false;
    std::string_view w = doc_.Span(t, t + 1);
    static constexpr std::string_view kNamePrefixes[] = {"Mac", "Van",   "Vander", "Von",
                                                         "Del", "Della", "Le",     "St"};
    for (size_t i = 3; i < w.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(w[i]);
      const unsigned char prev = static_cast<unsigned char>(w[i - 1]);
      if (c < 'A' || c > 'Z' || prev < 'a' || prev > 'z') continue;
      const std::string_view prefix = w.substr(0, i);
      return std::find(std::begin(kNamePrefixes), std::end(kNamePrefixes), prefix) ==
             std::end(kNamePrefixes);
    }
    return false;
  }

  // Whether token t opens its sentence or a quotation or parenthesis in it:
  // the sentence's first token, or the first after an opening quote mark or
  // bracket ('Lombardi said: "I'm not ..."', "(Additional reporting by").
  // Straight quotes open when an even number come before them.
  bool OpensClause(uint32_t t, const text::Sentence& sent) const {
    uint32_t first = sent.first_token;
    if (t == first) return true;
    std::string_view prev = KeyAt(t - 1);
    if (prev == "(" || prev == "[") return true;
    if (prev != "\"" && prev != "'") return false;
    uint32_t mark = t - 1;  // the mark's first token
    const bool doubled = prev == "'" && mark > first && KeyAt(mark - 1) == "'";  // '' for "
    if (doubled) --mark;
    uint32_t before = 0;  // marks of the same kind before it
    for (uint32_t x = first; x < mark; ++x) {
      if (KeyAt(x) != prev) continue;
      if (doubled && (x + 1 >= mark || KeyAt(x + 1) != "'")) continue;
      ++before;
      if (doubled) ++x;
    }
    return before % 2 == 0;
  }

  // A capitalised word the name lexicons call no name because it names
  // institutions ("Law", "Affairs", "Foreign"): inside an organisation's
  // name after its head word and a connector it belongs to the name.
  bool InstitutionWord(uint32_t t) const {
    const text::Token& tok = doc_.tokens[t];
    if (!tok.Has(text::kCapitalized) || !tok.Has(text::kWord) || !Bit(t, kNonNameWord) ||
        Bit(t, kHonorificWord) || Bit(t, kTitleWord)) {
      return false;
    }
    static constexpr std::string_view kFunctionWords[] = {
        "the",   "a",     "an",    "in",     "at",    "on",    "of",     "for",   "by",
        "with",  "from",  "to",    "and",    "or",    "but",   "as",     "this",  "that",
        "these", "those", "after", "before", "under", "over",  "during", "since", "when",
        "while", "if",    "his",   "her",    "its",   "their", "our",    "my",    "your"};
    return std::find(std::begin(kFunctionWords), std::end(kFunctionWords), KeyAt(t)) ==
           std::end(kFunctionWords);
  }

  // Tokens [t, t+2) are "-" and a name part written without spaces: "Holtz-Eakin".
  bool HyphenJoin(uint32_t t, uint32_t end) const {
    return t + 1 < end && KeyAt(t) == "-" && !doc_.tokens[t].Has(text::kSpaceBefore) &&
           !doc_.tokens[t + 1].Has(text::kSpaceBefore) && doc_.tokens[t + 1].Has(text::kWord) &&
           doc_.tokens[t + 1].Has(text::kCapitalized);
  }

  // The end of the run of name tokens that starts at `t`.
  static bool IsWeekday(std::string_view key) {
    return key == "monday" || key == "tuesday" || key == "wednesday" || key == "thursday" ||
           key == "friday" || key == "saturday" || key == "sunday";
  }

  // Whether sentence s is written as a headline: six words in ten or more
  // capitalised.
  bool Headline(uint32_t s) const {
    uint32_t words = 0, caps = 0;
    for (uint32_t t = doc_.sentences[s].first_token; t < doc_.sentences[s].end_token; ++t) {
      if (!doc_.tokens[t].Has(text::kWord)) continue;
      ++words;
      caps += doc_.tokens[t].Has(text::kCapitalized);
    }
    return caps * 10 >= words * 6;
  }

  uint32_t NameRunEnd(uint32_t t, uint32_t end) const {
    uint32_t b = t;
    while (b < end) {
      if (NameToken(b)) {
        ++b;
      } else if (b > t && HyphenJoin(b, end)) {
        b += 2;
      } else if (b > t && Bit(b, kParticleWord) && b + 1 < end && NameToken(b + 1)) {
        ++b;
      } else {
        break;
      }
    }
    return b;
  }

  // The end of the longest skip phrase (speech_skip_words, at most five
  // words: "has also", "in a statement") that starts at token `t`, or `t`.
  uint32_t SkipPhraseEnd(uint32_t t, uint32_t end) const {
    for (uint32_t e = std::min<uint32_t>(end, t + 5); e > t; --e) {
      if (skip_from_[e - 1] == t) return e;
    }
    return t;
  }

  // The first token after the skip phrases that follow one another from `t`
  // (at most six: "said on Monday in a statement").
  uint32_t AfterSkipWords(uint32_t t, uint32_t end) const {
    for (int guard = 0; t < end && guard < 6; ++guard) {
      uint32_t e = SkipPhraseEnd(t, end);
      if (e == t) break;
      t = e;
    }
    return t;
  }

  // The first word after `t` (skipping speech_skip_words and -ly adverbs) is
  // an attribution verb: its first token, or UINT32_MAX.
  uint32_t VerbAfter(uint32_t t, uint32_t end) const {
    for (int guard = 0; t < end && guard < 8; ++guard) {
      if (verb_end_[t] != 0 && according_at_.count(t) == 0) return t;
      if (uint32_t e = SkipPhraseEnd(t, end); e != t) {
        t = e;
        continue;
      }
      std::string_view k = KeyAt(t);
      if (k.size() > 4 && k.substr(k.size() - 2) == "ly" && doc_.tokens[t].Has(text::kWord)) {
        ++t;
        continue;
      }
      break;
    }
    return UINT32_MAX;
  }

  // "Name, which opposed the licence, said": a relative clause on a thing
  // after the run, then an attribution verb.
  bool RelativeThenVerb(uint32_t b, uint32_t end) const {
    if (b + 2 >= end || KeyAt(b) != "," || KeyAt(b + 1) != "which") return false;
    for (uint32_t c = b + 2; c + 1 < end && c < b + 18; ++c) {
      if (KeyAt(c) == ",") return VerbAfter(c + 1, end) != UINT32_MAX;
    }
    return false;
  }

  // "Name, the IMF's chief economist," / "Name, a professor at ...," /
  // "Name, who ...": an appositive or relative clause follows the run.
  bool AppositiveAfter(uint32_t b, uint32_t end) const {
    if (b + 2 >= end || KeyAt(b) != ",") return false;
    std::string_view k = KeyAt(b + 1);
    if (k == "who") return true;
    if (k != "a" && k != "an" && k != "the" && k != "his" && k != "her" && k != "its") {
      return false;
    }
    for (uint32_t t = b + 2; t < end && t < b + 14; ++t) {
      if (Bit(t, kAgentNounWord) || Bit(t, kRoleNounWord)) return true;
      if (KeyAt(t) == "," || KeyAt(t) == ".") return false;
    }
    return false;
  }

  // The tokens before `a` in the sentence are an attribution verb after a
  // comma or a quotation mark: "..., said Liam Fox", "'...,' says Mr. Fox".
  bool InvertedVerbBefore(uint32_t a, uint32_t sent_first) const {
    uint32_t t = a;
    while (t > sent_first && (Bit(t - 1, kHonorificWord) || Bit(t - 1, kTitleWord) ||
                              PersonTitleNoun(t - 1) || NameToken(t - 1))) {
      --t;  // "said Janco Partners analyst Martin ..."
      if (a - t > 6) return false;
    }
    for (uint32_t v = t; v-- > sent_first && t - v <= 3;) {
      if (verb_end_[v] == t && according_at_.count(v) == 0) {
        if (v == sent_first) return false;
        std::string_view k = KeyAt(v - 1);
        return k == "," || k == "\"" || k == "'";
      }
    }
    return false;
  }

  // "the Clinton campaign", "Cruz's campaign", "the Obama administration":
  // a person's organisation, an actor of its own beside the person. Runs
  // after surnames are resolved, so "Clinton's campaign" finds Clinton.
  void AddPersonOrganizations() {
    const size_t named = mentions_.size();
    for (size_t i = 0; i < named; ++i) {
      if (mentions_[i].actor.type != "person") continue;
      const Mention& p = mentions_[i];
      const uint32_t end = doc_.sentences[p.sentence].end_token;
      uint32_t t = p.end;
      if (t < end && KeyAt(t) == "'s") ++t;
      if (t < end && KeyAt(t) == "presidential") ++t;
      if (t >= end) continue;
      std::string_view noun = KeyAt(t);
      if (noun != "campaign" && noun != "administration" && noun != "camp") continue;
      const std::string& person = p.actor.name;
      Mention m;
      m.sentence = p.sentence;
      m.first = p.first;
      m.end = t + 1;
      m.rule = "actor.open.person-organization";
      m.actor.name = person.substr(person.rfind(' ') + 1) + " " + std::string(noun);
      m.actor.type = "organization";
      m.actor.source = "open-world";
      m.actor.affiliation = person;
      m.actor.id = "organization:" + Slug(m.actor.name);
      mentions_.push_back(std::move(m));
    }
    if (mentions_.size() != named) SortMentions();
  }

  void FindOpenNames() {
    if (org_heads_ < 0 && honorifics_ < 0 && attribution_verbs_ < 0) return;
    // Tokens of the mentions the actor rules found: which mention covers each.
    std::vector<int32_t> covering(doc_.tokens.size(), -1);
    for (size_t i = 0; i < mentions_.size(); ++i) {
      for (uint32_t t = mentions_[i].first; t < mentions_[i].end; ++t) {
        if (covering[t] < 0 ||
            mentions_[covering[t]].end - mentions_[covering[t]].first <
                mentions_[i].end - mentions_[i].first) {
          covering[t] = static_cast<int32_t>(i);
        }
      }
    }
    std::vector<char> dropped(mentions_.size(), 0);
    const size_t before = mentions_.size();
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const text::Sentence& sent = doc_.sentences[s];
      const uint32_t end = sent.end_token;
      // A headline in title case ("Who Called Whom") says nothing by its
      // capitals: most words capitalised, among them at least two that the
      // text also writes in lower case ("Says", "To"); a sentence dense
      // with names ("Luther Stan Pate IV backed John McCain") is no headline.
      uint32_t words = 0, caps = 0, common_caps = 0;
      for (uint32_t t = sent.first_token; t < end; ++t) {
        if (!doc_.tokens[t].Has(text::kWord)) continue;
        ++words;
        if (!doc_.tokens[t].Has(text::kCapitalized)) continue;
        ++caps;
        common_caps +=
            t > sent.first_token && (lowercase_->count(KeyAt(t)) || Bit(t, kNonNameWord));
      }
      const bool title_case = words >= 4 && caps * 10 >= words * 7 && common_caps >= 2;
      for (uint32_t t = sent.first_token; t < end;) {
        if (!NameToken(t) || (t > sent.first_token && HyphenJoin(t - 1, end))) {
          ++t;
          continue;
        }
        uint32_t a = t, b = NameRunEnd(t, end);
        // "Super Tuesday", "Black Friday", "Easter Monday": a day's name,
        // no person's.
        if (b < end && b - a == 1 && !Bit(a, kFirstNameWord) && IsWeekday(KeyAt(b)) &&
            doc_.tokens[b].Has(text::kCapitalized)) {
          t = b + 1;
          continue;
        }
        // Ordinary words before a title are its portfolio, no name:
        // "Agriculture Secretary Tom Vilsack", "Energy Minister ...".
        if (b < end && b - a <= 2 && Bit(b, kTitleWord)) {
          bool ordinary = true;
          for (uint32_t x = a; x < b; ++x) ordinary &= CommonWord(x) && !Bit(x, kPlaceWord);
          if (ordinary) {
            t = b;
            continue;
          }
        }
        // "of/for/and/&/on" inside an organisation's name; not after a
        // person's name ("David Woodard of Clemson University").
        const bool person_shaped =
            b - a >= 2 && b - a <= 3 && Bit(a, kFirstNameWord) && !Bit(b - 1, kOrgHeadWord);
        bool ampersand = false;
        while (b + 1 < end && !person_shaped) {
          std::string_view k = KeyAt(b);
          if (k != "of" && k != "for" && k != "and" && k != "&" && k != "on") break;
          uint32_t next = b + 1;
          // "OneWeb and the Secure World Foundation": an article after
          // "and" opens a second name.
          if (KeyAt(next) == "the" && (k == "and" || k == "&")) break;
          // "Ministry of Commerce on Tuesday": a time, not more name.
          if (k == "on" && IsWeekday(KeyAt(next))) break;
          if (KeyAt(next) == "the" && next + 1 < end) ++next;
          // After a head word and its connector, institution words name
          // the organisation too: "Center for International Environmental
          // Law", "Ministry of Foreign Affairs".
          const bool after_head = Bit(b - 1, kOrgHeadWord);
          if (!NameToken(next) && !(after_head && InstitutionWord(next))) break;
          uint32_t e = next;
          while (e < end) {
            uint32_t r = NameRunEnd(e, end);
            if (r == e && after_head && InstitutionWord(e)) r = e + 1;
            if (r == e) break;
            e = r;
          }
          // A name that opens with its head word ("Ministry of Water
          // Resources and Irrigation") runs on over every connector.
          // Not over a person: "University of Chicago and Professor Knittel".
          uint32_t head = a;
          while (head + 1 < b && (KeyAt(head) == "the" || KeyAt(head) == "a")) ++head;
          const bool head_first = Bit(head, kOrgHeadWord) && b > head + 1 && e - next <= 2 &&
                                  !Bit(next, kFirstNameWord) && !Bit(next, kTitleWord) &&
                                  !Bit(next, kHonorificWord) && !PersonTitleNoun(next);
          // "Johnson & Johnson", "Procter & Gamble": names joined by an
          // ampersand are a firm's, whatever their last word.
          if (k == "&" && !(Bit(b - 1, kFirstNameWord) && Bit(next, kFirstNameWord))) {
            ampersand = true;  // not "Jim & Sarah Brady"
          } else if (!Bit(e - 1, kOrgHeadWord) && !Bit(b - 1, kOrgHeadWord) && !head_first) {
            break;
          }
          b = e;
        }
        t = b;
        // Titles and honorifics before the name say it is a person.
        bool titled =
            a > sent.first_token && (Bit(a - 1, kHonorificWord) || Bit(a - 1, kTitleWord) ||
                                     PersonTitleNoun(a - 1) || Bit(a - 1, kRoleNounWord));
        // The name follows the last title in the run: "French President
        // Emmanuel Macron", "Prime Minister Keir Starmer".
        for (uint32_t x = b; x-- > a;) {
          // A title word ending the run after a first name or an initial is
          // a family name: "Peter T. King", "Stephen King".
          if (x + 1 == b && x > a &&
              (Bit(x - 1, kFirstNameWord) ||
               (doc_.tokens[x - 1].Has(text::kAbbreviation) && KeyAt(x - 1).size() == 2))) {
            continue;
          }
          if (Bit(x, kHonorificWord) || Bit(x, kTitleWord)) {
            titled = true;
            a = x + 1;
            break;
          }
          // A role noun written as a title, before a first name: "Clark
          // County Sheriff Joe Lombardo", "Assistant U.S. Attorney Maya D.
          // Song". Only before a first name, so that "Campaign Legal Center"
          // stays whole.
          if (x + 2 <= b && x > a && PersonTitleNoun(x) && Bit(x + 1, kFirstNameWord) &&
              !Bit(b - 1, kOrgHeadWord)) {
            titled = true;
            a = x + 1;
            break;
          }
        }
        // A descriptor written in capitals before a person's first name and
        // family name: "(Supervisor of) Elections Susan Bucher", "Fox News
        // Host Sean Hannity". The person is the name from the first name on,
        // when the word before it is an ordinary word and the run is no
        // organisation's name.
        if (!titled && !title_case && b - a >= 3 && !Bit(b - 1, kOrgHeadWord) &&
            !Bit(a, kFirstNameWord)) {
          for (uint32_t x = a + 1; x + 2 <= b && x + 3 >= b; ++x) {
            const text::Token& before = doc_.tokens[x - 1];
            if (!Bit(x, kFirstNameWord) || Bit(x - 1, kFirstNameWord) || !CommonWord(x - 1) ||
                !before.Has(text::kWord) || !before.Has(text::kCapitalized) ||
                before.Has(text::kAbbreviation) || Bit(x - 1, kParticleWord) ||
                Bit(x - 1, kOrgHeadWord) || Bit(x - 1, kPlaceWord) ||
                (x - 1 > a && KeyAt(x - 2) == "-")) {
              continue;
            }
            bool plain = true;  // the family name: no ordinary word, no head word
            for (uint32_t y = x + 1; y < b; ++y) {
              plain &= !Bit(y, kOrgHeadWord) && !Bit(y, kPlaceWord) &&
                       (doc_.tokens[y].Has(text::kAbbreviation) || !CommonWord(y));
            }
            // And the person acts or is known: a verb or an appositive
            // follows, or the text uses the family name alone ("Operation
            // Jade Helm", "Time Warner Cable" do neither).
            const bool acts = VerbAfter(b, end) != UINT32_MAX || AppositiveAfter(b, end) ||
                              standalone_->count(KeyAt(b - 1)) > 0;
            if (!plain || !acts) continue;
            titled = true;
            a = x;
            break;
          }
        }
        // A word opening the sentence that the document writes in lower case
        // elsewhere, or that the rules know as a word before a known name
        // ("Hence", "Whether", "Following"), is no part of a name.
        if (OpensClause(a, sent) && a < b && !titled && CommonWord(a) &&
            !(a + 1 < b && KeyAt(a + 1) == "&")) {  // "Marks & Spencer said"
          ++a;  // "Following Macron", "Unlike Trump", "Continued Stone"; but "Ben Carson" stays whole
        }
        // Nor is a word opening the sentence before a known person's full
        // name ("Even Lindsey Graham said"), nor a party label before one
        // anywhere ("Republican Donald Trump", "Democrat Clinton").
        if (a + 1 < b && !titled && covering[a + 1] >= 0 &&
            mentions_[covering[a + 1]].first == a + 1 && mentions_[covering[a + 1]].end == b &&
            mentions_[covering[a + 1]].actor.type == "person" &&
            ((a == sent.first_token && a + 2 < b) || PartyLabel(a))) {
          ++a;
        } else if (a + 2 == b && !titled &&
                   (KeyAt(a) == "republican" || KeyAt(a) == "democrat" || KeyAt(a) == "gop") &&
                   !Bit(a + 1, kOrgHeadWord) && !Bit(a + 1, kNonNameWord)) {
          ++a;  // "Democrat Clinton": a member's label, then a family name
        }
        // Nor is an article: "The Rapid Support Forces" is named "Rapid Support Forces".
        while (a < b && (KeyAt(a) == "the" || KeyAt(a) == "a" || KeyAt(a) == "an")) ++a;
        if (a >= b || !NameToken(a)) continue;
        if (a >= b) continue;
        // Already one mention, or part of a longer one: nothing new.
        bool inside_longer = false, exact = false;
        for (uint32_t x = a; x < b; ++x) {
          int32_t c = covering[x];
          if (c < 0) continue;
          const Mention& m = mentions_[c];
          if (m.first < a || m.end > b) inside_longer = true;
          if (m.first == a && m.end == b) exact = true;
        }
        if (inside_longer || exact) continue;
        // A listed organisation at the end of the run is the name: "United
        // States Department of Defense" keeps the Department of Defense.
        // But a listed head word alone is a short name ("Commission" for
        // the European Commission): "Competition Commission" is another
        // body (trial 24), when the words before it name no place.
        if (b > a && covering[b - 1] >= 0 && mentions_[covering[b - 1]].end == b &&
            mentions_[covering[b - 1]].actor.type == "organization") {
          const Mention& listed = mentions_[covering[b - 1]];
          bool place_before = false;
          for (uint32_t x = a; x < listed.first; ++x) {
            place_before |= covering[x] >= 0 || Bit(x, kPlaceWord);
          }
          if (listed.end - listed.first > 1 || !Bit(listed.first, kOrgHeadWord) || place_before) {
            continue;
          }
        }
        bool not_actor = false, all_not_actor = true;
        for (uint32_t x = a; x < b; ++x) {
          not_actor |= Bit(x, kNotActorWord);
          all_not_actor &= Bit(x, kNotActorWord);
        }
        const uint32_t len = b - a;
        // An organisation's head word may open a longer name ("Campaign Legal
        // Center"), not a two-word one ("Party Leader"). A place that is no
        // actor may stand in its name ("University of Texas"), unless the
        // whole run is such a name.
        bool org = len >= 2 && Bit(b - 1, kOrgHeadWord) && (len >= 3 || !Bit(a, kOrgHeadWord)) &&
                   !all_not_actor;
        // Or its head word opens it: "University of Maryland", "Ministry of
        // Water Resources and Irrigation".
        org = org || (len >= 3 && Bit(a, kOrgHeadWord) && !all_not_actor &&
                      (KeyAt(a + 1) == "of" || KeyAt(a + 1) == "for"));
        // Or it stands inside before its connector: "Independent
        // Communications Authority of South Africa", "Cellular Operators
        // Association of India" (not the country inside).
        for (uint32_t x = a + 1; !org && x + 2 < b; ++x) {
          org = Bit(x, kOrgHeadWord) && (KeyAt(x + 1) == "of" || KeyAt(x + 1) == "for") &&
                !all_not_actor;
        }
        org = org || (ampersand && !all_not_actor);
        // A head word alone after an institution word: "National Grid".
        // Not the end of a longer name cut by a listed one before it
        // ("Republican National Committee").
        org = org || (len == 1 && Bit(a, kOrgHeadWord) && a > sent.first_token && !title_case &&
                      InstitutionWord(a - 1) && covering[a - 1] < 0 &&
                      doc_.tokens[a - 1].Has(text::kCapitalized) &&
                      (a - 1 == sent.first_token || KeyAt(a - 2) == "the" ||
                       !doc_.tokens[a - 2].Has(text::kCapitalized)));
        // Institution words before an organisation's name belong to it:
        // "National Oceanic and Atmospheric Administration".
        while (org && a > sent.first_token && !title_case && InstitutionWord(a - 1) &&
               covering[a - 1] < 0) {
          --a;
        }
        bool person = false;
        bool person_cue = false;
        bool body = false;  // an organisation by what it does, not by its head word
        bool placeish = false;
        // A place word inside the name makes it a place ("Port Sudan", "Red
        // Sea"), but a demonym after a first name does not: "Massimo Franco".
        const bool first_named = b - a >= 2 && b - a <= 3 && Bit(a, kFirstNameWord);
        for (uint32_t x = a; x < b; ++x) {
          placeish |= Bit(x, kPlaceWord) && !(first_named && x > a && !Bit(x, kGeoHeadWord));
        }
        // After "of", "in", "from": a place ("Marco Rubio of Florida, who ...").
        if (a > sent.first_token && !titled) {
          std::string_view prep = KeyAt(a - 1);
          placeish |= prep == "of" || prep == "in" || prep == "near" || prep == "across";
        }
        if (!org && len <= 4 && !not_actor && !placeish && !Bit(b - 1, kOrgHeadWord) &&
            (titled || !title_case)) {
          bool spoke = VerbAfter(b, end) != UINT32_MAX || AppositiveAfter(b, end) ||
                       RelativeThenVerb(b, end) || InvertedVerbBefore(a, sent.first_token) ||
                       (b < end && KeyAt(b) == ":" && a <= sent.first_token + 2 && b + 3 < end &&
                        KeyAt(b - 1).size() >= 3);
          // The shape of a person's name: an initial inside ("E. J. Fleming",
          // "Nicholas M. Schenk"), or a family name the text uses alone
          // elsewhere ("Ben Carson" ... "Carson said").
          bool initial = false;
          for (uint32_t x = a; x < b; ++x) {
            initial |= doc_.tokens[x].Has(text::kAbbreviation) && KeyAt(x).size() == 2;
          }
          // In words: a hyphen joins two tokens into one ("Adjei-Boateng").
          uint32_t hyphens = 0;
          for (uint32_t x = a; x < b; ++x) hyphens += KeyAt(x) == "-";
          const uint32_t name_len = b - a - 2 * hyphens - (b - a > 2 && NameSuffix(b - 1) ? 1 : 0);
          bool shaped = name_len >= 2 && name_len <= 3 &&
                        (initial || Bit(a, kFirstNameWord) ||
                         standalone_->count(KeyAt(a + name_len - 1)) > 0);
          person = titled || spoke || shaped;
          person_cue = titled || shaped || Bit(a, kFirstNameWord) || RoleAfter(b, end);
          // Names of people take no article ("a Joe Biden supporter"; a
          // title or role noun in between, "the Rev. Al Sharpton", made the
          // run titled). A named thing with an article that speaks is a body:
          // "the New Hampshire Union Leader said", "the Florida Legislature
          // voted"; one that does not is nobody ("the Clarion Zone").
          if (person && !titled && a > sent.first_token &&
              (KeyAt(a - 1) == "the" || KeyAt(a - 1) == "a" || KeyAt(a - 1) == "an")) {
            person = false;
            // Not a place: "China's embassy in The Hague said".
            std::string_view before = a >= sent.first_token + 2 ? KeyAt(a - 2) : "";
            const bool place = before == "in" || before == "at" || before == "from" ||
                               before == "of" || before == "near" || before == "to";
            body = spoke && !place && KeyAt(b) != ":" && VerbAfter(b, end) != UINT32_MAX;
          }
          // One word opening a sentence, with an appositive after it, is a
          // person only when a speech verb follows the appositive
          // ("Obstfeld, the IMF's chief economist, said"; not "Furthermore,
          // the alliance's chief argued").
          if (person && len == 1 && !titled && a == sent.first_token &&
              VerbAfter(b, end) == UINT32_MAX && !InvertedVerbBefore(a, sent.first_token)) {
            bool verb_after_apposition = false;
            for (uint32_t c = b + 1; c + 1 < end && c < b + 16; ++c) {
              if (KeyAt(c) != ",") continue;
              verb_after_apposition = VerbAfter(c + 1, end) != UINT32_MAX;
              break;
            }
            person = verb_after_apposition;
          }
          // A party's name for its members is no one's name, even after a
          // role noun ("his wife Democratic presidential front-runner
          // Hillary Clinton").
          if (person && len == 1 && PartyLabel(a)) person = false;
          // A word with a capital inside is a brand or a body, not a
          // person: "OneWeb", "YouTube", "EgyptAir" (not "McCain",
          // "DeSantis", "LaHood": a capital after a short prefix).
          // One word only: "RoseAnn DeMoro" is a person.
          const bool camel = len == 1 && !titled && CamelCase(a);
          // One unknown word a relative "which" follows, or whose clause
          // goes on with "its", is a body: "Telkom, which opposed the
          // licence, said", "Lufthansa said its profit fell". ("said it
          // would" was tried: the "it" is as often a bill or a plan, and
          // "Corker said it would pass" made Corker a body.)
          bool thing = false;
          if (person && len == 1 && !titled && !Bit(a, kFirstNameWord)) {
            if (b + 1 < end && KeyAt(b) == "," && KeyAt(b + 1) == "which") thing = true;
            if (uint32_t v = VerbAfter(b, end); v != UINT32_MAX) {
              uint32_t x = verb_end_[v];
              if (x < end && KeyAt(x) == "that") ++x;
              thing |= x + 1 < end && KeyAt(x) == "its";
            }
          }
          if (person && (camel || thing)) {
            person = false;
            body = spoke;
          }
          if (person && len == 1 && !titled) {
            // One capitalised word: not a common word opening the sentence or
            // a quotation ("Officials said", '"Everybody ...'), not an agent
            // noun, not all capitals (FBI).
            const text::Token& tok = doc_.tokens[a];
            if ((OpensClause(a, sent) && CommonWord(a)) || Bit(a, kAgentNounWord) ||
                tok.Has(text::kAllCaps) || Bit(a, kPronounWord)) {
              person = false;
              // An acronym no list holds that says something is a body:
              // "ACER said", "IPTO warned that" (trial 23).
              // Not "D.C. reporting", nor "TV show" (show: a verb only of
              // evidence).
              const size_t letters = KeyAt(a).size();
              const uint32_t v = VerbAfter(b, end);
              body = tok.Has(text::kAllCaps) && tok.Has(text::kWord) &&
                     !tok.Has(text::kAbbreviation) && letters >= 2 && letters <= 6 &&
                     v != UINT32_MAX && !Bit(v, kEvidenceVerbWord);
            }
          }
        }
        org = org || body;
        if (!org && !person) continue;
        Mention m;
        m.sentence = s;
        m.first = a;
        m.end = b;
        m.rule = org ? "actor.open.organization" : "actor.open.person";
        m.person_cue = person_cue;
        std::string name = CollapseSpaces(doc_.Span(a, b));
        m.actor.name = name;
        m.actor.type = org ? "organization" : "person";
        m.actor.source = "open-world";
        // A lexicon person inside with the same first word is the same
        // person named in full ("Hillary Rodham Clinton"); otherwise the
        // longer name is someone else ("Sir Ian Blair" is not Tony Blair).
        for (uint32_t x = a; x < b; ++x) {
          int32_t c = covering[x];
          if (c < 0 || dropped[c]) continue;
          const Mention& inner = mentions_[c];
          if (!org && inner.actor.type == "person" && inner.rule.rfind("actor.lexicon", 0) == 0 &&
              inner.actor.name.substr(0, inner.actor.name.find(' ')) ==
                  name.substr(0, name.find(' '))) {
            m.actor = inner.actor;
          }
          dropped[c] = 1;
        }
        if (m.actor.id.empty()) m.actor.id = m.actor.type + ":" + Slug(m.actor.name);
        // "the Rapid Support Forces (RSF)": the acronym names it from here on.
        if (org && b + 2 < end && KeyAt(b) == "(" && KeyAt(b + 2) == ")" &&
            doc_.tokens[b + 1].Has(text::kAllCaps)) {
          acronyms_.emplace(std::string(KeyAt(b + 1)), m.actor);
          if (pass_ == Pass::kNames && InWindow(s)) {
            tables_->acronyms.emplace(std::string(KeyAt(b + 1)), m.actor);
          }
        }
        for (uint32_t x = a; x < b; ++x) covering[x] = static_cast<int32_t>(mentions_.size());
        mentions_.push_back(std::move(m));
        dropped.push_back(0);
      }
    }
    // The initials of an organisation named in full ("International Seabed
    // Authority" ... "ISA") name it too, where an all-capitals word no
    // lexicon knows stands alone; a lexicon's reading of the word wins.
    initials_.clear();
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (dropped[i] || m.actor.type != "organization" || m.end - m.first < 2) continue;
      std::string letters;
      for (uint32_t x = m.first; x < m.end; ++x) {
        std::string_view k = KeyAt(x);
        if (k == "of" || k == "and" || k == "for" || k == "the" || k == "on" || k == "&") continue;
        const text::Token& w = doc_.tokens[x];
        if (!w.Has(text::kWord) || !w.Has(text::kCapitalized) || w.Has(text::kAllCaps)) {
          letters.clear();
          break;
        }
        letters += static_cast<char>(std::tolower(static_cast<unsigned char>(k[0])));
      }
      if (letters.size() < 3) continue;
      initials_.emplace(letters, m.actor);
      if (tables_ != nullptr && pass_ == Pass::kNames && InWindow(m.sentence)) {
        tables_->initials.emplace(letters, m.actor);
      }
    }
    // Only an open-world guess of the word alone gives way to initials; a
    // defined acronym replaces any mention of the word alone.
    NameAbbreviations(tables_ != nullptr ? tables_->initials : initials_, /*lexicon_wins=*/true,
                      &covering, &dropped);
    // Defined acronyms wherever they stand alone (in a window: defined
    // anywhere in the document).
    NameAbbreviations(tables_ != nullptr ? tables_->acronyms : acronyms_, /*lexicon_wins=*/false,
                      &covering, &dropped);
    if (mentions_.size() == before && std::find(dropped.begin(), dropped.end(), 1) == dropped.end()) {
      return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < mentions_.size(); ++i) {
      if (dropped[i]) continue;
      if (kept != i) mentions_[kept] = std::move(mentions_[i]);
      ++kept;
    }
    mentions_.resize(kept);
    SortMentions();
  }

  // ---- speech attribution ----------------------------------------------------
  //
  // After the claim rules, every attribution verb (attribution_verbs, and
  // "according to") that no rule turned into a claim is read structurally:
  //   * the speaker stands before the verb ("X said", "X has also said",
  //     "Obstfeld, the IMF's chief economist, said", "officials said") or,
  //     after a comma or a quotation, after it (", said Liam Fox",
  //     "'...,' says Mr. Fox", "according to X");
  //   * the content is what follows the verb, or, when nothing follows
  //     ("..., Mr Fox said."), the clause before the speaker;
  //   * a quotation next to the attribution is the speaker's in every
  //     sentence it runs over, and no claim inside it is the author's.
  // Speakers are actors (a pronoun resolved to the person meant) or unnamed
  // agents (type `agent`, named by their head word: "officials"); "the bank"
  // is the latest organisation whose name ends in "Bank".

  struct Quote {
    uint32_t open = 0, close = 0;  // tokens: the opening mark, the closing mark (or the end)
    int32_t speaker = -1;          // index into speakers_, or -1
  };

  // A quotation mark at token t: 1 for a straight or curly double quote, 2 for
  // two apostrophes written together (''), 0 otherwise. *opens / *closes say
  // whether the mark can open or close (straight marks can do both).
  int QuoteMark(uint32_t t, uint32_t end, bool* opens, bool* closes) const {
    std::string_view surface = doc_.Surface(doc_.tokens[t]);
    std::string_view k = KeyAt(t);
    *opens = *closes = true;
    if (surface == "\u201c") *closes = false;
    if (surface == "\u201d") *opens = false;
    if (k == "\"") return 1;
    if (k == "'" && t + 1 < end && KeyAt(t + 1) == "'" && !doc_.tokens[t + 1].Has(text::kSpaceBefore)) {
      return 2;
    }
    if (k == "''" || k == "``") return 1;
    return 0;
  }

  bool NewParagraphBefore(uint32_t t) const {
    if (t == 0) return true;
    std::string_view gap(doc_.text.data() + doc_.tokens[t - 1].end,
                         doc_.tokens[t].begin - doc_.tokens[t - 1].end);
    return gap.find('\n') != std::string_view::npos;
  }

  // Pairs quotation marks over the document; a paragraph break ends an
  // unclosed quotation (a quote running over paragraphs opens again at each).
  void FindQuotes() {
    quotes_.clear();
    quote_of_.assign(doc_.tokens.size(), -1);
    bool open = false;
    Quote q;
    const uint32_t n = static_cast<uint32_t>(doc_.tokens.size());
    for (uint32_t t = 0; t < n; ++t) {
      if (open && NewParagraphBefore(t)) {
        q.close = t;
        quotes_.push_back(q);
        open = false;
      }
      bool opens, closes;
      int width = QuoteMark(t, n, &opens, &closes);
      if (width == 0) continue;
      if (open && closes) {
        q.close = t;
        quotes_.push_back(q);
        open = false;
      } else if (!open && opens) {
        q = Quote();
        q.open = t;
        open = true;
      }
      t += width - 1;
    }
    if (open) {
      q.close = n;
      quotes_.push_back(q);
    }
    for (size_t i = 0; i < quotes_.size(); ++i) {
      for (uint32_t t = quotes_[i].open; t < quotes_[i].close; ++t) {
        quote_of_[t] = static_cast<int32_t>(i);
      }
    }
  }

  // A clause with a subject of its own opens at token `t`: an actor that
  // an attribution verb follows ("President Joe Biden warned"), or he, she,
  // they.
  bool SubjectOpensClause(uint32_t t, uint32_t end) const {
    if (t < end && KeyAt(t) == "the") ++t;
    while (t + 1 < end && (Bit(t, kTitleWord) || Bit(t, kHonorificWord))) ++t;
    if (t >= end) return false;
    int32_t m = MentionStartingAt(t);
    if (m >= 0) return VerbAfter(mentions_[m].end, end) != UINT32_MAX;
    return Bit(t, kPronounWord) && !Possessive(t) && !Bit(t, kFirstPersonWord);
  }

  // The quotation whose closing mark is token `t`, or -1.
  int32_t QuoteClosingAt(uint32_t t) const {
    if (t == 0 || quote_of_[t - 1] < 0) return -1;
    int32_t q = quote_of_[t - 1];
    return quotes_[q].close == t ? q : -1;
  }

  // The outermost mention that ends at token `end` (exclusive), or -1.
  int32_t MentionEndingAt(uint32_t end, uint32_t floor) const {
    int32_t best = -1;
    for (size_t i = FirstMentionFrom(floor); i < mentions_.size() && mentions_[i].first < end; ++i) {
      if (mentions_[i].end != end) continue;
      if (best < 0 || mentions_[i].first < mentions_[best].first) best = static_cast<int32_t>(i);
    }
    return best;
  }

  // The outermost mention that begins at token `first`, or -1.
  int32_t MentionStartingAt(uint32_t first) const {
    size_t i = FirstMentionFrom(first);
    return i < mentions_.size() && mentions_[i].first == first ? static_cast<int32_t>(i) : -1;
  }

  // "he"/"she" with no actor in this sentence or the one before: the person
  // the passage is about, up to four sentences back. In each sentence, the
  // speaker of a claim there is preferred, then its first person (the likely
  // subject).
  int32_t PersonBefore(uint32_t sentence, uint32_t tok, char gender) const {
    const bool pronoun_quoted = tok < quote_of_.size() && quote_of_[tok] >= 0;
    // Up to four sentences back, not counting those wholly inside a
    // quotation: '"What I want you all to know ... . He cares ... . He truly
    // wants ...," she said.' looks past the quotation for who "she" is.
    uint32_t counted = 0;
    for (uint32_t back = 0; back <= sentence && back <= 12 && counted <= 4; ++back) {
      const uint32_t s = sentence - back;
      const text::Sentence& sent = doc_.sentences[s];
      if (back > 0 && !WhollyQuoted(sent)) ++counted;
      if (counted > 4) break;
      if (back > 0) {
        // The speaker of that sentence, else the person its opening pronoun
        // stood for ("Her attack on Sanders ... . On Tuesday she ...").
        for (const auto* who : {&speaker_of_sentence_, &subject_of_sentence_}) {
          auto it = who->find(s);
          if (it != who->end() && it->second >= 0 && GenderFits(gender, mentions_[it->second])) {
            return it->second;
          }
        }
      }
      int32_t first_person = -1, last_person = -1, before_last_person = -1;
      uint32_t covered_to = 0;  // end of the mentions seen so far in this sentence
      for (size_t i = FirstMentionFrom(sent.first_token);
           i < mentions_.size() && mentions_[i].first < sent.end_token; ++i) {
        const Mention& m = mentions_[i];
        const bool inside = m.end <= covered_to;  // "Cruz" in "the Cruz campaign"
        covered_to = std::max(covered_to, m.end);
        if (inside || m.actor.type != "person" || (back == 0 && m.end > tok)) continue;
        if (!GenderFits(gender, m)) continue;
        // People named inside a quotation are what its speaker talks about:
        // '"... it's not going to be Rubio," he said' is not Rubio.
        if (!pronoun_quoted && m.first < quote_of_.size() && quote_of_[m.first] >= 0) continue;
        if (first_person < 0) first_person = static_cast<int32_t>(i);
        before_last_person = last_person;
        last_person = static_cast<int32_t>(i);
      }
      if (back == 0) {
        if (int32_t later = SubjectAfterFrontedClause(sent, tok, gender); later >= 0) return later;
        // A pronoun that opens the main clause after a fronted clause is
        // that clause's subject, not its object ("Even as Rubio fights off
        // Christie, he ..."; "When Obama met Putin, he ...").
        if (first_person >= 0 && OpensMainClauseAfter(sent, mentions_[first_person], tok)) {
          return first_person;
        }
        // "X ... told Y that he ...": he is the teller, not the one told.
        if (last_person >= 0 && before_last_person >= 0 &&
            ToldThatBefore(mentions_[last_person], tok)) {
          return before_last_person;
        }
        // A pronoun opening a subordinate clause mid-sentence is the subject
        // of the sentence, named at its start: "Texas Sen. Ted Cruz is
        // highlighting his win over Donald Trump as he urges ...".
        if (first_person >= 0 && last_person != first_person && tok > 0 &&
            kSubordinators.contains(KeyAt(tok - 1)) &&
            OpensSentence(sent, mentions_[first_person])) {
          return first_person;
        }
        // Mid-sentence: the latest person before ("X met Y before he ...").
        if (last_person >= 0 && tok > sent.first_token + 1) return last_person;
        continue;
      }
      if (first_person >= 0) return first_person;
    }
    return -1;
  }

  // Words that open an adverbial clause ("As", "Even as", "While" ...).
  static inline const std::unordered_set<std::string_view> kSubordinators = {
      "as",    "while", "when", "whenever", "after", "although", "though", "because",
      "since", "if",    "once", "before",   "until", "unless",   "whereas"};

  // Whether mention `m` opens sentence `sent`, titles and other capitalised
  // words aside ("Texas Sen. Ted Cruz is ..."): its likely subject.
  bool OpensSentence(const text::Sentence& sent, const Mention& m) const {
    if (m.first < sent.first_token || m.first > sent.first_token + 5) return false;
    for (uint32_t t = sent.first_token; t < m.first; ++t) {
      const text::Token& w = doc_.tokens[t];
      if (!w.Has(text::kCapitalized) && !w.Has(text::kAbbreviation) && KeyAt(t) != "-") {
        return false;
      }
    }
    return true;
  }

  // Whether `told` is the object of a verb of telling and a "that" right
  // after it opens the clause of token `tok` ("to tell Garland that he
  // won't ...", "assured Obama that she ...").
  bool ToldThatBefore(const Mention& told, uint32_t tok) const {
    static const std::unordered_set<std::string_view> kTell = {
        "tell", "assure", "warn", "inform", "remind", "promise", "convince", "reassure", "notify"};
    if (told.first == 0 || told.end + 1 != tok || KeyAt(told.end) != "that") return false;
    uint32_t v = told.first - 1;
    if (v > 0 && doc_.tokens[v].Has(text::kAbbreviation)) --v;  // "told Sen. Warren"
    return kTell.contains(doc_.Lemma(doc_.tokens[v]));
  }

  // The first token after the subordinator that opens sentence `sent` ("As",
  // "Even as", "While", "When" ...), or UINT32_MAX when it opens with none.
  uint32_t FrontedClauseStart(const text::Sentence& sent) const {
    uint32_t t = sent.first_token;
    if (t < sent.end_token && (KeyAt(t) == "even" || KeyAt(t) == "just")) ++t;
    if (t + 1 >= sent.end_token || !kSubordinators.contains(KeyAt(t))) return UINT32_MAX;
    return t + 1;
  }

  // A pronoun that is the subject of a fronted clause stands for the
  // subject of the main clause after it, named later ("Even as he accused
  // the Justice Department ..., Giuliani wouldn't ..."): the person of
  // fitting gender right after the comma that closes the fronted clause
  // (a title may stand before), or -1.
  int32_t SubjectAfterFrontedClause(const text::Sentence& sent, uint32_t tok, char gender) const {
    if (FrontedClauseStart(sent) != tok || !Bit(tok, kPronounWord)) return -1;
    for (uint32_t c = tok + 1; c < sent.end_token; ++c) {
      if (KeyAt(c) != ",") continue;
      if (c < quote_of_.size() && quote_of_[c] >= 0) return -1;
      for (size_t i = FirstMentionFrom(c + 1);
           i < mentions_.size() && mentions_[i].first <= c + 3 &&
           mentions_[i].first < sent.end_token;
           ++i) {
        const Mention& m = mentions_[i];
        if (m.actor.type == "person" && GenderFits(gender, m)) return static_cast<int32_t>(i);
      }
      return -1;  // the first comma only
    }
    return -1;
  }

  // Whether token `tok` opens a main clause after a fronted adverbial clause
  // whose subject is `subject`: the sentence opens with a subordinator
  // ("As", "Even as", "While", "When" ...), `subject` follows it (a title
  // may stand between), and a comma ends that clause right before `tok`
  // ("..., he" or "..., though, he").
  bool OpensMainClauseAfter(const text::Sentence& sent, const Mention& subject,
                            uint32_t tok) const {
    const uint32_t t = FrontedClauseStart(sent);
    if (t == UINT32_MAX) return false;
    if (subject.first < t || subject.first > t + 2) return false;
    if (tok < 1 || tok <= subject.end) return false;
    if (KeyAt(tok - 1) != ",") return false;
    if (tok >= 3 && KeyAt(tok - 3) == ",") {
      std::string_view aside = KeyAt(tok - 2);  // "..., though, he"
      return aside == "though" || aside == "however" || aside == "then" || aside == "too";
    }
    return true;
  }

  // Whether every word of `sent` lies inside one quotation (a sentence in
  // the middle of a quotation that runs over several).
  bool WhollyQuoted(const text::Sentence& sent) const {
    int32_t q = -1;
    for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
      if (!doc_.tokens[t].Has(text::kWord)) continue;
      if (t >= quote_of_.size() || quote_of_[t] < 0) return false;
      if (q >= 0 && quote_of_[t] != q) return false;
      q = quote_of_[t];
    }
    return q >= 0;
  }

  // The latest person before token `before` named with the title `role`
  // ("Pope Francis" for "the pope", "Sen. Warren" for "the senator"), or -1.
  int32_t PersonTitled(std::string_view role, uint32_t before) const {
    for (size_t i = FirstMentionFrom(before); i-- > 0;) {
      const Mention& m = mentions_[i];
      if (m.actor.type != "person" || m.first == 0) continue;
      if (TitleFits(role, doc_.Lemma(doc_.tokens[m.first - 1]))) return static_cast<int32_t>(i);
    }
    // A window: the latest such person of the windows before, if any.
    if (carry_ == nullptr) return -1;
    const CarriedMention* latest = nullptr;
    for (const auto& [title, c] : carry_->person_after_title) {
      if (!TitleFits(role, title)) continue;
      if (latest == nullptr || c.ref.sentence > latest->ref.sentence ||
          (c.ref.sentence == latest->ref.sentence && c.ref.ordinal > latest->ref.ordinal)) {
        latest = &c;
      }
    }
    return latest != nullptr ? MentionOf(latest->ref) : -1;
  }

  // The title before a name (its lemma) is the role: "pope" for "the pope",
  // "sen." for "the senator".
  static bool TitleFits(std::string_view role, std::string_view title) {
    return title == role || (role == "senator" && title == "sen.") ||
           (role == "governor" && title == "gov.") || (role == "congressman" && title == "rep.") ||
           (role == "congresswoman" && title == "rep.");
  }

  // The speaker a pronoun at [first, end) stands for.
  bool PronounSpeaker(uint32_t sentence, uint32_t first, uint32_t end, Party* out) const {
    std::string refers(LexiconAttr(sentence, first, end, pronouns_, "refers"));
    std::vector<size_t> found;
    if (refers == "person") {
      int32_t m = PersonBefore(sentence, first, PronounGender(sentence, first, end));
      if (m >= 0) found.push_back(static_cast<size_t>(m));
    } else if (!refers.empty()) {
      found = Antecedents(sentence, first, end);
    }
    out->text = std::string(doc_.Span(first, end));
    out->span = CodePoints(doc_, first, end);
    if (found.empty()) {
      // "she said" about someone no list or shape names ("Guessford was
      // shocked ... 'I'm honored!' she said."): the claim is still hers, so
      // keep it with an unnamed person as its speaker, for a reviewer to name.
      // "They said the endorsement was rushed" after "union members": the
      // same for people no actor names.
      if (refers == "person") {
        out->actor = OpenWorldActor("unnamed person", "agent");
        return true;
      }
      const std::string_view k = end == first + 1 ? KeyAt(first) : "";
      if (refers == "plural" && (k == "they" || k.substr(0, 5) == "they'")) {
        out->actor = OpenWorldActor("unnamed people", "agent");
        return true;
      }
      return false;
    }
    out->actor = mentions_[found[0]].actor;
    out->mention = static_cast<int32_t>(found[0]);
    return true;
  }

  Party MentionParty(size_t i) const {
    Party p;
    p.actor = mentions_[i].actor;
    p.mention = static_cast<int32_t>(i);
    if (i >= real_mentions_) {  // a ghost: a mention before the run's text
      p.text = ghosts_[i - real_mentions_].text;
      p.span = ghosts_[i - real_mentions_].span;
      return p;
    }
    p.text = std::string(doc_.Span(mentions_[i].first, mentions_[i].end));
    p.span = CodePoints(doc_, mentions_[i].first, mentions_[i].end);
    return p;
  }

  // The word an organisation's name is headed by: its last word ("Tax
  // Policy Center"), or the word before its first "of", "for" or "on"
  // ("Ministry of Foreign Affairs", "Intergovernmental Committee for
  // Promoting the Return ...").
  std::string_view NameHead(const Mention& m) const {
    for (uint32_t t = m.first + 1; t + 1 < m.end; ++t) {
      const std::string_view k = KeyAt(t);
      if (k == "of" || k == "for" || k == "on") return KeyAt(t - 1);
    }
    return KeyAt(m.end - 1);
  }

  // "the bank", "the agency": the latest organisation or group before token
  // `before` whose name is headed by the word `head_key` ("... Bank"), up to six
  // sentences back or, in a window, the latest organisation of the windows
  // before when the search reached no further. Returns its actor, or null;
  // `recent` (when not null) receives the latest organisation of the last
  // two sentences, or -1.
  const Actor* OrganizationNamedBy(std::string_view head_key, uint32_t sentence, uint32_t before,
                                   int32_t* recent = nullptr, int32_t* mention = nullptr) const {
    if (recent != nullptr) *recent = -1;
    if (mention != nullptr) *mention = -1;
    bool looked_far_enough = false;
    for (size_t i = FirstMentionFrom(before); i-- > 0;) {
      const Mention& m = mentions_[i];
      if ((m.actor.type != "organization" && m.actor.type != "group") || m.end > before) continue;
      // Or its lexicon entry says the text calls it so: ICASA, `known_as:
      // regulator`, is "the regulator".
      if (NameHead(m) == head_key || owner_.KnownAs(m.actor, head_key)) {
        if (mention != nullptr) *mention = static_cast<int32_t>(i);
        return &m.actor;
      }
      if (recent != nullptr && *recent < 0 && m.sentence + 2 >= sentence) {
        *recent = static_cast<int32_t>(i);
      }
      if (m.sentence + 6 < sentence) {
        looked_far_enough = true;
        break;
      }
    }
    // A window: the search goes on to the latest organisation of the
    // windows before, which lies more than six sentences back (the
    // lookbehind holds eight at least), so it is the last one looked at.
    if (!looked_far_enough && carry_ != nullptr && carry_->has_organization &&
        carry_->latest_organization_head == head_key) {
      if (mention != nullptr) *mention = MentionOf(carry_->latest_organization.ref);
      return &carry_->latest_organization.actor;
    }
    return nullptr;
  }

  // An unnamed speaker whose head noun ends at token `head` (exclusive):
  // "the bank" -> the latest organisation named "... Bank"; "officials in
  // Tehran", "a spokesman for the Kremlin" -> the actor after the
  // preposition; else the agent itself, named by its head word.
  bool AgentSpeaker(uint32_t sentence, uint32_t np_first, uint32_t head_end, Party* out) const {
    const uint32_t head = head_end - 1;
    const text::Sentence& sent = doc_.sentences[sentence];
    // "for/of/at/in <actor>" right after the head names the affiliation.
    if (head_end + 1 < sent.end_token) {
      std::string_view k = KeyAt(head_end);
      if (k == "for" || k == "of" || k == "at" || k == "in" || k == "from" || k == "with") {
        uint32_t t = head_end + 1;
        if (KeyAt(t) == "the" && t + 1 < sent.end_token) ++t;
        int32_t m = MentionStartingAt(t);
        if (m >= 0 && mentions_[m].actor.type != "person") {
          *out = MentionParty(m);
          out->text = std::string(doc_.Span(np_first, mentions_[m].end));
          out->span = CodePoints(doc_, np_first, mentions_[m].end);
          return true;
        }
      }
    }
    out->text = std::string(doc_.Span(np_first, head_end));
    out->span = CodePoints(doc_, np_first, head_end);
    // "One Club for Growth ad argues", "a Clinton campaign statement said":
    // a document of a body named just before its noun is that body's.
    if (Bit(head, kAgentNounWord) && head > np_first) {
      const int32_t m = MentionEndingAt(head, np_first);
      if (m >= 0 && mentions_[m].first >= np_first && mentions_[m].actor.type != "person" &&
          mentions_[m].actor.type != "agent" &&
          (KeyAt(head) == "ad" || KeyAt(head) == "ads" || KeyAt(head) == "statement" ||
           KeyAt(head) == "letter" || KeyAt(head) == "release" || KeyAt(head) == "memo" ||
           KeyAt(head) == "email" || KeyAt(head) == "report" || KeyAt(head) == "filing")) {
        out->actor = mentions_[m].actor;
        out->mention = m;
        return true;
      }
    }
    // "<actor>'s <agent>": the actor speaks ("Mr. Rubio's campaign
    // manager argued", "China's foreign ministry said").
    for (uint32_t x = np_first + 1; x < head; ++x) {
      if (KeyAt(x) != "'s") continue;
      int32_t owner = MentionEndingAt(x, np_first > 3 ? np_first - 3 : 0);
      if (owner < 0 || mentions_[owner].first < np_first - std::min<uint32_t>(np_first, 3))
        continue;
      out->actor = mentions_[owner].actor;
      out->mention = owner;
      return true;
    }
    // "its minister said", "its secretary general said": the body or state
    // named last, in this sentence or the one before, speaks through them.
    // Opening a sentence, "its" is most likely the subject of the sentence
    // before, its first such actor ("Ireland, home to many U.S. firms, ...
    // Its finance ministry said"), as for "it" (Antecedents).
    if (KeyAt(np_first) == "its" && np_first < head) {
      int32_t found = -1;
      for (size_t i = FirstMentionFrom(np_first); i-- > 0;) {
        const Mention& m = mentions_[i];
        if (m.sentence + 1 < sentence) break;
        if (m.end > np_first || m.actor.type == "person" || m.actor.type == "agent") continue;
        if (found >= 0 && (m.sentence == sentence || np_first > sent.first_token ||
                           mentions_[found].sentence == sentence)) {
          break;
        }
        found = static_cast<int32_t>(i);
      }
      if (found >= 0) {
        out->actor = mentions_[found].actor;
        out->mention = found;
        return true;
      }
    }
    // "the candidate said", "the pope told reporters": a role of one
    // person, the one the passage is about.
    if (np_first < head && KeyAt(np_first) == "the" && Bit(head, kPersonRoleWord)) {
      int32_t m = PersonTitled(doc_.Lemma(doc_.tokens[head]), np_first);
      if (m < 0) m = OwnerOfRole(doc_.Lemma(doc_.tokens[head]), sentence, np_first);
      if (m < 0) m = PersonBefore(sentence, np_first, 0);
      if (m >= 0) {
        out->actor = mentions_[m].actor;
        out->mention = m;
        return true;
      }
    }
    // "the minister added" after "Foreign Minister Badr Abdelatty said":
    // the person recently named with that title.
    if (np_first + 1 == head && KeyAt(np_first) == "the") {
      int32_t m = PersonTitled(doc_.Lemma(doc_.tokens[head]), np_first);
      if (m >= 0 && mentions_[m].sentence + 5 >= sentence) {
        out->actor = mentions_[m].actor;
        out->mention = m;
        return true;
      }
    }
    // "the bank": the latest organisation whose name ends in that word;
    // "the company", "the union", "the group" (a bare word for any body):
    // else the latest organisation of the last two sentences.
    if (np_first + 1 == head && KeyAt(np_first) == "the") {
      std::string_view head_key = KeyAt(head);
      const bool generic = head_key == "company" || head_key == "firm" || head_key == "union" ||
                           head_key == "group" || head_key == "organization" ||
                           head_key == "organisation" || head_key == "agency";
      int32_t recent = -1;
      if (const Actor* named = OrganizationNamedBy(head_key, sentence, np_first, &recent)) {
        out->actor = *named;
        return true;
      }
      if (generic && recent >= 0) {
        out->actor = mentions_[recent].actor;
        return true;
      }
    }
    std::string name(doc_.Lemma(doc_.tokens[head]));
    if (KeyAt(head).size() > name.size() && KeyAt(head).back() == 's') name = std::string(KeyAt(head));
    // "a court filing", "the ruling": the noun, not the verb it comes from.
    const std::string_view head_key = KeyAt(head);
    if (head_key.size() > 4 && head_key.substr(head_key.size() - 3) == "ing") {
      name = std::string(head_key);
    }
    if (name == "%") name = "percent";  // "26% say"
    out->actor = OpenWorldActor(std::move(name), "agent");
    return true;
  }

  // A party's name for its members, written before a person's name in news
  // ("Republican Donald Trump", "GOP Sen. ..."): no part of the name.
  bool PartyLabel(uint32_t t) const {
    std::string_view k = KeyAt(t);
    return k == "republican" || k == "democrat" || k == "democratic" || k == "gop" ||
           k == "libertarian" || k == "independent" || k == "tory" || k == "labour" ||
           k == "conservative" || k == "liberal";
  }

  // The noun phrase of an unnamed speaker that ends at `end` (exclusive):
  // walks left over determiners, adjectives and modifiers ("Some campaign
  // staffers", "a senior official"). Returns its first token.
  uint32_t AgentPhraseStart(uint32_t end, uint32_t floor) const {
    uint32_t t = end - 1;
    while (t > floor && end - t < 6) {
      const text::Token& prev = doc_.tokens[t - 1];
      std::string_view k = KeyAt(t - 1);
      const bool number = !k.empty() && k[0] >= '0' && k[0] <= '9';  // "26%", "43 percent"
      if (!prev.Has(text::kWord) && !number && k != "'s" && k != "-") break;
      if (Bit(t - 1, kPronounWord) && k != "his" && k != "her" && k != "its" && k != "their") break;
      if (verb_end_[t - 1] != 0 || k == "and" || k == "or" || k == "that" || k == "who" ||
          k == "which" || k == "but" || k == "as" || k == "when" || k == "while" || k == "if" ||
          k == "because" || k == "said" || k == "than" || k == "where") {
        break;
      }
      --t;
      if (k == "the" || k == "a" || k == "an" || k == "some" || k == "many" || k == "several" ||
          k == "most" || k == "other" || k == "two" || k == "three" || k == "both" || k == "all") {
        break;
      }
    }
    return t;
  }

  // Whether an evidence noun heads the clause that `verb` ends: within the
  // first words after the clause start (the sentence start, a comma, a
  // semicolon or a quotation), its modifiers between it and the verb ("A
  // poll conducted by voters in Saturday's primary showed", "A University
  // of New Hampshire poll out this week shows").
  bool EvidenceHeadsTheClause(const text::Sentence& sent, uint32_t verb) const {
    // "The little polling that was done in the state showed": a relative
    // clause may stand in the subject.
    const uint32_t c = ClauseStart(sent, verb, /*relatives_end_it=*/false);
    if (c == UINT32_MAX || verb - c > 16 || (verb - c == 16 && c > sent.first_token)) return false;
    for (uint32_t t = c; t < verb && t < c + 8; ++t) {
      if (Bit(t, kEvidenceNounWord)) return true;
    }
    return false;
  }

  // The first token of the clause that `verb` ends: after the sentence
  // start, a comma, a semicolon, a colon or a quotation. UINT32_MAX when
  // another clause stands between: an attribution verb, a conjunction
  // ("and", "but", "because", "if", "when", "while") or, when
  // `relatives_end_it`, a relative word ("that", "which", "who").
  uint32_t ClauseStart(const text::Sentence& sent, uint32_t verb, bool relatives_end_it) const {
    uint32_t c = verb;
    while (c > sent.first_token) {
      std::string_view k = KeyAt(c - 1);
      if (k == "," || k == ";" || k == ":" || quote_of_[c - 1] >= 0) break;
      if (verb_end_[c - 1] != 0 || k == "and" || k == "but" || k == "because" || k == "when" ||
          k == "if" || k == "while" ||
          (relatives_end_it && (k == "that" || k == "which" || k == "who"))) {
        return UINT32_MAX;
      }
      --c;
    }
    return c;
  }

  // A number: digits or a number word up to twenty.
  bool NumberAt(uint32_t t) const {
    std::string_view k = KeyAt(t);
    if (!k.empty() && k[0] >= '0' && k[0] <= '9') return true;
    static constexpr std::string_view kWords[] = {
        "one",     "two",     "three",     "four",     "five",     "six",      "seven",
        "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
    return std::find(std::begin(kWords), std::end(kWords), k) != std::end(kWords);
  }

  // The first token of a share of people ending at `end`: "six in 10",
  // "about four of 10", "nearly three out of five"; or UINT32_MAX.
  uint32_t ShareStart(uint32_t end, uint32_t floor) const {
    if (end < floor + 3 || !NumberAt(end - 1)) return UINT32_MAX;
    uint32_t t = end - 1;
    if (KeyAt(t - 1) == "in" || KeyAt(t - 1) == "of") {
      t -= 1;
      if (KeyAt(t) == "of" && t > floor && KeyAt(t - 1) == "out") t -= 1;
    } else {
      return UINT32_MAX;
    }
    if (t == floor || !NumberAt(t - 1)) return UINT32_MAX;
    t -= 1;
    // "about", "nearly", "more than", "only": part of the share.
    if (t > floor) {
      std::string_view k = KeyAt(t - 1);
      if (k == "about" || k == "nearly" || k == "roughly" || k == "almost" || k == "only" ||
          k == "some" || k == "around") {
        t -= 1;
      } else if ((k == "than") && t - 1 > floor &&
                 (KeyAt(t - 2) == "more" || KeyAt(t - 2) == "fewer" || KeyAt(t - 2) == "less")) {
        t -= 2;
      }
    }
    return t;
  }

  bool Possessive(uint32_t t) const {
    std::string_view k = KeyAt(t);
    return k == "his" || k == "her" || k == "its" || k == "their" || k == "my" || k == "our" ||
           k == "your";
  }

  // The speaker before an attribution verb at `verb`.
  bool SpeakerBefore(uint32_t sentence, uint32_t verb, Party* out, uint32_t* speaker_first) const {
    const text::Sentence& sent = doc_.sentences[sentence];
    uint32_t p = verb;
    for (int guard = 0; p > sent.first_token && guard < 8; ++guard) {
      uint32_t from = skip_from_[p - 1];
      if (from != UINT32_MAX && from >= sent.first_token) {
        p = from;
        continue;
      }
      std::string_view k = KeyAt(p - 1);
      if (k.size() > 4 && k.substr(k.size() - 2) == "ly" && doc_.tokens[p - 1].Has(text::kWord)) {
        --p;
        continue;
      }
      // "He's said he'll fight": "'s" is "has" after a pronoun.
      if (k == "'s" && p - 1 > sent.first_token && Bit(p - 2, kPronounWord)) {
        --p;
        continue;
      }
      break;
    }
    if (p <= sent.first_token) return false;
    // An appositive or relative clause between the name and the verb.
    std::string_view before = KeyAt(p - 1);
    if (before == "," || before == ")") {
      const char* opener = before == "," ? "," : "(";
      // A verb of saying inside ends the search ("..., he said, the plan
      // ..., said"), unless the commas hold a relative clause ("The IUCN,
      // which maintains the Red List, said") or it is a capitalised word
      // of a name ("director of the Critical Threats Project, said").
      bool verb_inside = false;
      for (uint32_t t = p - 1; t-- > sent.first_token && p - t < 25;) {
        std::string_view k = KeyAt(t);
        if (k == "\"" || k == ";") return false;
        if (verb_end_[t] != 0 && !doc_.tokens[t].Has(text::kCapitalized)) verb_inside = true;
        if (k != opener) continue;
        if (verb_inside) {
          const std::string_view r = t + 1 < p ? KeyAt(t + 1) : "";
          if (r != "which" && r != "who" && r != "whose" && r != "whom") return false;
        }
        if (quote_of_[t] >= 0) return false;
        int32_t m = MentionEndingAt(t, sent.first_token);
        if (m >= 0) {
          *out = MentionParty(m);
          *speaker_first = mentions_[m].first;
          return true;
        }
        // "The council, which tracks supply, said": a definite noun of the
        // pronouns lexicon before the clause, for the body it stands for.
        if (t > sent.first_token && Bit(t - 1, kPronounWord)) {
          const uint32_t first = PronounSpanStart(sentence, t);
          if (first + 1 < t && PronounSpeaker(sentence, first, t, out)) {
            *speaker_first = first;
            return true;
          }
        }
        if (t > sent.first_token && Bit(t - 1, kAgentNounWord)) {
          // "Another pollster, David Woodard of Clemson University, said":
          // the person named between the commas; "The official, who spoke
          // on condition of anonymity, said", "Others, however, say": the
          // unnamed agent before them.
          int32_t named = MentionStartingAt(t + 1);
          if (opener[0] == ',' && named >= 0 && mentions_[named].actor.type == "person") {
            *out = MentionParty(named);
            *speaker_first = mentions_[named].first;
            return true;
          }
          uint32_t np = AgentPhraseStart(t, sent.first_token);
          *speaker_first = np;
          return AgentSpeaker(sentence, np, t, out);
        }
        return false;
      }
      return false;
    }
    if (before == "who" && p - 1 > sent.first_token) {
      uint32_t t = p - 1;
      if (KeyAt(t - 1) == "," && t - 1 > sent.first_token) --t;
      int32_t m = MentionEndingAt(t, sent.first_token);
      if (m < 0 && t > sent.first_token && Bit(t - 1, kAgentNounWord)) {
        // "a retired general who suggested ..."
        uint32_t np = AgentPhraseStart(t, sent.first_token);
        *speaker_first = np;
        return AgentSpeaker(sentence, np, t, out);
      }
      if (m < 0) return false;
      *out = MentionParty(m);
      // "Martin O'Malley, who noted that ...": the clause's own word for its
      // speaker is "who", resolved to the name before it, as "he" is to
      // the name it stands for.
      out->text = std::string(doc_.Span(p - 1, p));
      out->span = CodePoints(doc_, p - 1, p);
      *speaker_first = mentions_[m].first;
      return true;
    }
    int32_t m = MentionEndingAt(p, sent.first_token);
    if (m >= 0) {
      *out = MentionParty(m);
      *speaker_first = mentions_[m].first;
      return true;
    }
    if (Bit(p - 1, kPronounWord)) {
      if (Bit(p - 1, kFirstPersonWord) || Possessive(p - 1)) return false;
      // A definite noun of the pronouns lexicon ("the coalition said", "the
      // bloc said") stands for the body it names; when none fits, it may
      // still be an unnamed agent ("the agency said"), below.
      const uint32_t first = PronounSpanStart(sentence, p);
      if (first + 1 < p) {
        if (PronounSpeaker(sentence, first, p, out)) {
          *speaker_first = first;
          return true;
        }
      } else {
        *speaker_first = p - 1;
        return PronounSpeaker(sentence, p - 1, p, out);
      }
    }
    if (uint32_t q = ShareStart(p, sent.first_token); q != UINT32_MAX) {
      // "Six in 10 said", "nearly three out of five say": a share of the
      // people polled.
      *speaker_first = q;
      std::string name(doc_.Span(q, p));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out->text = std::string(doc_.Span(q, p));
      out->span = CodePoints(doc_, q, p);
      out->actor = OpenWorldActor(std::move(name), "agent");
      return true;
    }
    if (Bit(p - 1, kAgentNounWord)) {
      uint32_t np = AgentPhraseStart(p, sent.first_token);
      // "Critics in the ruling party argued": the speakers are the agents
      // before the preposition, the phrase after it their affiliation.
      if (np >= sent.first_token + 2) {
        std::string_view prep = KeyAt(np - 1);
        if ((prep == "in" || prep == "of" || prep == "from" || prep == "at" || prep == "within") &&
            Bit(np - 2, kAgentNounWord) && !Bit(np - 2, kBodyNounWord)) {
          uint32_t first = AgentPhraseStart(np - 1, sent.first_token);
          *speaker_first = first;
          return AgentSpeaker(sentence, first, np - 1, out);
        }
      }
      *speaker_first = np;
      return AgentSpeaker(sentence, np, p, out);
    }
    return false;
  }

  // The speaker after an attribution verb ending at `after`: ", said Liam Fox",
  // "says he", "said a spokesman for X", "according to X".
  bool SpeakerAfter(uint32_t sentence, uint32_t after, Party* out, uint32_t* speaker_end) const {
    const text::Sentence& sent = doc_.sentences[sentence];
    uint32_t t = after;
    while (t < sent.end_token && t < after + 6) {
      int32_t m = MentionStartingAt(t);
      if (m >= 0) {
        // "said Priorities spokesman Justin Barasky": the body names whose
        // spokesman speaks; the person after the role is the speaker.
        uint32_t role_end = mentions_[m].end;
        while (role_end < sent.end_token && role_end < mentions_[m].end + 2 &&
               Bit(role_end, kAgentNounWord) && !doc_.tokens[role_end].Has(text::kCapitalized)) {
          ++role_end;
        }
        if (role_end > mentions_[m].end) {
          const int32_t person = MentionStartingAt(role_end);
          if (person >= 0 && mentions_[person].actor.type == "person") m = person;
        }
        *out = MentionParty(m);
        *speaker_end = mentions_[m].end;
        return true;
      }
      if (Bit(t, kPronounWord) && t == after) {
        if (Bit(t, kFirstPersonWord)) return false;
        *speaker_end = t + 1;
        return PronounSpeaker(sentence, t, t + 1, out);
      }
      if (Bit(t, kAgentNounWord)) {
        uint32_t head_end = t + 1;
        while (head_end < sent.end_token && Bit(head_end, kAgentNounWord)) ++head_end;
        // A role before a name: "said former congressman Barney Frank",
        // "said former secretary of state Hillary Clinton".
        int32_t named = -1;
        for (uint32_t x = head_end; x < sent.end_token && x < head_end + 4 && named < 0; ++x) {
          named = MentionStartingAt(x);
          if (named >= 0 && mentions_[named].actor.type != "person" && x > head_end) named = -1;
          const text::Token& w = doc_.tokens[x];
          if (!w.Has(text::kWord) && !w.Has(text::kAbbreviation)) break;
        }
        if (named >= 0) {
          *out = MentionParty(named);
          *speaker_end = mentions_[named].end;
          return true;
        }
        // The person named after the phrase: "said another Twitter user,
        // Johanna Bayer", "said a spokesman, John Doe".
        uint32_t np_end = head_end;
        for (uint32_t x = head_end; x < sent.end_token && x < head_end + 4; ++x) {
          const std::string_view xk = KeyAt(x);
          if (!doc_.tokens[x].Has(text::kWord) || verb_end_[x] != 0 || xk == "of" || xk == "for" ||
              xk == "in" || xk == "at" || xk == "from" || xk == "with" || xk == "on") {
            break;
          }
          if (Bit(x, kAgentNounWord)) np_end = x + 1;
        }
        if (np_end + 1 < sent.end_token && KeyAt(np_end) == "," &&
            !Bit(np_end - 1, kBodyNounWord) && !Bit(np_end - 1, kEvidenceNounWord)) {
          const int32_t person = MentionStartingAt(np_end + 1);
          if (person >= 0 && mentions_[person].actor.type == "person") {
            *out = MentionParty(person);
            *speaker_end = mentions_[person].end;
            return true;
          }
        }
        *speaker_end = head_end;
        return AgentSpeaker(sentence, after, head_end, out);
      }
      const text::Token& tok = doc_.tokens[t];
      // "said Florida-based Republican strategist Al Cardenas": a hyphen
      // inside a compound before the role.
      const bool compound_hyphen = KeyAt(t) == "-" && t > after && t + 1 < sent.end_token &&
                                   doc_.tokens[t + 1].Has(text::kWord);
      if (!tok.Has(text::kWord) && !tok.Has(text::kAbbreviation) && KeyAt(t) != "'s" &&
          !compound_hyphen) {
        return false;
      }
      if (verb_end_[t] != 0) return false;
      ++t;
    }
    return false;
  }

  // "according to early returns / Gallup / a person close to the process":
  // the phrase after "according to", up to the end of its clause (at most
  // ten words), is the source: the first actor named in it, else an agent
  // named by the phrase's first word after its determiners.
  bool SourcePhraseAfter(uint32_t sentence, uint32_t t, Party* out, uint32_t* speaker_end) const {
    const text::Sentence& sent = doc_.sentences[sentence];
    uint32_t e = t;
    while (e < sent.end_token && e < t + 10) {
      std::string_view k = KeyAt(e);
      if (k == "," || k == ";" || k == ":" || k == "." || k == ")" || quote_of_[e] >= 0) break;
      if (!doc_.tokens[e].Has(text::kWord) && !doc_.tokens[e].Has(text::kNumber) &&
          !doc_.tokens[e].Has(text::kAbbreviation) && k != "'s" && k != "-" && k != "&") {
        break;
      }
      ++e;
    }
    // "a post by Arianna Huffington", "an Associated Press tally": an actor
    // named in the phrase is the source.
    for (size_t i = FirstMentionFrom(t); i < mentions_.size() && mentions_[i].first < e; ++i) {
      if (mentions_[i].end > e) continue;
      *out = MentionParty(i);
      out->text = std::string(doc_.Span(t, e));
      out->span = CodePoints(doc_, t, e);
      *speaker_end = e;
      return true;
    }
    uint32_t head = t;
    while (head < e && (KeyAt(head) == "the" || KeyAt(head) == "a" || KeyAt(head) == "an" ||
                        doc_.tokens[head].Has(text::kNumber))) {
      ++head;
    }
    if (head >= e) return false;
    out->actor = OpenWorldActor(std::string(KeyAt(head)), "agent");
    out->text = std::string(doc_.Span(t, e));
    out->span = CodePoints(doc_, t, e);
    out->mention = -1;
    *speaker_end = e;
    return true;
  }

  // Tokens [first, end) trimmed of punctuation and quotation marks at both ends.
  void TrimPunct(uint32_t* first, uint32_t* end) const {
    while (*first < *end && !doc_.tokens[*first].Has(text::kWord) &&
           !doc_.tokens[*first].Has(text::kNumber)) {
      ++*first;
    }
    while (*end > *first && !doc_.tokens[*end - 1].Has(text::kWord) &&
           !doc_.tokens[*end - 1].Has(text::kNumber) && KeyAt(*end - 1) != ")") {
      --*end;
    }
  }


  std::string ContentType(uint32_t sentence, uint32_t first, uint32_t end) const {
    if (HasLexicon(sentence, first, end, obligation_)) return "normative";
    if (HasLexicon(sentence, first, end, likelihood_)) return "prediction";
    return "assertion";
  }

  int32_t AddSpeaker(const Party& p) {
    speakers_.push_back(p);
    return static_cast<int32_t>(speakers_.size() - 1);
  }

  void AddSpeechClaim(uint32_t sentence, const Party& who, uint32_t cue_first, uint32_t cue_end,
                      uint32_t content_first, uint32_t content_end, const char* rule) {
    // The content stops where a contrasting clause, often with its own
    // speaker, begins: "; ...", ", but ...", ", while ...", or ", and" with
    // a new subject ("called the cut shortsighted, and President Joe Biden
    // warned ...").
    for (uint32_t t = content_first; t < content_end; ++t) {
      std::string_view k = KeyAt(t);
      if (quote_of_[t] >= 0 && quote_of_[t] != quote_of_[content_first]) continue;
      if (k == ";" || (k == "," && t + 1 < content_end &&
                       (KeyAt(t + 1) == "but" || KeyAt(t + 1) == "while" ||
                        KeyAt(t + 1) == "whereas" || KeyAt(t + 1) == "yet" ||
                        (KeyAt(t + 1) == "and" && SubjectOpensClause(t + 2, content_end))))) {
        content_end = t;
        break;
      }
    }
    if (content_first == doc_.sentences[sentence].first_token) {
      const uint32_t after = DatelineEnd(sentence);
      if (after < content_end) content_first = after;  // "OSLO (Reuters) - ..."
    }
    TrimPunct(&content_first, &content_end);
    uint32_t words = 0;
    for (uint32_t t = content_first; t < content_end; ++t) words += doc_.tokens[t].Has(text::kWord);
    if (words < 2) return;  // "He tweets @pmorici1."
    // "A reporter asked: Did they talk about the wall?": a question put to
    // someone asks, it claims nothing. (A speaker's rhetorical question
    // -- "Is this a priority because it's an election year?" -- often
    // does, and stays.) The mark right after the content, before any
    // closing quotation mark.
    const std::string_view cue_lemma = doc_.Lemma(doc_.tokens[cue_first]);
    if (cue_lemma == "ask" || cue_lemma == "wonder" || cue_lemma == "inquire") {
      for (uint32_t t = content_end; t < doc_.sentences[sentence].end_token && t < content_end + 3;
           ++t) {
        const std::string_view k = KeyAt(t);
        if (k == "?") return;
        if (k != "\"" && k != "'" && k != ")") break;
      }
    }
    Claim c;
    c.sentence = sentence;
    c.claimant = who.actor;
    c.claimant_text = who.text;
    c.claimant_span = who.span;
    // The type comes in AddSpeechClaims: the modal labels (phrases stage)
    // are not made yet.
    c.cue_span = CodePoints(doc_, cue_first, cue_end);
    c.cue = std::string(doc_.Span(cue_first, cue_end));
    if (content_first < content_end) {
      c.content_span = CodePoints(doc_, content_first, content_end);
      c.content = std::string(doc_.Span(content_first, content_end));
    }
    uint32_t b = std::min(cue_first, content_first < content_end ? content_first : cue_first);
    uint32_t e = std::max(cue_end, content_first < content_end ? content_end : cue_end);
    c.span = CodePoints(doc_, b, e);
    c.text = std::string(doc_.Span(b, e));
    c.rule = rule;
    speech_claims_.push_back({std::move(c), cue_first, cue_end, content_first, content_end});
  }

  // The speech claims no claim rule made already (a rule's claim with an
  // overlapping cue in the same sentence wins: rules know their cues better).
  //
  // A rule's claim whose claimant stands inside what a speaker is reported
  // to say is that speaker's content, not a second speaker: "…, said Mark
  // Jones" over a sentence about Cruz, "His campaign manager, Jeff Weaver,
  // said Sanders believes …". Such rule claims are dropped.
  void AddSpeechClaims() {
    const size_t rule_claims = pending_claims_.size();
    for (PendingClaim& sc : speech_claims_) {
      // "Kenya will not sign, officials said": a prediction.
      sc.claim.claim_type = ContentType(sc.claim.sentence, sc.content_first, sc.content_end);
      const Span content = sc.claim.content_span;
      // The rule's claimant stands inside this speaker's content.
      auto speaks_inside = [&](const PendingClaim& p) {
        const Span who = p.claim.claimant_span;
        return p.claim.sentence == sc.claim.sentence && !p.claim.by_author && !who.empty() &&
               !content.empty() && p.claim.claimant.id != sc.claim.claimant.id &&
               who.begin >= content.begin && who.end <= content.end;
      };
      // A rule's claim on the same cue wins, unless the speaker follows the
      // verb, what is said comes before it, and the rule took its claimant
      // from that ("... Democrats in the state, said Mindy Romero": a rule
      // reading "X ..., said <clause>" took the name after "said" for a
      // clause).
      const bool tag_after = sc.content_end <= sc.cue_first;
      bool claimed = false;
      for (size_t i = 0; i < rule_claims && !claimed; ++i) {
        PendingClaim& p = pending_claims_[i];
        const bool same_cue = p.claim.sentence == sc.claim.sentence && !p.claim.by_author &&
                              !p.dropped && p.cue_first < sc.cue_end && sc.cue_first < p.cue_end;
        if (same_cue && sc.participle_subject && p.claim.claimant.id != sc.claim.claimant.id) {
          DropClaim(&p, "a participle after a comma is " + sc.claim.claimant.name +
                            "'s, the subject of the clause before it");
          continue;
        }
        claimed = same_cue && !(tag_after && speaks_inside(p));
      }
      if (claimed) continue;
      for (size_t i = 0; i < rule_claims; ++i) {
        if (speaks_inside(pending_claims_[i])) {
          DropClaim(&pending_claims_[i], "its claimant stands inside the words of " +
                                             sc.claim.claimant.name + " (\"" + sc.claim.cue +
                                             "\"): that speaker's claim wins");
        }
      }
      pending_claims_.push_back(std::move(sc));
    }
    speech_claims_.clear();
  }

  // Verbs whose claim is about their object: "called Trump a liar",
  // "described the plan as reckless". The claim is what follows the verb,
  // when the object is followed by what is said of it: for "call" no
  // particle ("called for", "called on", "called off"), for the others "as"
  // within eight words. Not after "be" ("was called": a passive) nor in
  // "what it called ..." (the object stands before).
  // Whether "what" stands a few words before the verb at `verb`, as its
  // object: "what Mr. Hedge called ...".
  bool WhatBefore(uint32_t verb) const {
    for (uint32_t b = verb; b > 0 && verb - b < 4; --b) {
      if (KeyAt(b - 1) == "what") return true;
    }
    return false;
  }

  uint32_t ObjectClaimAfter(uint32_t verb, uint32_t t, uint32_t end) const {
    if (t >= end || (verb > 0 && doc_.Lemma(doc_.tokens[verb - 1]) == "be")) return UINT32_MAX;
    bool opens = false, closes = false;
    const auto quote_opens_at = [&](uint32_t x) {
      return x < end && QuoteMark(x, end, &opens, &closes) > 0 && opens;
    };
    std::string_view lemma = doc_.Lemma(doc_.tokens[verb]);
    // "what it called temporary measures": the object stands before. Only
    // a quotation after the verb is then what the speaker called it: "under
    // what Mr. Hedge called ''the prior economy model''", "what the Times
    // called a “rough week”".
    for (uint32_t b = verb; b > 0 && verb - b < 4; --b) {
      if (KeyAt(b - 1) == "what" || KeyAt(b - 1) == "which" || KeyAt(b - 1) == "whom") {
        if (lemma != "call" || KeyAt(b - 1) != "what") return UINT32_MAX;
        // Not "what critics call the “Charleston loophole”": a name, not a claim.
        const std::string_view k = KeyAt(t);
        const bool article = k == "a" || k == "an";
        return quote_opens_at(t) || (article && quote_opens_at(t + 1)) ? t : UINT32_MAX;
      }
    }
    std::string_view k = KeyAt(t);
    if (lemma == "call") {
      // "called it 'the least bad option'": "it" is an object when a
      // quotation follows ("called it quits", "called it off" are not).
      if (k == "it" && quote_opens_at(t + 1)) return t;
      if (k == "for" || k == "on" || k == "off" || k == "up" || k == "in" || k == "out" ||
          k == "back" || k == "it" || k == "upon" || k == "into" || k == "to" || k == "\"" ||
          !doc_.tokens[t].Has(text::kWord)) {
        return UINT32_MAX;
      }
      // An object, then more words: "called Trump a liar", "called the plan reckless".
      uint32_t obj_end = t + 1;
      int32_t m = MentionStartingAt(t);
      if (m >= 0) obj_end = mentions_[m].end;
      // A name run as the object ("a group called Color of Change, which
      // ..."): "called" names it, unless more words say what it is.
      if (NameToken(t)) {
        uint32_t run = NameRunEnd(t, end);
        while (run + 1 < end && (KeyAt(run) == "of" || KeyAt(run) == "for") && NameToken(run + 1)) {
          run = NameRunEnd(run + 1, end);
        }
        obj_end = std::max(obj_end, run);
      }
      // "called her to get together", "called him on Monday": a phone call.
      const std::string_view after = obj_end < end ? KeyAt(obj_end) : "";
      if (after == "to" || after == "on" || after == "at" || after == "in" || after == "for" ||
          after == "about" || after == "back" || after == "from" || after == "after" ||
          after == "before" || after == "last" || after == "this" || after == "and" ||
          after == "twice") {
        return UINT32_MAX;
      }
      // "called her \"weak\"": what she is called may be quoted; not "a
      // group called the \"We The People Foundation\"", a name.
      const bool article = k == "the" || k == "a" || k == "an";
      const uint32_t said = !article && quote_opens_at(obj_end) ? obj_end + 1 : obj_end;
      return said + 1 < end && doc_.tokens[said].Has(text::kWord) ? t : UINT32_MAX;
    }
    // "accused Clinton of lying", "blamed the bank for the crash", "urged
    // Congress to act": what the object did or should do is the claim. The
    // word after the object is the verb's `object:` in attribution_verbs.
    auto word = object_word_.find(verb);
    const std::string_view charge = word == object_word_.end() ? "" : word->second;
    // "urged that ...": a clause, as after any verb of saying.
    if (!charge.empty() && KeyAt(t) == "that") return t + 1 < end ? t + 1 : UINT32_MAX;
    for (uint32_t x = t + 1; x < end && x < t + 9; ++x) {
      if (!charge.empty()) {
        if (KeyAt(x) == charge)
          return x + 1 < end && doc_.tokens[x + 1].Has(text::kWord) ? t : UINT32_MAX;
        if (KeyAt(x) == "," || KeyAt(x) == ";" || KeyAt(x) == ".") break;
        continue;
      }
      if (KeyAt(x) == "as") {
        // "as" of a clause, not of what the object is: "saw him as he
        // spoke", "viewed it as soon as", "as if".
        if (x + 1 >= end) return UINT32_MAX;
        std::string_view n = KeyAt(x + 1);
        const bool clause = n == "he" || n == "she" || n == "they" || n == "we" || n == "i" ||
                            n == "you" || n == "it" || n == "if" || n == "though" ||
                            n == "well" || n == "soon" || n == "long" || n == "much" ||
                            n == "far" || n == "usual" || n == "part" || n == "of";
        return clause ? UINT32_MAX : t;
      }
      if (KeyAt(x) == "," || KeyAt(x) == ";" || KeyAt(x) == ".") break;
    }
    return UINT32_MAX;
  }

  // After "tell", the addressee: "told reporters", "told The Times", "told
  // him", "told the website". Returns the token after it (or `t`).
  uint32_t AfterAddressee(uint32_t verb, uint32_t t, uint32_t end) const {
    if (doc_.Lemma(doc_.tokens[verb]) != "tell" || t >= end) return t;
    int32_t m = MentionStartingAt(t);
    if (m < 0 && KeyAt(t) == "the" && t + 1 < end) m = MentionStartingAt(t + 1);
    if (m >= 0) return mentions_[m].end;
    if (Bit(t, kPronounWord) || Bit(t, kAgentNounWord) || KeyAt(t) == "reporters" ||
        KeyAt(t) == "the" || KeyAt(t) == "a") {
      while (t < end && t < verb + 5 && doc_.tokens[t].Has(text::kWord) && KeyAt(t) != "that" &&
             !Bit(t, kNotClauseStart)) {
        ++t;
      }
    }
    return t;
  }

  // Where the reported clause begins after an attribution verb ending at
  // `t`, or UINT32_MAX when none follows: "that ...", ": ...", a quotation,
  // or, for verbs that take a bare clause, a clause start ("said the talks
  // ...", "told reporters the talks ..."), never "to" ("agreed to") or a
  // preposition ("said in a statement"). The sentence is [first, end).
  uint32_t ClauseAfter(uint32_t verb, uint32_t t, uint32_t first, uint32_t end) const {
    const bool bare = Bit(verb, kBareVerbWord);
    if (Bit(verb, kObjectVerbWord)) return ObjectClaimAfter(verb, t, end);
    t = AfterAddressee(verb, t, end);
    // Skip words: "said Tuesday that", "said in a statement that".
    t = AfterSkipWords(t, end);
    if (t >= end) return UINT32_MAX;
    std::string_view k = KeyAt(t);
    if (k == "that" || k == ":") return t + 1;
    if (k == "," && t + 1 < end && quote_of_[t + 1] >= 0) return t + 1;
    // "She said, if elected, she would ask ...": a short aside set off by
    // commas, then a clause with a subject of its own; the aside is part of
    // what she said.
    if (k == "," && bare) {
      for (uint32_t c = t + 2; c < end && c <= t + 7; ++c) {
        if (KeyAt(c) == "." || KeyAt(c) == ";" || quote_of_[c] >= 0) break;
        if (KeyAt(c) != ",") continue;
        if (SubjectOpensClause(c + 1, end)) return t + 1;
        break;
      }
    }
    // "As Menendez pointed out, the court is divided": the clause after the
    // comma, when "as" opens the sentence a few words before the verb.
    if (k == "," && t + 2 < end && doc_.tokens[t + 1].Has(text::kWord)) {
      uint32_t opener = first;  // "And as Menendez pointed out, ..."
      if (KeyAt(opener) == "and" || KeyAt(opener) == "but") ++opener;
      if (verb > opener && verb - opener <= 6 && KeyAt(opener) == "as") return t + 1;
    }
    if (quote_of_[t] >= 0 && quote_of_[t] != quote_of_[verb]) return t;
    // "said in Tel Aviv last week, "...": a quotation after a short adjunct.
    for (uint32_t q = t; q + 1 < end && q < t + 16; ++q) {
      std::string_view qk = KeyAt(q);
      if ((qk == "," || qk == ":") && quote_of_[q + 1] >= 0 && quote_of_[q + 1] != quote_of_[verb]) {
        return q + 1;
      }
      if (qk == "." || qk == ";" || verb_end_[q] != 0 || quote_of_[q] >= 0) break;
    }
    if (!bare) return UINT32_MAX;
    if (!doc_.tokens[t].Has(text::kWord) && !doc_.tokens[t].Has(text::kNumber)) return UINT32_MAX;
    // "claimed the nomination", "maintained his lead": a noun object, no
    // clause; unless a verb follows the noun ("acknowledged the risk was
    // real").
    // An object pronoun or an amount of nothing opens a noun object too:
    // "denied him even that path", "revealed almost nothing". (A number
    // does not: "police reported 12 arrests" reports a fact.)
    // After a verb whose object is mostly an act (np_object: any), a
    // lower-case word that is no pronoun opens a noun phrase, object or
    // subject: "confirmed definitive duties of up to 35 percent" (no verb
    // follows) but "confirmed police had arrested two men".
    const text::Token& start = doc_.tokens[t];
    const bool bare_noun = Bit(verb, kAnyNpObjectVerbWord) && start.Has(text::kWord) &&
                           !start.Has(text::kCapitalized) && !Bit(t, kPronounWord) &&
                           !start.Has(text::kNumber);
    const bool object_start = k == "the" || k == "a" || k == "an" || Possessive(t) || k == "him" ||
                              k == "them" || k == "us" || k == "me" || k == "almost" ||
                              k == "nothing" || k == "little" || bare_noun;
    if (Bit(verb, kNpObjectVerbWord) && object_start) {
      bool clause = false;
      for (uint32_t x = t + 1; x < end && x < t + 6 && !clause; ++x) {
        const std::string_view xk = KeyAt(x);
        // The noun phrase goes on ("the enthusiasm of followers who were"):
        // a verb after it is not the clause's.
        if (!doc_.tokens[x].Has(text::kWord) || xk == "of" || xk == "who" || xk == "which" ||
            xk == "that" || xk == "in" || xk == "for" || xk == "with" || xk == "to" || xk == "on" ||
            xk == "at" || xk == "by" || xk == "from" || xk == "about") {
          break;
        }
        clause = xk == "is" || xk == "was" || xk == "are" || xk == "were" || xk == "would" ||
                 xk == "will" || xk == "could" || xk == "can" || xk == "had" || xk == "has" ||
                 xk == "have" || xk == "might" || xk == "may" || xk == "must" || xk == "should";
      }
      if (!clause) return UINT32_MAX;
    }
    if (Bit(t, kNotClauseStart) || k == "to" || k == "so" ||
        (k == "it" && t + 1 < end && KeyAt(t + 1) == ".")) {
      return UINT32_MAX;
    }
    return t;
  }

  // When `who` is a document ("a statement", "the letter") that the clause's
  // subject issued, sent or released ("Trump and Ryan issued a statement
  // describing ..."), the subject instead: what the document says is its
  // issuer's. `speaker_first` is where `who` begins.
  void IssuerOfDocument(uint32_t s, Party* who, uint32_t* speaker_first) const {
    if (who->actor.type != "agent") return;
    const std::string_view head = who->actor.name;
    if (head != "statement" && head != "letter" && head != "email" && head != "press release" &&
        head != "memo" && head != "release") {
      return;
    }
    const text::Sentence& sent = doc_.sentences[s];
    uint32_t d = *speaker_first;
    if (d > sent.first_token &&
        (KeyAt(d) == "a" || KeyAt(d) == "an" || KeyAt(d) == "the" || KeyAt(d) == "its" ||
         KeyAt(d) == "his" || KeyAt(d) == "her" || KeyAt(d) == "their")) {
      // the determiner opens the noun phrase
    } else if (d > sent.first_token + 1 &&
               (KeyAt(d - 1) == "a" || KeyAt(d - 1) == "an" || KeyAt(d - 1) == "the")) {
      --d;
    }
    if (d <= sent.first_token) return;
    uint32_t verb = d - 1;
    // "sent out a press release saying", "put out a statement".
    if ((KeyAt(verb) == "out" || KeyAt(verb) == "up") && verb > sent.first_token) --verb;
    const std::string_view lemma = doc_.Lemma(doc_.tokens[verb]);
    if (lemma != "issue" && lemma != "release" && lemma != "send" && lemma != "publish" &&
        lemma != "post" && lemma != "write" && lemma != "put") {
      return;
    }
    Party issuer;
    uint32_t first = verb;
    if (!ClauseSubject(s, verb, &issuer, &first) && !SpeakerBefore(s, verb, &issuer, &first)) {
      return;
    }
    *who = std::move(issuer);
    *speaker_first = first;
  }

  // The subject that opens the clause of `verb`, when the words between are
  // its modifiers: an actor ("Edwards and others said"), or an unnamed agent
  // whose head comes within four words of the clause start ("People in Fort
  // Pierce said", "A news report published Wednesday said"). The clause
  // starts at the sentence start or after a comma, semicolon or quotation;
  // leading connectives ("But", "Still") are skipped.
  bool ClauseSubject(uint32_t s, uint32_t verb, Party* out, uint32_t* speaker_first) const {
    const text::Sentence& sent = doc_.sentences[s];
    uint32_t c = ClauseStart(sent, verb, /*relatives_end_it=*/true);
    if (c == UINT32_MAX || verb - c > 12 || c >= verb) return false;
    while (c < verb && (KeyAt(c) == "but" || KeyAt(c) == "and" || KeyAt(c) == "still" ||
                        KeyAt(c) == "yet" || KeyAt(c) == "so" || KeyAt(c) == "now")) {
      ++c;
    }
    uint32_t t = c;
    if (t < verb && (KeyAt(t) == "the" || KeyAt(t) == "a" || KeyAt(t) == "an")) ++t;
    int32_t m = t < verb ? MentionStartingAt(t) : -1;
    if (m >= 0 && mentions_[m].end < verb) {
      *out = MentionParty(m);
      *speaker_first = mentions_[m].first;
      return true;
    }
    for (uint32_t h = c; h < verb && h < c + 4; ++h) {
      if (!doc_.tokens[h].Has(text::kWord) && KeyAt(h) != "'s") return false;
      if (Bit(h, kAgentNounWord) && !(h + 1 < verb && Bit(h + 1, kAgentNounWord))) {
        *speaker_first = c;
        return AgentSpeaker(s, c, h + 1, out);
      }
    }
    return false;
  }

  // A sentence opening with he/she/his/her (after connectives and a short
  // adverbial: "But on Tuesday, he ...") is about the person the pronoun
  // stands for; noted in order, so a chain of such sentences stays with one
  // person.
  void NoteOpeningPronoun(uint32_t s) {
    const text::Sentence& sent = doc_.sentences[s];
    uint32_t t = sent.first_token;
    for (uint32_t c = t; c < sent.end_token && c < t + 6; ++c) {
      if (KeyAt(c) == ",") {
        t = c + 1;
        break;
      }
    }
    while (t < sent.end_token && (KeyAt(t) == "but" || KeyAt(t) == "and" || KeyAt(t) == "yet" ||
                                  KeyAt(t) == "still" || KeyAt(t) == "then")) {
      ++t;
    }
    if (t >= sent.end_token || !Bit(t, kPronounWord)) return;
    char g = PronounGender(s, t, t + 1);
    if (g == 0) return;
    int32_t m = PersonBefore(s, t, g);
    if (m >= 0) subject_of_sentence_[s] = m;
  }

  // The word before `verb` (skip words left aside) is "and".
  bool AfterAnd(uint32_t floor, uint32_t verb) const {
    uint32_t p = BeforeSkipWords(verb, floor);
    return p > floor && KeyAt(p - 1) == "and";
  }

  // Where the words before token `t` stop being skip words ("has also",
  // "on Monday"): the first of them, or `t` when none; never before `floor`.
  uint32_t BeforeSkipWords(uint32_t t, uint32_t floor) const {
    while (t > floor && skip_from_[t - 1] != UINT32_MAX && skip_from_[t - 1] >= floor) {
      t = skip_from_[t - 1];
    }
    return t;
  }

  // The subject of sentence `s` for a second verb ("... and said"): the
  // speaker of an earlier verb of the sentence, else the actor, pronoun or
  // unnamed agent that opens it.
  bool SentenceSubject(uint32_t s, uint32_t verb, int32_t sentence_speaker, Party* out,
                       uint32_t* speaker_first) const {
    const text::Sentence& sent = doc_.sentences[s];
    if (sentence_speaker >= 0) {
      *out = speakers_[sentence_speaker];
      *speaker_first = verb;
      return true;
    }
    uint32_t t = sent.first_token;
    if (t < verb && KeyAt(t) == "the") ++t;
    // The first actor or pronoun opening a clause: "In a July interview, he
    // spoke of ... and suggested ...".
    for (uint32_t c = t; c < verb; ++c) {
      // A clause opens here: the sentence start, after a comma, or after
      // the titles before a name ("Cleveland Police Chief Calvin Williams").
      bool titles_before = c > t && c - t <= 4;
      for (uint32_t x = t; x < c && titles_before; ++x) {
        titles_before =
            NameToken(x) || Bit(x, kTitleWord) || Bit(x, kHonorificWord) || PersonTitleNoun(x);
      }
      if (c != t && KeyAt(c - 1) != "," && !titles_before) continue;
      int32_t m = MentionStartingAt(c);
      if (m >= 0 && mentions_[m].end < verb) {
        *out = MentionParty(m);
        *speaker_first = verb;
        return true;
      }
      // "Both parents ...", "Some officials ...": a quantity before an
      // agent noun is no pronoun; the agent phrase below is the subject.
      if (Bit(c, kPronounWord) && !Bit(c, kFirstPersonWord) && !Possessive(c) &&
          !(c + 1 < verb && Bit(c + 1, kAgentNounWord))) {
        *speaker_first = verb;
        return PronounSpeaker(s, c, c + 1, out);
      }
    }
    // An unnamed agent opening the sentence, or the clause after an opening
    // phrase: "In three interviews, the justice sounded off on Trump,
    // saying ...".
    for (uint32_t c = t; c < verb; ++c) {
      if (c != t && KeyAt(c - 1) != ",") continue;
      uint32_t from = c;
      if (c != t && from < verb && KeyAt(from) == "the") ++from;
      for (uint32_t h = from; h < verb && h < from + 6; ++h) {
        if (!doc_.tokens[h].Has(text::kWord)) break;
        if (Bit(h, kAgentNounWord) && !(h + 1 < verb && Bit(h + 1, kAgentNounWord))) {
          *speaker_first = verb;
          return AgentSpeaker(s, c == t ? sent.first_token : c, h + 1, out);
        }
      }
      if (c != t) break;  // only the first clause after the opening phrase
    }
    return false;
  }

  // Finds speakers, quotations and the claims they make (speech_claims_),
  // before the stance and claim rules run, so that those can resolve "I"
  // and "we" inside a quotation, and "he" to the speaker of the passage.
  void FindSpeech() {
    speech_claims_.clear();
    speakers_.clear();
    speaker_of_sentence_.clear();
    subject_of_sentence_.clear();
    // A window's lookbehind was read by the window before: its speakers,
    // subjects and last quotation are taken from there, not read again.
    if (carry_ != nullptr) LoadCarry();
    if (attribution_verbs_ < 0) return;
    FindQuotes();
    if (carry_ != nullptr) LoadCarriedQuote();
    for (uint32_t s = frame_.window_first; s < doc_.sentences.size(); ++s) {
      const text::Sentence& sent = doc_.sentences[s];
      int32_t sentence_speaker = -1;  // the speaker of an earlier verb of this sentence
      NoteOpeningPronoun(s);
      // "Gingrich: Trump must decide ...", "Clinton: "Our goal is ..."": a
      // name and a colon opening the sentence (headlines, transcripts).
      for (uint32_t c = sent.first_token + 1; c < sent.end_token && c <= sent.first_token + 4; ++c) {
        if (KeyAt(c) != ":") continue;
        int32_t m = MentionEndingAt(c, sent.first_token);
        uint32_t cf = c + 1, ce = sent.end_token;
        TrimPunct(&cf, &ce);
        if (m < 0 && ce >= cf + 3) {
          // A transcript: "KATE BOLDUAN: Why not debate?", "BENENSON: This
          // is ...": a speaker's name in capitals, two words or more, or
          // the family name of a person the document names.
          Party who;
          if (TranscriptSpeaker(sent.first_token, c, &who)) {
            sentence_speaker = AddSpeaker(who);
            // A question asks; it claims nothing.
            if (KeyAt(sent.end_token - 1) != "?") {
              AddSpeechClaim(s, who, c, c + 1, c + 1, sent.end_token, "claim.open.colon");
            }
          }
          break;
        }
        if (m < 0 || mentions_[m].first > sent.first_token + 2 || ce < cf + 3) break;
        const Mention& named = mentions_[m];
        if (named.actor.type != "person" && named.actor.type != "organization") break;
        if (named.end - named.first == 1 && KeyAt(named.first).size() < 3) break;  // "Q:", "A:"
        Party who = MentionParty(m);
        sentence_speaker = AddSpeaker(who);
        if (c + 1 < sent.end_token && quote_of_[c + 1] >= 0) {
          Quote& q = quotes_[quote_of_[c + 1]];
          if (q.speaker < 0) q.speaker = sentence_speaker;
        }
        AddSpeechClaim(s, who, c, c + 1, c + 1, sent.end_token, "claim.open.colon");
        break;
      }
      for (uint32_t v = sent.first_token; v < sent.end_token; ++v) {
        if (verb_end_[v] == 0) continue;
        const uint32_t cue_end = std::min(verb_end_[v], sent.end_token);
        // Why this verb makes no claim, for explain (when tracing).
        auto unclaimed = [&](const char* reason) {
          if (unclaimed_ != nullptr && InWindow(s)) {
            unclaimed_->push_back({s, v, cue_end, reason});
          }
        };
        if (quote_of_[v] >= 0) {
          unclaimed("inside a quotation: the words are the quoted speaker's");
          continue;
        }
        // After a determiner it is a noun: "share those views", "such
        // reports" ("some say" is a number of people speaking).
        auto determiner = [&](std::string_view k) {
          return k == "the" || k == "a" || k == "an" || k == "those" || k == "these" ||
                 k == "such" || k == "similar";
        };
        if (v > sent.first_token && (Possessive(v - 1) || determiner(KeyAt(v - 1)))) {
          unclaimed("after 'the', 'a' or a possessive it is a noun ('the stated goal')");
          continue;
        }
        if (cue_end < sent.end_token && KeyAt(cue_end) == "by") {
          unclaimed("a passive ('written by'): no speaker of its own");
          continue;
        }
        // "was first noted when ...", "is widely expected": a passive, its
        // subject what is said, not who says it.
        if (v > sent.first_token) {
          uint32_t b = v - 1;
          if (b > sent.first_token && KeyAt(b).size() > 3 &&
              KeyAt(b).substr(KeyAt(b).size() - 2) == "ly")
            --b;
          if (b > sent.first_token &&
              (KeyAt(b) == "first" || KeyAt(b) == "also" || KeyAt(b) == "not"))
            --b;
          std::string_view bk = KeyAt(b);
          std::string_view vk = KeyAt(v);
          const bool participle =
              vk.size() > 3 && (vk.substr(vk.size() - 2) == "ed" || vk == "said" || vk == "told" ||
                                vk == "written" || vk == "known");
          if (participle && (bk == "was" || bk == "were" || bk == "is" || bk == "are" ||
                             bk == "been" || bk == "being" || bk == "be")) {
            unclaimed(
                "a passive ('was first noted'): its subject is what is said, not who says it");
            continue;
          }
        }
        // "did not say when", "would never say": a negated verb of saying
        // asserts nothing ("did not think it would" still claims: it stays).
        const std::string_view verb_lemma = doc_.Lemma(doc_.tokens[v]);
        if (v > sent.first_token &&
            (verb_lemma == "say" || verb_lemma == "tell" || verb_lemma == "comment" ||
             verb_lemma == "add" || verb_lemma == "specify" || verb_lemma == "elaborate" ||
             verb_lemma == "disclose" || verb_lemma == "confirm" || verb_lemma == "reveal" ||
             verb_lemma == "explain")) {
          uint32_t n = v - 1;
          if (n > sent.first_token && KeyAt(n).size() > 4 &&
              KeyAt(n).substr(KeyAt(n).size() - 2) == "ly") {
            --n;  // "did not publicly say"
          }
          std::string_view nk = KeyAt(n);
          if (nk == "not" || nk == "n't" || nk == "never") {
            unclaimed("negated ('did not say'): it asserts nothing");
            continue;
          }
          // "had little to say", "has nothing to add".
          if (nk == "to" && n > sent.first_token &&
              (KeyAt(n - 1) == "little" || KeyAt(n - 1) == "nothing" || KeyAt(n - 1) == "much" ||
               KeyAt(n - 1) == "more" || KeyAt(n - 1) == "anything" ||
               KeyAt(n - 1) == "something")) {
            unclaimed("an amount to say ('had little to say'): it asserts nothing");
            continue;
          }
          // "declined to say", "refused to comment", "failed to explain".
          if (nk == "to" && n > sent.first_token) {
            const std::string_view refusal = doc_.Lemma(doc_.tokens[n - 1]);
            if (refusal == "decline" || refusal == "refuse" || refusal == "fail") {
              unclaimed("refused ('declined to say'): it asserts nothing");
              continue;
            }
          }
          // "would not confirm whether ...": an open question, no
          // proposition ("explained why ..." gives its reason: it stays).
          if (cue_end < sent.end_token && KeyAt(cue_end) == "whether") {
            unclaimed("followed by 'whether' ('to say whether'): it asserts nothing");
            continue;
          }
        }
        // "adding to her lead": no speech.
        if (doc_.Lemma(doc_.tokens[v]) == "add" && cue_end < sent.end_token &&
            KeyAt(cue_end) == "to") {
          unclaimed("'add to' ('adding to her lead'): no speech");
          continue;
        }
        // "demanding that Syria explain ...": a verb in its base form in the
        // clause of a demand is what someone wants done, not said.
        if (KeyAt(v) == doc_.Lemma(doc_.tokens[v])) {
          bool demanded = false;
          for (uint32_t b = v; b > sent.first_token + 1 && v - b < 6 && !demanded; --b) {
            if (KeyAt(b - 1) != "that") continue;
            const std::string_view d = doc_.Lemma(doc_.tokens[b - 2]);
            demanded = d == "demand" || d == "insist" || d == "ask" || d == "urge" ||
                       d == "request" || d == "require" || d == "recommend" || d == "propose";
          }
          if (demanded) {
            unclaimed(
                "in the clause of a demand ('demanding that Syria explain'): wanted, not said");
            continue;
          }
        }
        // After a verb in -ed it is a noun, the object: "rejected claims
        // that ...", "denied reports", "dismissed suggestions".
        if (v > sent.first_token) {
          std::string_view prev = KeyAt(v - 1);
          if (prev.size() > 4 && prev.substr(prev.size() - 2) == "ed" &&
              doc_.tokens[v - 1].Has(text::kWord) && !doc_.tokens[v - 1].Has(text::kCapitalized) &&
              KeyAt(v).back() == 's') {
            unclaimed("a noun after a verb in -ed, its object ('rejected claims that')");
            continue;
          }
        }
        if (v > sent.first_token + 1) {
          // "policymakers should realise that ...": what the author says they
          // ought to think, not what they say.
          std::string_view m1 = KeyAt(v - 1), m2 = KeyAt(v - 2);
          if (m1 == "should" || m1 == "must" || ((m1 == "to") && (m2 == "ought" || m2 == "need" ||
                                                                  m2 == "needs"))) {
            unclaimed("after 'should' or 'must': what someone ought to think, not what they say");
            continue;
          }
        }
        if (Bit(v, kEvidenceVerbWord) && !(cue_end < sent.end_token && KeyAt(cue_end) == "that" &&
                                           doc_.Lemma(doc_.tokens[v]) == "find")) {
          // "polls show ...", "a Pew study found that ...": only evidence
          // speaks so; but anyone "found that ..." (a finding reported).
          uint32_t p = BeforeSkipWords(v, sent.first_token);
          if ((p == sent.first_token || !Bit(p - 1, kEvidenceNounWord)) &&
              !EvidenceHeadsTheClause(sent, v)) {
            unclaimed(
                "it speaks only with evidence as its subject ('polls show', 'the study found')");
            continue;
          }
        }
        Party who;
        uint32_t speaker_first = v, speaker_end = cue_end;
        bool according = according_at_.count(v) != 0;
        bool after_comma = v > sent.first_token &&
                           (KeyAt(v - 1) == "," || KeyAt(v - 1) == "\"" || KeyAt(v - 1) == "'");
        bool found = false, inverted = false, subject_of_participle = false;
        if (according) {
          found = SpeakerAfter(s, cue_end, &who, &speaker_end) ||
                  SourcePhraseAfter(s, cue_end, &who, &speaker_end);
          inverted = true;
        } else {
          std::string_view verb_key = KeyAt(v);
          // ", saying ...", and "by / after / while / in saying ...": the
          // participle's subject is the clause's ("soared in the polls by
          // saying that the system is rigged").
          std::string_view before_verb = v > sent.first_token ? KeyAt(v - 1) : "";
          const bool participle =
              verb_key.size() > 4 && verb_key.substr(verb_key.size() - 3) == "ing" &&
              (before_verb == "," || before_verb == "by" || before_verb == "after" ||
               before_verb == "while" || before_verb == "in" || before_verb == "before");
          // "Both parents stiffened their denunciation of Mr. Trump, saying
          // that ...": after a comma, a participle's speaker is the subject
          // of the clause it hangs on, not the name just before the comma,
          // which may be that clause's object.
          if (participle && before_verb == ",") {
            found = SentenceSubject(s, v, sentence_speaker, &who, &speaker_first);
            subject_of_participle = found;
          }
          if (!found) found = SpeakerBefore(s, v, &who, &speaker_first);
          // ", said Liam Fox"; but ", telling reporters ...": a participle's
          // speaker is the subject, never the words after it.
          if (!found && after_comma && !participle) {
            found = SpeakerAfter(s, cue_end, &who, &speaker_end);
            inverted = found;
          }
          if (!found && (participle || AfterAnd(sent.first_token, v))) {
            // "X met the governors and said ...", "A spokeswoman declined to
            // comment, saying that ...": the subject of the sentence.
            found = SentenceSubject(s, v, sentence_speaker, &who, &speaker_first);
          }
          if (!found) {
            // "People in Fort Pierce said", "A news report published
            // Wednesday said": the noun phrase opening the clause.
            found = ClauseSubject(s, v, &who, &speaker_first);
          }
        }
        if (!found) {
          unclaimed(
              "no speaker: no actor, pronoun or unnamed agent ('officials') before or after it, "
              "and "
              "none opens its clause");
          continue;
        }
        // "The campaign issued a statement saying ...": the statement's
        // words are its issuer's.
        if (!inverted) IssuerOfDocument(s, &who, &speaker_first);
        // The content: the clause that follows, else the clause before the
        // attribution when a comma or quotation ends it ("..., Mr Fox said.").
        const uint32_t lead_end = inverted ? v : speaker_first;
        uint32_t c_first = UINT32_MAX, c_end = sent.end_token;
        int32_t tagged_quote = -1;      // a quotation of the sentence before this tag
        uint32_t tag_first = lead_end;  // where the attribution begins, titles included
        if (according) {
          c_first = speaker_end;
          uint32_t tf = c_first, te = c_end;
          TrimPunct(&tf, &te);
          if (te - tf < 3) c_first = UINT32_MAX;
        } else if (!inverted) {
          c_first = ClauseAfter(v, cue_end, sent.first_token, sent.end_token);
          // "Beijing adds graphite to export licence list": "add" with an
          // object and "to" is no verb of saying.
          if (c_first == cue_end && c_first < c_end && doc_.Lemma(doc_.tokens[v]) == "add" &&
              AddsSomethingTo(c_first, c_end)) {  // not after "that" or ":"
            c_first = UINT32_MAX;
          }
          // "under what Mr. Hedge called ''the prior economy model,'' the
          // club ...": what is called so is the quotation, not the rest.
          uint32_t opener = c_first;
          if (opener < c_end && opener + 1 < c_end && quote_of_[opener] < 0)
            ++opener;  // "a “rough week”"
          if (opener < c_end && quote_of_[opener] >= 0 && WhatBefore(v)) {
            const Quote& q = quotes_[quote_of_[opener]];
            bool opens, closes;
            const int width = q.close < c_end ? QuoteMark(q.close, c_end, &opens, &closes) : 0;
            c_end = std::min(c_end, q.close + std::max(width, 1));
          }
        }
        if (c_first == UINT32_MAX || c_first >= c_end) {
          // The speaker's title and role words belong to the attribution:
          // '"...," Mr. Cruz said', '..., Trump campaign spokeswoman Hope Hicks said'.
          uint32_t lead = lead_end;
          while (!inverted && lead > sent.first_token && lead_end - lead < 10) {
            const text::Token& w = doc_.tokens[lead - 1];
            std::string_view wk = KeyAt(lead - 1);
            if (!w.Has(text::kWord) && !w.Has(text::kAbbreviation) && wk != "'s" && wk != "-") break;
            --lead;
          }
          tag_first = lead;
          std::string_view k = lead > sent.first_token ? KeyAt(lead - 1) : "";
          bool closes = k == "," || k == "\"" || k == "'" || k == "--" || k == "\u2014" ||
                        k == "\u2013";
          // After the attribution only adjuncts may follow: "..., he said on
          // Tuesday.", "..., said X, a professor at ...".
          uint32_t t = inverted ? speaker_end : cue_end;
          if (!inverted) t = AfterAddressee(v, t, sent.end_token);  // "told reporters"
          t = AfterSkipWords(t, sent.end_token);
          uint32_t rf = t, re = sent.end_token;
          TrimPunct(&rf, &re);
          std::string_view next = t < sent.end_token ? KeyAt(t) : "";
          // "..., political analysts say; in 2012, ...": a semicolon ends
          // the attribution as a full stop would.
          bool ends = re <= rf || next == "," || next == ";" || next == "in" || next == "on" ||
                      next == "at" || next == "during" || next == "after" || next == "before" ||
                      next == "when" || next == "while" || next == "of" || next == "about" ||
                      next == "with" || next == "from" || next == "through" || next == "by" ||
                      // "said to reporters", not "is said to be", "continues to expand"
                      (next == "to" && Bit(v, kBareVerbWord) && KeyAt(t + 1) != "be") ||
                      next == "--" || next == "\u2014" || next == "-";
          // '"...," said the base chief known as Bob': after a quotation the
          // speaker may go on as long as it likes.
          bool after_quote = inverted && v > sent.first_token && QuoteClosingAt(v - 1) >= 0;
          // '"... missing?" Trump said.': the quotation ended the sentence
          // before (its "?", "!" or "." closed it), and this sentence is only
          // its attribution. The quotation is the speaker's; the tag itself
          // claims nothing.
          const int32_t quote_before =
              sent.first_token > 0 ? QuoteClosingAt(sent.first_token - 1) : -1;
          bool tags_quote_before =
              !inverted && lead == sent.first_token && ends && quote_before >= 0;
          if (!according && !after_quote && !tags_quote_before && (!closes || !ends)) {
            unclaimed(
                "no content: no clause after it ('that ...', a quotation, a colon, or a bare "
                "clause for verbs like 'said'), and none before it that a comma or quotation "
                "closes");
            continue;
          }
          c_first = sent.first_token;
          c_end = lead;
          if (tags_quote_before) {
            tagged_quote = quote_before;
            c_end = c_first;
          }
          // "Survival, Mr. VandeHei says, depends on ...": a tag inside the
          // sentence; the claim is the sentence around it. But not when
          // what follows the comma describes the speaker (", said John
          // Ferriola, the company's chief executive.", ", who ...").
          std::string_view after_comma_word = t + 1 < sent.end_token ? KeyAt(t + 1) : "";
          const bool describes_speaker = after_comma_word == "the" || after_comma_word == "a" ||
                                         after_comma_word == "an" || after_comma_word == "his" ||
                                         after_comma_word == "her" || after_comma_word == "its" ||
                                         after_comma_word == "their" || after_comma_word == "who" ||
                                         after_comma_word == "which";
          if (next == "," && re > rf + 2 && k == "," && !describes_speaker) c_end = sent.end_token;
        }
        int32_t speaker = AddSpeaker(who);
        if (sentence_speaker < 0) sentence_speaker = speaker;
        if (who.mention >= 0 && who.actor.type == "person") {
          // Also a sentence that only tags the quotation before it
          // ('"... offensive!" Cruz said.'): Cruz is the one who speaks on.
          if (c_first < c_end || tagged_quote >= 0) speaker_of_sentence_[s] = who.mention;
          if (tagged_quote >= 0 && s > 0) speaker_of_sentence_.emplace(s - 1, who.mention);
        }
        // A quotation just before the attribution or opening right after it.
        for (size_t qi = 0; qi < quotes_.size(); ++qi) {
          Quote& q = quotes_[qi];
          // A quotation closing the sentence before is tagged by a sentence
          // of its paragraph, or by one with no content of its own ('"...
          // offensive!" Cruz said.'), not by one that opens the next
          // paragraph with its own content ('"... rapists." ¶ Trump also
          // said that ...').
          // Nor by one whose own content follows its verb ('"... the law of
          // the land." ¶ And as Menendez pointed out, SCOTUS rulings ...').
          bool before = q.close < tag_first && tag_first - q.close <= 3 &&
                        q.close + 1 >= sent.first_token &&
                        (q.close >= sent.first_token || c_first >= c_end ||
                         (!NewParagraphBefore(sent.first_token) && c_first < tag_first));
          bool after = q.open >= cue_end && q.open >= speaker_end && q.open - speaker_end <= 4 &&
                       (q.open < sent.end_token ||
                        (q.open == sent.end_token && KeyAt(q.open - 1) == ":"));
          if ((before || after || static_cast<int32_t>(qi) == tagged_quote) && q.speaker < 0) {
            q.speaker = speaker;
          }
        }
        if (c_first >= c_end) {
          unclaimed("no content: nothing is left of its clause");
          continue;
        }
        const size_t made = speech_claims_.size();
        AddSpeechClaim(s, who, v, cue_end, c_first, c_end,
                       according ? "claim.open.according" : "claim.open.say");
        if (speech_claims_.size() > made)
          speech_claims_.back().participle_subject = subject_of_participle;
      }
    }
    // A quotation with no attribution of its own goes on with the speaker
    // of the quotation before it: later in the same paragraph ('"...," he
    // said. "..."'), or opening the next paragraph. Only quotations of a
    // few words or more: a quoted term is no speech.
    const uint32_t window_first_token = frame_.window_first < doc_.sentences.size()
                                            ? doc_.sentences[frame_.window_first].first_token
                                            : static_cast<uint32_t>(doc_.tokens.size());
    for (size_t qi = 1; qi < quotes_.size(); ++qi) {
      Quote& q = quotes_[qi];
      const Quote& prev = quotes_[qi - 1];
      if (q.speaker >= 0 || prev.speaker < 0 || q.close - q.open < 5) continue;
      if (carry_ != nullptr && q.open < window_first_token) continue;  // settled before
      // Words between them may be the attribution of the first ('"...," he
      // said. "..."') but no other attribution.
      int breaks = 0;
      bool verb_between = false;
      const uint32_t tag_sentence = SentenceOf(std::min<uint32_t>(prev.close, doc_.tokens.size() - 1));
      for (uint32_t t = prev.close + 1; t <= q.open && t < doc_.tokens.size(); ++t) {
        breaks += NewParagraphBefore(t);
        verb_between |= verb_end_[t] != 0 && t < q.open && SentenceOf(t) != tag_sentence;
      }
      // A quotation with an attribution verb of its own after it in its
      // sentence ('"...," said the woman', '"...," County Sheriff Joe Lombardo
      // said') is not continued, even when that verb found no speaker.
      const uint32_t close_sentence =
          SentenceOf(std::min<uint32_t>(q.close, doc_.tokens.size() - 1));
      for (uint32_t t = q.close + 1;
           t < q.close + 12 && t < doc_.sentences[close_sentence].end_token && quote_of_[t] < 0;
           ++t) {
        verb_between |= verb_end_[t] != 0;
      }
      if (verb_between || breaks > 1) continue;
      if (breaks == 1 && !NewParagraphBefore(q.open)) continue;
      q.speaker = prev.speaker;
    }
    // Each sentence a quotation runs over is its speaker's claim.
    for (const Quote& q : quotes_) {
      if (q.speaker < 0) continue;
      const Party& who = speakers_[q.speaker];
      uint32_t s = SentenceOf(q.open);
      for (; s < doc_.sentences.size() && doc_.sentences[s].first_token < q.close; ++s) {
        const text::Sentence& sent = doc_.sentences[s];
        uint32_t first = std::max(sent.first_token, q.open + 1);
        uint32_t end = std::min(sent.end_token, q.close);
        uint32_t tf = first, te = end;
        TrimPunct(&tf, &te);
        if (te - tf < 2) continue;
        uint32_t mark = q.open >= sent.first_token ? q.open : first;
        AddSpeechClaim(s, who, mark, mark + 1, first, end, "claim.open.quote");
      }
    }
  }

  // ---- windows (see "windows" above) -------------------------------------------

  // Whether sentence `s` of this run is one it reports: every sentence of a
  // whole document, only the window's own in a windowed run.
  bool InWindow(uint32_t s) const {
    return tables_ == nullptr || (s >= frame_.window_first && s < frame_.window_end);
  }

  MentionRef RefOf(int32_t mention) const {
    if (static_cast<size_t>(mention) >= real_mentions_)
      return ghosts_[mention - real_mentions_].ref;
    const uint32_t s = mentions_[mention].sentence;
    return {frame_.base + s,
            static_cast<uint32_t>(mention) -
                static_cast<uint32_t>(FirstMentionFrom(doc_.sentences[s].first_token))};
  }

  static uint64_t RefKey(const MentionRef& ref) {
    return (uint64_t{ref.sentence} << 32) | ref.ordinal;
  }

  // The mention `ref` names in this run (a ghost when it lies before the
  // run's text), or -1 when it has none.
  int32_t MentionOf(const MentionRef& ref) const {
    if (ref.sentence >= frame_.base && ref.sentence - frame_.base < doc_.sentences.size()) {
      const uint32_t s = ref.sentence - frame_.base;
      const size_t i = FirstMentionFrom(doc_.sentences[s].first_token) + ref.ordinal;
      if (i < real_mentions_ && i < mentions_.size() && mentions_[i].sentence == s) {
        return static_cast<int32_t>(i);
      }
    }
    auto it = ghost_of_ref_.find(RefKey(ref));
    return it == ghost_of_ref_.end() ? -1 : it->second;
  }

  // What the next window's run needs of mention `i`.
  CarriedMention CarryOf(int32_t i) const {
    if (static_cast<size_t>(i) >= real_mentions_) return ghosts_[i - real_mentions_];
    const Mention& m = mentions_[i];
    return {RefOf(i), m.actor, std::string(doc_.Span(m.first, m.end)),
            CodePoints(doc_, m.first, m.end)};
  }

  // Makes a mention of a window before this run's text one of mentions_ (a
  // "ghost"), after the real ones, so that speakers, subjects and titles can
  // stand for it as for any mention. A ghost has no tokens (first = end =
  // UINT32_MAX): searches by position never meet it.
  void AddGhost(const CarriedMention& c) {
    if (MentionOf(c.ref) >= 0) return;
    Mention g;
    g.sentence = g.first = g.end = UINT32_MAX;
    g.actor = c.actor;
    ghost_of_ref_[RefKey(c.ref)] = static_cast<int32_t>(mentions_.size());
    mentions_.push_back(std::move(g));
    ghosts_.push_back(c);
  }

  // The state of the windows before: the speakers and subjects of the
  // lookbehind's sentences, the speaker of its last quotation, and as
  // ghosts the mentions before the run that these and the searches without
  // bound (TitleAntecedent, PersonTitled) may stand for.
  void LoadCarry() {
    real_mentions_ = mentions_.size();
    for (const auto* carried : {&carry_->speaker_of_sentence, &carry_->subject_of_sentence}) {
      for (const auto& [s, c] : *carried) AddGhost(c);
    }
    if (carry_->has_quote && carry_->quote_has_speaker && carry_->quote_speaker.has_mention) {
      AddGhost(carry_->quote_speaker.mention);
    }
    if (carry_->has_person) AddGhost(carry_->latest_person);
    for (const auto& [affiliation, c] : carry_->person_of_affiliation) AddGhost(c);
    for (const auto& [title, c] : carry_->person_after_title) AddGhost(c);
    for (uint32_t s = 0; s < frame_.window_first; ++s) {
      for (auto [from, to] : {std::pair{&carry_->speaker_of_sentence, &speaker_of_sentence_},
                              std::pair{&carry_->subject_of_sentence, &subject_of_sentence_}}) {
        auto it = from->find(frame_.base + s);
        if (it == from->end()) continue;
        int32_t m = MentionOf(it->second.ref);
        if (m >= 0) (*to)[s] = m;
      }
    }
  }

  // The speaker of the lookbehind's last quotation, as the window before
  // left it.
  void LoadCarriedQuote() {
    if (!carry_->has_quote || !carry_->quote_has_speaker) return;
    for (Quote& q : quotes_) {
      if (q.open >= doc_.tokens.size() || doc_.tokens[q.open].cp_begin != carry_->quote_open_cp) {
        continue;
      }
      const CarriedParty& c = carry_->quote_speaker;
      Party p;
      p.actor = c.actor;
      p.text = c.text;
      p.span = c.span;
      p.mention = c.has_mention ? MentionOf(c.mention.ref) : -1;
      q.speaker = AddSpeaker(p);
      break;
    }
  }

  // Hands the speakers and subjects of the sentences up to the lookahead,
  // the last quotation opening before it, and the latest persons and
  // organisation before the next window's run to the next window.
  void SaveCarry() {
    SpeechCarry& c = *carry_;
    c.speaker_of_sentence.clear();
    c.subject_of_sentence.clear();
    for (auto [from, to] : {std::pair{&speaker_of_sentence_, &c.speaker_of_sentence},
                            std::pair{&subject_of_sentence_, &c.subject_of_sentence}}) {
      for (const auto& [s, m] : *from) {
        if (s < frame_.window_end && m >= 0) (*to)[frame_.base + s] = CarryOf(m);
      }
    }
    // Mentions of sentences before the next run are all before it: what the
    // windows before handed on covers those before this run.
    for (size_t i = 0; i < real_mentions_ && i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (frame_.base + m.sentence >= frame_.next_base) break;
      if (m.actor.type == "organization") {
        c.has_organization = true;
        c.latest_organization = CarryOf(static_cast<int32_t>(i));
        c.latest_organization_head = std::string(NameHead(m));
      }
      if (m.actor.type != "person") continue;
      CarriedMention person = CarryOf(static_cast<int32_t>(i));
      c.person_of_affiliation[m.actor.affiliation] = person;
      c.has_person = true;
      c.latest_person = std::move(person);
    }
    // The title before a person is read in the person's own window, where
    // the word before it is there (the first of a run is not): a later
    // window that finds none in its text comes here, even for one in its
    // lookbehind (PersonTitled).
    for (size_t i = 0; i < real_mentions_ && i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (m.sentence >= frame_.window_end) break;
      if (m.sentence < frame_.window_first || m.actor.type != "person" || m.first == 0) continue;
      c.person_after_title[std::string(doc_.Lemma(doc_.tokens[m.first - 1]))] =
          CarryOf(static_cast<int32_t>(i));
    }
    const uint32_t end_token = frame_.window_end < doc_.sentences.size()
                                   ? doc_.sentences[frame_.window_end].first_token
                                   : static_cast<uint32_t>(doc_.tokens.size());
    c.has_quote = false;
    for (size_t i = quotes_.size(); i-- > 0;) {
      const Quote& q = quotes_[i];
      if (q.open >= end_token) continue;
      c.has_quote = true;
      c.quote_open_cp = doc_.tokens[q.open].cp_begin;
      c.quote_has_speaker = q.speaker >= 0;
      if (q.speaker >= 0) {
        const Party& p = speakers_[q.speaker];
        c.quote_speaker = {p.actor, p.text, p.span, p.mention >= 0, {}};
        if (p.mention >= 0) c.quote_speaker.mention = CarryOf(p.mention);
      }
      break;
    }
  }

  // Keeps only the window's own extractions, numbered by the document's
  // sentences.
  void KeepWindowOutput() {
    auto outside = [this](auto& x) {
      if (!InWindow(x.sentence)) return true;
      x.sentence += frame_.base;
      return false;
    };
    out_.actors.erase(std::remove_if(out_.actors.begin(), out_.actors.end(), outside),
                      out_.actors.end());
    out_.stances.erase(std::remove_if(out_.stances.begin(), out_.stances.end(), outside),
                       out_.stances.end());
    out_.claims.erase(std::remove_if(out_.claims.begin(), out_.claims.end(), outside),
                      out_.claims.end());
  }

  uint32_t SentenceOf(uint32_t token) const {
    auto it = std::partition_point(doc_.sentences.begin(), doc_.sentences.end(),
                                   [token](const text::Sentence& s) { return s.end_token <= token; });
    return static_cast<uint32_t>(it - doc_.sentences.begin());
  }

  const Extractor& owner_;
  const rules::Program& prog_;
  const rules::RuleSet& rs_;
  const text::AnalyzedText& doc_;
  DocState& state_;
  std::vector<RuleMatch>& matches_;
  Extractions& out_;
  std::vector<Mention> mentions_;
  std::vector<uint32_t> order_;  // SortMentions' permutation
  std::vector<PendingClaim> pending_claims_;
  // Sentence, holder and polarity of the stances kept -> their targets.
  std::unordered_map<std::string, std::vector<std::pair<Span, size_t>>>
      stances_seen_;                              // -> index in out_.stances
  std::vector<DroppedMatch>* dropped_ = nullptr;  // why matches made nothing, when tracing
  std::vector<UnclaimedVerb>* unclaimed_ = nullptr;  // why verbs of saying made no claim, idem
  int pronouns_, titles_, role_nouns_, hedges_, actor_name_, hypothetical_;
  // Open-world names and speech attribution.
  int honorifics_, org_heads_, attribution_verbs_, agent_nouns_, speech_skip_, first_person_,
      non_names_, particles_, not_actors_, according_, not_clause_start_, first_names_, geo_heads_,
      demonyms_, likelihood_, obligation_;
  std::vector<uint32_t> word_bits_;   // per token: WordBit of the lexicons it is in
  std::vector<uint32_t> lexicon_bits_;  // per lexicon: the WordBits it gives (IndexOpenWorldWords)
  std::vector<uint32_t> verb_end_;    // per token: end of an attribution verb starting there, or 0
  std::vector<uint32_t> skip_from_;   // per token: first token of a skip phrase ending there
  std::unordered_set<uint32_t> according_at_;        // tokens where "according to" begins
  // Attribution verbs whose claim needs a word after their object ("of" of
  // "accused X of"): token -> that word (attribution_verbs, `object:`).
  std::unordered_map<uint32_t, std::string_view> object_word_;
  WordSet lowercase_keys_;                           // words written in lower case somewhere
  WordSet standalone_caps_;                          // capitalised words standing alone
  std::unordered_map<std::string, Actor> acronyms_;  // "RSF" -> the organisation it abbreviates
  std::unordered_map<std::string, Actor> initials_;  // "isa" -> an organisation with those initials
  std::unordered_map<std::string, char> gender_of_actor_;  // actor id -> 'm'/'f' (NoteGenders)
  std::unordered_map<std::string, char> honorific_of_actor_;  // actor id -> 'm'/'f' by Mr./Ms.
  std::vector<Quote> quotes_;
  std::vector<int32_t> quote_of_;     // per token: the quotation it is inside, or -1
  std::vector<Party> speakers_;       // speakers of attributions, for quotations
  std::vector<PendingClaim> speech_claims_;  // FindSpeech's claims, added after the rules' claims
  std::unordered_map<uint32_t, int32_t> speaker_of_sentence_;  // sentence -> mention of its speaker
  std::unordered_map<uint32_t, int32_t> subject_of_sentence_;  // sentence -> its opening he/she/his/her
  // Windows (SetWindow); a whole document reads its own sets.
  Pass pass_ = Pass::kWhole;
  DocumentTables* tables_ = nullptr;
  RunFrame frame_;
  SpeechCarry* carry_ = nullptr;
  const WordSet* lowercase_ = &lowercase_keys_;
  const WordSet* standalone_ = &standalone_caps_;
  // mentions_ from real_mentions_ on are ghosts (AddGhost): ghosts_[i - real_mentions_].
  size_t real_mentions_ = SIZE_MAX;
  std::vector<CarriedMention> ghosts_;
  std::unordered_map<uint64_t, int32_t> ghost_of_ref_;  // RefKey -> index in mentions_
};

}  // namespace

namespace {

// Whether the line text[begin, end) holds anything but ASCII white space.
bool HasText(std::string_view line) {
  return line.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos;
}

// One window of ExtractInWindows: bytes of the document.
struct WindowBounds {
  size_t run_begin;   // the lookbehind's first byte: a line start
  size_t begin, end;  // the window: line starts (or the end of the text)
  size_t run_end;     // one past the lookahead: the end of a line
};

std::vector<WindowBounds> CutWindows(std::string_view text,
                                     const Extractor::WindowOptions& options) {
  std::vector<WindowBounds> windows;
  const size_t step = std::max<size_t>(options.window_bytes, 1);
  size_t begin = 0;
  while (begin < text.size()) {
    WindowBounds w;
    w.begin = begin;
    // A window ends after a line break: a line break always ends a
    // sentence, and every sentence after it is segmented the same whether
    // the text before it is there or not.
    size_t end = text.size();
    if (text.size() - begin > step) {
      size_t newline = text.find('\n', begin + step - 1);
      if (newline != std::string_view::npos) end = newline + 1;
    }
    w.end = end;
    // The lookbehind: whole lines, at least lookbehind_bytes of them and at
    // least kLookbehindLines with text (each holds a sentence or more). A
    // pronoun looks four sentences back, to the speaker or subject of a
    // sentence, who was named up to four sentences before that.
    constexpr int kLookbehindLines = 8;
    size_t run_begin = begin;
    for (int lines = 0; run_begin > 0 && (lines < kLookbehindLines ||
                                          begin - run_begin < options.lookbehind_bytes);) {
      size_t newline = run_begin >= 2 ? text.rfind('\n', run_begin - 2) : std::string_view::npos;
      size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
      lines += HasText(text.substr(line_begin, run_begin - line_begin));
      run_begin = line_begin;
    }
    w.run_begin = run_begin;
    // The lookahead: up to the end of the next line with text.
    size_t run_end = end;
    while (run_end < text.size()) {
      size_t newline = text.find('\n', run_end);
      size_t line_end = newline == std::string_view::npos ? text.size() : newline + 1;
      bool line_has_text = HasText(text.substr(run_end, line_end - run_end));
      run_end = line_end;
      if (line_has_text) break;
    }
    w.run_end = run_end;
    windows.push_back(w);
    begin = end;
  }
  return windows;
}

}  // namespace

Status Extractor::ExtractInWindows(std::string_view text, text::Segmenter* segmenter,
                                   Scratch* scratch, const WindowOptions& options,
                                   const std::function<Status(Window*)>& emit) const {
  Window window;
  text::AnalyzedText& doc = scratch->window_text;
  auto sentence_spans = [&doc](uint32_t first, uint32_t end, std::vector<Span>* out) {
    out->clear();
    for (uint32_t s = first; s < end; ++s) {
      out->push_back({doc.sentences[s].cp_begin, doc.sentences[s].cp_end});
    }
  };
  if (text.size() <= options.window_bytes) {  // one window: the document
    Status s = segmenter->Analyze(std::string(text), &doc);
    if (!s.ok()) return s;
    Extract(doc, scratch, &window.extractions);
    window.document_sentences = static_cast<uint32_t>(doc.sentences.size());
    window.first_sentence = 0;
    sentence_spans(0, static_cast<uint32_t>(doc.sentences.size()), &window.sentences);
    return emit(&window);
  }
  const std::vector<WindowBounds> windows = CutWindows(text, options);
  // Each window's first sentence in the document, and its run's (counted by
  // pass kSurvey).
  std::vector<uint32_t> first_sentence(windows.size(), 0), run_base(windows.size(), 0);
  DocumentTables tables;
  SpeechCarry carry;
  for (Pass pass : {Pass::kSurvey, Pass::kNames, Pass::kGenders, Pass::kExtract}) {
    size_t cp_at = 0, cp_count = 0;  // code points before byte cp_at
    uint32_t sentences_before = 0;
    for (size_t k = 0; k < windows.size(); ++k) {
      const WindowBounds& w = windows[k];
      cp_count += text::CountCodePoints(text.substr(cp_at, w.run_begin - cp_at));
      cp_at = w.run_begin;
      Status s =
          segmenter->Analyze(std::string(text.substr(w.run_begin, w.run_end - w.run_begin)), &doc);
      if (!s.ok()) return s;
      // The segmenter counts from the run's start; the document from its own.
      const uint32_t base_cp = static_cast<uint32_t>(cp_count);
      for (text::Token& t : doc.tokens) {
        t.cp_begin += base_cp;
        t.cp_end += base_cp;
      }
      RunFrame frame;
      for (text::Sentence& sent : doc.sentences) {
        sent.cp_begin += base_cp;
        sent.cp_end += base_cp;
        frame.window_first += sent.begin < w.begin - w.run_begin;
        frame.window_end += sent.begin < w.end - w.run_begin;
      }
      if (pass == Pass::kSurvey) {
        first_sentence[k] = sentences_before;
        sentences_before += frame.window_end - frame.window_first;
      }
      frame.base = first_sentence[k] - frame.window_first;
      if (pass == Pass::kSurvey) run_base[k] = frame.base;
      if (k + 1 < windows.size()) frame.next_base = run_base[k + 1];
      window.extractions.Clear();
      scratch->state.record_losses = false;
      DocumentRun run(*this, doc, &scratch->state, &scratch->matches, &window.extractions);
      run.SetWindow(pass, &tables, frame, pass == Pass::kExtract ? &carry : nullptr);
      run.Run();
      if (pass != Pass::kExtract) continue;
      window.first_sentence = first_sentence[k];
      sentence_spans(frame.window_first, frame.window_end, &window.sentences);
      s = emit(&window);
      if (!s.ok()) return s;
    }
    if (pass == Pass::kSurvey) {
      tables.FinishSurvey();
      window.document_sentences = sentences_before;
    }
    if (pass == Pass::kGenders) tables.FinishGenders();
  }
  doc.Clear();
  return Status::Ok();
}

void Extractor::Extract(const text::AnalyzedText& doc, Scratch* scratch, Extractions* out,
                        Trace* trace) const {
  out->Clear();
  scratch->state.record_losses = trace != nullptr;  // who beat whom, for explain and rules test
  DocumentRun run(*this, doc, &scratch->state, &scratch->matches, out);
  if (trace != nullptr) {
    trace->dropped.clear();
    trace->unclaimed.clear();
    run.TraceDrops(&trace->dropped);
    run.TraceUnclaimed(&trace->unclaimed);
  }
  run.Run();
  if (trace != nullptr) {
    trace->matches = scratch->matches;
    trace->state = scratch->state;
  }
}

}  // namespace argx::extract
