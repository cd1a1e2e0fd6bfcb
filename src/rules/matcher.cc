// Running a compiled Program on a document (see program.h).
#include <algorithm>

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
      span.name = rules_.lexicons.entry(m.entry).lexicon;
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

bool ShapeIs(const text::AnalyzedText& doc, const text::Token& t, std::string_view shape) {
  using text::TokenFlag;
  if (shape == "cap") return t.Has(text::kCapitalized);
  if (shape == "upper") return t.Has(text::kAllCaps);
  if (shape == "number") return t.Has(text::kNumber);
  if (shape == "punct") return t.Has(text::kPunct);
  if (shape == "word") return t.Has(text::kWord);
  if (shape == "abbrev") return t.Has(text::kAbbreviation);
  if (shape == "initial") return t.Has(text::kAbbreviation) && t.Has(text::kCapitalized) && t.end - t.begin == 2;
  if (shape == "lower") {
    std::string_view s = doc.Surface(t);
    return t.Has(text::kWord) && !s.empty() && !t.Has(text::kCapitalized) &&
           !(s[0] >= 'A' && s[0] <= 'Z');
  }
  return false;
}

bool Eval(const EvalContext& ctx, const CompiledTest& t, uint32_t tok) {
  switch (t.kind) {
    case TokenTest::Kind::kAny:
      return true;
    case TokenTest::Kind::kKey:
      return std::binary_search(t.ids.begin(), t.ids.end(), ctx.state.key_ids[tok]);
    case TokenTest::Kind::kLemma:
      return std::binary_search(t.ids.begin(), t.ids.end(), ctx.state.lemma_ids[tok]);
    case TokenTest::Kind::kSurface: {
      std::string_view s = ctx.doc.Surface(ctx.doc.tokens[tok]);
      return std::find(t.strings.begin(), t.strings.end(), s) != t.strings.end();
    }
    case TokenTest::Kind::kShape:
      for (const auto& shape : t.strings) {
        if (ShapeIs(ctx.doc, ctx.doc.tokens[tok], shape)) return true;
      }
      return false;
    case TokenTest::Kind::kRegex: {
      std::string_view s = ctx.doc.Surface(ctx.doc.tokens[tok]);
      return re2::RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *t.regex);
    }
    case TokenTest::Kind::kInSpan:
      // Coverage was computed once per sentence by Encode().
      return ctx.state.coverage[static_cast<size_t>(t.span_class) * ctx.tokens +
                                (tok - ctx.first_token)] != 0;
    case TokenTest::Kind::kAnd:
      for (const auto& c : t.children) {
        if (!Eval(ctx, c, tok)) return false;
      }
      return true;
    case TokenTest::Kind::kNot:
      return !Eval(ctx, t.children[0], tok);
  }
  return false;
}

void AppendFeature(uint16_t f, std::string* out) {
  out->push_back(static_cast<char>(0x80 | (f >> 7)));
  out->push_back(static_cast<char>(0x80 | (f & 0x7f)));
}

}  // namespace

void Program::Encode(const text::AnalyzedText& doc, uint32_t sentence, DocState* state,
                     int stage) const {
  const StageData& sd = impl_->stages[stage];
  const text::Sentence& sent = doc.sentences[sentence];
  uint32_t n = sent.end_token - sent.first_token;
  if (state->features.size() < n) state->features.resize(n);
  for (uint32_t i = 0; i < n; ++i) state->features[i].clear();
  EvalContext ctx{doc, *state, *this, *impl_, sentence, sent.first_token, n};
  // Spans first: their begin/inside features, and which tokens each span
  // class covers (for [@name] token tests).
  state->coverage.assign(impl_->span_classes.size() * n, 0);
  for (uint32_t c : sd.span_classes) {
    const SpanClass& sc = impl_->span_classes[c];
    for (const SpanInfo& span : state->spans[sentence]) {
      if (!SpanPasses(ctx, sc, span)) continue;
      state->features[span.first - sent.first_token].push_back(sc.begin_feature);
      for (uint32_t t = span.first + 1; t + 1 < span.end; ++t) {
        state->features[t - sent.first_token].push_back(sc.inside_feature);
      }
      state->features[span.end - 1 - sent.first_token].push_back(sc.end_feature);
      for (uint32_t t = span.first; t < span.end; ++t) {
        state->coverage[static_cast<size_t>(c) * n + (t - sent.first_token)] = 1;
      }
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t tok = sent.first_token + i;
    auto& fs = state->features[i];
    uint32_t key = state->key_ids[tok], lemma = state->lemma_ids[tok];
    if (key != lexicon::Vocab::kUnknown) {
      auto it = sd.by_key.find(key);
      if (it != sd.by_key.end()) {
        for (uint16_t f : it->second) {
          if (Eval(ctx, impl_->token_features[f].test, tok)) fs.push_back(f);
        }
      }
    }
    if (lemma != lexicon::Vocab::kUnknown) {
      auto it = sd.by_lemma.find(lemma);
      if (it != sd.by_lemma.end()) {
        for (uint16_t f : it->second) {
          if (Eval(ctx, impl_->token_features[f].test, tok)) fs.push_back(f);
        }
      }
    }
    for (uint16_t f : sd.general) {
      if (Eval(ctx, impl_->token_features[f].test, tok)) fs.push_back(f);
    }
  }
  state->encoded.clear();
  state->token_offsets.clear();
  state->present.assign(impl_->feature_names.size(), 0);
  for (uint32_t i = 0; i < n; ++i) {
    state->token_offsets.push_back(static_cast<uint32_t>(state->encoded.size()));
    state->encoded.push_back('\x01');
    for (uint16_t f : state->features[i]) {
      AppendFeature(f, &state->encoded);
      state->present[f] = 1;
    }
    state->encoded.push_back('\x02');
  }
}

namespace {

// Token index (relative to the sentence) of an offset in the encoding.
uint32_t TokenAt(const std::vector<uint32_t>& offsets, size_t offset) {
  return static_cast<uint32_t>(std::lower_bound(offsets.begin(), offsets.end(), offset) -
                               offsets.begin());
}

}  // namespace

void Program::MatchRule(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence,
                        DocState& state, std::vector<RuleMatch>* out) const {
  const CompiledRule& cr = impl_->rules[rule];
  if (!cr.re) return;
  const text::Sentence& sent = doc.sentences[sentence];
  int ngroups = cr.re->NumberOfCapturingGroups() + 1;
  thread_local std::vector<re2::StringPiece> groups;  // reused: no allocation per call
  groups.assign(ngroups, re2::StringPiece());
  if (cr.regex_rule) {
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
        m.captures.push_back({cr.group_names[g], token_of(gb, false), token_of(gb + groups[g].size(), true)});
      }
      if (m.end > m.first) out->push_back(std::move(m));
      pos = e;
    }
    return;
  }
  // The sentence again, with only the features this rule mentions.
  std::string& enc = state.rule_encoded;
  std::vector<uint32_t>& offsets = state.rule_offsets;
  enc.clear();
  offsets.clear();
  for (uint32_t i = 0; i < sent.end_token - sent.first_token; ++i) {
    offsets.push_back(static_cast<uint32_t>(enc.size()));
    enc.push_back('\x01');
    for (uint16_t f : state.features[i]) {
      if (f < cr.uses.size() && cr.uses[f]) AppendFeature(f, &enc);
    }
    enc.push_back('\x02');
  }
  re2::StringPiece text(enc);
  const uint32_t n = static_cast<uint32_t>(offsets.size());
  // Tries every token a match may begin at, anchored, left to right; after a
  // match, goes on after its end (leftmost-first, non-overlapping, as one
  // unanchored scan would find them).
  for (uint32_t i = 0; i < n;) {
    const auto& feats = state.features[i];
    bool can_begin = cr.firsts.empty();
    for (size_t k = 0; !can_begin && k < feats.size(); ++k) {
      can_begin = feats[k] < cr.firsts.size() && cr.firsts[feats[k]];
    }
    if (!can_begin ||
        !cr.re->Match(text, offsets[i], text.size(), re2::RE2::ANCHOR_START, groups.data(), ngroups)) {
      ++i;
      continue;
    }
    size_t b = groups[0].data() - text.data(), e = b + groups[0].size();
    if (e == b) {  // an empty match: move on to the next token
      ++i;
      continue;
    }
    RuleMatch m;
    m.rule = rule;
    m.sentence = sentence;
    m.first = sent.first_token + TokenAt(offsets, b);
    m.end = sent.first_token + TokenAt(offsets, e);
    for (int g = 1; g < ngroups; ++g) {
      if (groups[g].data() == nullptr || cr.group_names[g].empty()) continue;
      size_t gb = groups[g].data() - text.data();
      size_t ge = gb + groups[g].size();
      m.captures.push_back({cr.group_names[g], sent.first_token + TokenAt(offsets, gb),
                            sent.first_token + TokenAt(offsets, ge)});
    }
    out->push_back(std::move(m));
    i = TokenAt(offsets, e);
  }
}

void Program::RunRule(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence,
                      DocState* state, std::vector<RuleMatch>* out) const {
  Encode(doc, sentence, state, static_cast<int>(rules_.rules[rule].stage));
  MatchRule(rule, doc, sentence, *state, out);
}

namespace {

bool Prefilter(const CompiledRule& rule, const std::vector<uint8_t>& present) {
  for (const auto& clause : rule.clauses) {
    bool any = false;
    for (uint16_t f : clause) {
      if (present[f]) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

// The span a match claims for overlap resolution: its cue, else its name,
// else all of it.
std::pair<uint32_t, uint32_t> KeySpan(const RuleMatch& m) {
  if (const Capture* c = m.Find("cue")) return {c->first, c->end};
  if (const Capture* c = m.Find("name")) return {c->first, c->end};
  return {m.first, m.end};
}

}  // namespace

void Program::RunStage(Stage stage, const text::AnalyzedText& doc, DocState* state,
                       std::vector<RuleMatch>* out) const {
  const StageData& sd = impl_->stages[static_cast<int>(stage)];
  if (sd.pattern_rules.empty() && sd.regex_rules.empty()) return;
  std::vector<RuleMatch> found;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const text::Sentence& sent = doc.sentences[s];
    if (sent.end_token == sent.first_token) continue;
    found.clear();
    if (!sd.pattern_rules.empty()) {
      Encode(doc, s, state, static_cast<int>(stage));
      for (uint32_t r : sd.pattern_rules) {
        if (Prefilter(impl_->rules[r], state->present)) MatchRule(r, doc, s, *state, &found);
      }
    }
    for (uint32_t r : sd.regex_rules) MatchRule(r, doc, s, *state, &found);
    if (found.empty()) continue;

    // Overlaps: within one kind of output, the higher priority, then the
    // longer match, then the earlier rule wins.
    std::vector<size_t> order(found.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto rule_of = [&](size_t i) -> const Rule& { return rules_.rules[found[i].rule]; };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const Rule& ra = rule_of(a);
      const Rule& rb = rule_of(b);
      if (ra.priority != rb.priority) return ra.priority > rb.priority;
      uint32_t la = found[a].end - found[a].first, lb = found[b].end - found[b].first;
      if (la != lb) return la > lb;
      if (found[a].first != found[b].first) return found[a].first < found[b].first;
      return found[a].rule < found[b].rule;
    });
    std::vector<char> keep(found.size(), 0);
    std::vector<size_t> kept;
    for (size_t i : order) {
      const Rule& r = rule_of(i);
      bool conflict = false;
      if (!r.keep_overlaps) {
        auto [b, e] = KeySpan(found[i]);
        for (size_t k : kept) {
          const Rule& rk = rule_of(k);
          if (rk.keep_overlaps || rk.output != r.output || rk.label != r.label) continue;
          auto [kb, ke] = KeySpan(found[k]);
          if (b < ke && kb < e) {
            conflict = true;
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
        span.name = static_cast<uint32_t>(SpanName(r.label));
        if (!r.set.empty()) span.attrs = state->AddAttrs(r.set);
        span.source = static_cast<int32_t>(out->size());
        state->AddSpan(s, span);
      }
      out->push_back(std::move(found[i]));
    }
  }
}

namespace {

// Rebuilds the regex of a pattern node from features that Compile() made.
class ReadOnlyBuilder {
 public:
  ReadOnlyBuilder(const Program::Impl& impl, text::Segmenter* seg) : impl_(impl), seg_(seg) {}

  bool Node(const PatternNode& n, std::string* out) {
    switch (n.kind) {
      case PatternNode::Kind::kSeq:
        for (const auto& c : n.children) {
          if (!Node(c, out)) return false;
        }
        return true;
      case PatternNode::Kind::kAlt:
        *out += "(?:";
        for (size_t i = 0; i < n.children.size(); ++i) {
          if (i) *out += "|";
          if (!Node(n.children[i], out)) return false;
        }
        *out += ")";
        return true;
      case PatternNode::Kind::kRepeat: {
        *out += "(?:";
        if (!Node(n.children[0], out)) return false;
        *out += ")";
        if (n.max == -1) {
          *out += "{" + std::to_string(n.min) + ",}";
        } else {
          *out += "{" + std::to_string(n.min) + "," + std::to_string(n.max) + "}";
        }
        return true;
      }
      case PatternNode::Kind::kCapture:
        return Node(n.children[0], out);
      case PatternNode::Kind::kToken: {
        if (n.test.kind == TokenTest::Kind::kAny) {
          *out += AnyTokenRegex();
          return true;
        }
        auto it = impl_.token_feature_ids.find(n.test.Canonical());
        if (it == impl_.token_feature_ids.end()) return false;
        *out += TokenRegex(it->second);
        return true;
      }
      case PatternNode::Kind::kSpan: {
        auto it = impl_.span_class_ids.find(n.span.Canonical());
        if (it == impl_.span_class_ids.end()) return false;
        const SpanClass& sc = impl_.span_classes[it->second];
        *out += SpanRegex(sc);
        return true;
      }
      case PatternNode::Kind::kLiteral:
        for (const std::string& k : seg_->Keys(n.literal)) {
          TokenTest t;
          t.kind = TokenTest::Kind::kKey;
          t.values = {k};
          auto it = impl_.token_feature_ids.find(t.Canonical());
          if (it == impl_.token_feature_ids.end()) return false;
          *out += TokenRegex(it->second);
        }
        return true;
    }
    return false;
  }

 private:
  const Program::Impl& impl_;
  text::Segmenter* seg_;
};

}  // namespace

Program::Progress Program::Explain(uint32_t rule, const text::AnalyzedText& doc,
                                   uint32_t sentence, DocState* state) const {
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
  ReadOnlyBuilder builder(*impl_, &seg);
  re2::RE2::Options o;
  o.set_encoding(re2::RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  const text::Sentence& sent = doc.sentences[sentence];
  std::string regex;
  p.failed_offset = elements.empty() ? -1 : elements[0]->offset;
  for (size_t k = 0; k < elements.size(); ++k) {
    if (!builder.Node(*elements[k], &regex)) break;
    re2::RE2 re(regex, o);
    re2::StringPiece whole;
    if (!re.ok() || !re.Match(state->encoded, 0, state->encoded.size(), re2::RE2::UNANCHORED, &whole, 1)) {
      break;
    }
    p.matched = static_cast<int>(k + 1);
    size_t b = whole.data() - state->encoded.data();
    p.first = sent.first_token + TokenAt(state->token_offsets, b);
    p.end = sent.first_token + TokenAt(state->token_offsets, b + whole.size());
    p.failed_offset = k + 1 < elements.size() ? elements[k + 1]->offset : -1;
  }
  return p;
}

std::string Program::DescribeFeatures(const text::AnalyzedText& doc, uint32_t sentence,
                                      DocState* state, Stage stage) const {
  Encode(doc, sentence, state, static_cast<int>(stage));
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
