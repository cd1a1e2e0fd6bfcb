// argx: thin dispatcher over the subcommands in cmd_*.cc.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "cli/commands.h"

namespace {

struct Command {
  const char* name;
  const char* help;
  int (*run)(int argc, char** argv);
};

// The table `argx --help` prints. Keep it sorted by how often people use it.
constexpr Command kCommands[] = {
    {"extract", "extract actors, stances and claims from files and folders into SQLite",
     argx::cli::RunExtract},
    {"export", "write a database's extractions as JSON Lines or CSV", argx::cli::RunExport},
    {"rules",
     "check, test, list and compare rule folders; start one (rules check|test|list|new|diff)",
     argx::cli::RunRules},
    {"explain", "show tokens, lexicon hits and rule matches for one sentence",
     argx::cli::RunExplain},
    {"review", "accept, reject and correct extractions; review status; rule examples",
     argx::cli::RunReview},
    {"report", "write a self-contained HTML report: stance network, actors, documents",
     argx::cli::RunReport},
    {"merge", "merge shard databases (extract --shard K/N) into one, reviews kept",
     argx::cli::RunMerge},
    {"actors", "list the actors in a database with mention counts per document",
     argx::cli::RunActors},
    {"eval", "score extractions against gold annotations (precision, recall, F1)",
     argx::cli::RunEval},
};

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "argx %s: rule-based extraction of actors, stances and claims\n\n"
               "usage: argx <command> [options]   (argx <command> --help for its options)\n\n"
               "commands:\n",
               ARGX_VERSION);
  for (const Command& c : kCommands) std::fprintf(out, "  %-9s %s\n", c.name, c.help);
  std::fprintf(out,
               "\nexit codes: 0 ok, 1 error, 2 some input files skipped, 3 checks failed, "
               "130 interrupted\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return argx::cli::kExitError;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return argx::cli::kExitOk;
  }
  if (name == "--version") {
    std::printf("argx %s\n", ARGX_VERSION);
    return argx::cli::kExitOk;
  }
  for (const Command& c : kCommands) {
    if (name == c.name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "argx: unknown command '%s'", argv[1]);
  const Command* best = nullptr;
  size_t best_distance = 3;  // suggest only close misspellings
  for (const Command& c : kCommands) {
    size_t d = argx::EditDistance(name, c.name);
    if (d < best_distance) best_distance = d, best = &c;
  }
  if (best != nullptr) std::fprintf(stderr, ", did you mean '%s'?", best->name);
  std::fprintf(stderr, "\n(argx --help lists the commands)\n");
  return argx::cli::kExitError;
}
