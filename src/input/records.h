// Dumps of many articles in one file: JSON Lines (one object a line), JSON
// (one object, or an array of objects) and CSV (RFC 4180, a header row).
// Each record becomes a Record with its text and Metadata; a record that
// cannot be used becomes a RecordError with its line, and the rest go on.
//
//   argx::input::FieldOptions fields;           // defaults fit common dumps
//   fields.text = {"maintext"};                 // --text-field maintext
//   std::vector<argx::input::Record> records;
//   std::vector<argx::input::RecordError> errors;
//   argx::Status s = argx::input::ReadRecords(argx::input::FormatOf("dump.jsonl"), text,
//                                             fields, &records, &errors);
//   if (!s.ok()) skip_file(s.message());     // "empty file", "not a JSON object or array"
//   for (const auto& e : errors) report("dump.jsonl:" + std::to_string(e.line) + ": " + e.reason);
//   for (const auto& r : records) store(r.key, r.text, r.meta);   // key: "#id-17" or ":12"
//
// Field names are looked up in order, the first present, non-blank one
// wins; a name with dots ("publisher.name") walks into nested JSON objects.
// CSV matches header names case-insensitively. A text given as a JSON array
// of strings (paragraphs) is joined with line breaks, other fields' arrays
// with "; " (authors). Every other scalar member of a JSON record (or column
// of a CSV row) short enough (<= 200 bytes) goes into Metadata::extra.
#ifndef ARGX_INPUT_RECORDS_H_
#define ARGX_INPUT_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "input/metadata.h"

namespace argx::input {

// How a file is read, by its name (case-insensitive extension).
enum class Format {
  kText,       // anything else: decoded as it is (.txt, .md, ...)
  kHtml,       // .html, .htm
  kJson,       // .json
  kJsonLines,  // .jsonl, .ndjson
  kCsv,        // .csv
};
Format FormatOf(std::string_view file_name);

// The fields a record's text and metadata come from (--text-field, ...).
struct FieldOptions {
  std::vector<std::string> text = {"text", "content", "body", "maintext"};
  std::vector<std::string> title = {"title", "headline"};
  std::vector<std::string> date = {"date", "date_publish", "published", "datePublished"};
  std::vector<std::string> source = {"source", "source_domain", "outlet", "publisher"};
  std::vector<std::string> url = {"url"};
  std::vector<std::string> id = {"id"};
  std::vector<std::string> author = {"author", "authors", "byline"};
};

struct Record {
  // Identifies the record within its file: "#" + the id field's value when
  // there is one, else ":" + its line (":LINE.2", ":LINE.3" for further
  // records starting on the same line). A JSON file holding one object (not
  // an array) has the empty key: the file is the document.
  std::string key;
  int64_t line = 0;  // 1-based line where the record starts
  std::string text;  // UTF-8
  Metadata meta;
};

struct RecordError {
  int64_t line = 0;    // 1-based
  std::string reason;  // "malformed JSON: ...", "no text field (text, content, body, maintext)"
};

// Reads the records of `text` (the whole file, decoded to UTF-8; a
// byte-order mark is skipped) in `format`, which must be kJson, kJsonLines
// or kCsv, appending to *records and *errors in file order. A record is an
// error when it is malformed, is not an object (JSON), has a field count
// other than the header's (CSV), has no non-blank text, or repeats an id
// seen earlier in the file. Blank lines between records are ignored. A .json
// file whose first line is a whole object and whose whole is not one JSON
// value is read as JSON Lines. Returns an error only when the file as a
// whole is unusable: "empty file", "not a JSON object or array".
Status ReadRecords(Format format, std::string_view text, const FieldOptions& fields,
                   std::vector<Record>* records, std::vector<RecordError>* errors);

}  // namespace argx::input

#endif  // ARGX_INPUT_RECORDS_H_
