// argx review: accept, reject and correct extractions, one key at a time in
// a terminal (or from piped keys), or by key on the command line; review
// status with each rule's precision so far; rule examples from decisions.
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/rule_loading.h"
#include "review/review.h"
#include "store/store.h"

namespace argx::cli {
namespace {

using review::Item;
using review::ReviewDb;

int Fail(const Status& s) {
  std::fprintf(stderr, "argx: %s\n", s.message().c_str());
  return kExitError;
}

// --- keys from a terminal or a pipe ------------------------------------------------

termios saved_termios;
bool raw_mode = false;

void RestoreTerminal() {
  if (raw_mode) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    raw_mode = false;
  }
}

void OnSignal(int sig) {
  // Decisions are committed as they are made: only the terminal needs care.
  if (raw_mode) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
  _exit(sig == SIGINT ? kExitInterrupted : 128 + sig);
}

// Single keys without Enter when stdin is a terminal (canonical mode and
// echo off; signals stay on so Ctrl-C works).
void EnterRawMode() {
  if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_termios) != 0) return;
  termios raw = saved_termios;
  raw.c_lflag &= ~(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0) raw_mode = true;
  signal(SIGINT, OnSignal);
  signal(SIGTERM, OnSignal);
  signal(SIGHUP, OnSignal);
}

// One byte of stdin; -1 at end of input.
int ReadByte() {
  unsigned char c;
  for (;;) {
    ssize_t n = read(STDIN_FILENO, &c, 1);
    if (n == 1) return c;
    if (n < 0 && errno == EINTR) continue;
    return -1;
  }
}

// The next command key: in a terminal the key pressed; from a pipe the next
// character that is not white space ("a\nr\n" and "ar" both work).
int ReadKey() {
  for (;;) {
    int c = ReadByte();
    if (c < 0) return -1;
    if (!raw_mode && (c == '\n' || c == '\r' || c == ' ' || c == '\t')) continue;
    return c;
  }
}

// A line typed after a prompt: cooked mode (echo, editing) for its duration.
// From a pipe, the rest of the command's line is dropped first, so the
// answer is the next line ("c\ntarget\nthe new value\n").
bool ReadLine(const char* prompt, std::string* line, bool* pending_newline) {
  std::fputs(prompt, stdout);
  std::fflush(stdout);
  bool was_raw = raw_mode;
  if (was_raw) RestoreTerminal();
  line->clear();
  if (!was_raw && *pending_newline) {
    for (int c = ReadByte(); c >= 0 && c != '\n'; c = ReadByte()) {
    }
  }
  *pending_newline = false;
  int c;
  while ((c = ReadByte()) >= 0 && c != '\n') {
    if (c != '\r') *line += static_cast<char>(c);
  }
  if (was_raw) EnterRawMode();
  if (!isatty(STDIN_FILENO)) std::printf("%s\n", line->c_str());  // show what the pipe said
  return c >= 0 || !line->empty();
}

constexpr char kHelp[] =
    "  a  accept      the extraction is right\n"
    "  r  reject      it is wrong (becomes a no_match example: review export-examples)\n"
    "  c  correct     set a field (holder, polarity, target, cue / claimant, claim_type,\n"
    "                 cue, content / actor) to the right value\n"
    "  n  note        attach a note (the status stays)\n"
    "  s  skip        leave it pending, show the next one\n"
    "  b  back        show the previous one again (to change the decision)\n"
    "  q  quit        every decision is already saved\n"
    "  ?  help\n";

// The interactive session. Returns the exit code.
int Interactive(ReviewDb* db, const review::Filter& filter, const std::string& reviewer) {
  std::vector<Item> queue;
  Status s = db->Queue(filter, &queue);
  if (!s.ok()) return Fail(s);
  const bool color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  const bool clear = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
  auto width = [] {
    winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
      return std::min<int>(ws.ws_col, 100);
    }
    return 0;  // a pipe: no wrapping
  };
  if (queue.empty()) {
    std::printf("Nothing to review: no pending extractions match.\n");
    return kExitOk;
  }
  EnterRawMode();
  std::vector<size_t> history;  // indexes shown before, for `b`
  size_t i = 0;
  size_t pinned = SIZE_MAX;  // shown even when decided: where `b` went
  int decided = 0;
  bool pending_newline = false;
  bool show = true;
  std::string message;
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  for (;;) {
    // Skip items decided meanwhile (by someone else, or earlier in this
    // session before going back), except the one `b` went back to.
    while (show && i < queue.size()) {
      Item fresh;
      bool found = false;
      s = db->Get(queue[i].key, &fresh, &found);
      if (!s.ok()) {
        RestoreTerminal();
        return Fail(s);
      }
      if (found) queue[i] = fresh;
      if (!found || (fresh.status != "pending" && i != pinned)) {
        ++i;
        continue;
      }
      break;
    }
    if (i >= queue.size()) {
      std::printf("%sDone:%s no more pending extractions here (%d decided in this session).\n",
                  bold, reset, decided);
      break;
    }
    if (show) {
      if (clear) std::fputs("\x1b[H\x1b[2J", stdout);
      if (!message.empty())
        std::printf("%s%s%s\n\n", color ? "\x1b[2m" : "", message.c_str(), reset);
      message.clear();
      std::printf("%s[%zu/%zu]%s ", bold, i + 1, queue.size(), reset);
      std::fputs(review::RenderItem(queue[i], color, width()).c_str(), stdout);
      if (!color) std::fputs("  ([holder] <cue> {target})\n", stdout);
    }
    std::printf("\n%sa%sccept %sr%seject %sc%sorrect %sn%sote %ss%skip %sb%sack %sq%suit %s?%s > ",
                bold, reset, bold, reset, bold, reset, bold, reset, bold, reset, bold, reset, bold,
                reset, bold, reset);
    std::fflush(stdout);
    int key = ReadKey();
    if (key < 0) {
      std::printf("\n");
      break;
    }
    pending_newline = true;
    if (!raw_mode || key >= 32) std::printf("%c\n", key);
    show = true;
    const std::string& k = queue[i].key;
    switch (key) {
      case 'a':
      case 'r': {
        review::DecideOptions o;
        o.reviewer = reviewer;
        s = db->Decide(k, key == 'a' ? "accepted" : "rejected", o);
        if (!s.ok()) {
          message = "error: " + s.message();
          show = true;
          break;
        }
        ++decided;
        message = std::string(key == 'a' ? "accepted " : "rejected ") + k.substr(0, 10);
        history.push_back(i++);
        break;
      }
      case 'c': {
        const auto& fields = review::CorrectableFields(queue[i].kind);
        std::string list;
        for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
        std::string field, value;
        if (!ReadLine(("field (" + list + "): ").c_str(), &field, &pending_newline)) break;
        if (field.empty()) {
          message = "correction cancelled";
          break;
        }
        if (!ReadLine(("new " + field + ": ").c_str(), &value, &pending_newline)) break;
        review::DecideOptions o;
        o.corrected[field] = value;
        o.reviewer = reviewer;
        s = db->Decide(k, "corrected", o);
        if (!s.ok()) {
          message = "error: " + s.message();
          break;
        }
        ++decided;
        message = "corrected " + k.substr(0, 10) + ": " + field + " = " + value;
        history.push_back(i++);
        break;
      }
      case 'n': {
        std::string note;
        if (!ReadLine("note: ", &note, &pending_newline)) break;
        s = db->SetNote(k, note, reviewer);
        message = s.ok() ? "note saved" : "error: " + s.message();
        break;
      }
      case 's':
        history.push_back(i++);
        break;
      case 'b':
        if (history.empty()) {
          message = "this is the first one";
        } else {
          i = pinned = history.back();
          history.pop_back();
        }
        break;
      case 'q':
        RestoreTerminal();
        std::printf("%d decided in this session; %zu left in this queue.\n", decided,
                    queue.size() - std::min(queue.size(), i));
        return kExitOk;
      case '?':
      case 'h':
        std::fputs(kHelp, stdout);
        show = false;
        break;
      default:
        std::printf("unknown key '%c' (? for help)\n", key);
        show = false;
    }
  }
  RestoreTerminal();
  return kExitOk;
}

void PrintStatus(const review::StatusReport& r) {
  auto pct = [](const review::Counts& c) -> std::string {
    double p = c.precision();
    if (p < 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100 * p);
    return buf;
  };
  auto row = [&](const std::string& name, const review::Counts& c) {
    std::printf("%-44s %7lld %8lld %8lld %9lld %8lld %9s\n", name.c_str(),
                static_cast<long long>(c.pending), static_cast<long long>(c.accepted),
                static_cast<long long>(c.rejected), static_cast<long long>(c.corrected),
                static_cast<long long>(c.orphaned), pct(c).c_str());
  };
  auto header = [](const char* what) {
    std::printf("%-44s %7s %8s %8s %9s %8s %9s\n", what, "pending", "accepted", "rejected",
                "corrected", "orphaned", "precision");
  };
  header("");
  row("all", r.all);
  std::printf("\n");
  header("by kind");
  for (const auto& [kind, c] : r.by_kind) row(kind, c);
  std::printf("\n");
  header("by rule");
  for (const auto& [kr, c] : r.by_rule) {
    if (kr.first == "actor" && c.accepted + c.rejected + c.corrected + c.orphaned == 0) continue;
    row(kr.second, c);
  }
  std::printf(
      "\nprecision = accepted / (accepted + rejected), of the extractions there now;\n"
      "orphaned = decisions whose extraction a later run no longer produced (kept, see "
      "v_reviews).\nActor rules nobody reviewed are left out.\n");
}

}  // namespace

int RunReview(int argc, char** argv) {
  CLI::App app{
      "Review extractions: accept, reject or correct them. Without a subcommand, an\n"
      "interactive session in the terminal: the next pending extraction with its\n"
      "sentence, one key per decision (a accept, r reject, c correct, n note, s skip,\n"
      "b back, q quit, ? help). Keys can be piped in, one per line. Decisions are kept\n"
      "by extraction key and survive re-runs of argx extract.",
      "argx review"};
  app.require_subcommand(0, 1);
  std::string db_path = "argx.db", reviewer = review::DefaultReviewer();
  review::Filter filter;
  std::vector<std::string> kinds;
  app.add_option("--db", db_path, "SQLite database written by argx extract")->capture_default_str();
  app.add_option("--reviewer", reviewer, "name recorded with each decision (default: $USER)");
  app.add_option("--kind", kinds,
                 "only this kind: stance, claim or actor (repeatable; default: stance and claim)")
      ->check(CLI::IsMember({"stance", "claim", "actor"}));
  app.add_option("--rule", filter.rule,
                 "only extractions of this rule, or rules under this prefix");
  app.add_option("--actor", filter.actor, "only stances/claims held by this actor (name or id)");
  app.add_option("--doc", filter.doc, "only documents whose path contains this");

  std::vector<std::string> ids;
  std::string note;
  CLI::App* accept = app.add_subcommand("accept", "accept extractions by key (or a unique prefix)");
  CLI::App* reject = app.add_subcommand("reject", "reject extractions by key (or a unique prefix)");
  for (CLI::App* sub : {accept, reject}) {
    sub->add_option("ids", ids, "extraction keys or unique prefixes")->required();
    sub->add_option("--note", note, "a note to keep with the decision");
  }
  std::string correct_id, field, value;
  CLI::App* correct = app.add_subcommand("correct", "correct one field of an extraction");
  correct->add_option("id", correct_id, "extraction key or unique prefix")->required();
  correct->add_option("field", field, "holder, polarity, target, cue / claimant, claim_type, ...")
      ->required();
  correct->add_option("value", value, "the right value")->required();
  correct->add_option("--note", note, "a note to keep with the decision");
  CLI::App* list =
      app.add_subcommand("list", "list extractions with keys and status (filters apply)");
  bool all = false;
  list->add_flag("--all", all, "decided ones too (default: pending only)");
  CLI::App* status = app.add_subcommand("status", "counts by status, kind and rule; precision");
  review::ExportOptions ex;
  std::string out_path;
  CLI::App* exp = app.add_subcommand(
      "export-examples",
      "write a rule's rejected sentences as no_match and accepted ones as match examples");
  exp->add_option("--rule", ex.rule, "rule id")->required();
  exp->add_option("--rules", ex.rule_paths,
                  "rule folders or files to find the rule in (default: ./rules)");
  exp->add_option("--out,-o", out_path, "output file (default: stdout)");
  exp->add_option("--format", ex.format,
                  "rule: a rule file with a copy of the rule (id + .reviewed) that argx rules "
                  "check accepts; examples: only the examples: block")
      ->capture_default_str()
      ->check(CLI::IsMember({"rule", "examples"}));
  // Options may come after the subcommand too.
  for (CLI::App* sub : {accept, reject, correct, list, status, exp}) {
    sub->fallthrough();
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  filter.kinds = kinds;

  std::unique_ptr<ReviewDb> db;
  Status s = ReviewDb::Open(db_path, &db);
  if (!s.ok()) return Fail(s);

  if (*accept || *reject) {
    // Resolve every id first, so a typo changes nothing.
    std::vector<std::string> keys;
    for (const std::string& id : ids) {
      std::string key;
      s = db->Resolve(id, &key);
      if (!s.ok()) return Fail(s);
      keys.push_back(key);
    }
    review::DecideOptions o;
    if (!note.empty()) o.note = note;
    o.reviewer = reviewer;
    const char* what = *accept ? "accepted" : "rejected";
    for (const std::string& key : keys) {
      s = db->Decide(key, what, o);
      if (!s.ok()) return Fail(s);
      Item item;
      bool found = false;
      db->Get(key, &item, &found);
      std::printf("%s %s  %s  %s\n", what, key.substr(0, 10).c_str(), item.kind.c_str(),
                  review::Summary(item).c_str());
    }
    return kExitOk;
  }
  if (*correct) {
    std::string key;
    s = db->Resolve(correct_id, &key);
    if (!s.ok()) return Fail(s);
    review::DecideOptions o;
    o.corrected[field] = value;
    o.reviewer = reviewer;
    if (!note.empty()) o.note = note;
    s = db->Decide(key, "corrected", o);
    if (!s.ok()) return Fail(s);
    std::printf("corrected %s: %s = %s\n", key.substr(0, 10).c_str(), field.c_str(), value.c_str());
    return kExitOk;
  }
  if (*list) {
    if (filter.kinds.empty()) filter.kinds = {"stance", "claim"};
    filter.pending_only = !all;
    std::vector<Item> items;
    s = db->Queue(filter, &items);
    if (!s.ok()) return Fail(s);
    for (const Item& it : items) {
      std::printf("%s  %-9s %-6s %-32s %s #%lld  %s\n", it.key.substr(0, 10).c_str(),
                  it.status.c_str(), it.kind.c_str(), it.rule.c_str(), it.path.c_str(),
                  static_cast<long long>(it.sentence), review::Summary(it).c_str());
    }
    return kExitOk;
  }
  if (*status) {
    review::StatusReport r;
    s = db->Report(&r);
    if (!s.ok()) return Fail(s);
    PrintStatus(r);
    return kExitOk;
  }
  if (*exp) {
    if (ex.format == "rule") ex.rule_paths = RulePathsOrDefault(ex.rule_paths);
    std::string yaml;
    review::ExportSummary sum;
    s = db->ExportExamples(ex, &yaml, &sum);
    if (!s.ok()) return Fail(s);
    if (out_path.empty() || out_path == "-") {
      std::fwrite(yaml.data(), 1, yaml.size(), stdout);
    } else {
      FILE* f = std::fopen(out_path.c_str(), "wb");
      if (f == nullptr) {
        return Fail(Status::Error(out_path + ": " + std::strerror(errno)));
      }
      bool ok = std::fwrite(yaml.data(), 1, yaml.size(), f) == yaml.size();
      ok = std::fclose(f) == 0 && ok;
      if (!ok) return Fail(Status::Error(out_path + ": write failed"));
    }
    std::fprintf(stderr, "argx: %s: %d match, %d no_match examples", ex.rule.c_str(), sum.match,
                 sum.no_match);
    if (sum.skipped > 0) {
      std::fprintf(stderr, " (%d sentences with accepted and rejected items: match only)",
                   sum.skipped);
    }
    if (sum.context > 0) {
      std::fprintf(stderr,
                   "; %d accepted left out: their holder or claimant is a pronoun, which the "
                   "sentence alone cannot resolve",
                   sum.context);
    }
    std::fprintf(stderr, "\n");
    return kExitOk;
  }
  if (filter.kinds.empty()) filter.kinds = {"stance", "claim"};
  return Interactive(db.get(), filter, reviewer);
}

}  // namespace argx::cli
