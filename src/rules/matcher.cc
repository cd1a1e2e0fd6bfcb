// Running a compiled Program on a document (see program.h).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>

#include "rules/dfa.h"
#include "rules/program_impl.h"
#include "text/segmenter.h"

namespace argx::rules {

const Capture* RuleMatch::Find(std::string_view name) const {
  for (const Capture& c : captures) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<const Capture*> RuleMatch::FindAll(std::string_view name) const {
  std::vector<const Capture*> out;
  for (const Capture& c : captures) {
    if (c.name == name) out.push_back(&c);
  }
  return out;
}

std::string_view Program::Attr(const DocState& state, const SpanInfo& span,
                               std::string_view key) const {
  if (span.attrs >= 0) {
    for (const auto& [k, v] : state.attrs[span.attrs]) {
      if (k == key) return v;
    }
  }
  if (span.entry >= 0) return rules_.lexicons.entry(span.entry).Attr(key);
  return {};
}

void Program::Begin(const text::AnalyzedText& doc, DocState* state) const {
  rules_.lexicons.vocab().Lookup(doc, &state->key_ids, &state->lemma_ids);
  state->spans.resize(doc.sentences.size());
  for (auto& s : state->spans) s.clear();
  state->attrs.clear();
  state->losses.clear();
  std::vector<lexicon::Match> hits;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const text::Sentence& sent = doc.sentences[s];
    hits.clear();
    rules_.lexicons.Match(doc, state->key_ids, state->lemma_ids, sent.first_token, sent.end_token,
                          &hits);
    for (const lexicon::Match& m : hits) {
      SpanInfo span;
      span.first = m.first;
      span.end = m.end;
      span.name = m.lexicon;
      span.entry = static_cast<int32_t>(m.entry);
      state->spans[s].push_back(span);
    }
  }
}

namespace {

struct EvalContext {
  const text::AnalyzedText& doc;
  const DocState& state;
  const Program& program;
  const Program::Impl& impl;
  const StageData& stage;
  uint32_t sentence;
  uint32_t first_token, tokens;  // the sentence's tokens
};

bool SpanPasses(const EvalContext& ctx, const SpanClass& sc, const SpanInfo& span) {
  if (span.name != sc.name) return false;
  for (const AttrTest& t : sc.attrs) {
    std::string_view v = ctx.program.Attr(ctx.state, span, t.key);
    bool found = false;
    for (const auto& want : t.values) {
      if (want == "*" ? !v.empty() : v == want) {
        found = true;
        break;
      }
    }
    if (found == t.negated) return false;
  }
  return true;
}

bool ShapeIs(const text::AnalyzedText& doc, const text::Token& t, Shape shape) {
  using text::TokenFlag;
  switch (shape) {
    case Shape::kCap:
      return t.Has(text::kCapitalized);
    case Shape::kUpper:
      return t.Has(text::kAllCaps);
    case Shape::kNumber:
      return t.Has(text::kNumber);
    case Shape::kPunct:
      return t.Has(text::kPunct);
    case Shape::kWord:
      return t.Has(text::kWord);
    case Shape::kAbbrev:
      return t.Has(text::kAbbreviation);
    case Shape::kInitial:
      return t.Has(text::kAbbreviation) && t.Has(text::kCapitalized) && t.end - t.begin == 2;
    case Shape::kLower: {
      std::string_view s = doc.Surface(t);
      return t.Has(text::kWord) && !s.empty() && !t.Has(text::kCapitalized) &&
             !(s[0] >= 'A' && s[0] <= 'Z');
    }
  }
  return false;
}

// Whether regex test `t` finds a match in `surface`. Words repeat (a few
// thousand make most of any text), and an RE2 call on a short word costs
// far more than a lookup: results are kept in a direct-mapped cache per
// thread, keyed by the test's process-wide id and the exact word. Its size
// is set by the pairs (regex test, word) of a text, not by its words alone:
// on 2 MB of the bench corpus (360,000 tokens) 4,096 entries still called
// RE2 236,700 times, 65,536 entries (2 MB per thread) 32,000 times.
bool RegexPasses(const CompiledTest& t, std::string_view surface) {
  struct Entry {
    uint32_t regex_id = 0;  // 0: empty
    uint8_t length = 0;
    bool result = false;
    char text[26];
  };
  static constexpr size_t kEntries = 65536;
  thread_local std::vector<Entry> cache(kEntries);
  if (surface.size() > sizeof(Entry::text)) {
    return re2::RE2::PartialMatch(re2::StringPiece(surface.data(), surface.size()), *t.regex);
  }
  // FNV-1a over the word's few bytes, inline: std::hash (a call to
  // _Hash_bytes) cost about as much as the rest of a cached answer.
  uint64_t h = 0xCBF29CE484222325ull ^ (t.regex_id * 0x9E3779B97F4A7C15ull);
  for (char c : surface) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001B3ull;
  Entry& e = cache[(h ^ (h >> 29)) & (kEntries - 1)];
  if (e.regex_id == t.regex_id && e.length == surface.size() &&
      std::memcmp(e.text, surface.data(), surface.size()) == 0) {
    return e.result;
  }
  e.regex_id = t.regex_id;
  e.length = static_cast<uint8_t>(surface.size());
  std::memcpy(e.text, surface.data(), surface.size());
  e.result = re2::RE2::PartialMatch(re2::StringPiece(surface.data(), surface.size()), *t.regex);
  return e.result;
}

// Whether `a` and `b` are the same text, compared in place from the last
// character (where the words a test meets differ most often): a word is a
// few bytes, and a call to memcmp cost more than the comparison.
inline bool SameChars(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = a.size(); i > 0; --i) {
    if (a[i - 1] != b[i - 1]) return false;
  }
  return true;
}

// Whether a word or lemma test's set holds vocabulary id `id` (kUnknown: no).
bool HasId(const CompiledTest& t, uint32_t id) {
  return (id >> 6) < t.id_bits.size() && (t.id_bits[id >> 6] >> (id & 63) & 1) != 0;
}

// A test with no children (not kAnd, kNot).
[[gnu::always_inline]] inline bool EvalLeaf(const EvalContext& ctx, const CompiledTest& t,
                                            uint32_t tok) {
  switch (t.kind) {
    case TokenTest::Kind::kAny:
      return true;
    case TokenTest::Kind::kKey:
      return HasId(t, ctx.state.key_ids[tok]);
    case TokenTest::Kind::kLemma:
      return HasId(t, ctx.state.lemma_ids[tok]);
    case TokenTest::Kind::kSurface: {
      std::string_view s = ctx.doc.Surface(ctx.doc.tokens[tok]);
      for (const std::string& w : t.strings) {
        if (SameChars(w, s)) return true;
      }
      return false;
    }
    case TokenTest::Kind::kShape:
      for (uint8_t shape : t.shapes) {
        if (ShapeIs(ctx.doc, ctx.doc.tokens[tok], static_cast<Shape>(shape))) return true;
      }
      return false;
    case TokenTest::Kind::kRegex: {
      std::string_view surface = ctx.doc.Surface(ctx.doc.tokens[tok]);
      const std::string& suffix = t.regex_suffix;
      if (surface.size() < suffix.size() ||
          !SameChars(suffix, surface.substr(surface.size() - suffix.size()))) {
        return false;  // cannot match: it does not end as every match does
      }
      return RegexPasses(t, surface);
    }
    case TokenTest::Kind::kInSpan:
      // Coverage was computed once per sentence by Encode().
      return ctx.state
                 .coverage[static_cast<size_t>(ctx.stage.coverage_row[t.span_class]) * ctx.tokens +
                           (tok - ctx.first_token)] != 0;
    case TokenTest::Kind::kAnd:
    case TokenTest::Kind::kNot:
      break;
  }
  return false;
}

bool Eval(const EvalContext& ctx, const CompiledTest& t, uint32_t tok);

// Eval with the children that are leaves tested in place: a general test
// such as [!@not_adverbs & re=ly$] was four calls of a large recursive
// function (And, Not, InSpan, Regex), each saving and restoring registers.
[[gnu::always_inline]] inline bool EvalChild(const EvalContext& ctx, const CompiledTest& t,
                                             uint32_t tok) {
  if (t.kind == TokenTest::Kind::kAnd || t.kind == TokenTest::Kind::kNot) {
    return Eval(ctx, t, tok);
  }
  return EvalLeaf(ctx, t, tok);
}

bool Eval(const EvalContext& ctx, const CompiledTest& t, uint32_t tok) {
  switch (t.kind) {
    case TokenTest::Kind::kAnd:
      for (const auto& c : t.children) {
        if (!EvalChild(ctx, c, tok)) return false;
      }
      return true;
    case TokenTest::Kind::kNot:
      return !EvalChild(ctx, t.children[0], tok);
    default:
      return EvalLeaf(ctx, t, tok);
  }
}

}  // namespace

void Program::Encode(const text::AnalyzedText& doc, uint32_t sentence, DocState* state, int stage,
                     bool list_general) const {
  const StageData& sd = impl_->stages[stage];
  const text::Sentence& sent = doc.sentences[sentence];
  uint32_t n = sent.end_token - sent.first_token;
  if (state->features.size() < n) state->features.resize(n);
  for (uint32_t i = 0; i < n; ++i) state->features[i].clear();
  EvalContext ctx{doc, *state, *this, *impl_, sd, sentence, sent.first_token, n};
  // Spans first: their begin/inside features, and which tokens each span
  // class covers (for [@name] token tests).
  state->coverage.assign(static_cast<size_t>(sd.coverage_rows) * n, 0);
  for (const SpanInfo& span : state->spans[sentence]) {
    if (span.name >= sd.classes_of_name.size()) continue;
    for (uint32_t c : sd.classes_of_name[span.name]) {
      const SpanClass& sc = impl_->span_classes[c];
      if (!SpanPasses(ctx, sc, span)) continue;
      state->features[span.first - sent.first_token].push_back(sc.begin_feature);
      for (uint32_t t = span.first + 1; t + 1 < span.end; ++t) {
        state->features[t - sent.first_token].push_back(sc.inside_feature);
      }
      state->features[span.end - 1 - sent.first_token].push_back(sc.end_feature);
      if (int32_t row = sd.coverage_row[c]; row >= 0) {
        for (uint32_t t = span.first; t < span.end; ++t) {
          state->coverage[static_cast<size_t>(row) * n + (t - sent.first_token)] = 1;
        }
      }
      for (uint16_t f : sd.inspan_features[c]) {
        for (uint32_t t = span.first; t < span.end; ++t) {
          auto& fs = state->features[t - sent.first_token];
          // Spans of one class may overlap: list a feature once per token.
          if (std::find(fs.begin(), fs.end(), f) == fs.end()) fs.push_back(f);
        }
      }
    }
  }
  // Tests anchored on a word or lemma: only on the tokens that have it.
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t tok = sent.first_token + i;
    auto& fs = state->features[i];
    uint32_t key = state->key_ids[tok], lemma = state->lemma_ids[tok];
    for (auto [index, id] : {std::pair{&sd.key_index, key}, std::pair{&sd.lemma_index, lemma}}) {
      if (!index->Any(id)) continue;  // also kUnknown, beyond the vocabulary
      for (uint32_t k = index->begin[id]; k < index->begin[id + 1]; ++k) {
        uint16_t entry = index->features[k];
        uint16_t f = entry & ~StageData::kCertain;
        if ((entry & StageData::kCertain) || Eval(ctx, impl_->token_features[f].test, tok)) {
          fs.push_back(f);
        }
      }
    }
    if (list_general) {
      for (uint16_t f : sd.general) {
        if (Eval(ctx, impl_->token_features[f].test, tok)) fs.push_back(f);
      }
    }
  }
  // The other tests wait until a rule asks (see EvalLazy).
  // `where` is cleared entry by entry: a sentence sets few of the thousands.
  if (state->where.size() != impl_->feature_names.size()) {
    state->where.assign(impl_->feature_names.size(), vm::Input::kNowhere);
    state->last.resize(impl_->feature_names.size());
    state->touched.clear();
  }
  // The arrays through locals: a store through uint8_t* may alias anything,
  // so the compiler would load each vector's pointer again after it.
  uint8_t* where = state->where.data();
  uint32_t* last = state->last.data();
  std::vector<uint16_t>& touched = state->touched;
  for (uint16_t f : touched) where[f] = vm::Input::kNowhere;
  touched.clear();
  state->bloom.resize(n);
  uint64_t* bloom = state->bloom.data();
  const std::vector<uint16_t>* features = state->features.data();
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t bits = 0;
    for (const uint16_t f : features[i]) {
      if (where[f] == vm::Input::kNowhere) touched.push_back(f);
      where[f] = vm::Input::kListed;
      bits |= vm::Input::Bit(f);
      last[f] = i;
    }
    bloom[i] = bits;
  }
  if (!list_general) {
    // A test that needs a span class absent from the sentence is false on
    // every token: the prefilter and the engine then skip it at once.
    const int32_t* needs = sd.general_needs.data();
    for (const uint16_t f : sd.general) {
      const int32_t need = needs[f];
      if (need < 0 || where[need] == vm::Input::kListed) {
        where[f] = vm::Input::kLazy;
        touched.push_back(f);
      }
    }
  }
  state->lazy.assign(static_cast<size_t>(n) * sd.general.size(), 0);
}

namespace {

struct LazyContext {
  const EvalContext* eval;
  const Program::Impl* impl;
};

// A general test of one token (the engine remembers the answer for the
// sentence and stage: vm::Input::memo).
bool EvalLazy(const void* context, uint32_t token, uint32_t feature) {
  const LazyContext& c = *static_cast<const LazyContext*>(context);
  return Eval(*c.eval, c.impl->token_features[feature].test, c.eval->first_token + token);
}

// The engine's view of one encoded sentence (after Encode()).
struct SentenceInput {
  SentenceInput(const Program& program, const Program::Impl& impl, const text::AnalyzedText& doc,
                uint32_t sentence, DocState& state, int stage)
      : eval{doc,
             state,
             program,
             impl,
             impl.stages[stage],
             sentence,
             doc.sentences[sentence].first_token,
             doc.sentences[sentence].end_token - doc.sentences[sentence].first_token},
        lazy{&eval, &impl} {
    in.tokens = eval.tokens;
    in.features = state.features.data();
    in.bloom = state.bloom.data();
    in.where = state.where.data();
    in.lazy = EvalLazy;
    in.lazy_context = &lazy;
    in.memo = state.lazy.data();
    in.memo_stride = static_cast<uint32_t>(impl.stages[stage].general.size());
    in.memo_slot = impl.stages[stage].general_slot.data();
  }
  SentenceInput(const SentenceInput&) = delete;
  SentenceInput& operator=(const SentenceInput&) = delete;

  EvalContext eval;
  LazyContext lazy;
  vm::Input in;
};

}  // namespace

void Program::MatchRule(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence,
                        DocState& state, std::vector<RuleMatch>* out) const {
  const CompiledRule& cr = impl_->rules[rule];
  if (!cr.ok()) return;
  const text::Sentence& sent = doc.sentences[sentence];
  if (cr.regex_rule) {
    int ngroups = cr.re->NumberOfCapturingGroups() + 1;
    thread_local std::vector<re2::StringPiece> groups;  // reused: no allocation per call
    groups.assign(ngroups, re2::StringPiece());
    re2::StringPiece text(doc.text.data() + sent.begin, sent.end - sent.begin);
    auto token_of = [&](size_t byte, bool is_end) -> uint32_t {
      uint32_t abs = sent.begin + static_cast<uint32_t>(byte);
      uint32_t t = sent.first_token;
      if (!is_end) {
        while (t < sent.end_token && doc.tokens[t].end <= abs) ++t;
        return t;
      }
      while (t < sent.end_token && doc.tokens[t].begin < abs) ++t;
      return t;
    };
    size_t pos = 0;
    while (pos <= text.size() &&
           cr.re->Match(text, pos, text.size(), re2::RE2::UNANCHORED, groups.data(), ngroups)) {
      size_t b = groups[0].data() - text.data(), e = b + groups[0].size();
      if (e == b) {
        pos = e + 1;
        continue;
      }
      RuleMatch m;
      m.rule = rule;
      m.sentence = sentence;
      m.first = token_of(b, false);
      m.end = token_of(e, true);
      for (int g = 1; g < ngroups; ++g) {
        if (groups[g].data() == nullptr || cr.group_names[g].empty()) continue;
        size_t gb = groups[g].data() - text.data();
        m.captures.push_back(
            {cr.group_names[g], token_of(gb, false), token_of(gb + groups[g].size(), true)});
      }
      if (m.end > m.first) out->push_back(std::move(m));
      pos = e;
    }
    return;
  }
  const uint32_t n = sent.end_token - sent.first_token;
  SentenceInput input(*this, *impl_, doc, sentence, state,
                      static_cast<int>(rules_.rules[rule].stage));
  vm::Input& in = input.in;
  in.SetFirsts(cr.firsts.data(), static_cast<uint32_t>(cr.firsts.size()));
  // Every required element comes at or after the match's first token: no
  // match begins after the last token of any clause's features.
  const StageData& sd = impl_->stages[static_cast<int>(rules_.rules[rule].stage)];
  for (uint32_t c = sd.rule_clauses[cr.stage_index]; c < sd.rule_clauses[cr.stage_index + 1]; ++c) {
    uint32_t last = 0;
    for (uint32_t i = sd.clause_begin[c]; i < sd.clause_begin[c + 1]; ++i) {
      const uint16_t f = sd.clause_features[i];
      if (state.where[f] == vm::Input::kLazy) {
        last = n;
        break;
      }
      if (state.where[f] == vm::Input::kListed) last = std::max(last, state.last[f] + 1);
    }
    in.begin_limit = std::min(in.begin_limit, last);
  }
  thread_local vm::Engine engine;  // scratch reused by every call on this thread
  std::vector<int32_t>& slots = state.slots;
  slots.clear();
  engine.FindAll(cr.prog, in, &slots);
  const uint32_t width = cr.prog.slots;
  for (size_t k = 0; k + width <= slots.size(); k += width) {
    const int32_t* caps = &slots[k];
    RuleMatch m;
    m.rule = rule;
    m.sentence = sentence;
    m.first = sent.first_token + static_cast<uint32_t>(caps[0]);
    m.end = sent.first_token + static_cast<uint32_t>(caps[1]);
    // Sized once: growing by push_back was up to three allocations a match.
    size_t groups = 0;
    for (uint32_t g = 1; 2 * g + 1 < width; ++g) {
      groups += caps[2 * g] >= 0 && caps[2 * g + 1] >= 0 && !cr.group_names[g].empty();
    }
    m.captures.reserve(groups);
    for (uint32_t g = 1; 2 * g + 1 < width; ++g) {
      if (caps[2 * g] < 0 || caps[2 * g + 1] < 0 || cr.group_names[g].empty()) continue;
      m.captures.push_back({cr.group_names[g],
                            sent.first_token + static_cast<uint32_t>(caps[2 * g]),
                            sent.first_token + static_cast<uint32_t>(caps[2 * g + 1])});
    }
    out->push_back(std::move(m));
  }
}

void Program::RunRule(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence,
                      DocState* state, std::vector<RuleMatch>* out) const {
  Encode(doc, sentence, state, static_cast<int>(rules_.rules[rule].stage));
  MatchRule(rule, doc, sentence, *state, out);
}

namespace {

// The prefilter of a stage's rules (StageData::rule_clauses): whether every
// clause of a rule has a feature some token has (or may have: a lazy test
// counts as present). The arrays are held in locals: stores through a
// uint8_t pointer may alias anything, so members would be loaded again.
class Prefilter {
 public:
  Prefilter(const StageData& sd, const uint8_t* where)
      : rule_clauses_(sd.rule_clauses.data()),
        clause_begin_(sd.clause_begin.data()),
        features_(sd.clause_features.data()),
        where_(where) {}

  // Whether pattern rule `k` of the stage passes.
  bool Passes(size_t k) const {
    const uint32_t end = rule_clauses_[k + 1];
    for (uint32_t c = rule_clauses_[k]; c < end; ++c) {
      const uint16_t* f = features_ + clause_begin_[c];
      const uint16_t* f_end = features_ + clause_begin_[c + 1];
      while (f != f_end && where_[*f] == vm::Input::kNowhere) ++f;
      if (f == f_end) return false;
    }
    return true;
  }

 private:
  const uint32_t* rule_clauses_;
  const uint32_t* clause_begin_;
  const uint16_t* features_;
  const uint8_t* where_;
};

// The span a match claims for overlap resolution: its cue, else its name,
// else all of it.
std::pair<uint32_t, uint32_t> KeySpan(const RuleMatch& m) {
  if (const Capture* c = m.Find("cue")) return {c->first, c->end};
  if (const Capture* c = m.Find("name")) return {c->first, c->end};
  return {m.first, m.end};
}

// A stance or claim match that its `blocker` capture cancels: it gives no
// output (the extractor drops it) and so takes no span from other rules.
bool Blocked(const RuleMatch& m, const Rule& r) {
  return (r.output == OutputKind::kStance || r.output == OutputKind::kClaim) &&
         m.Find("blocker") != nullptr;
}

// Why `winner` came before `loser` in RunStage's order.
void RecordLoss(const RuleMatch& loser, const RuleMatch& winner, const Rule& rl, const Rule& rw,
                DocState* state) {
  OverlapLoss l;
  l.loser = loser;
  l.winner_rule = winner.rule;
  l.winner_first = winner.first;
  l.winner_end = winner.end;
  if (rl.priority != rw.priority) {
    l.criterion = "priority";
  } else if (loser.end - loser.first != winner.end - winner.first) {
    l.criterion = "length";
  } else if (loser.first != winner.first) {
    l.criterion = "position";
  } else {
    l.criterion = "order";
  }
  state->losses.push_back(std::move(l));
}

}  // namespace

namespace {

// The stage DFAs' counters of every thread (DfaTotals()).
struct GlobalCounters {
  std::atomic<uint64_t> hits{0}, misses{0}, resets{0}, fallbacks{0}, states{0}, retired{0},
      sentences{0}, rules_run{0}, rules_skipped{0}, rules_matched{0};
};
GlobalCounters& Counters() {
  static GlobalCounters c;
  return c;
}

// ARGX_DFA=0 turns the stage DFAs off (every rule the prefilter lets through
// runs, as before them): for comparing. ARGX_DFA_BUDGET sets each DFA's
// memory budget in bytes.
struct DfaConfig {
  bool enabled = true;
  size_t budget = size_t{8} << 20;
};
const DfaConfig& Config() {
  static const DfaConfig config = [] {
    DfaConfig c;
    if (const char* e = std::getenv("ARGX_DFA"); e != nullptr && std::strcmp(e, "0") == 0) {
      c.enabled = false;
    }
    if (const char* b = std::getenv("ARGX_DFA_BUDGET"); b != nullptr && *b != '\0') {
      c.budget = static_cast<size_t>(std::strtoull(b, nullptr, 10));
    }
    return c;
  }();
  return config;
}

// The DFA of a stage of a Program, one per thread: the cache is written
// while matching, and a thread's own needs no lock. A thread keeps those of
// the last Program it ran (a process runs one; tests run many in turn).
vm::Dfa* StageDfa(const Program::Impl& impl, const StageData& sd, int stage) {
  struct Slot {
    uint64_t serial = 0;
    std::unique_ptr<vm::Dfa> stages[kStageCount];
  };
  thread_local Slot slot;
  if (slot.serial != impl.serial) {
    for (auto& d : slot.stages) d.reset();
    slot.serial = impl.serial;
  }
  std::unique_ptr<vm::Dfa>& dfa = slot.stages[stage];
  if (dfa == nullptr) {
    std::vector<const vm::Program*> programs;
    for (uint32_t r : sd.pattern_rules) programs.push_back(&impl.rules[r].dfa_prog);
    std::vector<uint8_t> lazy(impl.feature_names.size(), 0);
    for (size_t f = 0; f < lazy.size() && f < sd.general_slot.size(); ++f) {
      lazy[f] = sd.general_slot[f] >= 0;
    }
    dfa = std::make_unique<vm::Dfa>(programs, lazy, Config().budget);
  }
  return dfa.get();
}

}  // namespace

DfaCounters DfaTotals() {
  const GlobalCounters& g = Counters();
  DfaCounters c;
  c.hits = g.hits.load();
  c.misses = g.misses.load();
  c.resets = g.resets.load();
  c.fallbacks = g.fallbacks.load();
  c.states = g.states.load();
  c.retired = g.retired.load();
  c.sentences = g.sentences.load();
  c.rules_run = g.rules_run.load();
  c.rules_skipped = g.rules_skipped.load();
  c.rules_matched = g.rules_matched.load();
  return c;
}

void Program::RunStage(Stage stage, const text::AnalyzedText& doc, DocState* state,
                       std::vector<RuleMatch>* out) const {
  const StageData& sd = impl_->stages[static_cast<int>(stage)];
  if (sd.pattern_rules.empty() && sd.regex_rules.empty()) return;
  std::vector<RuleMatch> found;
  // The stage's DFA says which rules can match in a sentence; only those
  // (that the prefilter also lets through) run in the capturing engines.
  vm::Dfa* dfa = nullptr;
  vm::Dfa::Stats before;
  if (Config().enabled && !sd.pattern_rules.empty()) {
    dfa = StageDfa(*impl_, sd, static_cast<int>(stage));
    before = dfa->stats();
  }
  thread_local std::vector<uint8_t> may;
  // The overlap resolution's scratch, kept over the sentences: a
  // sentence's own vectors (and stable_sort's buffer) were four
  // allocations for most sentences of every stage.
  std::vector<size_t> order, kept;
  std::vector<char> keep;
  uint64_t sentences = 0, run = 0, skipped = 0, matched = 0;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const text::Sentence& sent = doc.sentences[s];
    if (sent.end_token == sent.first_token) continue;
    found.clear();
    if (!sd.pattern_rules.empty()) {
      Encode(doc, s, state, static_cast<int>(stage));
      // The prefilter first (a few lookups per rule), then the DFA for the
      // rules it lets through.
      may.resize(sd.pattern_rules.size());
      uint64_t passed = 0;
      const Prefilter prefilter(sd, state->where.data());
      uint8_t* may_k = may.data();
      for (size_t k = 0, n = sd.pattern_rules.size(); k < n; ++k) {
        may_k[k] = prefilter.Passes(k) ? 1 : 0;
        passed += may_k[k];
      }
      if (dfa != nullptr && passed > 0) {
        dfa->Scan(state->features.data(), sent.end_token - sent.first_token, &may);
        ++sentences;
      }
      for (size_t k = 0; k < sd.pattern_rules.size(); ++k) {
        if (!may[k]) continue;
        ++run;
        const size_t had = found.size();
        MatchRule(sd.pattern_rules[k], doc, s, *state, &found);
        matched += found.size() > had;
      }
      skipped += passed;
    }
    for (uint32_t r : sd.regex_rules) MatchRule(r, doc, s, *state, &found);
    if (found.empty()) continue;

    // Overlaps: within one kind of output, the higher priority, then the
    // longer match, then the earlier rule wins.
    order.resize(found.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto rule_of = [&](size_t i) -> const Rule& { return rules_.rules[found[i].rule]; };
    auto first_wins = [&](size_t a, size_t b) {
      const Rule& ra = rule_of(a);
      const Rule& rb = rule_of(b);
      if (ra.priority != rb.priority) return ra.priority > rb.priority;
      uint32_t la = found[a].end - found[a].first, lb = found[b].end - found[b].first;
      if (la != lb) return la > lb;
      if (found[a].first != found[b].first) return found[a].first < found[b].first;
      return found[a].rule < found[b].rule;
    };
    if (order.size() <= 16) {
      // Insertion sort, stable as stable_sort (an element moves only past
      // greater ones), without its buffer: most sentences have a few matches.
      for (size_t i = 1; i < order.size(); ++i) {
        const size_t x = order[i];
        size_t j = i;
        for (; j > 0 && first_wins(x, order[j - 1]); --j) order[j] = order[j - 1];
        order[j] = x;
      }
    } else {
      std::stable_sort(order.begin(), order.end(), first_wins);
    }
    keep.assign(found.size(), 0);
    kept.clear();
    for (size_t i : order) {
      const Rule& r = rule_of(i);
      bool conflict = false;
      if (!r.keep_overlaps) {
        auto [b, e] = KeySpan(found[i]);
        for (size_t k : kept) {
          const Rule& rk = rule_of(k);
          if (rk.keep_overlaps || rk.output != r.output || rk.label != r.label) continue;
          if (Blocked(found[k], rk)) continue;  // a blocked match gives nothing, claims nothing
          auto [kb, ke] = KeySpan(found[k]);
          if (b < ke && kb < e) {
            conflict = true;
            if (state->record_losses) RecordLoss(found[i], found[k], r, rk, state);
            break;
          }
        }
      }
      if (!conflict) {
        keep[i] = 1;
        kept.push_back(i);
      }
    }
    for (size_t i = 0; i < found.size(); ++i) {
      if (!keep[i]) continue;
      const Rule& r = rules_.rules[found[i].rule];
      if (r.output == OutputKind::kLabel) {
        SpanInfo span;
        const Capture* c = found[i].Find("span");
        span.first = c ? c->first : found[i].first;
        span.end = c ? c->end : found[i].end;
        span.name = impl_->rules[found[i].rule].label_span;
        if (!r.set.empty()) span.attrs = state->AddAttrs(r.set);
        span.source = static_cast<int32_t>(out->size());
        state->AddSpan(s, span);
      }
      out->push_back(std::move(found[i]));
    }
  }
  if (dfa != nullptr) {
    GlobalCounters& g = Counters();
    const vm::Dfa::Stats& after = dfa->stats();
    g.hits += after.hits - before.hits;
    g.misses += after.misses - before.misses;
    g.resets += after.resets - before.resets;
    g.fallbacks += after.fallbacks - before.fallbacks;
    g.states += after.states - before.states;
    g.retired += after.retired - before.retired;
    g.sentences += sentences;
    g.rules_skipped += skipped - run;
  }
  Counters().rules_run += run;
  Counters().rules_matched += matched;
}

namespace {

// Emits a pattern node with the features Compile() made; fails on a test it
// never saw (cannot happen for a compiled rule's own nodes).
class ReadOnlyEmitter : public Emitter {
 public:
  using Emitter::Emitter;

 protected:
  int TokenFeatureFor(const TokenTest& t) override {
    auto it = impl_.token_feature_ids.find(t.Canonical());
    return it == impl_.token_feature_ids.end() ? -1 : it->second;
  }
  int SpanClassFor(const SpanRef& ref) override {
    auto it = impl_.span_class_ids.find(ref.Canonical());
    return it == impl_.span_class_ids.end() ? -1 : static_cast<int>(it->second);
  }
  void Fail(int, std::string) override {}
};

}  // namespace

Program::Progress Program::Explain(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence,
                                   DocState* state) const {
  Progress p;
  const Rule& r = rules_.rules[rule];
  Encode(doc, sentence, state, static_cast<int>(r.stage));
  if (r.is_regex) {
    std::vector<RuleMatch> m;
    MatchRule(rule, doc, sentence, *state, &m);
    p.elements = 1;
    p.matched = m.empty() ? 0 : 1;
    p.failed_offset = m.empty() ? 0 : -1;
    return p;
  }
  std::vector<const PatternNode*> elements;
  if (r.tree.kind == PatternNode::Kind::kSeq) {
    for (const auto& c : r.tree.children) elements.push_back(&c);
  } else {
    elements.push_back(&r.tree);
  }
  p.elements = static_cast<int>(elements.size());
  text::Segmenter seg;
  ReadOnlyEmitter emitter(*impl_, &seg);
  const text::Sentence& sent = doc.sentences[sentence];
  // The prefix of k+1 elements, searched anywhere in the sentence.
  vm::Program prefix;
  std::vector<std::string> groups;
  vm::Engine engine;
  SentenceInput input(*this, *impl_, doc, sentence, *state, static_cast<int>(r.stage));
  const vm::Input& in = input.in;
  p.failed_offset = elements.empty() ? -1 : elements[0]->offset;
  for (size_t k = 0; k < elements.size(); ++k) {
    if (!prefix.insts.empty()) prefix.insts.pop_back();  // the previous prefix's match
    if (!emitter.Emit(*elements[k], &prefix, &groups)) break;
    prefix.insts.push_back({vm::Op::kMatch});
    std::vector<int32_t> found;
    engine.FindAll(prefix, in, &found);
    if (found.empty()) {
      // An optional element that is absent ("[lower=however]? (?<holder>
      // ...)") is no failure: the prefix with the elements after it may
      // still match. The failure named is the first element after the last
      // match that could not be skipped.
      if (Nullable(*elements[k])) continue;
      p.failed_offset = elements[k]->offset;
      break;
    }
    p.matched = static_cast<int>(k + 1);
    p.first = sent.first_token + static_cast<uint32_t>(found[0]);
    p.end = sent.first_token + static_cast<uint32_t>(found[1]);
    p.spans.clear();
    for (size_t i = 0; i + 1 < found.size(); i += prefix.slots) {
      p.spans.emplace_back(sent.first_token + static_cast<uint32_t>(found[i]),
                           sent.first_token + static_cast<uint32_t>(found[i + 1]));
    }
    p.failed_offset = k + 1 < elements.size() ? elements[k + 1]->offset : -1;
  }
  return p;
}

std::string Program::DescribeFeatures(const text::AnalyzedText& doc, uint32_t sentence,
                                      DocState* state, Stage stage) const {
  Encode(doc, sentence, state, static_cast<int>(stage), /*list_general=*/true);
  const text::Sentence& sent = doc.sentences[sentence];
  std::string out;
  for (uint32_t i = 0; i < sent.end_token - sent.first_token; ++i) {
    std::vector<std::string> names;
    for (uint16_t f : state->features[i]) names.push_back(impl_->feature_names[f]);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& n : names) out += (out.empty() || out.back() == '\n' ? "" : " ") + n;
    out += "\n";
  }
  return out;
}

}  // namespace argx::rules
