// argx report: one self-contained HTML file to read a database by: a stance
// network, each actor's stances, and every document with its extractions
// highlighted (src/review/report.h).
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "input/metadata.h"
#include "review/report.h"
#include "review/review.h"

namespace argx::cli {

int RunReport(int argc, char** argv) {
  CLI::App app{
      "Write an HTML report of a database: one file with inline CSS and SVG that opens\n"
      "in any browser without a network: a stance network, a timeline of each actor's\n"
      "supports and opposes by the documents' dates, a table of stances per actor, and\n"
      "the documents (with date and outlet) with actors, cues and targets highlighted\n"
      "(hover for details). Review decisions show: rejected extractions are struck through.",
      "argx report"};
  std::string db_path = "argx.db", out_path = "report.html";
  review::ReportOptions options;
  app.add_option("--db", db_path, "SQLite database written by argx extract")->capture_default_str();
  app.add_option("--out,-o", out_path, "HTML file to write")->capture_default_str();
  app.add_option("--title", options.title, "title of the page")->capture_default_str();
  app.add_option("--max-docs", options.max_documents,
                 "documents shown with their text; the rest are listed with counts")
      ->capture_default_str();
  app.add_option("--max-nodes", options.max_nodes, "nodes in the stance network")
      ->capture_default_str();
  app.add_option("--source", options.sources,
                 "only documents from this outlet (case-insensitive); repeatable");
  std::string since, until;
  app.add_option("--since", since,
                 "only documents dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY)");
  app.add_option("--until", until,
                 "only documents dated on or before this day (YYYY-MM-DD, YYYY-MM or YYYY)");
  app.add_option("--period", options.period, "timeline bins: month or week")
      ->capture_default_str()
      ->check(CLI::IsMember({"month", "week"}));
  app.add_option("--timeline-actors", options.max_timeline_actors,
                 "actors in the timeline: those with the most dated stances")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  options.since = since.empty() ? "" : input::DateBound(since);
  options.until = until.empty() ? "" : input::DateBound(until);
  if ((!since.empty() && options.since.empty()) || (!until.empty() && options.until.empty())) {
    std::fprintf(stderr, "argx: --since/--until: not a date: %s\n",
                 (!since.empty() && options.since.empty() ? since : until).c_str());
    return kExitError;
  }
  std::unique_ptr<review::ReviewDb> db;
  Status s = review::ReviewDb::Open(db_path, &db);
  std::string html;
  review::ReportSummary sum;
  if (s.ok()) s = review::WriteReport(db.get(), options, &html, &sum);
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }
  FILE* f = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "argx: %s: %s\n", out_path.c_str(), std::strerror(errno));
    return kExitError;
  }
  bool ok = std::fwrite(html.data(), 1, html.size(), f) == html.size();
  ok = (f == stdout ? std::fflush(f) == 0 : std::fclose(f) == 0) && ok;
  if (!ok) {
    std::fprintf(stderr, "argx: %s: write failed\n", out_path.c_str());
    return kExitError;
  }
  if (out_path != "-") {
    std::fprintf(stderr,
                 "argx: wrote %s (%.1f MB): %zu documents (%zu with text), %zu stances, %zu "
                 "claims; network of %zu nodes, %zu edges; timeline of %zu actors over %zu %s%s\n",
                 out_path.c_str(), html.size() / 1e6, sum.documents, sum.documents_with_text,
                 sum.stances, sum.claims, sum.nodes, sum.edges, sum.timeline_actors,
                 sum.timeline_periods, options.period.c_str(),
                 sum.timeline_periods == 1 ? "" : "s");
  }
  return kExitOk;
}

}  // namespace argx::cli
