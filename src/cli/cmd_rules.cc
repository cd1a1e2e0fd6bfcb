// placeholder until the command lands
#include <cstdio>
#include "cli/commands.h"
namespace argx::cli {
int RunRules(int, char**) { std::fprintf(stderr, "argx: this command is not built yet\n"); return kExitError; }
}  // namespace argx::cli
