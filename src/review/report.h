// The HTML report of a database: one self-contained file (inline CSS, a few
// lines of inline JS, an SVG drawn here; nothing loaded from the network).
//
//   std::string html;
//   argx::review::ReportSummary summary;
//   argx::Status s = argx::review::WriteReport(db.get(), {}, &html, &summary);
//
// Sections, each with an id a test or a link can find:
//   #network    stance network: actors and what they take stances on as
//               nodes, support (green) and oppose (red) edges, width by count
//   #timeline   per actor (the most active ones), supports (green, up) and
//               opposes (red, down) per month or week, one small SVG each on a
//               shared time axis; from the documents' dates (document_meta)
//   #actors     one table per actor: the stances it holds (polarity, target,
//               how often, how many reviewed)
//   #documents  one collapsed <details> per document, with its date, outlet
//               and title, and a filter by outlet: its text with actor
//               mentions, holders, cues and targets highlighted; hovering a
//               cue shows its extraction (a title), an actor its canonical name
// Rejected extractions are shown struck through and left out of the network
// and counts; corrected ones show the corrected values.
#ifndef ARGX_REVIEW_REPORT_H_
#define ARGX_REVIEW_REPORT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"
#include "review/review.h"

namespace argx::review {

struct ReportOptions {
  std::string title = "argx report";
  // Documents shown with their full text; the rest are listed with counts
  // only, which keeps the file small for big databases.
  size_t max_documents = 500;
  // Nodes in the network: the most connected ones.
  size_t max_nodes = 40;
  // Only documents from these outlets (document_meta.source, compared
  // case-insensitively); all documents when empty.
  std::vector<std::string> sources;
  // Only documents dated within these bounds (YYYY, YYYY-MM or YYYY-MM-DD,
  // as input::DateBound gives them; a bound compares that many leading
  // characters of the ISO date). With either set, undated documents are
  // left out. Empty: no bound.
  std::string since, until;
  // The timeline's bins: "month" or "week" (weeks start on Monday).
  std::string period = "month";
  // Actors in the timeline: those with the most dated stances.
  size_t max_timeline_actors = 8;
};

struct ReportSummary {
  size_t documents = 0, documents_with_text = 0;
  size_t stances = 0, claims = 0, mentions = 0;
  size_t nodes = 0, edges = 0;
  size_t timeline_actors = 0, timeline_periods = 0;
  size_t undated_stances = 0;  // stances (not rejected) in documents without a date
};

// Builds the report of everything in `db` into *html.
Status WriteReport(ReviewDb* db, const ReportOptions& options, std::string* html,
                   ReportSummary* summary);

// `s` with &, <, >, " and ' escaped for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace argx::review

#endif  // ARGX_REVIEW_REPORT_H_
