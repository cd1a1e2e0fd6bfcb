// Reading rule files: YAML -> RuleSet. yaml-cpp throws; every exception is
// caught here and turned into a Diagnostic with file:line:col.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

#include "rules/rule_set.h"
#include "text/normalize.h"
#include "text/segmenter.h"

namespace argx::rules {

const char* StageName(Stage s) {
  switch (s) {
    case Stage::kActors: return "actors";
    case Stage::kPhrases: return "phrases";
    case Stage::kStances: return "stances";
    case Stage::kClaims: return "claims";
  }
  return "?";
}

const char* OutputName(OutputKind k) {
  switch (k) {
    case OutputKind::kActor: return "actor";
    case OutputKind::kStance: return "stance";
    case OutputKind::kClaim: return "claim";
    case OutputKind::kLabel: return "label";
  }
  return "?";
}

const std::vector<std::string_view>& SetKeys(OutputKind k) {
  static const std::vector<std::string_view> kStance = {"polarity", "holder"};
  static const std::vector<std::string_view> kClaim = {"claim_type", "claimant"};
  static const std::vector<std::string_view> kActor = {"type", "canonical", "actor", "id",
                                                       "affiliation"};
  static const std::vector<std::string_view> kAny = {};
  switch (k) {
    case OutputKind::kStance: return kStance;
    case OutputKind::kClaim: return kClaim;
    case OutputKind::kActor: return kActor;
    case OutputKind::kLabel: return kAny;
  }
  return kAny;
}

const std::vector<std::string_view>& SetValues(OutputKind k, std::string_view key) {
  static const std::vector<std::string_view> kPolarity = {"support", "oppose"};
  static const std::vector<std::string_view> kClaimType = {"assertion", "prediction", "normative",
                                                            "auto"};
  static const std::vector<std::string_view> kClaimant = {"AUTHOR"};
  static const std::vector<std::string_view> kHolder = {"speaker"};
  static const std::vector<std::string_view> kActorType = {"state", "organization", "person",
                                                           "group", "none"};
  static const std::vector<std::string_view> kAny = {};
  if (k == OutputKind::kStance && key == "polarity") return kPolarity;
  if (k == OutputKind::kStance && key == "holder") return kHolder;
  if (k == OutputKind::kClaim && key == "claim_type") return kClaimType;
  if (k == OutputKind::kClaim && key == "claimant") return kClaimant;
  if (k == OutputKind::kActor && key == "type") return kActorType;
  return kAny;
}

Stage StageOf(OutputKind k) {
  switch (k) {
    case OutputKind::kActor: return Stage::kActors;
    case OutputKind::kStance: return Stage::kStances;
    case OutputKind::kClaim: return Stage::kClaims;
    case OutputKind::kLabel: return Stage::kPhrases;
  }
  return Stage::kPhrases;
}

namespace {

std::string WithoutSpaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

std::string JoinViews(const std::vector<std::string_view>& v) {
  std::string out;
  for (std::string_view s : v) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

}  // namespace

std::string_view Rule::Set(std::string_view key) const {
  for (const auto& [k, v] : set) {
    if (k == key) return v;
  }
  return {};
}

SourcePos Rule::PatternPos(int offset) const {
  SourcePos p = pattern_pos;
  for (const auto& [start, pos] : pattern_lines) {
    if (start <= offset) {
      p = pos;
      p.column = pos.column + (offset - start);
    }
  }
  return p;
}

const Rule* RuleSet::Find(std::string_view id) const {
  for (const Rule& r : rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string_view RuleSet::Source(const std::string& file) const {
  auto it = sources_.find(file);
  return it == sources_.end() ? std::string_view() : std::string_view(it->second);
}

void RuleSet::AttachSourceLine(Diagnostic* d) const {
  if (d->pos.line > 0) d->source_line = std::string(LineOf(Source(d->pos.file), d->pos.line));
}

class Loader {
 public:
  Loader(RuleSet* rs, std::vector<Diagnostic>* diags) : rs_(rs), diags_(diags) {}

  void LoadFile(const std::string& path, const std::string& display) {
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxRuleFileBytes) {
      Error({display, 0, 0}, "rule file of " + std::to_string(size) +
                                 " bytes: a rule file has at most " +
                                 std::to_string(kMaxRuleFileBytes >> 20) +
                                 " MB (split a large lexicon into several files)");
      return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      Error({display, 0, 0}, "cannot read rule file");
      return;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    if (ss.str().find('\0') != std::string::npos) {
      Error({display, 0, 0}, "not a YAML rule file: it has NUL bytes (a binary file?)");
      return;
    }
    file_ = display;
    rs_->sources_[display] = ss.str();
    source_ = rs_->sources_[display];
    rs_->files.push_back(display);
    fingerprint_input_ += display + '\0' + source_ + '\0';
    YAML::Node root;
    try {
      root = YAML::Load(source_);
    } catch (const YAML::Exception& e) {
      Error(Pos(e.mark), "YAML: " + e.msg);
      return;
    }
    try {
      if (root.IsNull()) return;
      if (!root.IsMap()) {
        Error(Pos(root.Mark()), "a rule file is a map with 'lexicons:' and/or 'rules:'");
        return;
      }
      for (auto it = root.begin(); it != root.end(); ++it) {
        std::string key = it->first.as<std::string>();
        if (key == "lexicons") {
          LoadLexicons(it->second);
        } else if (key == "rules") {
          LoadRules(it->second);
        } else {
          Error(Pos(it->first.Mark()), "unknown top-level key '" + key + "' (expected lexicons or rules)");
        }
      }
    } catch (const YAML::Exception& e) {
      Error(Pos(e.mark), "YAML: " + e.msg);
    }
  }

  std::string fingerprint_input() const { return fingerprint_input_; }

  // Adds the entries of every `extend: true` lexicon to the lexicon of its
  // name, wherever that is defined; an error at the extension when none is.
  void ApplyExtensions() {
    for (const Extension& x : extensions_) {
      file_ = x.file;
      const int base = rs_->lexicons.Find(x.name);
      if (base < 0) {
        // A folder read alone (`rules list mine/`): the lexicon stands on
        // its own, and the warning says what is missing.
        Diagnostic d;
        d.severity = Diagnostic::Severity::kWarning;
        d.pos = x.pos;
        d.message = "lexicon '" + x.name +
                    "' has 'extend: true', but no rule file given defines a lexicon of that "
                    "name: it stands alone here (give the folder that defines it too, as for "
                    "the default rules)";
        rs_->AttachSourceLine(&d);
        diags_->push_back(std::move(d));
        LoadLexicon(x.name, x.pos, x.node);
        continue;
      }
      LoadLexicon(x.name, x.pos, x.node, base);
    }
  }

  // A lexicon no actor rule uses, whose entries name actors (a canonical
  // name and an actor type), gets an actor rule of its own, as if written
  //   - id: actor.lexicon.NAME
  //     output: actor
  //     priority: 5
  //     pattern: (?<name> @NAME)
  // so a user's lexicon of actors needs no rule (docs/rules.md, "Adding
  // actors"). Priority 5 is that of the default rules that read a capital
  // or a country inside a longer name as no actor ("Vienna Group"), so
  // that the longer name wins: the user's "Vienna Group of Ten". A folder
  // that writes its own actor rule for the lexicon decides itself where
  // its names are actors.
  void AddImplicitActorRules() {
    std::set<int> used;
    for (const Rule& r : rs_->rules) {
      if (r.output == OutputKind::kActor && !r.is_regex) CollectSpanRefs(r.tree, &used);
    }
    const auto& types = SetValues(OutputKind::kActor, "type");
    std::vector<char> names_actors(rs_->lexicons.lexicon_count(), 0);
    for (uint32_t i = 0; i < rs_->lexicons.entry_count(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      std::string_view type = e.Attr("type");
      if (!e.Attr("canonical").empty() && type != "none" &&
          std::find(types.begin(), types.end(), type) != types.end()) {
        names_actors[e.lexicon] = 1;
      }
    }
    for (uint32_t l = 0; l < names_actors.size(); ++l) {
      if (!names_actors[l] || used.count(static_cast<int>(l))) continue;
      const lexicon::LexiconInfo& info = rs_->lexicons.info(l);
      Rule rule;
      rule.id = "actor.lexicon." + info.name;
      if (ids_.count(rule.id)) continue;
      rule.description = "actors of lexicon " + info.name + " (implicit: no actor rule uses it)";
      rule.stage = Stage::kActors;
      rule.output = OutputKind::kActor;
      rule.label = "actor";
      rule.priority = 5;
      rule.implicit = true;
      rule.pattern = "(?<name> @" + info.name + ")";
      rule.pos = {info.file, info.line, 3};
      rule.pattern_pos = rule.pos;
      rule.pattern_lines.emplace_back(0, rule.pos);
      Diagnostic err;
      auto where = [&rule](int) { return rule.pos; };
      if (!ParsePattern(rule.pattern, where, &rule.tree, &err)) continue;
      if (auto ex = lexicon_examples_.find(info.name); ex != lexicon_examples_.end()) {
        rule.must_match = std::move(ex->second.must_match);
        rule.must_not_match = std::move(ex->second.must_not_match);
        lexicon_examples_.erase(ex);
      }
      ids_[rule.id] = info.file + ":" + std::to_string(info.line);
      rs_->rules.push_back(std::move(rule));
    }
    // Examples on a lexicon that gets no added rule would never run: say so.
    for (const auto& [name, ex] : lexicon_examples_) {
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.pos = ex.pos;
      d.message = "the examples of lexicon '" + name +
                  "' are not run: only an actor lexicon that no actor rule uses gets argx's "
                  "actor rule, which runs them; put them on the rule that uses the lexicon";
      rs_->AttachSourceLine(&d);
      diags_->push_back(std::move(d));
    }
    lexicon_examples_.clear();
  }

  // A warning for each entry that repeats (same normalized text) an entry of
  // a path loaded after its own: a user's cue that a default lexicon already
  // has is taken by the default rules too, and the two compete for it.
  // The load position of each lexicon's path in `order`.
  std::vector<size_t> LexiconRanks(const std::vector<size_t>& order,
                                   const std::map<std::string, size_t>& root_of_file) const {
    std::vector<size_t> rank(rs_->lexicons.lexicon_count(), order.size());
    for (uint32_t l = 0; l < rank.size(); ++l) {
      auto it = root_of_file.find(rs_->lexicons.info(l).file);
      if (it == root_of_file.end()) continue;
      rank[l] = static_cast<size_t>(std::find(order.begin(), order.end(), it->second) -
                                    order.begin());
    }
    return rank;
  }

  // Per lexicon, a bit per output kind (1 << OutputKind) of the rules that
  // use it, as a span or a token test.
  std::vector<unsigned> OutputsUsing() const {
    std::vector<unsigned> out(rs_->lexicons.lexicon_count(), 0);
    std::function<void(const TokenTest&, unsigned)> test = [&](const TokenTest& t, unsigned bit) {
      if (t.kind == TokenTest::Kind::kInSpan) {
        int l = rs_->lexicons.Find(t.span.name);
        if (l >= 0) out[l] |= bit;
      }
      for (const TokenTest& c : t.children) test(c, bit);
    };
    std::function<void(const PatternNode&, unsigned)> node = [&](const PatternNode& n,
                                                                 unsigned bit) {
      if (n.kind == PatternNode::Kind::kSpan) {
        int l = rs_->lexicons.Find(n.span.name);
        if (l >= 0) out[l] |= bit;
      }
      if (n.kind == PatternNode::Kind::kToken) test(n.test, bit);
      for (const PatternNode& c : n.children) node(c, bit);
    };
    for (const Rule& r : rs_->rules) {
      if (!r.is_regex) node(r.tree, 1u << static_cast<int>(r.output));
    }
    // The extractor makes claims from these itself (claim.open.say: a verb
    // of saying, an unnamed speaker), so a claim cue of the user's that
    // they hold competes with them too ("recommend", "filing").
    for (const char* name : {"attribution_verbs", "agent_nouns"}) {
      if (int l = rs_->lexicons.Find(name); l >= 0) {
        out[l] |= 1u << static_cast<int>(OutputKind::kClaim);
      }
    }
    return out;
  }

  // Only entries of lexicons that rules of the same output kind use compete
  // ('veto' in a lexicon of verbs that make a capital an actor is no stance
  // cue).
  void WarnRepeatedEntries(const std::vector<size_t>& order, const std::vector<size_t>& rank) {
    std::vector<unsigned> outputs = OutputsUsing();
    // Normalized text -> every entry with it, per rank (a word may stand in
    // several default lexicons, only some of which compete with the user's).
    // The same per lemma of each word: an inflected entry ("back",
    // inflect: true) takes the forms of another ("backed").
    std::map<std::pair<std::string, size_t>, std::vector<uint32_t>> with_key, with_lemmas;
    std::vector<std::string> keys(rs_->lexicons.entry_count()), lemmas(keys.size());
    for (uint32_t i = 0; i < keys.size(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      // Without spaces: an entry's text may keep its tokens' spacing or not
      // ("Christophe Fouquet", "ChristopheFouquet").
      const std::string key = text::MatchKey(e.text);
      keys[i] = WithoutSpaces(key);
      std::istringstream words(key);
      for (std::string w; words >> w;) lemmas[i] += text::Lemma(w);
      with_key[std::make_pair(keys[i], rank[e.lexicon])].push_back(i);
      with_lemmas[std::make_pair(lemmas[i], rank[e.lexicon])].push_back(i);
    }
    std::set<std::tuple<int, int, uint32_t>> warned;  // entry line, column; other lexicon
    std::map<uint32_t, std::vector<uint32_t>> repeats;  // entry -> the later entries it repeats
    for (uint32_t i = 0; i < keys.size(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      for (size_t later = rank[e.lexicon] + 1; later < order.size(); ++later) {
        std::vector<uint32_t> same;
        if (auto it = with_key.find({keys[i], later}); it != with_key.end()) same = it->second;
        if (auto it = with_lemmas.find({lemmas[i], later}); it != with_lemmas.end()) {
          for (uint32_t o : it->second) {
            const bool inflected = e.inflect || rs_->lexicons.entry(o).inflect;
            if (inflected && std::find(same.begin(), same.end(), o) == same.end())
              same.push_back(o);
          }
        }
        for (uint32_t other_index : same) {
          const lexicon::Entry& other = rs_->lexicons.entry(other_index);
          if ((outputs[e.lexicon] & outputs[other.lexicon]) == 0) continue;
          if (rs_->lexicons.info(e.lexicon).repeats_expected ||
              rs_->lexicons.info(other.lexicon).repeats_expected) {
            continue;  // the user said so
          }
          // A case-sensitive "CAN" never matches the modal "can".
          if ((e.case_sensitive || other.case_sensitive) &&
              WithoutSpaces(e.text) != WithoutSpaces(other.text)) {
            continue;
          }
          if (!warned.insert({e.line, e.column, other.lexicon}).second) continue;
          repeats[i].push_back(other_index);
        }
      }
    }
    // One warning per entry, naming every default lexicon that has it; past
    // kShownPerLexicon of one lexicon, a count (a lexicon of nouns may
    // repeat many words of default verb lexicons).
    constexpr int kShownPerLexicon = 5;
    std::map<uint32_t, int> shown, more;  // lexicon -> warnings shown, left unshown
    for (const auto& [i, others] : repeats) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      if (shown[e.lexicon] >= kShownPerLexicon) {
        ++more[e.lexicon];
        continue;
      }
      ++shown[e.lexicon];
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.pos = {rs_->lexicons.EntryFile(i), e.line, e.column};
      std::string where;
      for (uint32_t o : others) {
        const lexicon::Entry& other = rs_->lexicons.entry(o);
        const lexicon::LexiconInfo& theirs = rs_->lexicons.info(other.lexicon);
        where +=
            (where.empty() ? "" : ", ") + ("'" + theirs.name + "' (" + rs_->lexicons.EntryFile(o) +
                                           ":" + std::to_string(other.line) + ")");
      }
      const lexicon::Entry& other = rs_->lexicons.entry(others[0]);
      if (!e.Attr("canonical").empty() && !other.Attr("canonical").empty()) {
        // A known actor: the user need not list it (and the longer name of
        // the two already wins where they overlap).
        d.message = "'" + e.text + "' is already the actor '" +
                    std::string(other.Attr("canonical")) + "' (" + std::string(other.Attr("id")) +
                    ") of lexicon " + where +
                    ": you need not list it; keeping it gives it your canonical name and id, and "
                    "your lexicon's priority over shorter names inside it ('repeats: expected' "
                    "on your lexicon says you mean it)";
      } else {
        d.message = "'" + e.text + "' is also in " +
                    (others.size() > 1 ? "lexicons " : "lexicon ") + where +
                    ": the default rules that use it may take it already (argx explain shows "
                    "whether they do on your sentence; 'repeats: expected' on your lexicon when "
                    "you mean it, or when yours is another word: a noun where theirs is a verb)";
      }
      rs_->AttachSourceLine(&d);
      diags_->push_back(std::move(d));
    }
    for (const auto& [l, n] : more) {
      const lexicon::LexiconInfo& info = rs_->lexicons.info(l);
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.pos = {info.file, info.line, 3};
      d.message = std::to_string(n) + " more entries of lexicon '" + info.name +
                  "' are in default lexicons too; 'repeats: expected' on the lexicon says you "
                  "mean it";
      rs_->AttachSourceLine(&d);
      diags_->push_back(std::move(d));
    }
  }

  // A warning for a user's actor name that ends in a title of a lexicon
  // loaded after it ("US Trade Representative" ends in "Representative"):
  // before a person's name, "US Trade Representative Jane Doe", the longest
  // listed name before the title is the person's affiliation, so the user's
  // actor takes the place of the state the default rules would give, and
  // nothing else tells the user why.
  void WarnActorNamesEndingInTitles(const std::vector<size_t>& rank) {
    const int titles = rs_->lexicons.Find("titles");
    if (titles < 0) return;
    std::map<std::string, uint32_t> title_keys;  // match key -> its entry
    for (uint32_t i = 0; i < rs_->lexicons.entry_count(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      if (static_cast<int>(e.lexicon) == titles) title_keys.emplace(text::MatchKey(e.text), i);
    }
    for (uint32_t i = 0; i < rs_->lexicons.entry_count(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      if (e.Attr("canonical").empty() || static_cast<int>(e.lexicon) == titles ||
          rank[e.lexicon] >= rank[titles]) {
        continue;
      }
      const std::string key = text::MatchKey(e.text);
      for (size_t space = key.find(' '); space != std::string::npos;
           space = key.find(' ', space + 1)) {
        auto it = title_keys.find(key.substr(space + 1));
        if (it == title_keys.end()) continue;
        const lexicon::Entry& title = rs_->lexicons.entry(it->second);
        Diagnostic d;
        d.severity = Diagnostic::Severity::kWarning;
        d.pos = {rs_->lexicons.EntryFile(i), e.line, e.column};
        d.message = "'" + e.text + "' ends in the title '" + title.text + "' (lexicon 'titles', " +
                    rs_->lexicons.EntryFile(it->second) + ":" + std::to_string(title.line) +
                    "): before a person's name ('" + e.text +
                    " Jane Doe') it becomes the person's affiliation, in place of the state or "
                    "body the title would give; leave it out unless you mean that";
        rs_->AttachSourceLine(&d);
        diags_->push_back(std::move(d));
        break;
      }
    }
  }

  // A warning for an actor entry whose id another entry (of any path) gives
  // to an actor of another canonical name: the database keeps one actor per
  // id ("NAM" was Namibia and the Non-Aligned Movement).
  // (`rank`: the load position of each lexicon's path.)
  void WarnActorIdCollisions(const std::vector<size_t>& rank) {
    const auto& types = SetValues(OutputKind::kActor, "type");
    std::map<std::string_view, uint32_t> first;  // id -> first entry with it
    std::set<std::pair<std::string, int>> warned;
    for (uint32_t i = 0; i < rs_->lexicons.entry_count(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      std::string_view id = e.Attr("id"), canonical = e.Attr("canonical"), type = e.Attr("type");
      if (id.empty() || canonical.empty() || type == "none" ||
          std::find(types.begin(), types.end(), type) == types.end()) {
        continue;
      }
      auto [it, added] = first.emplace(id, i);
      if (added) continue;
      const lexicon::Entry& other = rs_->lexicons.entry(it->second);
      if (other.Attr("canonical") == canonical) continue;
      // At the entry of the path loaded first (a user's), naming the other.
      const bool e_first = rank[e.lexicon] < rank[other.lexicon];
      const lexicon::Entry& mine = e_first ? e : other;
      const lexicon::Entry& theirs = e_first ? other : e;
      const std::string& mine_file = rs_->lexicons.EntryFile(e_first ? i : it->second);
      const std::string& theirs_file = rs_->lexicons.EntryFile(e_first ? it->second : i);
      if (!warned.insert({mine_file, mine.line}).second) continue;
      Diagnostic d;
      d.severity = Diagnostic::Severity::kWarning;
      d.pos = {mine_file, mine.line, mine.column};
      d.message = "actor id '" + std::string(id) + "' of '" + std::string(mine.Attr("canonical")) +
                  "' is also the id of '" + std::string(theirs.Attr("canonical")) + "' (" +
                  theirs_file + ":" + std::to_string(theirs.line) +
                  "): the database keeps one actor per id";
      rs_->AttachSourceLine(&d);
      diags_->push_back(std::move(d));
    }
  }

  // The entries of every lexicon an actor rule takes as a `name` must carry
  // an actor type (when they carry a type at all): it becomes the actor's.
  void CheckActorLexicons() {
    std::set<int> lexicons;
    for (const Rule& r : rs_->rules) {
      if (r.output != OutputKind::kActor || r.is_regex || !r.Set("type").empty()) continue;
      const PatternNode* name = FindCapture(r.tree, "name");
      CollectSpanRefs(name ? *name : r.tree, &lexicons);
    }
    const auto& allowed = SetValues(OutputKind::kActor, "type");
    std::set<std::pair<std::string, int>> reported;
    for (uint32_t i = 0; i < rs_->lexicons.entry_count(); ++i) {
      const lexicon::Entry& e = rs_->lexicons.entry(i);
      if (!lexicons.count(static_cast<int>(e.lexicon))) continue;
      std::string_view type = e.Attr("type");
      bool ok = type.empty() || std::find(allowed.begin(), allowed.end(), type) != allowed.end();
      if (ok) continue;
      const lexicon::LexiconInfo& info = rs_->lexicons.info(e.lexicon);
      const std::string& entry_file = rs_->lexicons.EntryFile(i);
      if (!reported.insert({entry_file, e.line}).second) continue;
      file_ = entry_file;
      Error({entry_file, e.line, e.column},
            "lexicon '" + info.name + "' names actors, and its entry has type '" +
                std::string(type) + "' (allowed: " + JoinViews(allowed) + ")");
    }
  }

 private:
  SourcePos Pos(const YAML::Mark& m) const {
    if (m.line < 0) return {file_, 0, 0};
    return {file_, m.line + 1, m.column + 1};
  }

  void Error(SourcePos pos, std::string message) {
    Diagnostic d;
    d.severity = Diagnostic::Severity::kError;
    d.pos = std::move(pos);
    d.message = std::move(message);
    rs_->AttachSourceLine(&d);
    diags_->push_back(std::move(d));
  }

  bool Scalar(const YAML::Node& n, std::string* out, const char* what) {
    if (!n.IsScalar()) {
      Error(Pos(n.Mark()), std::string(what) + " must be a string");
      return false;
    }
    *out = n.Scalar();
    return true;
  }

  static bool ValidName(const std::string& s) {
    if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
  }

  void LoadLexicons(const YAML::Node& node) {
    if (!node.IsMap()) {
      Error(Pos(node.Mark()), "'lexicons' must be a map of name -> lexicon");
      return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string name = it->first.Scalar();
      SourcePos pos = Pos(it->first.Mark());
      if (!ValidName(name)) {
        Error(pos, "lexicon name '" + name + "' must match [a-z][a-z0-9_]*");
        continue;
      }
      const YAML::Node body = it->second;  // a copy: it-> yields a temporary
      // `extend: true` adds entries to a lexicon of any folder, so it waits
      // until every file is loaded (ApplyExtensions).
      if (body.IsMap() && body["extend"]) {
        extensions_.push_back({name, pos, body, file_});
        continue;
      }
      if (int other = rs_->lexicons.Find(name); other >= 0) {
        const lexicon::LexiconInfo& first = rs_->lexicons.info(static_cast<uint32_t>(other));
        Error(pos, "duplicate lexicon '" + name + "' (also defined at " + first.file + ":" +
                       std::to_string(first.line) +
                       "); to add entries to a lexicon of another folder, write 'extend: true' "
                       "in yours");
        continue;
      }
      LoadLexicon(name, pos, body);
    }
  }

  // Loads lexicon `name` from `node`, or with `extend_into` >= 0 adds its
  // entries to that lexicon (`extend: true`).
  void LoadLexicon(const std::string& name, const SourcePos& pos, const YAML::Node& node,
                   int extend_into = -1) {
    if (!node.IsMap()) {
      Error(pos, "lexicon '" + name + "' must be a map with 'entries:'");
      return;
    }
    lexicon::LexiconInfo info;
    info.name = name;
    info.file = file_;
    info.line = pos.line;
    bool case_sensitive = false, inflect = false;
    Attributes defaults;
    YAML::Node entries;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.Scalar();
      YAML::Node v = it->second;  // a copy: it-> yields a temporary
      std::string s;
      if (key == "description") {
        if (Scalar(v, &s, "description")) info.description = s;
      } else if (key == "source") {
        if (Scalar(v, &s, "source")) info.source = s;
      } else if (key == "group") {
        if (Scalar(v, &s, "group")) info.group = s;
      } else if (key == "repeats") {
        if (!Scalar(v, &s, "repeats")) return;
        if (s != "expected") {
          Error(Pos(v.Mark()), "'repeats' takes one value: expected (entries may repeat other "
                               "lexicons' without a warning)");
          return;
        }
        info.repeats_expected = true;
      } else if (key == "case") {
        if (!ParseCase(v, &case_sensitive)) return;
      } else if (key == "inflect") {
        if (!ParseInflect(v, &inflect)) return;
      } else if (key == "defaults") {
        if (!v.IsMap()) {
          Error(Pos(v.Mark()), "'defaults' must be a map of attribute -> value");
          return;
        }
        for (auto d = v.begin(); d != v.end(); ++d) {
          if (!Scalar(d->second, &s, "an attribute value")) return;
          defaults.emplace_back(d->first.Scalar(), s);
        }
      } else if (key == "entries") {
        entries = v;
      } else if (key == "examples") {
        // An actor lexicon's own examples: run as those of the actor rule
        // argx adds for it (AddImplicitActorRules).
        Rule holder;
        if (!LoadExamples(v, &holder)) return;
        LexiconExamples& ex = lexicon_examples_[name];
        ex.pos = Pos(it->first.Mark());
        ex.must_match = std::move(holder.must_match);
        ex.must_not_match = std::move(holder.must_not_match);
      } else if (key == "extend") {
        if (!Scalar(v, &s, "extend")) return;
        if (s != "true" && s != "yes") {
          Error(Pos(v.Mark()),
                "'extend' takes one value: true (add these entries to the lexicon "
                "of this name in another folder)");
          return;
        }
      } else {
        Error(Pos(it->first.Mark()),
              "unknown lexicon key '" + key +
                  "' (expected description, source, group, case, inflect, defaults, repeats, "
                  "extend, entries, examples)");
        return;
      }
    }
    if (!entries.IsSequence()) {
      Error(pos, "lexicon '" + name + "' needs a list 'entries:'");
      return;
    }
    const uint32_t lex =
        extend_into >= 0 ? static_cast<uint32_t>(extend_into) : rs_->lexicons.AddLexicon(info);
    for (YAML::Node e : entries) {
      lexicon::EntrySpec spec;
      if (extend_into >= 0) spec.file = file_;
      spec.case_sensitive = case_sensitive;
      spec.inflect = inflect;
      spec.line = e.Mark().line + 1;
      spec.column = e.Mark().column + 1;
      Attributes attrs = defaults;
      if (e.IsScalar()) {
        spec.variants.push_back(e.Scalar());
      } else if (e.IsMap()) {
        bool ok = true;
        for (auto it = e.begin(); it != e.end() && ok; ++it) {
          std::string key = it->first.Scalar();
          YAML::Node v = it->second;  // a copy: it-> yields a temporary
          if (key == "text") {
            if (v.IsScalar()) {
              spec.variants.push_back(v.Scalar());
            } else if (v.IsSequence()) {
              for (YAML::Node t : v) {
                std::string s;
                if (!Scalar(t, &s, "a text variant")) { ok = false; break; }
                spec.variants.push_back(s);
              }
            } else {
              Error(Pos(v.Mark()), "'text' must be a string or a list of strings");
              ok = false;
            }
          } else if (key == "case") {
            ok = ParseCase(v, &spec.case_sensitive);
          } else if (key == "inflect") {
            ok = ParseInflect(v, &spec.inflect);
          } else {
            std::string s;
            if (!Scalar(v, &s, "an attribute value")) { ok = false; break; }
            auto found = std::find_if(attrs.begin(), attrs.end(), [&](auto& a) { return a.first == key; });
            if (found != attrs.end()) found->second = s; else attrs.emplace_back(key, s);
          }
        }
        if (!ok) continue;
        if (spec.variants.empty()) {
          Error(Pos(e.Mark()), "lexicon entry without 'text'");
          continue;
        }
      } else {
        Error(Pos(e.Mark()), "a lexicon entry is a string or a map with 'text:'");
        continue;
      }
      spec.attributes = std::move(attrs);
      if (spec.case_sensitive && spec.inflect) {
        Diagnostic d;
        d.severity = Diagnostic::Severity::kWarning;
        d.pos = Pos(e.Mark());
        d.message = "entry is case-sensitive and inflected: only the form as written matches "
                    "(use case: insensitive for inflections)";
        rs_->AttachSourceLine(&d);
        diags_->push_back(std::move(d));
      }
      Status s = rs_->lexicons.AddEntry(lex, spec, &segmenter_);
      if (!s.ok()) Error(Pos(e.Mark()), s.message());
    }
  }

  bool ParseCase(const YAML::Node& v, bool* sensitive) {
    std::string s = v.IsScalar() ? v.Scalar() : "";
    if (s == "sensitive") { *sensitive = true; return true; }
    if (s == "insensitive") { *sensitive = false; return true; }
    Error(Pos(v.Mark()), "'case' must be sensitive or insensitive");
    return false;
  }

  bool ParseInflect(const YAML::Node& v, bool* inflect) {
    std::string s = v.IsScalar() ? v.Scalar() : "";
    if (s == "true" || s == "yes" || s == "lemma") { *inflect = true; return true; }
    if (s == "false" || s == "no" || s == "none") { *inflect = false; return true; }
    Error(Pos(v.Mark()), "'inflect' must be true (match every word by its lemma) or false");
    return false;
  }

  void LoadRules(const YAML::Node& node) {
    if (!node.IsSequence()) {
      Error(Pos(node.Mark()), "'rules' must be a list");
      return;
    }
    for (YAML::Node r : node) LoadRule(r);
  }

  void LoadRule(const YAML::Node& node) {
    if (!node.IsMap()) {
      Error(Pos(node.Mark()), "a rule is a map with id, output and pattern");
      return;
    }
    Rule rule;
    rule.pos = Pos(node.Mark());
    bool has_stage = false, has_output = false, has_label = false;
    SourcePos stage_pos;
    std::vector<SourcePos> set_key_pos, set_value_pos;  // per entry of rule.set
    YAML::Node pattern_node;
    bool has_pattern = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.Scalar();
      YAML::Node v = it->second;  // a copy: it-> yields a temporary
      std::string s;
      if (key == "id") {
        if (!Scalar(v, &rule.id, "id")) return;
      } else if (key == "description") {
        if (!Scalar(v, &rule.description, "description")) return;
      } else if (key == "stage") {
        if (!Scalar(v, &s, "stage")) return;
        has_stage = true;
        stage_pos = Pos(v.Mark());
        if (s == "actors") rule.stage = Stage::kActors;
        else if (s == "phrases") rule.stage = Stage::kPhrases;
        else if (s == "stances") rule.stage = Stage::kStances;
        else if (s == "claims") rule.stage = Stage::kClaims;
        else { Error(Pos(v.Mark()), "unknown stage '" + s + "' (expected actors, phrases, stances or claims)"); return; }
      } else if (key == "output") {
        if (!Scalar(v, &s, "output")) return;
        has_output = true;
        if (s == "actor") rule.output = OutputKind::kActor;
        else if (s == "stance") rule.output = OutputKind::kStance;
        else if (s == "claim") rule.output = OutputKind::kClaim;
        else if (s == "label") rule.output = OutputKind::kLabel;
        else { Error(Pos(v.Mark()), "unknown output '" + s + "' (expected actor, stance, claim or label)"); return; }
      } else if (key == "label") {
        if (!Scalar(v, &rule.label, "label")) return;
        if (!ValidName(rule.label)) { Error(Pos(v.Mark()), "label '" + rule.label + "' must match [a-z][a-z0-9_]*"); return; }
        has_label = true;
      } else if (key == "priority") {
        if (!Scalar(v, &s, "priority")) return;
        char* end = nullptr;
        long p = std::strtol(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0') { Error(Pos(v.Mark()), "priority must be an integer"); return; }
        rule.priority = static_cast<int>(p);
      } else if (key == "overlap") {
        if (!Scalar(v, &s, "overlap")) return;
        if (s == "keep") rule.keep_overlaps = true;
        else if (s == "drop") rule.keep_overlaps = false;
        else { Error(Pos(v.Mark()), "overlap must be keep or drop"); return; }
      } else if (key == "set") {
        if (!v.IsMap()) { Error(Pos(v.Mark()), "'set' must be a map of field -> value"); return; }
        for (auto d = v.begin(); d != v.end(); ++d) {
          if (!Scalar(d->second, &s, "a set value")) return;
          rule.set.emplace_back(d->first.Scalar(), s);
          set_key_pos.push_back(Pos(d->first.Mark()));
          set_value_pos.push_back(Pos(d->second.Mark()));
        }
      } else if (key == "pattern" || key == "regex") {
        if (has_pattern) { Error(Pos(it->first.Mark()), "a rule has one pattern: 'pattern' or 'regex', not both"); return; }
        has_pattern = true;
        pattern_node = v;
        rule.is_regex = key == "regex";
        if (!v.IsScalar()) { Error(Pos(v.Mark()), key + " must be a string"); return; }
      } else if (key == "examples") {
        if (!LoadExamples(v, &rule)) return;
      } else {
        Error(Pos(it->first.Mark()),
              "unknown rule key '" + key +
                  "' (expected id, description, stage, output, label, priority, overlap, set, "
                  "pattern, regex, examples)");
        return;
      }
    }
    if (rule.id.empty()) { Error(rule.pos, "rule without 'id'"); return; }
    if (!has_output) { Error(rule.pos, "rule '" + rule.id + "' needs 'output' (actor, stance, claim or label)"); return; }
    if (!has_pattern) { Error(rule.pos, "rule '" + rule.id + "' needs a 'pattern' (or 'regex')"); return; }
    if (!has_stage) {
      rule.stage = StageOf(rule.output);
    } else if (rule.output != OutputKind::kLabel && rule.stage != StageOf(rule.output)) {
      // The extractor reads actor matches in stage actors only, and so on:
      // anywhere else the rule would match and silently give nothing.
      Error(stage_pos, std::string("output ") + OutputName(rule.output) + " runs in stage " +
                           StageName(StageOf(rule.output)) + ", not " + StageName(rule.stage) +
                           " (only label rules may choose their stage)");
      return;
    }
    if (!CheckSet(rule, set_key_pos, set_value_pos)) return;
    if (rule.output == OutputKind::kActor) {
      rule.label = "actor";
    } else if (!has_label) {
      rule.label = rule.output == OutputKind::kLabel ? "" : OutputName(rule.output);
    }
    if (rule.output == OutputKind::kLabel && rule.label.empty()) {
      Error(rule.pos, "rule '" + rule.id + "' outputs a label: give it 'label: NAME'");
      return;
    }
    if (ids_.count(rule.id)) {
      Error(rule.pos, "duplicate rule id '" + rule.id + "' (first defined at " + ids_[rule.id] + ")");
      return;
    }
    ids_[rule.id] = rule.pos.file + ":" + std::to_string(rule.pos.line);
    SetPatternText(pattern_node, &rule);
    if (!rule.is_regex) {
      Diagnostic err;
      const Rule& r = rule;
      if (!ParsePattern(rule.pattern, [&r](int off) { return r.PatternPos(off); }, &rule.tree, &err)) {
        rs_->AttachSourceLine(&err);
        diags_->push_back(std::move(err));
        return;
      }
    }
    rs_->rules.push_back(std::move(rule));
  }

  // `set:` keys and values the output accepts (SetKeys, SetValues).
  bool CheckSet(const Rule& rule, const std::vector<SourcePos>& key_pos,
                const std::vector<SourcePos>& value_pos) {
    const auto& keys = SetKeys(rule.output);
    bool ok = true;
    for (size_t i = 0; i < rule.set.size(); ++i) {
      const auto& [key, value] = rule.set[i];
      if (rule.output == OutputKind::kLabel) break;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        Error(key_pos[i], "set: '" + key + "' means nothing for output " + OutputName(rule.output) +
                              " (keys: " + JoinViews(keys) + ")");
        ok = false;
        continue;
      }
      const auto& values = SetValues(rule.output, key);
      if (!values.empty() && std::find(values.begin(), values.end(), value) == values.end()) {
        Error(value_pos[i], "set: " + key + " '" + value + "' is not allowed for output " +
                                OutputName(rule.output) + " (allowed: " + JoinViews(values) + ")");
        ok = false;
      }
    }
    return ok;
  }

  // The pattern text and a map from its offsets back to the file. For block
  // scalars (> or |) the text is rebuilt from the source lines, joined with
  // newlines, so '#' comments end at the line's end and carets land exactly.
  void SetPatternText(const YAML::Node& v, Rule* rule) {
    SourcePos start = Pos(v.Mark());
    rule->pattern_pos = start;
    std::string_view line = LineOf(source_, start.line);
    char indicator = start.column - 1 < static_cast<int>(line.size()) ? line[start.column - 1] : ' ';
    if (indicator == '>' || indicator == '|') {
      std::string text;
      int indent = -1;
      int key_indent = static_cast<int>(line.find_first_not_of(' '));
      for (int l = start.line + 1; l <= CountLines(); ++l) {
        std::string_view src = LineOf(source_, l);
        size_t first = src.find_first_not_of(' ');
        bool blank = first == std::string_view::npos;
        if (!blank) {
          if (indent < 0) {
            if (static_cast<int>(first) <= key_indent) break;  // empty block
            indent = static_cast<int>(first);
          }
          if (static_cast<int>(first) < indent) break;
        }
        if (!text.empty() || !blank) {
          if (!text.empty()) text += '\n';
          if (!blank) {
            rule->pattern_lines.emplace_back(static_cast<int>(text.size()),
                                             SourcePos{file_, l, indent + 1});
            text += std::string(src.substr(indent));
          }
        }
      }
      while (!text.empty() && text.back() == '\n') text.pop_back();
      rule->pattern = text;
      if (!rule->pattern_lines.empty()) rule->pattern_pos = rule->pattern_lines.front().second;
      return;
    }
    rule->pattern = v.Scalar();
    if (indicator == '"' || indicator == '\'') start.column += 1;
    rule->pattern_pos = start;
    rule->pattern_lines.emplace_back(0, start);
  }

  int CountLines() {
    if (line_count_file_ != file_) {
      line_count_file_ = file_;
      line_count_ = static_cast<int>(std::count(source_.begin(), source_.end(), '\n')) + 1;
    }
    return line_count_;
  }

  bool LoadExample(const YAML::Node& e, bool with_expect, Example* out) {
    out->pos = Pos(e.Mark());
    if (e.IsScalar()) {
      out->text = e.Scalar();
      return true;
    }
    if (!e.IsMap() || !e["text"]) {
      Error(out->pos, "an example is a sentence, or a map with 'text:' (and 'expect:')");
      return false;
    }
    for (auto it = e.begin(); it != e.end(); ++it) {
      std::string key = it->first.Scalar();
      if (key == "text") {
        if (!Scalar(it->second, &out->text, "example text")) return false;
      } else if (key == "expect" && with_expect) {
        if (!it->second.IsMap()) { Error(Pos(it->second.Mark()), "'expect' must be a map of field -> value"); return false; }
        for (auto d = it->second.begin(); d != it->second.end(); ++d) {
          std::string s;
          if (!Scalar(d->second, &s, "an expected value")) return false;
          out->expect.emplace_back(d->first.Scalar(), s);
        }
      } else if (key == "expect_any" && with_expect) {
        std::string s;
        if (!Scalar(it->second, &s, "expect_any")) return false;
        if (s != "true" && s != "false") {
          Error(Pos(it->second.Mark()), "'expect_any' must be true or false");
          return false;
        }
        out->any_rule = s == "true";
      } else if (key == "why" || key == "note") {
        // free text for the reader
      } else {
        Error(Pos(it->first.Mark()),
              "unknown example key '" + key + "' (expected text, expect, expect_any, why)");
        return false;
      }
    }
    return true;
  }

  bool LoadExamples(const YAML::Node& v, Rule* rule) {
    if (!v.IsMap()) { Error(Pos(v.Mark()), "'examples' must be a map with 'match:' and/or 'no_match:'"); return false; }
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string key = it->first.Scalar();
      bool positive = key == "match";
      if (!positive && key != "no_match") {
        Error(Pos(it->first.Mark()), "unknown examples key '" + key + "' (expected match or no_match)");
        return false;
      }
      YAML::Node list = it->second;  // a copy: a range over it->second would dangle
      if (!list.IsSequence()) {
        Error(Pos(list.Mark()), "'" + key + "' must be a list");
        return false;
      }
      for (YAML::Node e : list) {
        Example ex;
        if (!LoadExample(e, positive, &ex)) return false;
        (positive ? rule->must_match : rule->must_not_match).push_back(std::move(ex));
      }
    }
    return true;
  }

  static const PatternNode* FindCapture(const PatternNode& n, std::string_view name) {
    if (n.kind == PatternNode::Kind::kCapture && n.name == name) return &n;
    for (const PatternNode& c : n.children) {
      if (const PatternNode* f = FindCapture(c, name)) return f;
    }
    return nullptr;
  }

  void CollectSpanRefs(const PatternNode& n, std::set<int>* out) const {
    if (n.kind == PatternNode::Kind::kSpan) {
      int lex = rs_->lexicons.Find(n.span.name);
      if (lex >= 0) out->insert(lex);
    }
    for (const PatternNode& c : n.children) CollectSpanRefs(c, out);
  }

  // The examples written on a lexicon (`examples:`), by lexicon name.
  struct LexiconExamples {
    SourcePos pos;
    std::vector<Example> must_match, must_not_match;
  };
  std::map<std::string, LexiconExamples> lexicon_examples_;

  struct Extension {
    std::string name;
    SourcePos pos;
    YAML::Node node;
    std::string file;
  };

  RuleSet* rs_;
  std::vector<Diagnostic>* diags_;
  text::Segmenter segmenter_;
  std::vector<Extension> extensions_;  // `extend: true` lexicons, applied after every file
  std::string file_;
  std::string source_;
  std::string fingerprint_input_;
  std::map<std::string, std::string> ids_;
  std::string line_count_file_;
  int line_count_ = 0;
};

namespace {

std::string Digest(std::string_view data) {
  // Two independent FNV-1a 64-bit passes: a fingerprint, not a security hash.
  uint64_t a = 1469598103934665603ull, b = 1099511628211ull ^ 0x9e3779b97f4a7c15ull;
  for (unsigned char c : data) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 0x100000001b3ull + 0x9e37;
  }
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

bool IsHidden(const std::filesystem::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

namespace {

// Every lexicon or label name a pattern refers to.
void CollectNames(const TokenTest& t, std::set<std::string>* out) {
  if (t.kind == TokenTest::Kind::kInSpan) out->insert(t.span.name);
  for (const TokenTest& c : t.children) CollectNames(c, out);
}
void CollectNames(const PatternNode& n, std::set<std::string>* out) {
  if (n.kind == PatternNode::Kind::kSpan) out->insert(n.span.name);
  if (n.kind == PatternNode::Kind::kToken) CollectNames(n.test, out);
  for (const PatternNode& c : n.children) CollectNames(c, out);
}

// The order in which to load the roots (folders or files given), whatever
// the order they were given in: a root that builds on another (uses a
// lexicon or label that the other defines and it does not) comes before
// it, so its rules win ties against the rules it refines; of roots that do
// not build on each other (or on each other both ways) the one with fewer
// rules goes first (a user's folder beside the default rules is the more
// specific), then by path.
std::vector<size_t> CanonicalOrder(const std::vector<std::string>& roots, const RuleSet& rs,
                                   const std::map<std::string, size_t>& root_of_file) {
  size_t n = roots.size();
  std::vector<std::set<std::string>> defines(n), uses(n);
  std::vector<size_t> rule_count(n, 0);
  auto root_of = [&](const std::string& file) -> size_t {
    auto it = root_of_file.find(file);
    return it == root_of_file.end() ? n : it->second;
  };
  for (uint32_t l = 0; l < rs.lexicons.lexicon_count(); ++l) {
    size_t r = root_of(rs.lexicons.info(l).file);
    if (r < n) defines[r].insert(rs.lexicons.info(l).name);
  }
  for (const Rule& rule : rs.rules) {
    size_t r = root_of(rule.pos.file);
    if (r == n) continue;
    ++rule_count[r];
    if (!rule.label.empty() && rule.output != OutputKind::kStance &&
        rule.output != OutputKind::kClaim) {
      defines[r].insert(rule.label);
    }
    if (!rule.is_regex) CollectNames(rule.tree, &uses[r]);
  }
  // builds_on[a][b]: a uses a name only b (of the two) defines.
  std::vector<std::vector<char>> builds_on(n, std::vector<char>(n, 0));
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      if (a == b) continue;
      for (const std::string& name : uses[a]) {
        if (!defines[a].count(name) && defines[b].count(name)) {
          builds_on[a][b] = 1;
          break;
        }
      }
    }
  }
  std::vector<size_t> order, left(n);
  for (size_t i = 0; i < n; ++i) left[i] = i;
  auto by_path = [&](size_t a, size_t b) {
    if (rule_count[a] != rule_count[b]) return rule_count[a] < rule_count[b];
    return roots[a] < roots[b] || (roots[a] == roots[b] && a < b);
  };
  while (!left.empty()) {
    // Roots no other remaining root builds on (one-way) may go next.
    std::vector<size_t> ready;
    for (size_t c : left) {
      bool needed = false;
      for (size_t o : left) needed = needed || (o != c && builds_on[o][c] && !builds_on[c][o]);
      if (!needed) ready.push_back(c);
    }
    if (ready.empty()) ready = left;
    size_t next = *std::min_element(ready.begin(), ready.end(), by_path);
    order.push_back(next);
    left.erase(std::find(left.begin(), left.end(), next));
  }
  return order;
}

}  // namespace

Status RuleSet::Load(const std::vector<std::string>& paths, std::unique_ptr<RuleSet>* out,
                     std::vector<Diagnostic>* diagnostics) {
  namespace fs = std::filesystem;
  const size_t errors_before = diagnostics->size();
  std::vector<std::string> roots;
  for (const std::string& p : paths) roots.push_back(fs::path(p).lexically_normal().string());
  std::vector<size_t> order(paths.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::unique_ptr<RuleSet> rs;
  // Loaded in the order given; loaded once more when the canonical order
  // (CanonicalOrder) differs, so that nothing depends on the order given.
  for (int pass = 0; pass < 2; ++pass) {
    diagnostics->resize(errors_before);
    rs = std::make_unique<RuleSet>();
    Loader loader(rs.get(), diagnostics);
    std::map<std::string, size_t> root_of_file;
    for (size_t r : order) {
      const std::string& root = paths[r];
      std::error_code ec;
      if (fs::is_regular_file(root, ec)) {
        loader.LoadFile(root, root);
        root_of_file[root] = r;
        continue;
      }
      if (!fs::is_directory(root, ec)) {
        diagnostics->push_back(
            {Diagnostic::Severity::kError, {root, 0, 0}, "no such rules file or directory", ""});
        continue;
      }
      std::vector<fs::path> files;
      fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
      fs::recursive_directory_iterator end;
      for (; it != end; it.increment(ec)) {
        if (ec) break;
        if (IsHidden(it->path())) {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        loader.LoadFile(f.string(), f.lexically_normal().string());
        root_of_file[f.lexically_normal().string()] = r;
      }
    }
    if (pass == 0 && paths.size() > 1) {
      std::vector<size_t> canonical = CanonicalOrder(roots, *rs, root_of_file);
      if (canonical != order) {
        order = std::move(canonical);
        continue;
      }
    }
    loader.ApplyExtensions();
    loader.AddImplicitActorRules();
    loader.CheckActorLexicons();
    std::vector<size_t> rank = loader.LexiconRanks(order, root_of_file);
    if (order.size() > 1) loader.WarnRepeatedEntries(order, rank);
    loader.WarnActorIdCollisions(rank);
    loader.WarnActorNamesEndingInTitles(rank);
    rs->lexicons.Build();
    rs->fingerprint = Digest(loader.fingerprint_input());
    break;
  }
  size_t errors = 0;
  for (size_t i = errors_before; i < diagnostics->size(); ++i) {
    if ((*diagnostics)[i].severity == Diagnostic::Severity::kError) ++errors;
  }
  *out = std::move(rs);
  if (errors > 0) {
    return Status::Error(std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                         " in rule files");
  }
  return Status::Ok();
}

}  // namespace argx::rules
