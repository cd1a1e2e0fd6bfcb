#include "input/records.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "input/json_util.h"

namespace argx::input {
namespace {

constexpr size_t kMaxExtraBytes = 200;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

int64_t CountLines(std::string_view s) { return std::count(s.begin(), s.end(), '\n'); }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// One record's fields, whatever the format: look a field up by name, and
// list every scalar field (for Metadata::extra).
class Fields {
 public:
  virtual ~Fields() = default;
  virtual std::optional<std::string> Get(const std::string& name) const = 0;
  // The field as a document's text: as Get, but a JSON array of strings
  // (paragraphs) is joined with line breaks.
  virtual std::optional<std::string> GetText(const std::string& name) const { return Get(name); }
  virtual std::vector<std::pair<std::string, std::string>> Scalars() const = 0;
};

class JsonFields : public Fields {
 public:
  explicit JsonFields(const nlohmann::json& object) : object_(object) {}
  std::optional<std::string> Get(const std::string& name) const override {
    const nlohmann::json* v = Member(object_, name);
    std::string s;
    if (v == nullptr || !ValueString(*v, &s)) return std::nullopt;
    return s;
  }
  std::optional<std::string> GetText(const std::string& name) const override {
    const nlohmann::json* v = Member(object_, name);
    if (v == nullptr || !v->is_array()) return Get(name);
    std::string text;
    for (const auto& item : *v) {
      if (!item.is_string()) continue;
      if (!text.empty()) text += '\n';
      text += item.get<std::string>();
    }
    return text;
  }
  std::vector<std::pair<std::string, std::string>> Scalars() const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [k, v] : object_.items()) {
      std::string s;
      if (v.is_primitive() && !v.is_null() && ValueString(v, &s)) out.emplace_back(k, s);
    }
    return out;
  }

 private:
  const nlohmann::json& object_;
};

class CsvFields : public Fields {
 public:
  CsvFields(const std::vector<std::string>& header, const std::vector<std::string>& row)
      : header_(header), row_(row) {}
  std::optional<std::string> Get(const std::string& name) const override {
    std::string want = Lower(name);
    for (size_t i = 0; i < header_.size(); ++i) {
      if (Lower(header_[i]) == want) return row_[i];
    }
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> Scalars() const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i < header_.size(); ++i) out.emplace_back(header_[i], row_[i]);
    return out;
  }

 private:
  const std::vector<std::string>& header_;
  const std::vector<std::string>& row_;
};

class Builder {
 public:
  Builder(const FieldOptions& fields, std::vector<Record>* records,
          std::vector<RecordError>* errors)
      : options_(fields), records_(records), errors_(errors) {
    for (const auto* list : {&fields.text, &fields.title, &fields.date, &fields.source, &fields.url,
                             &fields.id, &fields.author}) {
      for (const std::string& name : *list) known_.insert(Lower(name));
    }
  }

  void Error(int64_t line, std::string reason) { errors_->push_back({line, std::move(reason)}); }

  // Turns one record's fields into a Record (or an error). `keyed`: false
  // for the single object of a JSON file, whose key stays empty.
  void Add(const Fields& f, int64_t line, bool keyed = true) {
    Record r;
    r.line = line;
    std::optional<std::string> text = First(f, options_.text, /*as_text=*/true);
    if (!text) {
      Error(line, "no text (no non-blank " + JoinNames(options_.text) + ")");
      return;
    }
    r.text = std::move(*text);
    for (auto [list, key] : {std::pair{&options_.title, "title"},
                             {&options_.date, "date"},
                             {&options_.source, "source"},
                             {&options_.url, "url"},
                             {&options_.author, "author"}}) {
      if (auto v = First(f, *list)) r.meta.Set(key, *v);
    }
    for (auto& [k, v] : f.Scalars()) {
      if (known_.count(Lower(k)) || v.size() > kMaxExtraBytes || Blank(v)) continue;
      r.meta.extra.emplace_back(k, v);
    }
    if (keyed) {
      std::optional<std::string> id = First(f, options_.id);
      if (id) {
        r.key = "#" + *id;
        auto [it, inserted] = keys_.emplace(r.key, line);
        if (!inserted) {
          Error(line,
                "duplicate id " + *id + " (first on line " + std::to_string(it->second) + ")");
          return;
        }
      } else {
        // Records sharing a line (a JSON array on one line): ":LINE.2" for
        // the second one, and so on.
        r.key = ":" + std::to_string(line);
        for (int n = 2; !keys_.emplace(r.key, line).second; ++n) {
          r.key = ":" + std::to_string(line) + "." + std::to_string(n);
        }
      }
    }
    records_->push_back(std::move(r));
  }

  // A JSON value as a record: only objects are.
  void AddJson(std::string_view text, int64_t line, bool keyed = true) {
    nlohmann::json j;
    std::string error;
    size_t at = 0;
    if (!ParseJson(text, &j, &error, &at)) {
      Error(line + CountLines(text.substr(0, std::min(at, text.size()))), error);
      return;
    }
    if (!j.is_object()) {
      Error(line, std::string("not a JSON object (") + j.type_name() + ")");
      return;
    }
    Add(JsonFields(j), line, keyed);
  }

 private:
  std::optional<std::string> First(const Fields& f, const std::vector<std::string>& names,
                                   bool as_text = false) {
    for (const std::string& name : names) {
      std::optional<std::string> v = as_text ? f.GetText(name) : f.Get(name);
      if (v && !Blank(*v)) return v;
    }
    return std::nullopt;
  }

  const FieldOptions& options_;
  std::vector<Record>* records_;
  std::vector<RecordError>* errors_;
  std::set<std::string> known_;          // lower-case names of every field option
  std::map<std::string, int64_t> keys_;  // record key -> line, for duplicates
};

void ReadJsonLines(std::string_view s, Builder* b) {
  int64_t line = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    std::string_view text = s.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? s.size() : nl + 1;
    ++line;
    if (Blank(text)) continue;
    b->AddJson(text, line);
  }
}

// The elements of a top-level array, each parsed on its own so that one
// broken element costs only itself.
void ReadJsonArray(std::string_view s, size_t p, int64_t line, Builder* b) {
  auto skip_space = [&]() {
    while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) {
      if (s[p] == '\n') ++line;
      ++p;
    }
  };
  ++p;  // '['
  while (true) {
    skip_space();
    if (p >= s.size()) {
      b->Error(line, "malformed JSON: the array is not closed");
      return;
    }
    if (s[p] == ']') break;
    size_t start = p;
    int64_t start_line = line;
    int depth = 0;
    bool in_string = false, escaped = false;
    for (; p < s.size(); ++p) {
      char c = s[p];
      if (c == '\n') ++line;
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    std::string_view element = s.substr(start, p - start);
    while (!element.empty() && std::isspace(static_cast<unsigned char>(element.back()))) {
      element.remove_suffix(1);
    }
    if (element.empty()) {
      if (p < s.size() && s[p] == ',') b->Error(start_line, "malformed JSON: empty array element");
    } else {
      b->AddJson(element, start_line);
    }
    if (p >= s.size()) {
      b->Error(line, "malformed JSON: the array is not closed");
      return;
    }
    if (s[p] == ']') break;
    ++p;  // ','
  }
  ++p;  // ']'
  skip_space();
  if (p < s.size()) b->Error(line, "malformed JSON: text after the array");
}

Status ReadJson(std::string_view s, Builder* b) {
  size_t p = 0;
  int64_t line = 1;
  while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) {
    if (s[p] == '\n') ++line;
    ++p;
  }
  if (p < s.size() && s[p] == '[') {
    ReadJsonArray(s, p, line, b);
    return Status::Ok();
  }
  if (p >= s.size() || s[p] != '{') return Status::Error("not a JSON object or array");
  // One object: the file is the document. Several objects, one a line, are
  // JSON Lines under a .json name: read them as such.
  nlohmann::json j;
  std::string error;
  size_t at = 0;
  if (!ParseJson(s.substr(p), &j, &error, &at)) {
    size_t nl = s.find('\n', p);
    nlohmann::json first;
    std::string ignored;
    if (nl != std::string_view::npos && ParseJson(s.substr(p, nl - p), &first, &ignored) &&
        first.is_object()) {
      ReadJsonLines(s, b);
      return Status::Ok();
    }
    b->Error(line + CountLines(s.substr(p, at)), error);
    return Status::Ok();
  }
  if (!j.is_object()) return Status::Error("not a JSON object or array");
  b->Add(JsonFields(j), line, /*keyed=*/false);
  return Status::Ok();
}

// RFC 4180, with the header row naming the fields. Lines end in CRLF or LF.
void ReadCsv(std::string_view s, Builder* b) {
  std::vector<std::string> header;
  size_t p = 0;
  int64_t line = 1;
  const size_t n = s.size();
  while (p < n) {
    const int64_t record_line = line;
    std::vector<std::string> row;
    std::string error;
    bool quoted_any = false;
    while (true) {  // one field per iteration
      std::string field;
      if (p < n && s[p] == '"') {
        quoted_any = true;
        ++p;
        bool closed = false;
        while (p < n) {
          char c = s[p];
          if (c == '"') {
            if (p + 1 < n && s[p + 1] == '"') {
              field += '"';
              p += 2;
              continue;
            }
            ++p;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++p;
        }
        if (!closed) {
          b->Error(record_line, "malformed CSV: a quoted field is not closed");
          return;  // the rest of the file is inside the quotes
        }
        if (p < n && s[p] != ',' && s[p] != '\n' &&
            !(s[p] == '\r' && (p + 1 == n || s[p + 1] == '\n'))) {
          if (error.empty()) error = "malformed CSV: text after a closing quote";
          while (p < n && s[p] != ',' && s[p] != '\n') ++p;
        }
      } else {
        while (p < n && s[p] != ',' && s[p] != '\n') field += s[p++];
        if (!field.empty() && field.back() == '\r' && (p >= n || s[p] == '\n')) field.pop_back();
      }
      if (p < n && s[p] == '\r') ++p;
      row.push_back(std::move(field));
      if (p < n && s[p] == ',') {
        ++p;
        continue;
      }
      if (p < n && s[p] == '\n') {
        ++p;
        ++line;
      }
      break;
    }
    if (row.size() == 1 && row[0].empty() && !quoted_any) continue;  // a blank line
    if (!error.empty()) {
      b->Error(record_line, error);
      if (header.empty()) return;
      continue;
    }
    if (header.empty()) {
      header = std::move(row);
      continue;
    }
    if (row.size() != header.size()) {
      b->Error(record_line, "malformed CSV: " + std::to_string(row.size()) +
                                " fields, the header has " + std::to_string(header.size()));
      continue;
    }
    b->Add(CsvFields(header, row), record_line);
  }
}

}  // namespace

Format FormatOf(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return Format::kText;
  std::string ext = Lower(file_name.substr(dot + 1));
  if (ext == "html" || ext == "htm") return Format::kHtml;
  if (ext == "json") return Format::kJson;
  if (ext == "jsonl" || ext == "ndjson") return Format::kJsonLines;
  if (ext == "csv") return Format::kCsv;
  return Format::kText;
}

Status ReadRecords(Format format, std::string_view bytes, const FieldOptions& fields,
                   std::vector<Record>* records, std::vector<RecordError>* errors) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (Blank(bytes)) return Status::Error("empty file");
  Builder b(fields, records, errors);
  switch (format) {
    case Format::kJsonLines:
      ReadJsonLines(bytes, &b);
      return Status::Ok();
    case Format::kJson:
      return ReadJson(bytes, &b);
    case Format::kCsv:
      ReadCsv(bytes, &b);
      return Status::Ok();
    default:
      return Status::Error("not a format of records");
  }
}

}  // namespace argx::input
