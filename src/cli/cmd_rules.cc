// argx rules check|test|list|new|diff: the rule writer's tools.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "base/strings.h"
#include "batch/pipeline.h"
#include "cli/commands.h"
#include "cli/rule_loading.h"
#include "extract/examples.h"
#include "review/compare.h"

namespace argx::cli {
namespace {

int Check(const std::vector<std::string>& paths, bool no_warnings) {
  std::unique_ptr<extract::Extractor> ex;
  std::vector<rules::Diagnostic> diags;
  Status s = LoadExtractor(paths, !no_warnings, &ex, &diags);
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) (d.severity == rules::Diagnostic::Severity::kError ? errors : warnings)++;
  if (!s.ok()) {
    std::fprintf(stderr, "argx rules check: %zu error(s), %zu warning(s)\n", errors, warnings);
    HintDefaultRules(diags, paths, "argx rules check");
    return kExitError;
  }
  const auto& rs = ex->rule_set();
  size_t examples = 0;
  for (const auto& r : rs.rules) examples += r.must_match.size() + r.must_not_match.size();
  std::printf("%zu files, %zu rules, %zu lexicons (%zu entries), %zu examples: 0 errors, %zu warnings\n",
              rs.files.size(), rs.rules.size(), rs.lexicons.lexicon_count(),
              rs.lexicons.entry_count(), examples, warnings);
  return kExitOk;
}

// The folder or file of `paths` that holds `file`, or "".
std::string PathHolding(const std::vector<std::string>& paths, const std::string& file) {
  std::error_code ec;
  const std::filesystem::path f = std::filesystem::weakly_canonical(file, ec);
  if (ec) return "";
  for (const std::string& p : paths) {
    const std::filesystem::path root = std::filesystem::weakly_canonical(p, ec);
    if (ec) continue;
    auto [end, _] = std::mismatch(root.begin(), root.end(), f.begin(), f.end());
    if (end == root.end()) return p;
  }
  return "";
}

std::string JoinAll(const std::vector<std::string>& paths) {
  std::string s;
  for (const auto& p : paths) s += (s.empty() ? "" : " ") + p;
  return s;
}

std::string JoinOthers(const std::vector<std::string>& paths, const std::string& but) {
  std::string s;
  for (const auto& p : paths) {
    if (p != but) s += (s.empty() ? "" : " and ") + p;
  }
  return s;
}

// The default rules loaded alone, once per `rules test`, and the reports of
// their rules' examples run there: which failing default examples pass
// without the user's folders.
struct DefaultsAlone {
  bool tried = false;
  std::unique_ptr<extract::Extractor> ex;                 // null when they cannot load alone
  std::map<std::string, extract::ExampleReport> reports;  // by rule id
};

// Whether failure `f` (a run over all of `paths`) is an example of a
// default rule that passes when the default rules are loaded alone: the
// user's folders changed the result. The user's own examples are never
// such: theirs must pass with the defaults loaded. Sets *folder to the
// default rules' folder.
bool ChangedByOtherFolders(const extract::ExampleFailure& f, const std::vector<std::string>& paths,
                           DefaultsAlone* alone, std::string* folder) {
  if (paths.size() < 2 || f.rule == nullptr || f.example == nullptr) return false;
  const std::string holder = PathHolding(paths, f.example->pos.file);
  if (holder.empty() || !IsDefaultRulesFolder(holder)) return false;
  if (!alone->tried) {
    alone->tried = true;
    std::vector<rules::Diagnostic> diags;
    if (!extract::Extractor::Create({holder}, &alone->ex, &diags).ok()) alone->ex.reset();
  }
  if (alone->ex == nullptr) return false;
  auto [rep, run] = alone->reports.try_emplace(f.rule->id);
  if (run) rep->second = extract::RunExamples(*alone->ex, f.rule->id);
  for (const auto& g : rep->second.failures) {
    if (g.example != nullptr && g.example->pos.line == f.example->pos.line &&
        g.example->pos.file == f.example->pos.file) {
      return false;  // fails alone too
    }
  }
  *folder = holder;
  return true;
}

int Test(const std::vector<std::string>& paths, std::string rule) {
  // "--rule 'mine.*'" reads as the prefix it means: ids are matched by prefix.
  while (!rule.empty() && rule.back() == '*') rule.pop_back();
  std::unique_ptr<extract::Extractor> ex;
  std::vector<rules::Diagnostic> diags;
  if (!LoadExtractor(paths, false, &ex, &diags).ok()) {
    HintDefaultRules(diags, paths, "argx rules test");
    return kExitError;
  }
  if (!rule.empty()) {
    bool any = false;
    for (const auto& r : ex->rule_set().rules) any = any || r.id.compare(0, rule.size(), rule) == 0;
    if (!any) {
      std::vector<std::string> close = CloseIds(ex->rule_set(), rule);
      std::fprintf(stderr, "argx rules test: no rule id starts with '%s'%s\n", rule.c_str(),
                   close.empty() ? ("; no id is close to it (argx rules list " + JoinAll(paths) +
                                    " lists them)")
                                       .c_str()
                                 : DidYouMean(close).c_str());
      return kExitChecksFailed;
    }
  }
  extract::ExampleReport r = extract::RunExamples(*ex, rule);
  // With several folders, an example of one folder may fail only because of
  // another: a user's lexicon or rule changes what a default rule reads
  // ("China's Ministry of Commerce said" is the user's ministry now, not
  // China). Such examples are shown apart and are no failures: the change
  // is the user's to keep or undo.
  std::vector<const extract::ExampleFailure*> failed, changed;
  std::string changed_by;
  DefaultsAlone alone;
  for (const auto& f : r.failures) {
    (ChangedByOtherFolders(f, paths, &alone, &changed_by) ? changed : failed).push_back(&f);
  }
  for (const auto* f : failed) std::printf("%s\n\n", f->Format().c_str());
  if (!changed.empty()) {
    std::printf(
        "%zu default example%s (%s) pass%s with the default rules alone but not with %s: your "
        "rules change what %s there (a lexicon name of yours takes the place of a default reading, "
        "or a rule of yours wins the overlap). Keep the change if you mean it; else rename or "
        "narrow "
        "yours. `argx rules test %s --rule ID` tests only your rules.\n\n",
        changed.size(), changed.size() == 1 ? "" : "s", changed_by.c_str(),
        changed.size() == 1 ? "es" : "", JoinOthers(paths, changed_by).c_str(),
        changed.size() == 1 ? "its rule reads" : "their rules read", JoinAll(paths).c_str());
    for (const auto* f : changed) std::printf("changed: %s\n\n", f->Format().c_str());
  }
  // `rules check` counts every rule: say how many of them have examples,
  // and which have none.
  int total = 0, says_no_actor = 0;
  std::vector<std::string> bare_ids;  // the selected rules without examples
  for (const auto& x : ex->rule_set().rules) {
    if (!rule.empty() && x.id.compare(0, rule.size(), rule) != 0) continue;
    ++total;
    if (!x.must_match.empty() || !x.must_not_match.empty()) continue;
    // A rule that only says a name is no actor (type: none) outputs
    // nothing an example could expect: the counter-examples of the rules it
    // stops test it.
    if (x.output == rules::OutputKind::kActor && x.Set("type") == "none") {
      ++says_no_actor;
    } else {
      bare_ids.push_back(x.id);
    }
  }
  std::string without;
  if (!bare_ids.empty()) {
    // Name them when they are few enough to read.
    std::string names;
    if (bare_ids.size() <= 10) {
      for (const auto& id : bare_ids) names += (names.empty() ? ": " : ", ") + id;
    }
    without = "; " + std::to_string(bare_ids.size()) +
              (bare_ids.size() == 1 ? " rule has no examples" : " rules have no examples") + names;
  }
  if (says_no_actor > 0) {
    without += "; " + std::to_string(says_no_actor) +
               (says_no_actor == 1 ? " rule only says" : " rules only say") +
               " a name is no actor (the examples of the rules they stop test them)";
  }
  std::string changed_note;
  if (!changed.empty()) {
    changed_note = ", " + std::to_string(changed.size()) + " changed by your rules (above)";
  }
  std::printf("rules test: %d example%s in %d of %d rule%s: %d passed, %zu failed%s%s\n",
              r.examples, r.examples == 1 ? "" : "s", r.rules, total, total == 1 ? "" : "s",
              r.passed, failed.size(), changed_note.c_str(), without.c_str());
  return failed.empty() ? kExitOk : kExitChecksFailed;
}

// Loads without compiling: a folder that builds on the default rules' labels
// lists alone (names are resolved when patterns compile).
bool LoadOnly(const std::vector<std::string>& paths, std::unique_ptr<rules::RuleSet>* out) {
  std::vector<rules::Diagnostic> diags;
  Status s = rules::RuleSet::Load(paths, out, &diags);
  if (!s.ok() && !DeferredRulesNote().empty()) std::fputs(DeferredRulesNote().c_str(), stderr);
  for (const auto& d : diags) {
    if (d.severity == rules::Diagnostic::Severity::kError)
      std::fprintf(stderr, "%s\n", d.Format().c_str());
  }
  return s.ok();
}

int List(const std::vector<std::string>& paths) {
  std::unique_ptr<rules::RuleSet> rs;
  if (!LoadOnly(paths, &rs)) return kExitError;
  size_t width = 2;
  for (const auto& r : rs->rules) width = std::max(width, r.id.size());
  std::printf("%-*s  %-8s %-7s %5s %4s  %s\n", static_cast<int>(width), "id", "stage", "output",
              "prio.", "ex.", "description");
  for (const auto& r : rs->rules) {
    std::string output = rules::OutputName(r.output);
    if (r.output == rules::OutputKind::kLabel) output = "@" + r.label;
    std::printf("%-*s  %-8s %-7s %5d %4zu  %s\n", static_cast<int>(width), r.id.c_str(),
                rules::StageName(r.stage), output.c_str(), r.priority,
                r.must_match.size() + r.must_not_match.size(), r.description.c_str());
  }
  // The extractor's own mechanisms run wherever their lexicons are loaded.
  if (rs->lexicons.Find("attribution_verbs") >= 0 || rs->lexicons.Find("org_heads") >= 0) {
    std::printf(
        "\nbuilt into argx (ids in the output too; `argx explain --rule ID` describes each):\n");
    for (const extract::BuiltInRule& b : extract::kBuiltInRules) {
      const char* output = b.id.rfind("claim.", 0) == 0 ? "claim" : "actor";
      std::printf("%-*s  %-8s %-7s %5s %4s  %s\n", static_cast<int>(width),
                  std::string(b.id).c_str(), "-", output, "-", "-",
                  std::string(b.description).c_str());
    }
  }
  return kExitOk;
}

// `rules list --labels`: every name a pattern can use as @NAME, as a
// Markdown table (docs/rules.md carries it). Lexicons: attributes are the
// keys their entries carry; labels: the stage that makes them, the `set:`
// keys of their rules, the rules.
int ListLabels(const std::vector<std::string>& paths) {
  std::unique_ptr<rules::RuleSet> rs;
  if (!LoadOnly(paths, &rs)) return kExitError;
  struct Row {
    std::string kind, made_by, attributes, description;
  };
  std::map<std::string, Row> rows;
  const auto& lex = rs->lexicons;
  std::vector<std::set<std::string>> keys(lex.lexicon_count());
  for (uint32_t i = 0; i < lex.entry_count(); ++i) {
    for (const auto& [k, v] : lex.entry(i).attributes) keys[lex.entry(i).lexicon].insert(k);
  }
  // A file named from its folder as given ("rules/stances/cues.yaml"), not
  // from where that folder was found ("/home/me/argx/rules/..." for a
  // "rules" resolved to the default rules), so the table reads the same
  // wherever it is made.
  auto shown = [&paths](const std::string& file) {
    for (const std::string& p : paths) {
      std::string root = p;
      while (root.size() > 1 && root.back() == '/') root.pop_back();
      if (file.size() > root.size() + 1 && file.compare(0, root.size(), root) == 0 &&
          file[root.size()] == '/') {
        return std::filesystem::path(root).filename().string() + file.substr(root.size());
      }
    }
    return file;
  };
  for (uint32_t l = 0; l < lex.lexicon_count(); ++l) {
    const auto& info = lex.info(l);
    Row row{"lexicon", shown(info.file), "", info.description};
    for (const auto& k : keys[l]) row.attributes += (row.attributes.empty() ? "" : ", ") + k;
    rows[info.name] = row;
  }
  std::map<std::string, std::set<std::string>> rule_ids, attrs;
  std::map<std::string, std::string> stage, description;
  for (const rules::Rule& r : rs->rules) {
    if (r.output != rules::OutputKind::kLabel && r.output != rules::OutputKind::kActor) continue;
    if (r.output == rules::OutputKind::kActor && r.Set("type") == "none") continue;
    rule_ids[r.label].insert(r.id);
    stage[r.label] = rules::StageName(r.stage);
    for (const auto& [k, v] : r.set) attrs[r.label].insert(k);
    if (description[r.label].empty()) description[r.label] = r.description;
  }
  for (const auto& [label, ids] : rule_ids) {
    Row row;
    row.kind = std::string("label (") + stage[label] + ")";
    if (label == "actor") {
      row.made_by = std::to_string(ids.size()) + " actor rules";
      row.attributes = "canonical, id, type, affiliation";
      row.description = "every actor mention, after surnames are resolved";
    } else {
      for (const auto& id : ids) row.made_by += (row.made_by.empty() ? "" : ", ") + id;
      for (const auto& k : attrs[label]) row.attributes += (row.attributes.empty() ? "" : ", ") + k;
      row.description = description[label];
    }
    rows[label] = row;
  }
  auto cell = [](std::string s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::printf("| name | kind | made by | attributes | description |\n|---|---|---|---|---|\n");
  for (const auto& [name, row] : rows) {
    std::printf("| `@%s` | %s | %s | %s | %s |\n", name.c_str(), row.kind.c_str(),
                cell(row.made_by).c_str(), cell(row.attributes).c_str(),
                cell(row.description).c_str());
  }
  return kExitOk;
}

// ---- rules new -------------------------------------------------------------

// The starter folder: an actor lexicon, a stance rule and a claim rule, each
// with examples, built on the default rules' labels. NAME is the folder; its
// last component, as a lowercase slug, prefixes the ids and lexicon names.
constexpr char kStarterActors[] =
    R"yaml(# Actors of your domain. An entry with a canonical name and a type (state,
# organization, person, group) is an actor: it becomes an @actor span, can
# hold a stance or make a claim, and its longest name wins over shorter
# default names inside it. Ids must differ from the default actors' (CAN is
# Canada). See docs/rules.md, "Adding actors".
lexicons:
  NAME_actors:
    description: "actors of the NAME domain (replace with your own)"
    entries:
      - { text: ["Alliance of Small Island States", AOSIS], canonical: "Alliance of Small Island States", id: "AOSIS", type: group }
      - { text: "Climate Action Network", canonical: "Climate Action Network", id: "CAN-I", type: organization }
      - { text: CAN, case: sensitive, canonical: "Climate Action Network", id: "CAN-I", type: organization }   # not "can"
      - { text: "Green Climate Fund", canonical: "Green Climate Fund", id: "GCF", type: organization }
    # run by `argx rules test` as the examples of rule actor.lexicon.NAME_actors
    examples:
      match:
        - text: "CAN welcomed the talks."
          expect: { actor: Climate Action Network, actor_id: CAN-I, actor_type: organization }
      no_match:
        - "We can welcome the talks."
)yaml";

constexpr char kStarterStances[] =
    R"yaml(# A stance rule: <holder> <cue> <target>. @holders is the default holder
# phrase (an actor, a pronoun, a coordination); @aside? skips ", which ...,"
# or ", the ...," after it; [!@tstop] stops the target at
# the end of its clause. Pick cues the default lexicons lack (`rules check`
# warns about a cue a default lexicon has: a default rule already takes it).
# `argx rules test rules FOLDER` runs the examples.
lexicons:
  NAME_support_verbs:
    description: "verbs by which an actor of the NAME domain supports something"
    inflect: true
    entries: [subsidize, subsidise, cofund, "co-fund"]
rules:
  - id: NAME.stance.support
    description: "<holder> subsidizes / co-funds <target>"
    output: stance
    set: { polarity: support }
    pattern: (?<holder> @holders) @holder_body? @aside? @verb_and? @aux? (?<cue> @NAME_support_verbs) (?<target> [!@tstop]{1,8})
    examples:
      match:
        - text: "AOSIS subsidized a loss and damage fund."
          expect: { holder: Alliance of Small Island States, polarity: support, target: "a loss and damage fund" }
        - text: "The Alliance of Small Island States subsidized the fund."
          expect: { holder: Alliance of Small Island States, target: "the fund" }
        - text: "The Climate Action Network cofunded the campaign, which failed."
          expect: { holder: Climate Action Network, target: "the campaign" }
        # @aside? skips an appositive or relative clause after the holder
        - text: "The Green Climate Fund, which disburses climate finance, cofunded the campaign."
          expect: { holder: Green Climate Fund, target: "the campaign" }
      no_match:
        - "Activists subsidized a loss and damage fund."
)yaml";

constexpr char kStarterClaims[] =
    R"yaml(# A claim rule: <claimant> <cue> <content>. set: claim_type is one of
# assertion, prediction, normative.
lexicons:
  NAME_scenario_nouns:
    description: "what the scenarios of the NAME domain are called"
    inflect: true
    entries: [scenario, "emissions pathway", "carbon budget"]
rules:
  - id: NAME.claim.scenario
    description: "<claimant>'s scenarios show that <content>"
    output: claim
    set: { claim_type: prediction }
    pattern: >
      (?<claimant> @holders) [lower="'s"]
      (?<cue> @NAME_scenario_nouns [lemma=show|suggest|indicate]) that? (?<content> [!lower=.|;]{1,20})
    examples:
      match:
        - text: "The Green Climate Fund's scenarios show that pledges would fall short."
          expect: { claimant: Green Climate Fund, claim_type: prediction, content: "pledges would fall short" }
      no_match:
        - "Observers' scenarios show that pledges would fall short."
)yaml";

std::string Slug(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (!out.empty() && !std::islower(static_cast<unsigned char>(out[0]))) out = "my_" + out;
  return out;
}

std::string Fill(std::string text, const std::string& name) {
  for (size_t at = text.find("NAME"); at != std::string::npos; at = text.find("NAME", at)) {
    text.replace(at, 4, name);
    at += name.size();
  }
  return text;
}

int New(const std::string& dir) {
  namespace fs = std::filesystem;
  std::string name = Slug(fs::path(dir).lexically_normal().filename().string());
  if (name.empty()) name = Slug(fs::path(dir).lexically_normal().parent_path().filename().string());
  if (name.empty()) {
    std::fprintf(stderr, "argx rules new: '%s' has no name to build ids from\n", dir.c_str());
    return kExitError;
  }
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    std::fprintf(stderr, "argx rules new: %s already exists; give a new folder\n", dir.c_str());
    return kExitError;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "argx rules new: %s: %s\n", dir.c_str(), ec.message().c_str());
    return kExitError;
  }
  const std::pair<const char*, const char*> files[] = {{"actors.yaml", kStarterActors},
                                                       {"stances.yaml", kStarterStances},
                                                       {"claims.yaml", kStarterClaims}};
  for (const auto& [file, text] : files) {
    fs::path p = fs::path(dir) / file;
    std::ofstream out(p, std::ios::binary);
    out << Fill(text, name);
    if (!out) {
      std::fprintf(stderr, "argx rules new: %s: cannot write\n", p.string().c_str());
      return kExitError;
    }
    std::printf("wrote %s\n", p.string().c_str());
  }
  // The default rules beside the new folder, by a path that reaches them from here.
  std::string defaults = DefaultRulesDir();
  if (defaults.empty()) defaults = CheckoutRulesDir();
  if (defaults.empty()) defaults = "PATH/TO/argx/rules";
  std::printf("next: argx rules test %s %s\n", defaults.c_str(), dir.c_str());
  return kExitOk;
}

// `rules diff`: extracts the files twice, with the rule folders but the
// last and with all of them, each run into a database of its own in a
// temporary folder (the same pipeline as `argx extract`, so formats,
// metadata and long documents are read as a run would read them), and
// prints what the last folder adds and removes, sentence by sentence.
struct DiffOptions {
  std::vector<std::string> inputs;
  batch::WalkOptions walk;
  int jobs = 1;
  int limit = 50;
};

// Runs the pipeline over `files` into a new database at `db_path`.
bool ExtractInto(const std::vector<std::string>& rule_paths,
                 const std::vector<batch::InputFile>& files, const std::string& db_path, int jobs,
                 bool report_problems, std::unique_ptr<store::Store>* db, bool* problems) {
  std::unique_ptr<extract::Extractor> ex;
  std::vector<rules::Diagnostic> diags;
  if (!LoadExtractor(rule_paths, false, &ex, &diags).ok()) {
    HintDefaultRules(diags, rule_paths, "argx rules diff");
    return false;
  }
  Status s = store::Store::Open(db_path, {}, db);
  int64_t run_id = 0;
  if (s.ok()) s = (*db)->BeginRun({"rules diff", ex->fingerprint(), "{}"}, &run_id);
  if (!s.ok()) {
    std::fprintf(stderr, "argx rules diff: %s\n", s.message().c_str());
    return false;
  }
  batch::PipelineOptions options;
  options.db_path = db_path;
  options.jobs = jobs;
  options.progress = isatty(STDERR_FILENO);
  batch::Summary summary;
  // A broken file is reported by the first run; the second would say it again.
  int saved_stderr = -1;
  if (!report_problems) {
    std::fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDERR_FILENO);
      close(null);
    }
  }
  std::atomic<bool> stop{false};
  s = batch::RunPipeline(files, *ex, db->get(), run_id, options, &stop, &summary);
  if (saved_stderr >= 0) {
    std::fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
  }
  if (s.ok()) s = (*db)->FinishRun(run_id, batch::RunCountsOf(summary));
  if (!s.ok()) {
    std::fprintf(stderr, "argx rules diff: %s\n", s.message().c_str());
    return false;
  }
  *problems = summary.problems();
  return true;
}

std::string Signed(int64_t added, int64_t removed) {
  return "+" + std::to_string(added) + " -" + std::to_string(removed);
}

int Diff(std::vector<std::string> paths, const DiffOptions& o) {
  if (paths.size() == 1 && !IsDefaultRulesFolder(paths[0])) {
    // "argx rules diff mine --on articles": mine against the default rules.
    std::vector<std::string> defaults = RulePathsOrDefault({});
    if (defaults.empty()) {
      std::fprintf(stderr,
                   "argx rules diff: no default rules to compare %s against; give them first "
                   "(argx rules diff RULES %s --on ...)\n",
                   paths[0].c_str(), paths[0].c_str());
      return kExitError;
    }
    paths.insert(paths.begin(), defaults[0]);
  }
  if (paths.size() < 2) {
    std::fprintf(stderr,
                 "argx rules diff: give the folder to compare, last (argx rules diff rules mine "
                 "--on articles/)\n");
    return kExitError;
  }
  const std::string folder = paths.back();
  std::vector<std::string> base(paths.begin(), paths.end() - 1);
  for (const std::string& p : base) {
    std::error_code ec1, ec2;
    if (std::filesystem::weakly_canonical(p, ec1) ==
            std::filesystem::weakly_canonical(folder, ec2) &&
        !ec1 && !ec2) {
      std::fprintf(stderr,
                   "argx rules diff: %s is given twice: the last folder is compared against the "
                   "ones before it\n",
                   folder.c_str());
      return kExitError;
    }
  }

  batch::Summary walked;
  std::vector<batch::InputFile> files;
  batch::CollectFiles(o.inputs, o.walk, &files, &walked);
  if (files.empty()) {
    std::fprintf(stderr, "argx rules diff: no files to extract in the --on paths\n");
    return kExitError;
  }
  char pattern[] = "/tmp/argx-rules-diff-XXXXXX";
  std::string tmp;
  if (const char* dir = mkdtemp(pattern)) tmp = dir;
  if (tmp.empty()) {
    std::fprintf(stderr, "argx rules diff: cannot make a temporary folder in /tmp\n");
    return kExitError;
  }
  struct RemoveOnExit {
    std::string dir;
    ~RemoveOnExit() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{tmp};

  std::fprintf(stderr, "argx rules diff: extracting %zu file%s without %s, then with it\n",
               files.size(), files.size() == 1 ? "" : "s", folder.c_str());
  std::unique_ptr<store::Store> before, after;
  bool before_problems = false, after_problems = false;
  if (!ExtractInto(base, files, tmp + "/before.db", o.jobs, true, &before, &before_problems) ||
      !ExtractInto(paths, files, tmp + "/after.db", o.jobs, false, &after, &after_problems)) {
    return kExitError;
  }
  const bool problems = walked.skipped > 0 || before_problems || after_problems;
  // The compared folder's own rules are marked in the list by rule; the
  // others changed because of them (an actor the folder adds holds a
  // default rule's stance).
  std::set<std::string> own;
  std::unique_ptr<rules::RuleSet> alone;
  std::vector<rules::Diagnostic> ignored;  // the runs above reported them
  if (rules::RuleSet::Load({folder}, &alone, &ignored).ok()) {
    for (const rules::Rule& r : alone->rules) own.insert(r.id);
  }

  review::Comparison diff;
  Status s = review::Compare(before.get(), after.get(), &diff);
  if (!s.ok()) {
    std::fprintf(stderr, "argx rules diff: %s\n", s.message().c_str());
    return kExitError;
  }
  size_t shown = 0;
  for (const review::SentenceChange& c : diff.changes) {
    if (o.limit > 0 && shown == static_cast<size_t>(o.limit)) break;
    ++shown;
    std::printf("%s, sentence %u: %s\n", c.path.c_str(), c.sentence, c.text.c_str());
    for (const auto* side : {&c.added, &c.removed}) {
      const char sign = side == &c.added ? '+' : '-';
      for (const review::ChangedExtraction& e : *side) {
        std::printf("  %c %s\n", sign, e.line.c_str());
        if (!e.content.empty()) std::printf("            %s\n", e.content.c_str());
      }
    }
    std::printf("\n");
  }
  if (shown < diff.changes.size()) {
    std::printf("(%zu more changed sentences not shown: --limit 0 shows all)\n\n",
                diff.changes.size() - shown);
  }
  auto count = [](const std::map<std::string, int64_t>& m, const char* kind) {
    auto it = m.find(kind);
    return it == m.end() ? int64_t{0} : it->second;
  };
  std::printf(
      "rules diff: %s changes %zu of %lld sentences in %lld document%s: actors %s, "
      "stances %s, claims %s\n",
      folder.c_str(), diff.changes.size(), static_cast<long long>(diff.sentences),
      static_cast<long long>(diff.documents), diff.documents == 1 ? "" : "s",
      Signed(count(diff.added, "actor"), count(diff.removed, "actor")).c_str(),
      Signed(count(diff.added, "stance"), count(diff.removed, "stance")).c_str(),
      Signed(count(diff.added, "claim"), count(diff.removed, "claim")).c_str());
  if (!diff.by_rule.empty()) {
    // Most changes first: the rules that did most are what to look at.
    std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rules(diff.by_rule.begin(),
                                                                           diff.by_rule.end());
    std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) {
      return a.second.first + a.second.second > b.second.first + b.second.second;
    });
    std::printf("by rule (* a rule of %s):\n", folder.c_str());
    for (const auto& [id, n] : rules) {
      std::printf("  %-8s %s%s\n", Signed(n.first, n.second).c_str(), id.c_str(),
                  own.count(id) > 0 ? " *" : "");
    }
  }
  return problems ? kExitSkippedFiles : kExitOk;
}

}  // namespace

int RunRules(int argc, char** argv) {
  CLI::App app{"Check, test and list rule files; start a rule folder.", "argx rules"};
  app.require_subcommand(1);
  std::vector<std::string> paths;
  bool no_warnings = false, labels = false;
  std::string rule, new_dir;
  CLI::App* check = app.add_subcommand("check", "parse and compile every rule file; print errors and warnings");
  check->add_option("paths", paths, "rule directories or files (default: $ARGX_RULES or ./rules)");
  check->add_flag("--no-warnings", no_warnings, "print errors only");
  CLI::App* test = app.add_subcommand("test", "run every rule's examples; exit 3 on a failure");
  test->add_option("paths", paths, "rule directories or files (default: $ARGX_RULES or ./rules)");
  test->add_option("--rule", rule,
                   "only rules whose id starts with this ('mine.' or 'mine.*'; none: exit 3)");
  CLI::App* list = app.add_subcommand("list", "list rules: id, stage, output, example count, description");
  list->add_option("paths", paths, "rule directories or files (default: $ARGX_RULES or ./rules)");
  list->add_flag("--labels", labels,
                 "list the lexicons and labels patterns can use as @NAME, as a Markdown table");
  CLI::App* make = app.add_subcommand(
      "new", "write a starter rule folder: an actor lexicon, a stance rule and a claim rule");
  make->add_option("folder", new_dir, "the folder to create (must not exist)")->required();
  DiffOptions diff_options;
  CLI::App* diff = app.add_subcommand(
      "diff",
      "what a rule folder changes: extract files without it and with it, print the difference");
  diff->add_option("paths", paths,
                   "rule folders; the last is the one compared (one folder alone: against the "
                   "default rules)");
  diff->add_option("--on", diff_options.inputs, "files and folders of articles to extract")
      ->required();
  diff->add_option("--exclude", diff_options.walk.exclude,
                   "leave out files and folders matching this glob (repeatable)");
  diff->add_option("--jobs,-j", diff_options.jobs, "worker threads (default 1)")
      ->check(CLI::PositiveNumber);
  diff->add_option("--limit", diff_options.limit,
                   "print at most this many changed sentences (default 50; 0: all)")
      ->check(CLI::NonNegativeNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  if (make->parsed()) return New(new_dir);
  if (diff->parsed()) {
    if (paths.empty()) {
      std::fprintf(stderr,
                   "argx rules diff: give the rule folder to compare (argx rules diff mine --on "
                   "articles/)\n");
      return kExitError;
    }
    ResolveDefaultRulesName(&paths);
    return Diff(paths, diff_options);
  }
  paths = RulePathsOrDefault(paths, /*quiet=*/false, /*defer=*/true);
  if (paths.empty()) {
    std::fprintf(stderr, "argx rules: no rules directory given and ./rules does not exist\n");
    return kExitError;
  }
  if (check->parsed()) return Check(paths, no_warnings);
  if (test->parsed()) return Test(paths, rule);
  return labels ? ListLabels(paths) : List(paths);
}

}  // namespace argx::cli
