#include "input/metadata.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/civil_date.h"
#include "input/json_util.h"

namespace argx::input {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

enum class Field { kDate, kSource, kTitle, kUrl, kAuthor, kExtra };

Field FieldOf(std::string_view key) {
  std::string k = Lower(key);
  for (const char* d : {"date", "date_publish", "published", "published_at", "publication_date",
                        "datepublished", "article:published_time"}) {
    if (k == d) return Field::kDate;
  }
  for (const char* s : {"source", "source_domain", "outlet", "publisher", "site", "site_name"}) {
    if (k == s) return Field::kSource;
  }
  if (k == "title" || k == "headline") return Field::kTitle;
  if (k == "url" || k == "link" || k == "canonical") return Field::kUrl;
  if (k == "author" || k == "authors" || k == "byline") return Field::kAuthor;
  return Field::kExtra;
}

// --- Dates ------------------------------------------------------------------

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

struct DateTime {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  std::string zone;  // "", "Z", "+02:00"
};

std::string Format(const DateTime& d) {
  if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > DaysIn(d.year, d.month) || d.hour > 23 || d.minute > 59 || d.second > 60) {
    return "";
  }
  char buf[96];
  if (!d.has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", d.year, d.month, d.day,
                  d.hour, d.minute, d.second, d.zone.c_str());
  }
  return buf;
}

// Reads exactly `n` digits at *p. Returns false when they are not there.
bool Digits(std::string_view s, size_t* p, int n, int* out) {
  if (*p + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[*p + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *p += n;
  *out = v;
  return true;
}

// A zone at s[p..]: "Z", "+02:00", "+0200", "+02", " UTC", " GMT". Returns
// false when something else is there.
bool Zone(std::string_view s, size_t p, std::string* zone) {
  std::string_view rest = Trim(s.substr(p));
  if (rest.empty()) return true;
  std::string r = Lower(rest);
  if (r == "z" || r == "utc" || r == "gmt" || r == "+00:00" || r == "+0000" || r == "-00:00") {
    *zone = "Z";
    return true;
  }
  if (rest[0] != '+' && rest[0] != '-') return false;
  size_t q = 1;
  int hh = 0, mm = 0;
  if (!Digits(rest, &q, 2, &hh)) return false;
  if (q < rest.size() && rest[q] == ':') ++q;
  if (q < rest.size() && !Digits(rest, &q, 2, &mm)) return false;
  if (q != rest.size() || hh > 14 || mm > 59) return false;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", rest[0], hh, mm);
  *zone = buf;
  return true;
}

// "HH:MM[:SS[.fff]]" at *p.
bool Time(std::string_view s, size_t* p, DateTime* d) {
  if (!Digits(s, p, 2, &d->hour) || *p >= s.size() || s[*p] != ':') return false;
  ++*p;
  if (!Digits(s, p, 2, &d->minute)) return false;
  if (*p < s.size() && s[*p] == ':') {
    ++*p;
    if (!Digits(s, p, 2, &d->second)) return false;
    if (*p < s.size() && (s[*p] == '.' || s[*p] == ',')) {
      ++*p;
      while (*p < s.size() && std::isdigit(static_cast<unsigned char>(s[*p]))) ++*p;
    }
  }
  d->has_time = true;
  return true;
}

// 2024-03-05[(T| )10:00[:00][zone]], 2024/03/05, 20240305.
std::string NumericDate(std::string_view s) {
  DateTime d;
  size_t p = 0;
  if (!Digits(s, &p, 4, &d.year)) return "";
  if (p < s.size() && (s[p] == '-' || s[p] == '/')) {
    char sep = s[p++];
    if (!Digits(s, &p, 2, &d.month) || p >= s.size() || s[p] != sep) return "";
    ++p;
    if (!Digits(s, &p, 2, &d.day)) return "";
  } else if (!Digits(s, &p, 2, &d.month) || !Digits(s, &p, 2, &d.day) || p != s.size()) {
    return "";
  }
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    size_t q = p + 1;
    if (Time(s, &q, &d)) {
      p = q;
    } else if (s[p] != ' ') {
      return "";
    }
  }
  if (!Zone(s, p, &d.zone)) return "";
  if (!d.has_time) d.zone.clear();
  return Format(d);
}

int MonthOf(std::string_view word) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string w = Lower(word);
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (w.compare(0, 3, kMonths[m]) != 0) continue;
    static const char* kFull[] = {"january",   "february", "march",    "april",
                                  "may",       "june",     "july",     "august",
                                  "september", "october",  "november", "december"};
    std::string full = kFull[m];
    if (w.size() == 3 || w == full || (m == 8 && w == "sept")) return m + 1;
  }
  return 0;
}

bool IsWeekday(std::string_view word) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string w = Lower(word);
  for (const char* d : kDays) {
    if (w.compare(0, 3, d) == 0 && (w.size() == 3 || w.size() >= 6)) return true;
  }
  return false;
}

// "5 March 2024", "March 5, 2024", "Tue, 05 Mar 2024 10:00:00 GMT", ...
std::string TextualDate(std::string_view s) {
  DateTime d;
  int day = 0;
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string t = tokens[i];
    if (!t.empty() && t.back() == '.') t.pop_back();  // "Mar." "5."
    if (t.empty()) continue;
    if (std::isalpha(static_cast<unsigned char>(t[0]))) {
      if (int m = MonthOf(t); m != 0 && d.month == 0) {
        d.month = m;
      } else if (IsWeekday(t) && d.month == 0) {
        continue;
      } else if (i + 1 == tokens.size() && d.has_time && Zone(t, 0, &d.zone)) {
        continue;
      } else {
        return "";
      }
    } else if (t.find(':') != std::string::npos) {
      size_t p = 0;
      if (d.has_time || !Time(t, &p, &d) || p != t.size()) return "";
    } else if ((t[0] == '+' || t[0] == '-') && d.has_time && i + 1 == tokens.size()) {
      if (!Zone(t, 0, &d.zone)) return "";
    } else {
      size_t digits = 0;
      while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
      std::string suffix = Lower(t.substr(digits));
      if (digits == 0 || !(suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" ||
                           suffix == "th")) {
        return "";
      }
      int v = std::stoi(t.substr(0, digits));
      if (digits == 4 && suffix.empty() && d.year == 0) {
        d.year = v;
      } else if (digits <= 2 && day == 0) {
        day = v;
      } else {
        return "";
      }
    }
  }
  if (d.year == 0 || d.month == 0 || day == 0) return "";
  d.day = day;
  return Format(d);
}

}  // namespace

std::string NormalizeDate(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (s.empty()) return "";
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (s.size() == 8) return NumericDate(s);
    if (s.size() < 9 || s.size() > 13) return "";
    int64_t v = std::stoll(std::string(s));
    if (s.size() >= 12) v /= 1000;  // milliseconds
    DateTime d;
    CivilDate c = CivilFromDays(v / 86400);
    d.year = c.year;
    d.month = c.month;
    d.day = c.day;
    int64_t secs = v % 86400;
    d.has_time = true;
    d.hour = static_cast<int>(secs / 3600);
    d.minute = static_cast<int>(secs / 60 % 60);
    d.second = static_cast<int>(secs % 60);
    d.zone = "Z";
    return Format(d);
  }
  if (s.size() >= 8 && std::isdigit(static_cast<unsigned char>(s[0])) &&
      std::isdigit(static_cast<unsigned char>(s[3])) && (s[4] == '-' || s[4] == '/')) {
    return NumericDate(s);
  }
  return TextualDate(s);
}

std::string DateBound(std::string_view s) {
  auto digits = [&](size_t from, size_t n) {
    if (s.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
  };
  if (s.size() == 4 && digits(0, 4)) return std::string(s);
  if (s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2)) return std::string(s);
  return NormalizeDate(s).substr(0, 10);
}

bool InDateRange(std::string_view date, std::string_view since, std::string_view until) {
  if (since.empty() && until.empty()) return true;
  if (date.empty()) return false;
  if (!since.empty() && date.substr(0, since.size()) < since) return false;
  if (!until.empty() && date.substr(0, until.size()) > until) return false;
  return true;
}

// --- Metadata ----------------------------------------------------------------

bool Metadata::empty() const {
  return date.empty() && date_raw.empty() && source.empty() && title.empty() && url.empty() &&
         author.empty() && extra.empty();
}

void Metadata::Set(std::string_view key, std::string_view raw_value) {
  std::string_view value = Trim(raw_value);
  if (value.empty()) return;
  switch (FieldOf(key)) {
    case Field::kDate:
      date_raw = value;
      date = NormalizeDate(value);
      return;
    case Field::kSource:
      source = value;
      return;
    case Field::kTitle:
      title = value;
      return;
    case Field::kUrl:
      url = value;
      return;
    case Field::kAuthor:
      author = value;
      return;
    case Field::kExtra:
      for (auto& [k, v] : extra) {
        if (k == key) {
          v = value;
          return;
        }
      }
      extra.emplace_back(std::string(key), std::string(value));
      return;
  }
}

void Metadata::MergeMissing(const Metadata& other) {
  if (date_raw.empty()) {
    date_raw = other.date_raw;
    date = other.date;
  }
  for (auto [mine, theirs] : {std::pair{&source, &other.source}, std::pair{&title, &other.title},
                              std::pair{&url, &other.url}, std::pair{&author, &other.author}}) {
    if (mine->empty()) *mine = *theirs;
  }
  for (const auto& kv_other : other.extra) {  // no structured binding: clang 14 cannot capture one
    const std::string& k = kv_other.first;
    bool have =
        std::any_of(extra.begin(), extra.end(), [&](const auto& kv) { return kv.first == k; });
    if (!have) extra.push_back(kv_other);
  }
}

Status ParseMetaJson(std::string_view json, Metadata* out) {
  nlohmann::json j;
  std::string error;
  if (!ParseJson(json, &j, &error)) return Status::Error(error);
  if (!j.is_object()) return Status::Error("not a JSON object");
  for (const auto& [key, value] : j.items()) {
    std::string v;
    if (ValueString(value, &v)) out->Set(key, v);
  }
  return Status::Ok();
}

// --- MetaTable -----------------------------------------------------------------

Status MetaTable::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

Status MetaTable::Parse(std::string_view text, const std::string& name) {
  rows_.clear();
  std::vector<std::string> header;
  size_t key_column = 0;
  int64_t line_no = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (header.empty()) {
      header = fields;
      for (size_t i = 0; i < header.size(); ++i) {
        std::string h = Lower(Trim(header[i]));
        bool is_key = false;
        for (const char* k : {"file", "filename", "file_name", "path", "name", "doc", "id"}) {
          is_key = is_key || h == k;
        }
        if (is_key) {
          key_column = i;
          break;
        }
      }
      continue;
    }
    if (fields.size() != header.size()) {
      return Status::Error(name + ":" + std::to_string(line_no) + ": " +
                           std::to_string(fields.size()) + " fields, header has " +
                           std::to_string(header.size()));
    }
    Metadata m;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i != key_column) m.Set(Trim(header[i]), fields[i]);
    }
    rows_.emplace(std::string(Trim(fields[key_column])), std::move(m));
  }
  if (header.empty()) return Status::Error(name + ": no header row");
  return Status::Ok();
}

const Metadata* MetaTable::Find(std::string_view rel_path) const {
  auto strip_ext = [](std::string_view s) {
    size_t dot = s.rfind('.');
    size_t slash = s.rfind('/');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return s;
    return s.substr(0, dot);
  };
  size_t slash = rel_path.rfind('/');
  std::string_view file = slash == std::string_view::npos ? rel_path : rel_path.substr(slash + 1);
  for (std::string_view key : {rel_path, file, strip_ext(rel_path), strip_ext(file)}) {
    auto it = rows_.find(key);
    if (it != rows_.end()) return &it->second;
  }
  return nullptr;
}

}  // namespace argx::input
