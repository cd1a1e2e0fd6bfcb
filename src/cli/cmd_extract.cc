// argx extract PATH... : files and folders into the SQLite database.
// Option parsing, rules, signals and the summary; the work is in src/batch.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "batch/pipeline.h"
#include "batch/shard.h"
#include "cli/commands.h"
#include "cli/rule_loading.h"
#include "extract/extractor.h"
#include "input/metadata.h"
#include "input/records.h"
#include "store/sha256.h"
#include "store/store.h"

namespace argx::cli {
namespace {

// Set by SIGINT/SIGTERM; the pipeline stops taking files and commits what it
// has. std::atomic<bool> is lock-free, so writing it in a handler is safe.
std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int sig) {
  g_stop.store(true);
  // A second Ctrl-C ends the process at once; SQLite keeps the file consistent.
  std::signal(sig, SIG_DFL);
}

// After a run: names the user's actor, stance and claim rules (those of a
// --rules folder that is not argx's own) that made no row in the database,
// so a rule that never fires is noticed at once, with the command that
// tells why. Labels are left out: they make no rows of their own.
void ReportSilentRules(const extract::Extractor& extractor,
                       const std::vector<std::string>& rule_dirs, store::Store* db) {
  namespace fs = std::filesystem;
  std::vector<std::string> user_roots;
  for (const std::string& dir : rule_dirs) {
    if (IsDefaultRulesFolder(dir)) continue;
    std::error_code ec;
    user_roots.push_back(fs::weakly_canonical(dir, ec).string());
  }
  if (user_roots.empty()) return;
  std::map<std::string, int64_t> counts;
  if (!db->RuleCounts(&counts).ok()) return;
  std::vector<const rules::Rule*> silent;
  for (const rules::Rule& r : extractor.rule_set().rules) {
    if (r.implicit || r.output == rules::OutputKind::kLabel || counts.count(r.id) > 0) continue;
    std::error_code ec;
    const std::string file = fs::weakly_canonical(r.pos.file, ec).string();
    for (const std::string& root : user_roots) {
      if (file == root || (file.size() > root.size() && file.compare(0, root.size(), root) == 0 &&
                           file[root.size()] == '/')) {
        silent.push_back(&r);
        break;
      }
    }
  }
  if (silent.empty()) return;
  constexpr size_t kShown = 10;
  std::string names;
  for (size_t i = 0; i < silent.size() && i < kShown; ++i) {
    names += (i > 0 ? ", " : "") + silent[i]->id;
  }
  if (silent.size() > kShown) names += ", ...";
  // The command to run, with the rule folders of this run.
  std::string rules;
  for (const std::string& dir : rule_dirs) rules += " --rules " + dir;
  std::fprintf(stderr,
               "argx: %zu rule%s of yours made nothing in this database: %s\n"
               "argx: `argx explain%s --file FILE --rule %s` shows where it stops matching in "
               "FILE\n",
               silent.size(), silent.size() == 1 ? "" : "s", names.c_str(), rules.c_str(),
               silent[0]->id.c_str());
}

}  // namespace

int RunExtract(int argc, char** argv) {
  CLI::App app{
      "Extract actors, stances and claims from articles into a SQLite database: text\n"
      "files, HTML pages (the article's text and metadata), and JSON Lines, JSON and\n"
      "CSV dumps (each record a document). Folders are walked recursively (sorted,\n"
      "hidden entries and *.meta.json sidecars skipped); files given by name are always\n"
      "taken. Unchanged documents (same content, same rules) are not extracted again.",
      "argx extract"};
  std::vector<std::string> paths;
  std::string db_path = "argx.db";
  std::vector<std::string> rule_dirs;
  batch::WalkOptions walk;
  std::vector<std::string> include;
  int64_t max_bytes = 52428800;
  int jobs = 0;
  bool force = false, quiet = false;
  double lock_timeout = 10;

  app.add_option("PATH", paths, "Files and folders to extract")->required();
  app.add_option("--db", db_path, "SQLite database to write (created when missing)")
      ->capture_default_str();
  app.add_option("--rules", rule_dirs,
                 "Rule folder or file; repeatable (an empty folder: no rules)")
      ->default_str("$ARGX_RULES, ./rules, else the checkout's");
  app.add_option("--include", include,
                 "Take files in folders matching this glob (on the file name, or the relative "
                 "path if it has a '/'); repeatable, replaces the default")
      ->default_str("*.txt *.md *.html *.htm *.json *.jsonl *.csv");
  app.add_option("--exclude", walk.exclude,
                 "Leave out files and folders matching this glob; "
                 "repeatable");
  app.add_option("--max-bytes", max_bytes, "Skip files larger than this")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--jobs,-j", jobs, "Worker threads")
      ->default_str("all cores")
      ->check(CLI::PositiveNumber);
  batch::PipelineOptions popts;
  input::FieldOptions& fields = popts.fields;
  auto field_option = [&](const char* name, std::vector<std::string>* names, const char* what) {
    std::string defaults;
    for (const std::string& n : *names) defaults += (defaults.empty() ? "" : " ") + n;
    app.add_option(name, *names,
                   std::string("JSON/CSV field (or column) with the record's ") + what +
                       "; repeatable, the first non-blank one wins, replaces the default")
        ->default_str(defaults);
  };
  field_option("--text-field", &fields.text, "text");
  field_option("--title-field", &fields.title, "title");
  field_option("--date-field", &fields.date, "date");
  field_option("--source-field", &fields.source, "outlet");
  field_option("--url-field", &fields.url, "URL");
  field_option("--id-field", &fields.id, "id (documents are FILE#ID, else FILE:LINE)");
  field_option("--author-field", &fields.author, "author");
  std::string meta_table_path;
  app.add_option("--meta-table", meta_table_path,
                 "Tab-separated metadata of text and HTML files: a header row, a column "
                 "file/path/name/id with the file name, then date, source, title, url, author "
                 "or any other column");
  std::string shard_text;
  app.add_option("--shard", shard_text,
                 "Extract only shard K of N (0 <= K < N): the files of the folders given, "
                 "split by a hash of their relative path; each shard its own --db, then "
                 "argx merge");
  app.add_option("--lock-timeout", lock_timeout,
                 "Seconds to wait for another process writing to the database, then give up "
                 "naming it")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--force", force, "Re-extract every file, even unchanged ones");
  app.add_flag("--quiet,-q", quiet, "No progress line and no summary (errors are still shown)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  if (!include.empty()) walk.include = include;
  batch::Shard shard;
  if (!shard_text.empty()) {
    Status t = batch::ParseShard(shard_text, &shard);
    if (!t.ok()) {
      std::fprintf(stderr, "argx: %s\n", t.message().c_str());
      return kExitError;
    }
  }
  for (auto* list : {&fields.text, &fields.title, &fields.date, &fields.source, &fields.url,
                     &fields.id, &fields.author}) {
    if (list->empty()) {
      std::fprintf(stderr, "argx: a --*-field option needs a field name\n");
      return kExitError;
    }
  }
  input::MetaTable meta_table;
  if (!meta_table_path.empty()) {
    Status t = meta_table.Load(meta_table_path);
    if (!t.ok()) {
      std::fprintf(stderr, "argx: %s\n", t.message().c_str());
      return kExitError;
    }
    popts.meta_table = &meta_table;
  }
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  // No --rules: $ARGX_RULES, ./rules, else the rules of this argx's
  // checkout (said on stderr), as explain and rules do; documents and
  // sentences only when there are none at all.
  rule_dirs = RulePathsOrDefault(rule_dirs, quiet);
  if (rule_dirs.empty()) {
    std::fprintf(stderr,
                 "argx: no --rules given, no ./rules folder and no default rules: storing "
                 "documents and sentences only\n");
  }
  std::unique_ptr<extract::Extractor> extractor;
  std::vector<rules::Diagnostic> diagnostics;
  Status s = extract::Extractor::Create(rule_dirs, &extractor, &diagnostics);
  // Diagnostics are already "file:line:col: message" with the source line:
  // errors are printed as given, and are fatal. Warnings are counted in one
  // line (unless --quiet): `rules check` is where they are read, and a run
  // that repeated them all buried its own summary (trial 25).
  size_t warnings = 0;
  for (const rules::Diagnostic& d : diagnostics) {
    if (d.severity == rules::Diagnostic::Severity::kError) {
      std::fprintf(stderr, "%s\n", d.Format().c_str());
    } else {
      ++warnings;
    }
  }
  if (warnings > 0 && !quiet) {
    std::string folders;
    for (const std::string& dir : rule_dirs) folders += " " + dir;
    std::fprintf(stderr, "argx: %zu warning%s in the rules (argx rules check%s shows them)\n",
                 warnings, warnings == 1 ? "" : "s", folders.c_str());
  }
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    HintDefaultRules(diagnostics, rule_dirs, "argx extract");
    return kExitError;
  }

  std::unique_ptr<store::Store> db;
  s = store::Store::Open(db_path, {.busy_timeout_ms = static_cast<int>(lock_timeout * 1000)},
                         &db);
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }

  nlohmann::json options = {
      {"paths", paths},
      {"db", db_path},
      {"rules", rule_dirs},
      {"include", walk.include},
      {"exclude", walk.exclude},
      {"max_bytes", max_bytes},
      {"jobs", jobs},
      {"force", force},
      {"text_field", fields.text},
      {"title_field", fields.title},
      {"date_field", fields.date},
      {"source_field", fields.source},
      {"url_field", fields.url},
      {"id_field", fields.id},
      {"author_field", fields.author},
      {"meta_table", meta_table_path},
  };
  if (!shard.whole()) options["shard"] = shard.ToString();
  // A digest of each rule file, so that `argx merge` can name the files in
  // which the rules of two databases differ.
  // Named relative to the --rules folder they are in, so that the same
  // rules at another place have the same names.
  nlohmann::json rule_files = nlohmann::json::object();
  for (const std::string& file : extractor->rule_set().files) {
    std::string name = file;
    for (const std::string& dir : rule_dirs) {
      std::string root = std::filesystem::path(dir).lexically_normal().string();
      if (!root.empty() && root.back() != '/') root += '/';
      if (name.size() > root.size() && name.compare(0, root.size(), root) == 0) {
        name = name.substr(root.size());
        break;
      }
    }
    rule_files[name] = store::Sha256Hex(extractor->rule_set().Source(file)).substr(0, 16);
  }
  options["rule_files"] = rule_files;
  int64_t run_id = 0;
  s = db->BeginRun({ARGX_VERSION, extractor->fingerprint(), options.dump()}, &run_id);
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }

  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  batch::Summary summary;
  std::vector<batch::InputFile> files;
  batch::CollectFiles(paths, walk, &files, &summary);
  if (!shard.whole()) {
    const size_t all = files.size();
    batch::SelectShard(shard, &files);
    summary.files = static_cast<int64_t>(files.size());
    if (!quiet) {
      std::fprintf(stderr, "argx: shard %s: %zu of %zu files\n", shard.ToString().c_str(),
                   files.size(), all);
    }
  }

  popts.db_path = db_path;
  popts.jobs = jobs;
  popts.force = force;
  popts.max_bytes = max_bytes;
  popts.progress = !quiet && isatty(STDERR_FILENO);
  s = batch::RunPipeline(files, *extractor, db.get(), run_id, popts, &g_stop, &summary);
  if (g_stop.load()) summary.interrupted = true;

  store::RunCounts counts = batch::RunCountsOf(summary);
  if (!s.ok()) counts.status = "failed";
  Status finish = db->FinishRun(run_id, counts);
  if (!quiet) std::fputs(batch::FormatSummary(summary).c_str(), stderr);
  if (!quiet && s.ok() && !summary.interrupted) ReportSilentRules(*extractor, rule_dirs, db.get());
  if (!s.ok() || !finish.ok()) {
    std::fprintf(stderr, "argx: %s\n", (!s.ok() ? s : finish).message().c_str());
    return kExitError;
  }
  if (summary.interrupted) return kExitInterrupted;
  return summary.problems() ? kExitSkippedFiles : kExitOk;
}

}  // namespace argx::cli
