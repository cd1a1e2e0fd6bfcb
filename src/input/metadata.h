// What analysts ask about a document first: when, which outlet, which title.
// Metadata comes from the input itself (a JSON record's fields, an HTML
// page's meta tags), from a sidecar file NAME.meta.json next to a plain
// file, or from a table (--meta-table FILE.tsv) keyed by file name.
//
//   argx::input::Metadata m;
//   m.Set("date", "Tue, 05 Mar 2024 10:00:00 GMT");   // m.date == "2024-03-05T10:00:00Z"
//   m.Set("outlet", "Le Monde");                      // an alias: m.source == "Le Monde"
//   m.Set("section", "Europe");                       // anything else: m.extra
//
//   argx::input::MetaTable table;
//   argx::Status s = table.Load("metadata.tsv");      // "metadata.tsv:3: 4 fields, header has 5"
//   if (const argx::input::Metadata* row = table.Find("eu/article-12.txt")) use(*row);
#ifndef ARGX_INPUT_METADATA_H_
#define ARGX_INPUT_METADATA_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace argx::input {

struct Metadata {
  std::string date;      // ISO 8601 (NormalizeDate) when the value parsed, else empty
  std::string date_raw;  // the date as given, parsed or not
  std::string source;    // the outlet: "Le Monde", "reuters.com"
  std::string title;
  std::string url;
  std::string author;
  std::vector<std::pair<std::string, std::string>> extra;  // free key/values, in input order

  // True when no field and no extra key/value is set.
  bool empty() const;

  // Sets the field `key` names to `value` (leading and trailing white space
  // removed; an empty value sets nothing). Keys, case-insensitive:
  //   date, date_publish, published, published_at, publication_date,
  //     datepublished, article:published_time                      -> date
  //   source, source_domain, outlet, publisher, site, site_name     -> source
  //   title, headline                                               -> title
  //   url, link, canonical                                          -> url
  //   author, authors, byline                                       -> author
  // Any other key goes to `extra` (replacing an earlier value of the same
  // key). A date sets date_raw and, when NormalizeDate parses it, date.
  void Set(std::string_view key, std::string_view value);

  // Fills each empty field of *this from `other`, and adds the extra keys
  // *this lacks: `other` is the less trusted source.
  void MergeMissing(const Metadata& other);

  bool operator==(const Metadata&) const = default;
};

// The date or date-time `s` in ISO 8601, or "" when it is not one of the
// forms below. A date alone gives "YYYY-MM-DD"; a time gives
// "YYYY-MM-DDTHH:MM:SS" followed by "Z" or the offset ("+02:00") when the
// input had one. Accepted:
//   2024-03-05, 2024-03-05T10:00[:00[.123]][Z|+02:00|+0200], 2024-03-05 10:00:00,
//   2024/03/05, 20240305, 5 March 2024, March 5, 2024, Mar 5 2024,
//   Tue, 05 Mar 2024 10:00:00 GMT (RFC 822), and Unix seconds or
//   milliseconds (9 to 13 digits, UTC).
std::string NormalizeDate(std::string_view s);

// A bound of a date filter (--since, --until): `s` itself when it is YYYY
// or YYYY-MM, else NormalizeDate(s) cut to YYYY-MM-DD; "" when it is none
// of these.
std::string DateBound(std::string_view s);

// Whether the ISO 8601 `date` lies within the bounds (DateBound values;
// empty: no bound), comparing as many leading characters as the bound has:
// until "2024-03" takes all of March. An empty date is outside any bound.
bool InDateRange(std::string_view date, std::string_view since, std::string_view until);

// Reads a sidecar file's JSON object into *out: each string, number or
// boolean member through Metadata::Set; an array of strings is joined with
// "; " ("authors": ["A", "B"] -> author "A; B"); an object with a "name"
// member gives its name ("publisher": {"name": "BBC"}). Returns an error
// ("not a JSON object", "malformed JSON: ...") otherwise.
Status ParseMetaJson(std::string_view json, Metadata* out);

// A table of metadata, one row per file: tab-separated values with a header
// row. The key column is the first one named file, filename, file_name,
// path, name, doc or id (case-insensitive), else the first column; every
// other column goes through Metadata::Set under its header name. Empty
// lines are skipped; a trailing '\r' is removed.
class MetaTable {
 public:
  // Loads `path`. Returns an error "PATH: reason" or "PATH:LINE: reason"
  // (unreadable, no header, a row whose field count differs from the header's).
  Status Load(const std::string& path);
  // The same from text; `name` is used in messages.
  Status Parse(std::string_view text, const std::string& name);

  // The row for a document whose path relative to the folder given is
  // `rel_path`: the first key equal to the relative path, to its file name,
  // or to either without its extension. Null when there is none.
  const Metadata* Find(std::string_view rel_path) const;

  size_t size() const { return rows_.size(); }

 private:
  std::map<std::string, Metadata, std::less<>> rows_;
};

}  // namespace argx::input

#endif  // ARGX_INPUT_METADATA_H_
