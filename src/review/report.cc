#include "review/report.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "base/civil_date.h"
#include "base/strings.h"

namespace argx::review {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

using Decisions = std::unordered_map<std::string, ReviewDb::Decision>;

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A highlighted span of a document, in bytes.
struct Span {
  size_t begin, end;
  std::string cls;    // CSS class: a (actor), h (holder), c (cue), t (target), q (content)
  std::string title;  // shown on hover
};

// The document text as HTML: paragraphs at line breaks, every span a <span>
// with its classes and the titles of everything covering it.
std::string HighlightedText(const std::string& text, std::vector<Span> spans) {
  std::vector<size_t> cuts = {0, text.size()};
  for (const Span& s : spans) cuts.insert(cuts.end(), {s.begin, s.end});
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') cuts.insert(cuts.end(), {i, i + 1});
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::string out = "<p>";
  size_t first = 0;  // spans before this one end before the current segment
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    size_t b = cuts[k], e = cuts[k + 1];
    if (b >= text.size()) break;
    if (text[b] == '\n') {
      out += "</p>\n<p>";
      continue;
    }
    std::set<std::string> classes;
    std::string title;
    while (first < spans.size() && spans[first].end <= b) ++first;
    for (size_t j = first; j < spans.size() && spans[j].begin <= b; ++j) {
      if (spans[j].end <= b || spans[j].begin >= e) continue;
      std::string_view cls = spans[j].cls;
      size_t at = 0;
      while (at < cls.size()) {  // several classes, space separated
        size_t sp = cls.find(' ', at);
        if (sp == std::string_view::npos) sp = cls.size();
        classes.insert(std::string(cls.substr(at, sp - at)));
        at = sp + 1;
      }
      if (!spans[j].title.empty() && title.find(spans[j].title) == std::string::npos) {
        title += (title.empty() ? "" : "\n") + spans[j].title;
      }
    }
    std::string piece = HtmlEscape(std::string_view(text).substr(b, e - b));
    if (classes.empty()) {
      out += piece;
      continue;
    }
    std::string cls;
    for (const auto& c : classes) cls += (cls.empty() ? "" : " ") + c;
    out += "<span class=\"" + cls + "\"";
    if (!title.empty()) out += " title=\"" + HtmlEscape(title) + "\"";
    out += ">" + piece + "</span>";
  }
  out += "</p>";
  // Lines that were empty leave empty paragraphs: drop them.
  for (size_t at; (at = out.find("<p></p>\n")) != std::string::npos;) out.erase(at, 8);
  return out;
}

std::string StatusLabel(const Decisions& decisions, const std::string& key) {
  auto it = decisions.find(key);
  return it == decisions.end() ? "pending" : it->second.status;
}

std::string Corrected(const Decisions& decisions, const std::string& key, const std::string& field,
                      const std::string& value) {
  auto it = decisions.find(key);
  if (it == decisions.end()) return value;
  auto c = it->second.corrected.find(field);
  return c == it->second.corrected.end() ? value : c->second;
}

// A stance target as a network node: the actor it names if any, else its
// words, lowercased without a leading article.
std::string TargetNode(const std::string& target) {
  std::string t;
  for (char c : target) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* article : {"the ", "a ", "an "}) {
    if (t.rfind(article, 0) == 0) {
      t = t.substr(std::string_view(article).size());
      break;
    }
  }
  while (!t.empty() && std::string_view(".,;:").find(t.back()) != std::string_view::npos) {
    t.pop_back();
  }
  if (t.size() > 48) t = t.substr(0, 45) + "...";
  return t;
}

struct Edge {
  int from, to;
  std::string polarity;
  int count = 0;
};

struct Node {
  std::string label;
  bool actor = false;
  int weight = 0;
  double x = 0, y = 0;
};

// A small deterministic force layout (Fruchterman-Reingold from a circle):
// connected nodes pull together, all nodes push apart.
void Layout(std::vector<Node>* nodes, const std::vector<Edge>& edges, double w, double h) {
  const size_t n = nodes->size();
  if (n == 0) return;
  const double pi = std::acos(-1.0);
  for (size_t i = 0; i < n; ++i) {
    (*nodes)[i].x = w / 2 + 0.38 * w * std::cos(2 * pi * i / n);
    (*nodes)[i].y = h / 2 + 0.38 * h * std::sin(2 * pi * i / n);
  }
  const double k = std::sqrt(w * h / n) * 0.6;
  double temperature = w / 10;
  std::vector<double> dx(n), dy(n);
  for (int iter = 0; iter < 300; ++iter) {
    std::fill(dx.begin(), dx.end(), 0.0);
    std::fill(dy.begin(), dy.end(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        double ddx = (*nodes)[i].x - (*nodes)[j].x, ddy = (*nodes)[i].y - (*nodes)[j].y;
        double d = std::max(1.0, std::hypot(ddx, ddy));
        double f = k * k / d;
        dx[i] += ddx / d * f, dy[i] += ddy / d * f;
        dx[j] -= ddx / d * f, dy[j] -= ddy / d * f;
      }
    }
    for (const Edge& e : edges) {
      Node &a = (*nodes)[e.from], &b = (*nodes)[e.to];
      double ddx = a.x - b.x, ddy = a.y - b.y;
      double d = std::max(1.0, std::hypot(ddx, ddy));
      double f = d * d / k;
      dx[e.from] -= ddx / d * f, dy[e.from] -= ddy / d * f;
      dx[e.to] += ddx / d * f, dy[e.to] += ddy / d * f;
    }
    for (size_t i = 0; i < n; ++i) {
      // A weak pull to the centre keeps unconnected parts on the canvas.
      dx[i] += (w / 2 - (*nodes)[i].x) * 0.25;
      dy[i] += (h / 2 - (*nodes)[i].y) * 0.25 * w / h;
      double d = std::max(1e-9, std::hypot(dx[i], dy[i]));
      double step = std::min(d, temperature);
      (*nodes)[i].x = std::clamp((*nodes)[i].x + dx[i] / d * step, 90.0, w - 90.0);
      (*nodes)[i].y = std::clamp((*nodes)[i].y + dy[i] / d * step, 30.0, h - 30.0);
    }
    temperature = std::max(1.0, temperature * 0.985);
  }
}

std::string NetworkSvg(std::vector<Node> nodes, const std::vector<Edge>& edges) {
  const double w = 1000, h = 640;
  Layout(&nodes, edges, w, h);
  int max_count = 1, max_weight = 1;
  for (const Edge& e : edges) max_count = std::max(max_count, e.count);
  for (const Node& n : nodes) max_weight = std::max(max_weight, n.weight);
  // Node size by weight relative to the heaviest: 6 to 22 units whatever the counts.
  auto radius = [&](const Node& n) { return 6 + 16 * std::sqrt(double(n.weight) / max_weight); };
  std::string svg = "<svg id=\"network-svg\" viewBox=\"0 0 " + Fixed(w, 0) + " " + Fixed(h, 0) +
                    "\" role=\"img\" "
                    "aria-label=\"stance network\">\n"
                    "<defs><marker id=\"ms\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                    "markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" "
                    "orient=\"auto-start-reverse\">"
                    "<path d=\"M0,0L10,5L0,10z\" fill=\"#2e7d32\"/></marker>"
                    "<marker id=\"mo\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                    "markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" "
                    "orient=\"auto-start-reverse\">"
                    "<path d=\"M0,0L10,5L0,10z\" fill=\"#c62828\"/></marker></defs>\n";
  std::set<std::pair<int, int>> pairs;
  for (const Edge& e : edges) pairs.insert({e.from, e.to});
  for (const Edge& e : edges) {
    const Node &a = nodes[e.from], &b = nodes[e.to];
    // Shorten the line to end at the target's rim; bend it when both
    // polarities join the same pair so that both stay visible.
    double ddx = b.x - a.x, ddy = b.y - a.y, d = std::max(1.0, std::hypot(ddx, ddy));
    double r = radius(b);
    double ex = b.x - ddx / d * (r + 2), ey = b.y - ddy / d * (r + 2);
    double bend = e.polarity == "support" ? 18 : -18;
    double mx = (a.x + ex) / 2 - ddy / d * bend, my = (a.y + ey) / 2 + ddx / d * bend;
    bool support = e.polarity == "support";
    double width = 1.2 + 4.0 * std::log2(1.0 + e.count) / std::log2(1.0 + max_count);
    svg += "<path class=\"edge " + std::string(support ? "es" : "eo") + "\" d=\"M" + Fixed(a.x, 1) +
           "," + Fixed(a.y, 1) + " Q" + Fixed(mx, 1) + "," + Fixed(my, 1) + " " + Fixed(ex, 1) +
           "," + Fixed(ey, 1) + "\" stroke-width=\"" + Fixed(width, 1) + "\" marker-end=\"url(#" +
           (support ? "ms" : "mo") + ")\"><title>" + HtmlEscape(a.label) +
           (support ? " supports " : " opposes ") + HtmlEscape(b.label) + ": " +
           std::to_string(e.count) + "</title></path>\n";
  }
  for (const Node& n : nodes) {
    double r = radius(n);
    svg += "<g class=\"node " + std::string(n.actor ? "na" : "nt") + "\"><title>" +
           HtmlEscape(n.label) + " (" + std::to_string(n.weight) + ")</title>";
    if (n.actor) {
      svg += "<circle cx=\"" + Fixed(n.x, 1) + "\" cy=\"" + Fixed(n.y, 1) + "\" r=\"" +
             Fixed(r, 1) + "\"/>";
    } else {
      svg += "<rect x=\"" + Fixed(n.x - r, 1) + "\" y=\"" + Fixed(n.y - r * 0.7, 1) +
             "\" width=\"" + Fixed(2 * r, 1) + "\" height=\"" + Fixed(1.4 * r, 1) + "\" rx=\"3\"/>";
    }
    svg += "<text x=\"" + Fixed(n.x, 1) + "\" y=\"" + Fixed(n.y + r + 12, 1) + "\">" +
           HtmlEscape(n.label) + "</text></g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

// --- Timeline ---------------------------------------------------------------

// The ISO 8601 date `days` after 1970-01-01.
std::string IsoDate(int64_t days) {
  CivilDate c = CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

// The bin of an ISO 8601 date ("2024-03-05..."): its index (months since
// year 0, or days since 1970 of the week's Monday), or false when the date
// does not start with YYYY-MM-DD.
bool PeriodOf(const std::string& date, bool weeks, int64_t* index) {
  int y = 0, m = 0, d = 0;
  if (date.size() < 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31) {
    return false;
  }
  if (!weeks) {
    *index = int64_t{y} * 12 + (m - 1);
    return true;
  }
  int64_t days = DaysFromCivil(y, m, d);
  int64_t weekday = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday: Monday = 0
  *index = days - weekday;
  return true;
}

// The label of a bin: "2024-03", or the week's Monday "2024-03-04".
std::string PeriodLabel(int64_t index, bool weeks) {
  if (weeks) return IsoDate(index);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(index / 12),
                static_cast<int>(index % 12 + 1));
  return buf;
}

struct PeriodCounts {
  int supports = 0, opposes = 0;
};

// One actor's supports (up) and opposes (down) per bin, as an SVG: bins
// from `first` to `last` (step 1 month or 7 days), bar heights scaled to
// `max_count`.
std::string TimelineSvg(const std::string& actor, const std::map<int64_t, PeriodCounts>& counts,
                        int64_t first, int64_t last, bool weeks, int max_count) {
  const int64_t step = weeks ? 7 : 1;
  const size_t n = static_cast<size_t>((last - first) / step + 1);
  const double left = 28, bar_area = std::clamp(n * 22.0, 480.0, 940.0);
  const double slot = bar_area / n, bar = std::clamp(slot * 0.7, 2.0, 32.0);
  const double w = left + bar_area + 8, mid = 52, half = 44, h = mid + half + 22;
  auto height = [&](int c) { return half * c / std::max(1, max_count); };
  std::string svg = "<svg class=\"timeline-svg\" viewBox=\"0 0 " + Fixed(w, 0) + " " + Fixed(h, 0) +
                    "\" width=\"" + Fixed(w, 0) + "\" role=\"img\" aria-label=\"" +
                    HtmlEscape(actor) + ": stances over time\">\n";
  svg += "<line class=\"axis\" x1=\"" + Fixed(left, 1) + "\" y1=\"" + Fixed(mid, 1) + "\" x2=\"" +
         Fixed(left + bar_area, 1) + "\" y2=\"" + Fixed(mid, 1) + "\"/>\n";
  svg += "<text class=\"tick\" x=\"" + Fixed(left - 4, 1) + "\" y=\"" + Fixed(mid - half + 8, 1) +
         "\" text-anchor=\"end\">" + std::to_string(max_count) + "</text>";
  svg += "<text class=\"tick\" x=\"" + Fixed(left - 4, 1) + "\" y=\"" + Fixed(mid + half, 1) +
         "\" text-anchor=\"end\">" + std::to_string(max_count) + "</text>\n";
  // A label every k bins, so that they do not overlap (about 60 units each).
  const size_t every =
      std::max<size_t>(1, static_cast<size_t>(std::ceil((weeks ? 70.0 : 52.0) / slot)));
  for (size_t i = 0; i < n; ++i) {
    const int64_t index = first + static_cast<int64_t>(i) * step;
    const double x = left + i * slot + (slot - bar) / 2;
    const std::string label = PeriodLabel(index, weeks);
    auto it = counts.find(index);
    if (it != counts.end()) {
      const PeriodCounts& c = it->second;
      if (c.supports > 0) {
        double bh = height(c.supports);
        svg += "<rect class=\"ts\" x=\"" + Fixed(x, 1) + "\" y=\"" + Fixed(mid - bh, 1) +
               "\" width=\"" + Fixed(bar, 1) + "\" height=\"" + Fixed(bh, 1) + "\"><title>" +
               HtmlEscape(actor) + ", " + label + ": " + std::to_string(c.supports) +
               (c.supports == 1 ? " support" : " supports") + "</title></rect>";
      }
      if (c.opposes > 0) {
        double bh = height(c.opposes);
        svg += "<rect class=\"to\" x=\"" + Fixed(x, 1) + "\" y=\"" + Fixed(mid, 1) + "\" width=\"" +
               Fixed(bar, 1) + "\" height=\"" + Fixed(bh, 1) + "\"><title>" + HtmlEscape(actor) +
               ", " + label + ": " + std::to_string(c.opposes) +
               (c.opposes == 1 ? " opposition" : " oppositions") + "</title></rect>";
      }
      svg += "\n";
    }
    if (i % every == 0) {
      svg += "<text class=\"tick\" x=\"" + Fixed(x + bar / 2, 1) + "\" y=\"" + Fixed(h - 4, 1) +
             "\" text-anchor=\"middle\">" + label + "</text>\n";
    }
  }
  svg += "</svg>\n";
  return svg;
}

// The documents' filter by outlet: a <select> of every outlet.
std::string OutletSelect(const std::set<std::string>& outlets) {
  std::string html =
      "<select id=\"outlet\" onchange=\"filterDocs()\" aria-label=\"outlet\">"
      "<option value=\"\">all outlets</option>";
  for (const std::string& o : outlets) {
    html += "<option value=\"" + HtmlEscape(o) + "\">" + HtmlEscape(o) + "</option>";
  }
  return html + "</select>";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

constexpr char kStyle[] = R"css(
:root { --support: #2e7d32; --oppose: #c62828; --actor: #1565c0; --muted: #666; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #263238; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #cfd8dc; }
nav { padding: 8px 28px; background: #eceff1; position: sticky; top: 0; z-index: 2; border-bottom: 1px solid #cfd8dc; }
nav a { margin-right: 18px; color: #263238; font-weight: 600; text-decoration: none; }
main { padding: 8px 28px 40px; max-width: 1200px; }
h2 { border-bottom: 2px solid #cfd8dc; padding-bottom: 4px; margin-top: 28px; }
.legend span { margin-right: 14px; }
.note { color: var(--muted); font-size: 13px; }
#network-svg { width: 100%; max-width: 1000px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
.edge { fill: none; opacity: .65; }
.edge:hover { opacity: 1; }
.es { stroke: var(--support); }
.eo { stroke: var(--oppose); }
.node circle { fill: var(--actor); stroke: #fff; stroke-width: 1.5; }
.node rect { fill: #b0bec5; stroke: #fff; }
.node text { font-size: 11px; text-anchor: middle; fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.actors { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; }
.actor { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; }
.actor h3 { margin: 0 0 6px; font-size: 16px; }
.actor h3 small { color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.n { text-align: right; white-space: nowrap; }
.pol-support { color: var(--support); font-weight: 600; }
.pol-oppose { color: var(--oppose); font-weight: 600; }
details.doc { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 6px 0; padding: 4px 12px; }
details.doc summary { cursor: pointer; font-weight: 600; }
details.doc summary small { color: var(--muted); font-weight: normal; margin-left: 8px; }
.text p { margin: 6px 0; }
.text span[title] { cursor: help; }
.a { background: #e3f2fd; border-radius: 2px; }
.h { background: #bbdefb; border-bottom: 2px solid var(--actor); }
.c { background: #fff3cd; font-weight: 600; }
.c.support { border-bottom: 2px solid var(--support); }
.c.oppose { border-bottom: 2px solid var(--oppose); }
.t { text-decoration: underline dotted 2px; text-underline-offset: 3px; }
.q { background: #f3e5f5; }
.rejected { text-decoration: line-through; opacity: .55; }
.badge { font-size: 11px; padding: 0 5px; border-radius: 8px; background: #eceff1; color: #333; }
.badge.accepted { background: #c8e6c9; } .badge.rejected { background: #ffcdd2; } .badge.corrected { background: #e1bee7; }
#filter { padding: 4px 8px; width: 320px; margin-right: 8px; }
#outlet { padding: 4px 8px; margin-right: 8px; }
.timeline { display: flex; flex-direction: column; gap: 4px; }
figure.tl { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 4px 12px; }
figure.tl figcaption { font-weight: 600; font-size: 14px; }
figure.tl figcaption small { color: var(--muted); font-weight: normal; margin-left: 8px; }
.timeline-svg { max-width: 100%; height: auto; display: block; }
.timeline-svg .axis { stroke: #90a4ae; stroke-width: 1; }
.timeline-svg .ts { fill: var(--support); }
.timeline-svg .to { fill: var(--oppose); }
.timeline-svg .tick { font-size: 10px; fill: var(--muted); }
.meta { color: var(--muted); font-weight: normal; font-size: 13px; margin-left: 8px; }
)css";

constexpr char kScript[] = R"js(
function filterDocs() {
  var q = document.getElementById('filter').value.toLowerCase();
  var select = document.getElementById('outlet');
  var outlet = select ? select.value : '';
  var docs = document.querySelectorAll('details.doc');
  var shown = 0;
  for (var i = 0; i < docs.length; i++) {
    var hit = (!q || docs[i].textContent.toLowerCase().indexOf(q) >= 0) &&
              (!outlet || docs[i].getAttribute('data-source') === outlet);
    docs[i].style.display = hit ? '' : 'none';
    if (hit) shown++;
  }
  document.getElementById('shown').textContent = shown + ' shown';
}
function openAll(open) {
  var docs = document.querySelectorAll('details.doc');
  for (var i = 0; i < docs.length; i++) if (docs[i].style.display !== 'none') docs[i].open = open;
}
)js";

struct StanceRow {
  std::string polarity, target;
  int count = 0, accepted = 0, rejected = 0, corrected = 0;
};

}  // namespace

Status WriteReport(ReviewDb* db, const ReportOptions& options, std::string* html,
                   ReportSummary* summary) {
  *summary = {};
  store::Store* st = db->store();
  std::vector<store::StoredDocument> docs;
  Status s = st->ListDocuments(&docs);
  if (!s.ok()) return s;
  if (!options.sources.empty()) {
    std::set<std::string> wanted;
    for (const std::string& src : options.sources) wanted.insert(Lower(src));
    std::erase_if(
        docs, [&](const store::StoredDocument& d) { return !wanted.count(Lower(d.meta.source)); });
  }
  if (!options.since.empty() || !options.until.empty()) {
    const std::string &since = options.since, &until = options.until;
    std::erase_if(docs, [&](const store::StoredDocument& d) {
      const std::string& date = d.meta.date;
      return date.empty() || (!since.empty() && date.substr(0, since.size()) < since) ||
             (!until.empty() && date.substr(0, until.size()) > until);
    });
  }
  const bool weeks = options.period == "week";
  // Timeline: actor -> bin -> counts.
  std::map<std::string, std::map<int64_t, PeriodCounts>> timeline;
  std::set<std::string> outlets;
  Decisions decisions;
  s = db->Decisions(&decisions);
  if (!s.ok()) return s;

  // Per actor: (polarity, target) -> counts. Network: node ids and edges.
  std::map<std::string, std::map<std::pair<std::string, std::string>, StanceRow>> held;
  std::map<std::string, std::string> actor_type;
  std::map<std::string, int> node_index;
  std::vector<Node> nodes;
  std::map<std::tuple<int, int, std::string>, int> edge_counts;
  auto node = [&](const std::string& label, bool actor) {
    std::string id = (actor ? "a:" : "t:") + label;
    auto [it, added] = node_index.emplace(id, static_cast<int>(nodes.size()));
    if (added) nodes.push_back({label, actor});
    return it->second;
  };

  std::string doc_html;
  std::string doc_list;  // documents beyond max_documents: one table row each
  extract::Extractions ex;
  store::ExtractionKeys keys;
  std::string text;
  for (const store::StoredDocument& doc : docs) {
    s = st->ReadExtractions(doc.id, &ex, &keys);
    if (!s.ok()) return s;
    ++summary->documents;
    summary->stances += ex.stances.size();
    summary->claims += ex.claims.size();
    summary->mentions += ex.actors.size();
    bool with_text = summary->documents_with_text < options.max_documents;
    if (with_text) {
      s = st->DocumentText(doc.id, &text);
      if (!s.ok()) return s;
    }
    int64_t period = 0;
    const bool dated = PeriodOf(doc.meta.date, weeks, &period);
    if (!doc.meta.source.empty()) outlets.insert(doc.meta.source);
    std::vector<size_t> cp = with_text ? CodePointOffsets(text) : std::vector<size_t>{};
    auto byte = [&](uint32_t c) { return cp[std::min<size_t>(c, cp.size() - 1)]; };
    std::vector<Span> spans;

    for (size_t i = 0; i < ex.actors.size(); ++i) {
      const auto& m = ex.actors[i];
      actor_type[m.actor.name] = m.actor.type;
      if (!with_text || m.span.empty()) continue;
      spans.push_back({byte(m.span.begin), byte(m.span.end), "a",
                       m.actor.name + " (" + m.actor.type +
                           (m.actor.affiliation.empty() ? "" : ", " + m.actor.affiliation) + ")"});
    }
    int rejected_here = 0;
    for (size_t i = 0; i < ex.stances.size(); ++i) {
      const auto& x = ex.stances[i];
      const std::string& key = keys.stances[i];
      std::string status = StatusLabel(decisions, key);
      std::string holder = Corrected(decisions, key, "holder", x.holder.name);
      std::string polarity = Corrected(decisions, key, "polarity", x.polarity);
      std::string target = Corrected(decisions, key, "target", x.target);
      if (status == "rejected") ++rejected_here;
      if (status != "rejected") {
        StanceRow& row = held[holder][{polarity, TargetNode(target)}];
        row.polarity = polarity;
        if (row.target.empty()) row.target = target;
        ++row.count;
        row.accepted += status == "accepted";
        row.corrected += status == "corrected";
        if (x.holder.type.size()) actor_type[holder] = x.holder.type;
        // The target node: an actor named inside the target, else its words.
        std::string target_actor;
        for (const auto& m : ex.actors) {
          if (m.span.begin >= x.target_span.begin && m.span.end <= x.target_span.end &&
              !x.target_span.empty() && m.actor.name != holder) {
            target_actor = m.actor.name;
            break;
          }
        }
        int from = node(holder, true);
        int to = target_actor.empty() ? node(TargetNode(target), false) : node(target_actor, true);
        if (from != to) ++edge_counts[{from, to, polarity}];
        if (dated) {
          PeriodCounts& c = timeline[holder][period];
          ++(polarity == "support" ? c.supports : c.opposes);
        } else {
          ++summary->undated_stances;
        }
      } else {
        StanceRow& row = held[holder][{polarity, TargetNode(target)}];
        row.rejected += 1;
        row.polarity = polarity;
        if (row.target.empty()) row.target = target;
      }
      if (!with_text) continue;
      std::string title = "stance: " + holder +
                          (polarity == "support" ? " supports " : " opposes ") + target +
                          "\ncue: " + x.cue + "\nrule: " + x.rule + "\nreview: " + status +
                          "  key " + key.substr(0, 10);
      std::string extra = status == "rejected" ? " rejected" : "";
      if (!x.holder_span.empty()) {
        spans.push_back({byte(x.holder_span.begin), byte(x.holder_span.end), "h" + extra, ""});
      }
      if (!x.cue_span.empty()) {
        spans.push_back(
            {byte(x.cue_span.begin), byte(x.cue_span.end), "c " + polarity + extra, title});
      }
      if (!x.target_span.empty()) {
        spans.push_back({byte(x.target_span.begin), byte(x.target_span.end), "t" + extra, ""});
      }
    }
    for (size_t i = 0; i < ex.claims.size(); ++i) {
      if (!with_text) break;
      const auto& c = ex.claims[i];
      const std::string& key = keys.claims[i];
      std::string status = StatusLabel(decisions, key);
      std::string claimant =
          Corrected(decisions, key, "claimant", c.by_author ? "AUTHOR" : c.claimant.name);
      std::string title = "claim (" + Corrected(decisions, key, "claim_type", c.claim_type) +
                          ") by " + claimant + "\ncue: " + c.cue + "\nrule: " + c.rule +
                          "\nreview: " + status + "  key " + key.substr(0, 10);
      std::string extra = status == "rejected" ? " rejected" : "";
      if (!c.by_author && !c.claimant_span.empty()) {
        spans.push_back({byte(c.claimant_span.begin), byte(c.claimant_span.end), "h" + extra, ""});
      }
      if (!c.cue_span.empty()) {
        spans.push_back({byte(c.cue_span.begin), byte(c.cue_span.end), "c claim" + extra, title});
      }
      if (!c.content_span.empty()) {
        spans.push_back({byte(c.content_span.begin), byte(c.content_span.end), "q" + extra, ""});
      }
    }
    std::string counts = std::to_string(ex.stances.size()) + " stances, " +
                         std::to_string(ex.claims.size()) + " claims, " +
                         std::to_string(ex.actors.size()) + " actor mentions";
    if (rejected_here > 0) counts += ", " + std::to_string(rejected_here) + " rejected";
    // Date (the day), outlet and title, as far as they are known.
    const std::string& date = doc.meta.date.empty() ? doc.meta.date_raw : doc.meta.date;
    std::string meta;
    for (const std::string& part : {date.substr(0, doc.meta.date.empty() ? date.size() : 10),
                                    doc.meta.source, doc.meta.title}) {
      if (!part.empty()) meta += (meta.empty() ? "" : " · ") + part;
    }
    if (with_text) {
      ++summary->documents_with_text;
      // The first document open: the page shows what the highlights mean.
      doc_html += std::string("<details class=\"doc\" data-source=\"") +
                  HtmlEscape(doc.meta.source) + "\"" +
                  (summary->documents_with_text == 1 ? " open" : "") + "><summary>" +
                  HtmlEscape(doc.path) +
                  (meta.empty() ? "" : "<span class=\"meta\">" + HtmlEscape(meta) + "</span>") +
                  "<small>" + counts + "</small></summary><div class=\"text\">" +
                  HighlightedText(text, std::move(spans)) + "</div></details>\n";
    } else {
      doc_list += "<tr><td>" + HtmlEscape(doc.path) + "</td><td>" + HtmlEscape(meta) + "</td><td>" +
                  counts + "</td></tr>\n";
    }
  }

  // Network: the strongest edges first, with their ends, until max_nodes
  // nodes are in (so no node is drawn without an edge).
  std::vector<std::pair<std::tuple<int, int, std::string>, int>> ranked(edge_counts.begin(),
                                                                        edge_counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<int> remap(nodes.size(), -1);
  std::vector<Node> kept;
  std::vector<Edge> edges;
  for (const auto& [k, count] : ranked) {
    auto [from, to, polarity] = k;
    size_t needed = (remap[from] < 0) + (remap[to] < 0);
    if (kept.size() + needed > options.max_nodes) continue;
    for (int n : {from, to}) {
      if (remap[n] < 0) {
        remap[n] = static_cast<int>(kept.size());
        kept.push_back(nodes[n]);
      }
    }
    kept[remap[from]].weight += count;
    kept[remap[to]].weight += count;
    edges.push_back({remap[from], remap[to], polarity, count});
  }
  summary->nodes = kept.size();
  summary->edges = edges.size();

  // Actor tables, most stances first.
  std::vector<std::pair<int, std::string>> actors_by_count;
  for (const auto& [actor, rows] : held) {
    int n = 0;
    for (const auto& [k, r] : rows) n += r.count;
    actors_by_count.push_back({-n, actor});
  }
  std::sort(actors_by_count.begin(), actors_by_count.end());
  std::string actors_html;
  for (const auto& [neg, actor] : actors_by_count) {
    const auto& rows_map = held[actor];
    std::vector<StanceRow> rows;
    for (const auto& [k, r] : rows_map) rows.push_back(r);
    std::stable_sort(rows.begin(), rows.end(), [](const StanceRow& a, const StanceRow& b) {
      return a.count + a.rejected > b.count + b.rejected;
    });
    std::string type = actor_type.count(actor) ? actor_type[actor] : "";
    actors_html += "<section class=\"actor\"><h3>" + HtmlEscape(actor) + " <small>" +
                   HtmlEscape(type) + " · " + std::to_string(-neg) +
                   " stances</small></h3><table><tr><th>stance</th><th>on</th><th>times</th>"
                   "<th>reviewed</th></tr>\n";
    for (const StanceRow& r : rows) {
      int reviewed = r.accepted + r.corrected + r.rejected;
      std::string rev = reviewed == 0 ? "<span class=\"badge\">not yet</span>" : "";
      if (r.accepted)
        rev += "<span class=\"badge accepted\">" + std::to_string(r.accepted) + " accepted</span> ";
      if (r.corrected)
        rev +=
            "<span class=\"badge corrected\">" + std::to_string(r.corrected) + " corrected</span> ";
      if (r.rejected)
        rev += "<span class=\"badge rejected\">" + std::to_string(r.rejected) + " rejected</span>";
      actors_html += "<tr><td class=\"pol-" + r.polarity + "\">" + r.polarity + "</td><td>" +
                     HtmlEscape(r.target) + "</td><td class=\"n\">" + std::to_string(r.count) +
                     "</td><td>" + rev + "</td></tr>\n";
    }
    actors_html += "</table></section>\n";
  }

  // Timeline: the actors with the most dated stances, on one time axis from
  // the first bin any of them has to the last, bars on one scale.
  std::vector<std::pair<int, std::string>> timeline_order;
  for (const auto& [actor, bins] : timeline) {
    int n = 0;
    for (const auto& [bin, c] : bins) n += c.supports + c.opposes;
    timeline_order.push_back({-n, actor});
  }
  std::sort(timeline_order.begin(), timeline_order.end());
  if (timeline_order.size() > options.max_timeline_actors) {
    timeline_order.resize(options.max_timeline_actors);
  }
  std::string timeline_html;
  if (!timeline_order.empty()) {
    int64_t first = INT64_MAX, last = INT64_MIN;
    int max_count = 1;
    for (const auto& [neg, actor] : timeline_order) {
      for (const auto& [bin, c] : timeline[actor]) {
        first = std::min(first, bin);
        last = std::max(last, bin);
        max_count = std::max({max_count, c.supports, c.opposes});
      }
    }
    summary->timeline_actors = timeline_order.size();
    summary->timeline_periods = static_cast<size_t>((last - first) / (weeks ? 7 : 1) + 1);
    for (const auto& [neg, actor] : timeline_order) {
      int supports = 0, opposes = 0;
      for (const auto& [bin, c] : timeline[actor]) supports += c.supports, opposes += c.opposes;
      timeline_html += "<figure class=\"tl\"><figcaption>" + HtmlEscape(actor) + "<small>" +
                       std::to_string(supports) + " supports, " + std::to_string(opposes) +
                       " opposes</small></figcaption>\n" +
                       TimelineSvg(actor, timeline[actor], first, last, weeks, max_count) +
                       "</figure>\n";
    }
  }

  std::string out;
  out.reserve(doc_html.size() + actors_html.size() + 64 * 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      HtmlEscape(options.title) + "</title>\n<style>" + kStyle + "</style>\n<script>" + kScript +
      "</script>\n</head><body>\n";
  out += "<header><h1>" + HtmlEscape(options.title) + "</h1><p>" +
         std::to_string(summary->documents) + " documents · " + std::to_string(summary->stances) +
         " stances · " + std::to_string(summary->claims) + " claims · " +
         std::to_string(summary->mentions) + " actor mentions · " +
         std::to_string(decisions.size()) + " review decisions</p></header>\n";
  out +=
      "<nav><a href=\"#network\">Network</a><a href=\"#timeline\">Timeline</a>"
      "<a href=\"#actors\">Actors</a>"
      "<a href=\"#documents\">Documents</a></nav>\n<main>\n";
  out +=
      "<section id=\"network\"><h2>Stance network</h2><p class=\"legend\">"
      "<span style=\"color:var(--support)\">&#9644; supports</span>"
      "<span style=\"color:var(--oppose)\">&#9644; opposes</span>"
      "<span style=\"color:var(--actor)\">&#9679; actor</span>"
      "<span style=\"color:#90a4ae\">&#9632; what the stance is on</span>"
      "<span class=\"note\">line width: how often; rejected stances left out; hover for "
      "counts</span></p>\n";
  if (kept.empty()) {
    out += "<p class=\"note\">No stances in this database.</p>\n";
  } else {
    out += NetworkSvg(std::move(kept), edges);
    if (edge_counts.size() > summary->edges) {
      out += "<p class=\"note\">The " + std::to_string(summary->edges) + " strongest of " +
             std::to_string(edge_counts.size()) +
             " links (argx report --max-nodes N shows more).</p>\n";
    }
  }
  out +=
      "</section>\n<section id=\"timeline\"><h2>Timeline</h2><p class=\"legend\">"
      "<span style=\"color:var(--support)\">&#9650; supports</span>"
      "<span style=\"color:var(--oppose)\">&#9660; opposes</span><span class=\"note\">per " +
      std::string(weeks ? "week (labelled by its Monday)" : "month") +
      ", by the documents' dates; rejected stances left out; hover a bar for counts</span>"
      "</p>\n";
  if (timeline_html.empty()) {
    out += "<p class=\"note\">No stances in dated documents.</p>\n";
  } else {
    out += "<div class=\"timeline\">\n" + timeline_html + "</div>\n";
  }
  if (summary->undated_stances > 0) {
    out += "<p class=\"note\">" + std::to_string(summary->undated_stances) +
           (summary->undated_stances == 1 ? " stance in a document" : " stances in documents") +
           " without a date " + (summary->undated_stances == 1 ? "is" : "are") +
           " not in the timeline.</p>\n";
  }
  out += "</section>\n<section id=\"actors\"><h2>Actors and their stances</h2>\n";
  out += actors_html.empty() ? "<p class=\"note\">No stances.</p>\n"
                             : "<div class=\"actors\">\n" + actors_html + "</div>\n";
  out +=
      "</section>\n<section id=\"documents\"><h2>Documents</h2>\n<p>"
      "<input id=\"filter\" type=\"search\" placeholder=\"filter documents by words\" "
      "oninput=\"filterDocs()\">" +
      (outlets.empty() ? std::string() : OutletSelect(outlets)) +
      "<button onclick=\"openAll(true)\">open all</button> "
      "<button onclick=\"openAll(false)\">close all</button> <span id=\"shown\" "
      "class=\"note\"></span></p>\n<p class=\"legend\"><span class=\"a\">actor</span>"
      "<span class=\"h\">holder / claimant</span><span class=\"c support\">support cue</span>"
      "<span class=\"c oppose\">oppose cue</span><span class=\"c\">claim cue</span>"
      "<span class=\"t\">target</span><span class=\"q\">claim content</span>"
      "<span class=\"rejected\">rejected</span>"
      "<span class=\"note\">hover a highlight for the extraction</span></p>\n";
  out += doc_html;
  if (!doc_list.empty()) {
    out += "<p class=\"note\">" +
           std::to_string(summary->documents - summary->documents_with_text) +
           " more documents without their text (argx report --max-docs N shows more):</p>\n"
           "<table><tr><th>document</th><th>date · outlet · title</th><th>extractions</th></tr>\n" +
           doc_list + "</table>\n";
  }
  out += "</section>\n</main></body></html>\n";
  *html = std::move(out);
  return Status::Ok();
}

}  // namespace argx::review
