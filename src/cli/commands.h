// The argx subcommands. Each one lives in its own cmd_NAME.cc, parses its own
// options (CLI11) and returns the process exit code. main.cc only dispatches.
//
// Exit codes (documented in README.md):
//   0  success
//   1  usage error or fatal error (bad rules, database cannot be opened)
//   2  finished, but some input files or records were skipped, a sidecar
//      could not be read, or extractions the database refused were left out
//      (reported on stderr)
//   3  finished, but checks failed (rules test failures, eval below threshold)
//   130 interrupted (SIGINT); the database stays consistent
#ifndef ARGX_CLI_COMMANDS_H_
#define ARGX_CLI_COMMANDS_H_

namespace argx::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitSkippedFiles = 2;
inline constexpr int kExitChecksFailed = 3;
inline constexpr int kExitInterrupted = 130;

// argv[0] is the subcommand name ("extract"); options follow.
int RunExtract(int argc, char** argv);
int RunExport(int argc, char** argv);
int RunRules(int argc, char** argv);
int RunExplain(int argc, char** argv);
int RunActors(int argc, char** argv);
int RunEval(int argc, char** argv);
int RunReview(int argc, char** argv);
int RunReport(int argc, char** argv);
int RunMerge(int argc, char** argv);

}  // namespace argx::cli

#endif  // ARGX_CLI_COMMANDS_H_
