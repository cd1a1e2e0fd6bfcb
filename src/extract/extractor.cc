#include "extract/extractor.h"

#include "base/strings.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <cctype>
#include <set>

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
  *out = std::move(ex);
  return Status::Ok();
}

namespace {

// Lexicons the extractor itself consults, when a rules tree defines them.
constexpr const char* kPronounsLexicon = "pronouns";      // attr refers: person|thing|plural
constexpr const char* kTitlesLexicon = "titles";          // "the Minister said" -> last person
constexpr const char* kRoleNounsLexicon = "role_nouns";   // "the president said", lowercase
constexpr const char* kHedgesLexicon = "hedges";          // likely, could, potentially ...
constexpr const char* kHypotheticalLabel = "hypothetical";

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
};

class DocumentRun {
 public:
  DocumentRun(const Extractor& ex, const text::AnalyzedText& doc, DocState* state,
              std::vector<RuleMatch>* matches, Extractions* out)
      : prog_(ex.program()), rs_(ex.rule_set()), doc_(doc), state_(*state),
        matches_(*matches), out_(*out) {
    pronouns_ = rs_.lexicons.Find(kPronounsLexicon);
    titles_ = rs_.lexicons.Find(kTitlesLexicon);
    role_nouns_ = rs_.lexicons.Find(kRoleNounsLexicon);
    hedges_ = rs_.lexicons.Find(kHedgesLexicon);
    actor_name_ = prog_.SpanName("actor");
    hypothetical_ = prog_.SpanName(kHypotheticalLabel);
  }

  void Run() {
    prog_.Begin(doc_, &state_);
    matches_.clear();
    prog_.RunStage(Stage::kActors, doc_, &state_, &matches_);
    mentions_.reserve(matches_.size());  // at most one mention per match: no regrowth moves
    for (const RuleMatch& m : matches_) AddActorMatch(m);
    ResolveSurnames();
    PublishActors();
    size_t from = matches_.size();
    prog_.RunStage(Stage::kPhrases, doc_, &state_, &matches_);
    from = matches_.size();
    prog_.RunStage(Stage::kStances, doc_, &state_, &matches_);
    for (size_t i = from; i < matches_.size(); ++i) AddStance(matches_[i]);
    from = matches_.size();
    prog_.RunStage(Stage::kClaims, doc_, &state_, &matches_);
    for (size_t i = from; i < matches_.size(); ++i) AddClaim(matches_[i]);
    FinishClaims();
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
    return nullptr;
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
    // A possessive is not part of the name.
    while (end > first && doc_.Key(doc_.tokens[end - 1]) == "'s") --end;
    if (first >= end) return;
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
      std::string c = CanonicalInside(m.sentence, aff->first, aff->end);
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
  void ResolveSurnames() {
    // Key of the family name -> the first full name with it.
    std::unordered_map<std::string_view, size_t> surnames;
    for (size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& m = mentions_[i];
      if (m.actor.type != "person" || m.end - m.first < 2) continue;
      uint32_t family = FamilyNameFirst(m.actor) ? m.first : m.end - 1;
      surnames.emplace(doc_.Key(doc_.tokens[family]), i);
    }
    if (surnames.empty()) return;
    auto full_name_for = [&](std::string_view key) -> const Mention* {
      auto it = surnames.find(key);
      return it == surnames.end() ? nullptr : &mentions_[it->second];
    };
    // One-word persons that are the family name of a full name.
    for (Mention& m : mentions_) {
      if (m.actor.type != "person" || m.end - m.first != 1) continue;
      if (const Mention* full = full_name_for(doc_.Key(doc_.tokens[m.first]))) {
        if (full->actor.id != m.actor.id) {
          m.actor = full->actor;
          m.rule = "resolve.surname";
        }
      }
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
    size_t n = mentions_.size();
    for (uint32_t s = 0; s < doc_.sentences.size(); ++s) {
      const text::Sentence& sent = doc_.sentences[s];
      for (uint32_t t = sent.first_token; t < sent.end_token; ++t) {
        if (covered[t] || !doc_.tokens[t].Has(text::kCapitalized)) continue;
        const Mention* full = full_name_for(doc_.Key(doc_.tokens[t]));
        if (full == nullptr) continue;
        Mention copy = *full;
        copy.sentence = s;
        copy.first = t;
        copy.end = t + 1;
        copy.rule = "resolve.surname";
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
      state_.AddSpan(m.sentence, span);
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

  bool HasLexicon(uint32_t sentence, uint32_t first, uint32_t end, int lexicon) const {
    if (lexicon < 0) return false;
    for (const SpanInfo& s : state_.spans[sentence]) {
      if (static_cast<int>(s.name) == lexicon && s.first >= first && s.end <= end) return true;
    }
    return false;
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
    if (refers.empty() && (HasLexicon(sentence, first, end, titles_) ||
                           HasLexicon(sentence, first, end, role_nouns_))) {
      return TitleAntecedent(sentence, first, end);
    }
    if (refers.empty()) return {};
    uint32_t floor = sentence > 0 ? doc_.sentences[sentence - 1].first_token
                                  : doc_.sentences[sentence].first_token;
    // Fitting mentions in the window, outermost only, in text order.
    std::vector<size_t> cands;
    for (size_t i = FirstMentionFrom(floor); i < mentions_.size() && mentions_[i].first < first;
         ++i) {
      const Mention& m = mentions_[i];
      if (m.end > first || m.first < floor) continue;
      bool person = m.actor.type == "person";
      if (refers == "person" && !person) continue;
      if (refers == "thing" && person) continue;
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

  // "the Serbian president", "the premier", "the minister": the latest
  // person mentioned before in the document, of the state the words name
  // when they name one.
  std::vector<size_t> TitleAntecedent(uint32_t sentence, uint32_t first, uint32_t end) const {
    std::string state = CanonicalInside(sentence, first, end);
    for (size_t i = FirstMentionFrom(first); i-- > 0;) {
      const Mention& m = mentions_[i];
      if (m.end > first || m.actor.type != "person") continue;
      if (!state.empty() && m.actor.affiliation != state) continue;
      return {i};
    }
    return {};
  }

  struct Party {
    Actor actor;
    std::string text;
    Span span;
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
      Party p;
      p.actor = mentions_[i].actor;
      if (resolved) {
        p.text = std::string(doc_.Span(c.first, c.end));
        p.span = CodePoints(doc_, c.first, c.end);
      } else {
        p.text = std::string(doc_.Span(mentions_[i].first, mentions_[i].end));
        p.span = CodePoints(doc_, mentions_[i].first, mentions_[i].end);
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

  void AddStance(const RuleMatch& m) {
    const Rule& rule = rs_.rules[m.rule];
    if (rule.output != OutputKind::kStance) return;
    if (m.Find("blocker") != nullptr || IsQuestion(m.sentence)) return;
    const Capture* holder = m.Find("holder");
    const Capture* cue = m.Find("cue");
    const Capture* target = m.Find("target");
    uint32_t cue_first = cue ? cue->first : m.first, cue_end = cue ? cue->end : m.end;
    if (InHypothetical(m.sentence, cue_first, cue_end)) return;
    if (holder == nullptr) return;
    std::string polarity(rule.Set("polarity"));
    if (polarity.empty()) polarity = "support";
    if (m.FindAll("negation").size() % 2 == 1) {
      polarity = polarity == "support" ? "oppose" : "support";
    }
    for (Party& p : Parties(m.sentence, *holder)) {
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
      // One stance per sentence, holder and polarity: the first (best) rule wins.
      std::string seen_key =
          std::to_string(st.sentence) + '\x1f' + st.holder.id + '\x1f' + st.polarity;
      if (stances_seen_.insert(std::move(seen_key)).second) out_.stances.push_back(std::move(st));
    }
  }

  // ---- claims --------------------------------------------------------------

  void AddClaim(const RuleMatch& m) {
    const Rule& rule = rs_.rules[m.rule];
    if (rule.output != OutputKind::kClaim) return;
    if (m.Find("blocker") != nullptr) return;
    const Capture* cue = m.Find("cue");
    const Capture* content = m.Find("content");
    uint32_t cue_first = cue ? cue->first : m.first, cue_end = cue ? cue->end : m.end;
    Claim c;
    c.sentence = m.sentence;
    c.claim_type = std::string(rule.Set("claim_type"));
    if (c.claim_type.empty()) c.claim_type = "assertion";
    c.cue_span = CodePoints(doc_, cue_first, cue_end);
    c.cue = std::string(doc_.Span(cue_first, cue_end));
    if (content) {
      c.content_span = CodePoints(doc_, content->first, content->end);
      c.content = std::string(doc_.Span(content->first, content->end));
    }
    c.span = CodePoints(doc_, m.first, m.end);
    c.text = std::string(doc_.Span(m.first, m.end));
    c.rule = rule.id;
    std::vector<Claim> made;
    if (rule.Set("claimant") == "AUTHOR") {
      c.by_author = true;
      made.push_back(std::move(c));
    } else if (const Capture* who = m.Find("claimant")) {
      for (Party& p : Parties(m.sentence, *who)) {
        Claim copy = c;
        copy.claimant = std::move(p.actor);
        copy.claimant_text = std::move(p.text);
        copy.claimant_span = p.span;
        made.push_back(std::move(copy));
      }
    }
    for (Claim& x : made) pending_claims_.push_back({std::move(x), cue_first, cue_end,
                                                     content ? content->first : 0,
                                                     content ? content->end : 0});
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
    for (auto& p : pending_claims_) {
      if (!p.claim.by_author) continue;
      auto group = attributed.find(p.claim.sentence);
      if (group == attributed.end()) continue;
      for (size_t qi : group->second) {
        const auto& q = pending_claims_[qi];
        if (q.content_end > q.content_first && p.cue_first >= q.content_first &&
            p.cue_end <= q.content_end) {
          p.dropped = true;
        }
      }
    }
    // One claim per sentence and claimant: cues are joined; a modal's type
    // (prediction, normative) wins over a plain assertion frame.
    std::unordered_map<std::string, size_t> claim_of;  // sentence, author?, claimant -> claim
    for (auto& p : pending_claims_) {
      if (p.dropped) continue;
      std::string key = std::to_string(p.claim.sentence) +
                        (p.claim.by_author ? "\x1fA\x1f" : "\x1f-\x1f") + p.claim.claimant.id;
      auto [it, added] = claim_of.emplace(std::move(key), out_.claims.size());
      if (added) {
        out_.claims.push_back(p.claim);
        continue;
      }
      Claim* same = &out_.claims[it->second];
      if (same->claim_type == "assertion" && p.claim.claim_type != "assertion") {
        same->claim_type = p.claim.claim_type;
      }
      if (same->cue.find(p.claim.cue) == std::string::npos) same->cue += "; " + p.claim.cue;
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
  };

  const rules::Program& prog_;
  const rules::RuleSet& rs_;
  const text::AnalyzedText& doc_;
  DocState& state_;
  std::vector<RuleMatch>& matches_;
  Extractions& out_;
  std::vector<Mention> mentions_;
  std::vector<uint32_t> order_;  // SortMentions' permutation
  std::vector<PendingClaim> pending_claims_;
  std::unordered_set<std::string> stances_seen_;  // sentence, holder, polarity of each stance kept
  int pronouns_, titles_, role_nouns_, hedges_, actor_name_, hypothetical_;
};

}  // namespace

void Extractor::Extract(const text::AnalyzedText& doc, Scratch* scratch, Extractions* out,
                        Trace* trace) const {
  out->Clear();
  scratch->state.record_losses = trace != nullptr;  // who beat whom, for explain and rules test
  DocumentRun run(*this, doc, &scratch->state, &scratch->matches, out);
  run.Run();
  if (trace != nullptr) {
    trace->matches = scratch->matches;
    trace->state = scratch->state;
  }
}

}  // namespace argx::extract
