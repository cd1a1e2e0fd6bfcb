// argx merge IN.db... --db OUT.db : shard databases (argx extract --shard)
// into one, with every review kept. Option parsing, signals and the summary;
// the work is in src/store/merge.h.
#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "store/merge.h"

namespace argx::cli {
namespace {

std::atomic<bool> g_merge_stop{false};

extern "C" void OnMergeSignal(int sig) {
  g_merge_stop.store(true);
  std::signal(sig, SIG_DFL);
}

}  // namespace

int RunMerge(int argc, char** argv) {
  CLI::App app{
      "Merge argx databases (the shards of argx extract --shard K/N, or any made with the\n"
      "same rules) into one: documents, sentences, search index, extractions, actors, runs\n"
      "and reviews. A document in two databases: the more recent run's stays (said on\n"
      "stderr). Reviews: every decision and the whole review log are kept; the latest\n"
      "decision is the status; conflicting decisions are listed. All or nothing: on an\n"
      "error or Ctrl-C the output database stays as it was. Merging again changes nothing.",
      "argx merge"};
  std::vector<std::string> inputs;
  std::string out;
  bool allow_mixed = false, quiet = false;
  app.add_option("IN", inputs, "Databases to merge, in this order")->required();
  app.add_option("--db", out, "Database to merge into (created when missing)")->required();
  app.add_flag("--allow-mixed-rules", allow_mixed,
               "Merge databases extracted with different rules (recorded in runs)");
  app.add_flag("--quiet,-q", quiet, "No summary (notices and errors are still shown)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }

  struct sigaction action = {};
  action.sa_handler = OnMergeSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  store::MergeOptions options;
  options.allow_mixed_rules = allow_mixed;
  options.argx_version = ARGX_VERSION;
  options.stop = &g_merge_stop;
  options.notice = [](const std::string& line) {
    std::fprintf(stderr, "argx: %s\n", line.c_str());
  };
  store::MergeSummary summary;
  Status s = store::Merge(inputs, out, options, &summary);
  if (summary.interrupted) {
    std::fprintf(stderr, "argx: merge interrupted: %s is as it was\n", out.c_str());
    return kExitInterrupted;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "argx: merge: %s\n", s.message().c_str());
    std::fprintf(stderr, "argx: %s is as it was\n", out.c_str());
    return kExitError;
  }
  if (!quiet) std::fputs(store::FormatMergeSummary(summary, out).c_str(), stderr);
  return kExitOk;
}

}  // namespace argx::cli
