// Compiling token patterns to programs of the token VM (see program.h and vm.h).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <set>

#include "base/strings.h"
#include "rules/program_impl.h"
#include "text/normalize.h"
#include "text/segmenter.h"

namespace argx::rules {

uint32_t Emitter::Add(vm::Op op, uint32_t arg, uint32_t alt) {
  prog_->insts.push_back({op, arg, alt});
  return static_cast<uint32_t>(prog_->insts.size() - 1);
}

bool Emitter::Emit(const PatternNode& n, vm::Program* prog, std::vector<std::string>* groups) {
  prog_ = prog;
  groups_ = groups;
  if (groups_->empty()) groups_->push_back("");
  group_of_.clear();
  failed_ = false;
  return Node(n) && !failed_;
}

bool Emitter::Node(const PatternNode& n) {
  if (failed_) return false;
  if (prog_->insts.size() > kMaxInsts) {
    failed_ = true;
    Fail(n.offset, "pattern does not compile: it expands to more than " +
                       std::to_string(kMaxInsts) +
                       " token steps (nested counted repetitions multiply)");
    return false;
  }
  auto& insts = prog_->insts;
  auto here = [&] { return static_cast<uint32_t>(insts.size()); };
  switch (n.kind) {
    case PatternNode::Kind::kSeq:
      for (const auto& c : n.children) {
        if (!Node(c)) return false;
      }
      return true;
    case PatternNode::Kind::kAlt: {
      // split(a, split(b, c)): earlier alternatives are preferred.
      std::vector<uint32_t> jumps;
      for (size_t i = 0; i + 1 < n.children.size(); ++i) {
        uint32_t split = Add(vm::Op::kSplit);
        insts[split].arg = here();
        if (!Node(n.children[i])) return false;
        jumps.push_back(Add(vm::Op::kJump));
        insts[split].alt = here();
      }
      if (!n.children.empty() && !Node(n.children.back())) return false;
      for (uint32_t j : jumps) insts[j].arg = here();
      return true;
    }
    case PatternNode::Kind::kRepeat: {
      // x{2,4} = x x (x (x)?)? and x{2,} = x x x*: greedy, as RE2 expands them.
      for (int i = 0; i < n.min; ++i) {
        if (!Node(n.children[0])) return false;
      }
      // A lazy repetition tries leaving first: its splits' two ways swapped.
      if (n.max == -1 || (relax_counts_ && n.max > n.min)) {
        uint32_t loop = Add(vm::Op::kSplit);
        insts[loop].arg = here();
        if (!Node(n.children[0])) return false;
        Add(vm::Op::kJump, loop);
        insts[loop].alt = here();
        if (n.lazy) std::swap(insts[loop].arg, insts[loop].alt);
        return true;
      }
      std::vector<uint32_t> splits;
      for (int i = n.min; i < n.max; ++i) {
        uint32_t split = Add(vm::Op::kSplit);
        insts[split].arg = here();
        splits.push_back(split);
        if (!Node(n.children[0])) return false;
      }
      for (uint32_t s : splits) {
        insts[s].alt = here();
        if (n.lazy) std::swap(insts[s].arg, insts[s].alt);
      }
      return true;
    }
    case PatternNode::Kind::kCapture: {
      auto [it, added] = group_of_.emplace(&n, static_cast<uint32_t>(groups_->size()));
      if (added) {
        groups_->push_back(n.name);
        prog_->slots = 2 * static_cast<uint32_t>(groups_->size());
      }
      Add(vm::Op::kSave, 2 * it->second);
      if (!Node(n.children[0])) return false;
      Add(vm::Op::kSave, 2 * it->second + 1);
      return true;
    }
    case PatternNode::Kind::kToken: {
      if (n.test.kind == TokenTest::Kind::kAny) {
        Add(vm::Op::kAny);
        return true;
      }
      int f = TokenFeatureFor(n.test);
      if (f < 0) return failed_ = true, false;
      Add(vm::Op::kFeature, static_cast<uint32_t>(f));
      return true;
    }
    case PatternNode::Kind::kSpan: {
      int c = SpanClassFor(n.span);
      if (c < 0) return failed_ = true, false;
      const SpanClass& sc = impl_.span_classes[c];
      // begin inside* end | (begin & end): the longer reading first, so a
      // span that starts where a shorter one of the same class starts
      // ("NATO allies", "NATO") wins, as a greedy match would.
      uint32_t split = Add(vm::Op::kSplit);
      insts[split].arg = here();
      Add(vm::Op::kFeature, sc.begin_feature);
      uint32_t loop = Add(vm::Op::kSplit);
      insts[loop].arg = here();
      Add(vm::Op::kFeature, sc.inside_feature);
      Add(vm::Op::kJump, loop);
      insts[loop].alt = here();
      Add(vm::Op::kFeature, sc.end_feature);
      uint32_t done = Add(vm::Op::kJump);
      insts[split].alt = here();
      Add(vm::Op::kFeature2, sc.begin_feature, sc.end_feature);
      insts[done].arg = here();
      return true;
    }
    case PatternNode::Kind::kLiteral: {
      std::vector<std::string> keys = seg_->Keys(n.literal);
      if (keys.empty()) {
        failed_ = true;
        Fail(n.offset, "literal \"" + n.literal + "\" has no tokens");
        return false;
      }
      for (const std::string& k : keys) {
        TokenTest t;
        t.kind = TokenTest::Kind::kKey;
        t.values = {k};
        t.offset = n.offset;
        int f = TokenFeatureFor(t);
        if (f < 0) return failed_ = true, false;
        Add(vm::Op::kFeature, static_cast<uint32_t>(f));
      }
      return true;
    }
  }
  return false;
}

bool Nullable(const PatternNode& n) {
  switch (n.kind) {
    case PatternNode::Kind::kSeq:
      for (const auto& c : n.children) {
        if (!Nullable(c)) return false;
      }
      return true;
    case PatternNode::Kind::kAlt:
      for (const auto& c : n.children) {
        if (Nullable(c)) return true;
      }
      return n.children.empty();
    case PatternNode::Kind::kRepeat:
      return n.min == 0 || Nullable(n.children[0]);
    case PatternNode::Kind::kCapture:
      return Nullable(n.children[0]);
    case PatternNode::Kind::kToken:
    case PatternNode::Kind::kSpan:
      return false;
    case PatternNode::Kind::kLiteral:
      return n.literal.empty();
  }
  return false;
}

namespace {

// Compiles one rule's pattern, creating features as it meets token tests.
class Builder : public Emitter {
 public:
  Builder(const RuleSet& rs, Program::Impl* impl, const std::vector<std::string>& span_names,
          text::Segmenter* seg, std::vector<Diagnostic>* diags)
      : Emitter(*impl, seg), rs_(rs), impl_(impl), span_names_(span_names), diags_(diags) {}

  // Returns false (and adds a diagnostic) on error.
  bool Build(const Rule& rule, vm::Program* prog, std::vector<std::string>* groups) {
    rule_ = &rule;
    stage_ = static_cast<int>(rule.stage);
    ok_ = true;
    prog->insts.clear();
    groups->clear();
    bool emitted = Emit(rule.tree, prog, groups);
    if (emitted && ok_) prog->insts.push_back({vm::Op::kMatch});
    return emitted && ok_;
  }

 private:
  void Fail(int offset, std::string message) override {
    if (!ok_) return;  // one error per rule: the first is the useful one
    ok_ = false;
    Diagnostic d;
    d.pos = rule_->PatternPos(offset);
    d.message = std::move(message);
    rs_.AttachSourceLine(&d);
    diags_->push_back(std::move(d));
  }

  int NewFeature(std::string name) {
    if (impl_->feature_names.size() >= kMaxFeatures) return -1;
    impl_->feature_names.push_back(std::move(name));
    impl_->token_features.emplace_back();
    return static_cast<int>(impl_->feature_names.size() - 1);
  }

  void Use(uint16_t f) {
    StageData& sd = impl_->stages[stage_];
    if (sd.used_feature.size() <= f) sd.used_feature.resize(f + 1, 0);
    sd.used_feature[f] = 1;
  }

  bool CompileTest(const TokenTest& t, CompiledTest* out) {
    out->kind = t.kind;
    switch (t.kind) {
      case TokenTest::Kind::kAny:
        return true;
      case TokenTest::Kind::kKey:
      case TokenTest::Kind::kLemma:
        for (const auto& v : t.values) {
          // A token test sees one token: a value of several would never match.
          std::vector<std::string> keys = seg_->Keys(v);
          if (keys.size() != 1) {
            Fail(t.offset, "value \"" + v + "\" is " + std::to_string(keys.size()) +
                               " tokens, but a token test matches one token (write several "
                               "words as a literal: \"" +
                               v + "\")");
            return false;
          }
          std::string key = t.kind == TokenTest::Kind::kKey ? keys[0] : text::Lemma(keys[0]);
          out->ids.push_back(impl_vocab().Intern(key));
        }
        std::sort(out->ids.begin(), out->ids.end());
        return true;
      case TokenTest::Kind::kSurface: {
        out->strings = t.values;
        // The match keys of the words: a token can only pass where its key
        // is one of them, so the test is indexed by key like [lower=...].
        for (const auto& v : t.values) {
          std::vector<std::string> keys = seg_->Keys(v);
          if (keys.size() != 1) {
            out->ids.clear();
            return true;
          }
          out->ids.push_back(impl_vocab().Intern(keys[0]));
        }
        std::sort(out->ids.begin(), out->ids.end());
        return true;
      }
      case TokenTest::Kind::kShape:
        out->strings = t.values;
        for (const auto& v : t.values) {
          for (uint8_t k = 0; k < std::size(kShapeNames); ++k) {
            if (v == kShapeNames[k]) out->shapes.push_back(k);
          }
        }
        return true;
      case TokenTest::Kind::kRegex: {
        re2::RE2::Options o;
        o.set_log_errors(false);
        o.set_max_mem(1 << 20);
        auto re = std::make_unique<re2::RE2>(t.values[0], o);
        if (!re->ok()) {
          Fail(t.offset, "bad regular expression: " + re->error());
          return false;
        }
        out->regex = re.get();
        out->regex_suffix = RequiredSuffix(t.values[0]);
        static std::atomic<uint32_t> next_regex_id{1};
        out->regex_id = next_regex_id++;
        impl_->token_regexes.push_back(std::move(re));
        return true;
      }
      case TokenTest::Kind::kInSpan: {
        out->span_class = SpanClassFor(t.span);
        return out->span_class >= 0;
      }
      case TokenTest::Kind::kAnd:
      case TokenTest::Kind::kNot:
        for (const auto& c : t.children) {
          out->children.emplace_back();
          if (!CompileTest(c, &out->children.back())) return false;
        }
        return true;
    }
    return false;
  }

  int TokenFeatureFor(const TokenTest& t) override {
    std::string canonical = t.Canonical();
    auto it = impl_->token_feature_ids.find(canonical);
    if (it != impl_->token_feature_ids.end()) {
      Use(it->second);
      // A test on spans must only see spans of earlier stages: checked per use.
      if (t.kind == TokenTest::Kind::kInSpan) SpanClassFor(t.span);
      return it->second;
    }
    CompiledTest ct;
    if (!CompileTest(t, &ct)) return -1;
    int f = NewFeature("[" + canonical + "]");
    if (f < 0) {
      Fail(t.offset, "too many distinct token tests (limit 16384)");
      return -1;
    }
    impl_->token_features[f].test = std::move(ct);
    impl_->token_features[f].canonical = canonical;
    impl_->token_feature_ids.emplace(canonical, static_cast<uint16_t>(f));
    Use(static_cast<uint16_t>(f));
    return f;
  }

  int SpanClassFor(const SpanRef& ref) override {
    auto name_it = std::find(span_names_.begin(), span_names_.end(), ref.name);
    if (name_it == span_names_.end()) {
      std::string hint;
      size_t best = 3;
      for (const auto& n : span_names_) {
        size_t d = EditDistance(n, ref.name);
        if (d < best) best = d, hint = n;
      }
      Fail(ref.offset, "unknown lexicon or label '@" + ref.name + "'" +
                           (hint.empty() ? "" : ", did you mean '@" + hint + "'?"));
      return -1;
    }
    uint32_t name = static_cast<uint32_t>(name_it - span_names_.begin());
    int produced = impl_->label_stage[name];
    if (produced >= stage_) {
      Fail(ref.offset, "label '@" + ref.name + "' is made in stage '" +
                           StageName(static_cast<Stage>(produced)) +
                           "', which does not run before this rule's stage '" +
                           StageName(static_cast<Stage>(stage_)) + "'");
      return -1;
    }
    std::string canonical = ref.Canonical();
    auto it = impl_->span_class_ids.find(canonical);
    uint32_t id;
    if (it != impl_->span_class_ids.end()) {
      id = it->second;
    } else {
      SpanClass sc;
      sc.name = name;
      sc.attrs = ref.attrs;
      sc.canonical = canonical;
      int b = NewFeature("B-@" + canonical);
      int i = NewFeature("I-@" + canonical);
      int e = NewFeature("E-@" + canonical);
      if (b < 0 || i < 0 || e < 0) {
        Fail(ref.offset, "too many distinct token tests (limit 16384)");
        return -1;
      }
      sc.begin_feature = static_cast<uint16_t>(b);
      sc.inside_feature = static_cast<uint16_t>(i);
      sc.end_feature = static_cast<uint16_t>(e);
      id = static_cast<uint32_t>(impl_->span_classes.size());
      impl_->span_classes.push_back(std::move(sc));
      impl_->span_class_ids.emplace(canonical, id);
    }
    StageData& sd = impl_->stages[stage_];
    if (std::find(sd.span_classes.begin(), sd.span_classes.end(), id) == sd.span_classes.end()) {
      sd.span_classes.push_back(id);
    }
    used_names_.insert(name);
    return static_cast<int>(id);
  }

  // The prefilter clauses of a node (see CompiledRule::clauses). Must run
  // after Node() has created the node's features.
 public:
  // The features a match can begin with; false when a match can begin at
  // any token (the pattern can start with [] or match nothing).
  bool Firsts(const PatternNode& n, std::vector<uint16_t>* out, bool* nullable) {
    *nullable = false;
    switch (n.kind) {
      case PatternNode::Kind::kSeq: {
        *nullable = true;
        for (const auto& c : n.children) {
          bool child_nullable;
          if (!Firsts(c, out, &child_nullable)) return false;
          if (!child_nullable) {
            *nullable = false;
            break;
          }
        }
        return true;
      }
      case PatternNode::Kind::kAlt:
        for (const auto& c : n.children) {
          bool child_nullable;
          if (!Firsts(c, out, &child_nullable)) return false;
          *nullable = *nullable || child_nullable;
        }
        return true;
      case PatternNode::Kind::kRepeat: {
        bool child_nullable;
        if (!Firsts(n.children[0], out, &child_nullable)) return false;
        *nullable = n.min == 0 || child_nullable;
        return true;
      }
      case PatternNode::Kind::kCapture:
        return Firsts(n.children[0], out, nullable);
      case PatternNode::Kind::kToken: {
        if (n.test.kind == TokenTest::Kind::kAny) return false;
        auto it = impl_->token_feature_ids.find(n.test.Canonical());
        if (it == impl_->token_feature_ids.end()) return false;
        out->push_back(it->second);
        return true;
      }
      case PatternNode::Kind::kSpan: {
        auto it = impl_->span_class_ids.find(n.span.Canonical());
        if (it == impl_->span_class_ids.end()) return false;
        out->push_back(impl_->span_classes[it->second].begin_feature);
        return true;
      }
      case PatternNode::Kind::kLiteral: {
        std::vector<std::string> keys = seg_->Keys(n.literal);
        if (keys.empty()) return false;
        TokenTest t;
        t.kind = TokenTest::Kind::kKey;
        t.values = {keys[0]};
        auto it = impl_->token_feature_ids.find(t.Canonical());
        if (it == impl_->token_feature_ids.end()) return false;
        out->push_back(it->second);
        return true;
      }
    }
    return false;
  }

  std::vector<std::vector<uint16_t>> Clauses(const PatternNode& n) {
    using ClauseList = std::vector<std::vector<uint16_t>>;
    switch (n.kind) {
      case PatternNode::Kind::kSeq: {
        ClauseList out;
        for (const auto& c : n.children) {
          ClauseList sub = Clauses(c);
          out.insert(out.end(), sub.begin(), sub.end());
        }
        return out;
      }
      case PatternNode::Kind::kAlt: {
        // One of the alternatives must match: the union of one clause of each.
        std::vector<uint16_t> any;
        for (const auto& c : n.children) {
          ClauseList sub = Clauses(c);
          if (sub.empty()) return {};
          any.insert(any.end(), sub[0].begin(), sub[0].end());
        }
        return {any};
      }
      case PatternNode::Kind::kRepeat:
        return n.min == 0 ? ClauseList() : Clauses(n.children[0]);
      case PatternNode::Kind::kCapture:
        return Clauses(n.children[0]);
      case PatternNode::Kind::kToken: {
        if (n.test.kind == TokenTest::Kind::kAny) return {};
        auto it = impl_->token_feature_ids.find(n.test.Canonical());
        if (it == impl_->token_feature_ids.end()) return {};
        return {{it->second}};
      }
      case PatternNode::Kind::kSpan: {
        auto it = impl_->span_class_ids.find(n.span.Canonical());
        if (it == impl_->span_class_ids.end()) return {};
        return {{impl_->span_classes[it->second].begin_feature}};
      }
      case PatternNode::Kind::kLiteral: {
        ClauseList out;
        for (const std::string& k : seg_->Keys(n.literal)) {
          TokenTest t;
          t.kind = TokenTest::Kind::kKey;
          t.values = {k};
          auto it = impl_->token_feature_ids.find(t.Canonical());
          if (it != impl_->token_feature_ids.end()) out.push_back({it->second});
        }
        return out;
      }
    }
    return {};
  }

 private:
  lexicon::Vocab& impl_vocab() { return const_cast<lexicon::LexiconSet&>(rs_.lexicons).vocab(); }

 public:
  std::set<uint32_t> used_names_;

 private:
  const RuleSet& rs_;
  Program::Impl* impl_;  // the same object as Emitter's, writable: compiling adds features
  const std::vector<std::string>& span_names_;
  std::vector<Diagnostic>* diags_;
  const Rule* rule_ = nullptr;
  int stage_ = 0;
  bool ok_ = true;
};

// Feature lists by key id and by lemma id, while a stage's index is built.
struct AnchorMaps {
  std::unordered_map<uint32_t, std::vector<uint16_t>> by_key, by_lemma;
};

// Adds the anchored index for a feature: tests that need a given key or
// lemma are only evaluated on tokens that have it.
void IndexFeature(uint16_t f, const CompiledTest& t, StageData* sd, AnchorMaps* maps) {
  auto anchors = [](const CompiledTest& c) {
    return c.kind == TokenTest::Kind::kKey || c.kind == TokenTest::Kind::kLemma ||
           (c.kind == TokenTest::Kind::kSurface && !c.ids.empty());
  };
  const CompiledTest* anchor = nullptr;
  if (anchors(t)) {
    anchor = &t;
  } else if (t.kind == TokenTest::Kind::kAnd) {
    for (const auto& c : t.children) {
      if (anchors(c)) {
        anchor = &c;
        break;
      }
    }
  }
  if (anchor == nullptr && t.kind == TokenTest::Kind::kInSpan) {
    // [@name]: listed by Encode() on the tokens of the class's spans.
    sd->inspan_features[t.span_class].push_back(f);
    return;
  }
  if (anchor == nullptr) {
    sd->general.push_back(f);
    return;
  }
  auto& index = anchor->kind == TokenTest::Kind::kLemma ? maps->by_lemma : maps->by_key;
  // A test that is only the word or lemma holds on every token the index
  // leads to: marked so that it is not evaluated again.
  uint16_t entry = anchor == &t && t.kind != TokenTest::Kind::kSurface
                       ? static_cast<uint16_t>(f | StageData::kCertain)
                       : f;
  for (uint32_t id : anchor->ids) index[id].push_back(entry);
}

}  // namespace

void StageData::FlatIndex::Build(const std::unordered_map<uint32_t, std::vector<uint16_t>>& map,
                                 size_t vocab) {
  begin.assign(vocab + 1, 0);
  for (const auto& [id, fs] : map) begin[id + 1] = static_cast<uint32_t>(fs.size());
  for (size_t i = 1; i <= vocab; ++i) begin[i] += begin[i - 1];
  features.assign(begin[vocab], 0);
  for (const auto& [id, fs] : map) std::copy(fs.begin(), fs.end(), features.begin() + begin[id]);
  any.assign((vocab + 63) / 64, 0);
  for (const auto& [id, fs] : map) {
    if (!fs.empty()) any[id >> 6] |= uint64_t{1} << (id & 63);
  }
}

std::string RequiredSuffix(std::string_view pattern) {
  // `|` may end a branch that does not end with the letters; `(?i)` and
  // `\Q...\E` change what the letters mean.
  if (pattern.size() < 2 || pattern.back() != '$' ||
      pattern.find_first_of("|?") != std::string_view::npos ||
      pattern.find("\\Q") != std::string_view::npos) {
    return "";
  }
  auto literal = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
  };
  size_t begin = pattern.size() - 1;  // the run of literal characters before `$`
  while (begin > 0 && literal(pattern[begin - 1])) --begin;
  // After a backslash the run begins with an escape (\b, \pL, \x41), not
  // with letters to match.
  if (begin > 0 && pattern[begin - 1] == '\\') return "";
  return std::string(pattern.substr(begin, pattern.size() - 1 - begin));
}

Program::Program(const RuleSet& rules) : rules_(rules), impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;

int Program::SpanName(std::string_view name) const {
  for (size_t i = 0; i < span_names_.size(); ++i) {
    if (span_names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Whether some rule's pattern text names `@name` (a whole name, not the
// start of a longer one): a lexicon a rule names is in use even when that
// rule failed to compile, so no "unused" warning piles onto its error.
static bool MentionedInAPattern(const RuleSet& rules, const std::string& name) {
  const std::string ref = "@" + name;
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (const Rule& r : rules.rules) {
    for (size_t at = r.pattern.find(ref); at != std::string::npos;
         at = r.pattern.find(ref, at + 1)) {
      size_t after = at + ref.size();
      if (after >= r.pattern.size() || !ident(r.pattern[after])) return true;
    }
  }
  return false;
}

Status Program::Compile(const RuleSet& rules, std::unique_ptr<Program>* out,
                        std::vector<Diagnostic>* diagnostics) {
  std::unique_ptr<Program> p(new Program(rules));
  Impl& impl = *p->impl_;
  size_t diags_before = diagnostics->size();

  // Span names: lexicons, then "actor", then every label in stage order.
  for (size_t i = 0; i < rules.lexicons.lexicon_count(); ++i) {
    p->span_names_.push_back(rules.lexicons.info(i).name);
    impl.label_stage.push_back(-1);
  }
  auto add_label = [&](const std::string& name, int stage) {
    auto it = std::find(p->span_names_.begin(), p->span_names_.end(), name);
    if (it == p->span_names_.end()) {
      p->span_names_.push_back(name);
      impl.label_stage.push_back(stage);
    } else {
      int& s = impl.label_stage[it - p->span_names_.begin()];
      if (s >= 0) s = std::min(s, stage);
    }
  };
  add_label("actor", static_cast<int>(Stage::kActors));
  for (const Rule& r : rules.rules) {
    if (r.output == OutputKind::kLabel) {
      if (rules.lexicons.Find(r.label) >= 0) {
        Diagnostic d;
        d.pos = r.pos;
        d.message = "label '" + r.label + "' of rule '" + r.id + "' has the name of a lexicon";
        rules.AttachSourceLine(&d);
        diagnostics->push_back(std::move(d));
        continue;
      }
      add_label(r.label, static_cast<int>(r.stage));
    }
  }

  text::Segmenter seg;
  Builder builder(rules, &impl, p->span_names_, &seg, diagnostics);
  impl.rules.resize(rules.rules.size());
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& r = rules.rules[i];
    CompiledRule& cr = impl.rules[i];
    if (r.output == OutputKind::kLabel)
      cr.label_span = static_cast<uint32_t>(std::max(0, p->SpanName(r.label)));
    StageData& sd = impl.stages[static_cast<int>(r.stage)];
    if (r.is_regex) {
      re2::RE2::Options o;
      o.set_log_errors(false);
      o.set_max_mem(16 << 20);
      cr.re = std::make_unique<re2::RE2>(r.pattern, o);
      cr.regex_rule = true;
      if (!cr.re->ok()) {
        Diagnostic d;
        d.pos = r.pattern_pos;
        d.message = "bad regular expression: " + cr.re->error();
        rules.AttachSourceLine(&d);
        diagnostics->push_back(std::move(d));
        continue;
      }
      cr.group_names.assign(cr.re->NumberOfCapturingGroups() + 1, "");
      for (const auto& [name, index] : cr.re->NamedCapturingGroups()) cr.group_names[index] = name;
      sd.regex_rules.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (r.tree.kind == PatternNode::Kind::kSeq && r.tree.children.empty()) continue;  // parse error
    if (!builder.Build(r, &cr.prog, &cr.group_names)) {
      cr.prog.insts.clear();
      continue;
    }
    {
      std::vector<std::string> groups;
      builder.set_relax_counts(true);
      if (!builder.Build(r, &cr.dfa_prog, &groups)) cr.dfa_prog.insts.clear();
      builder.set_relax_counts(false);
    }
    cr.clauses = builder.Clauses(r.tree);
    {
      std::vector<uint16_t> firsts;
      bool nullable = false;
      if (builder.Firsts(r.tree, &firsts, &nullable) && !nullable) {
        std::sort(firsts.begin(), firsts.end());
        firsts.erase(std::unique(firsts.begin(), firsts.end()), firsts.end());
        cr.firsts = std::move(firsts);
      }
    }
    if (Nullable(r.tree)) {
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.pos = r.pattern_pos;
      d.message = "pattern of rule '" + r.id + "' can match zero tokens";
      rules.AttachSourceLine(&d);
      diagnostics->push_back(std::move(d));
    }
    // A stance without a target says nothing of what it is about: say so
    // before extract stores such stances with an empty target.
    if (r.output == OutputKind::kStance &&
        std::find(cr.group_names.begin(), cr.group_names.end(), "target") == cr.group_names.end()) {
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.pos = r.pattern_pos;
      d.message = "stance rule '" + r.id +
                  "' has no (?<target> ...) capture: its stances will have an empty target";
      rules.AttachSourceLine(&d);
      diagnostics->push_back(std::move(d));
    }
    cr.stage_index = static_cast<uint32_t>(sd.pattern_rules.size());
    sd.pattern_rules.push_back(static_cast<uint32_t>(i));
  }

  // Word and lemma sets as bitsets over the vocabulary, now that it is final.
  const size_t vocab_size = rules.lexicons.vocab().size();
  std::function<void(CompiledTest*)> add_bits = [&](CompiledTest* t) {
    if (t->kind == TokenTest::Kind::kKey || t->kind == TokenTest::Kind::kLemma) {
      t->id_bits.assign((vocab_size + 63) / 64, 0);
      for (uint32_t id : t->ids) t->id_bits[id >> 6] |= uint64_t{1} << (id & 63);
    }
    for (auto& c : t->children) add_bits(&c);
  };
  for (auto& f : impl.token_features) add_bits(&f.test);

  // Per stage: the index from words and lemmas to the features they anchor.
  for (int s = 0; s < kStageCount; ++s) {
    StageData& sd = impl.stages[s];
    AnchorMaps maps;
    sd.coverage_row.assign(impl.span_classes.size(), -1);
    sd.inspan_features.assign(impl.span_classes.size(), {});
    for (size_t f = 0; f < sd.used_feature.size(); ++f) {
      if (!sd.used_feature[f] || impl.token_features[f].canonical.empty()) continue;
      IndexFeature(static_cast<uint16_t>(f), impl.token_features[f].test, &sd, &maps);
      // [@name] tests read span coverage, which Encode() computes for the
      // stage's span classes: make sure every class a test reads is one.
      // Each such class also gets a row in the coverage table.
      std::function<void(const CompiledTest&)> add_classes = [&](const CompiledTest& t) {
        if (t.kind == TokenTest::Kind::kInSpan) {
          uint32_t c = static_cast<uint32_t>(t.span_class);
          if (std::find(sd.span_classes.begin(), sd.span_classes.end(), c) ==
              sd.span_classes.end()) {
            sd.span_classes.push_back(c);
          }
          if (sd.coverage_row[c] < 0) sd.coverage_row[c] = static_cast<int32_t>(sd.coverage_rows++);
        }
        for (const auto& c : t.children) add_classes(c);
      };
      add_classes(impl.token_features[f].test);
    }
    sd.key_index.Build(maps.by_key, rules.lexicons.vocab().size());
    sd.lemma_index.Build(maps.by_lemma, rules.lexicons.vocab().size());
    // Lookahead for the engine: general tests are lazy, not in the bloom.
    std::vector<uint8_t> lazy(impl.feature_names.size(), 0);
    for (uint16_t f : sd.general) lazy[f] = 1;
    for (uint32_t r : sd.pattern_rules) vm::ComputeLookahead(lazy, &impl.rules[r].prog);
    sd.rule_clauses.assign(1, 0);
    sd.clause_begin.assign(1, 0);
    sd.clause_features.clear();
    for (uint32_t r : sd.pattern_rules) {
      for (const auto& clause : impl.rules[r].clauses) {
        sd.clause_features.insert(sd.clause_features.end(), clause.begin(), clause.end());
        sd.clause_begin.push_back(static_cast<uint32_t>(sd.clause_features.size()));
      }
      sd.rule_clauses.push_back(static_cast<uint32_t>(sd.clause_begin.size() - 1));
    }
    sd.classes_of_name.assign(p->span_names_.size(), {});
    for (uint32_t c : sd.span_classes) sd.classes_of_name[impl.span_classes[c].name].push_back(c);
    sd.general_slot.assign(impl.feature_names.size(), -1);
    for (size_t k = 0; k < sd.general.size(); ++k)
      sd.general_slot[sd.general[k]] = static_cast<int32_t>(k);
    std::function<int(const CompiledTest&)> needs = [&](const CompiledTest& t) -> int {
      if (t.kind == TokenTest::Kind::kInSpan) return impl.span_classes[t.span_class].begin_feature;
      if (t.kind == TokenTest::Kind::kAnd) {
        for (const auto& c : t.children) {
          if (int f = needs(c); f >= 0) return f;
        }
      }
      return -1;
    };
    sd.general_needs.assign(impl.feature_names.size(), -1);
    for (uint16_t f : sd.general) sd.general_needs[f] = needs(impl.token_features[f].test);
  }

  // Warnings: lexicons no rule mentions, entries that shadow each other.
  // A lexicon that shares a group with a used one still shapes matching
  // (it hides shorter names inside its entries), so it counts as used.
  std::set<std::string> used_groups;
  for (uint32_t i : builder.used_names_) {
    if (i < rules.lexicons.lexicon_count() && !rules.lexicons.info(i).group.empty()) {
      used_groups.insert(rules.lexicons.info(i).group);
    }
  }
  for (size_t i = 0; i < rules.lexicons.lexicon_count(); ++i) {
    if (builder.used_names_.count(static_cast<uint32_t>(i))) continue;
    const auto& info = rules.lexicons.info(i);
    if (!info.group.empty() && used_groups.count(info.group)) continue;
    if (MentionedInAPattern(rules, info.name)) continue;  // by a rule that failed to compile
    if (std::find(std::begin(kExtractorLexicons), std::end(kExtractorLexicons), info.name) !=
        std::end(kExtractorLexicons)) {
      continue;  // read by the extractor itself
    }
    Diagnostic d;
    d.severity = Diagnostic::Severity::kWarning;
    d.pos = {info.file, info.line, 3};
    d.message = "lexicon '" + info.name + "' is not used by any rule";
    rules.AttachSourceLine(&d);
    diagnostics->push_back(std::move(d));
  }
  for (auto [a, b] : rules.lexicons.ShadowedEntries()) {
    const auto& ea = rules.lexicons.entry(a);
    const auto& eb = rules.lexicons.entry(b);
    const auto& la = rules.lexicons.info(ea.lexicon);
    const auto& lb = rules.lexicons.info(eb.lexicon);
    Diagnostic d;
    d.severity = Diagnostic::Severity::kWarning;
    d.pos = {rules.lexicons.EntryFile(b), eb.line, eb.column};
    d.message = "entry \"" + eb.text + "\" of lexicon '" + lb.name + "' has the same words as \"" +
                ea.text + "\" of lexicon '" + la.name + "' (" + rules.lexicons.EntryFile(a) + ":" +
                std::to_string(ea.line) + ") in the same group: both always match together";
    rules.AttachSourceLine(&d);
    diagnostics->push_back(std::move(d));
  }

  size_t errors = 0;
  for (size_t i = diags_before; i < diagnostics->size(); ++i) {
    if ((*diagnostics)[i].severity == Diagnostic::Severity::kError) ++errors;
  }
  *out = std::move(p);
  if (errors) {
    return Status::Error(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         " in rules");
  }
  return Status::Ok();
}

}  // namespace argx::rules
