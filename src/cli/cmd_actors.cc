// argx actors: which actors a database's documents mention, and how often.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "store/store.h"
#include "text/normalize.h"

namespace argx::cli {
namespace {

// A plain-text table: columns padded to their widest cell (counted in code
// points, so names with accents line up), numbers right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header, std::vector<bool> numeric)
      : numeric_(std::move(numeric)) {
    rows_.push_back(std::move(header));
  }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size() - 1; }

  void Print(FILE* out) const {
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& row : rows_) {
      for (size_t c = 0; c < row.size(); ++c) {
        width[c] = std::max(width[c], text::CountCodePoints(row[c]));
      }
    }
    for (const auto& row : rows_) {
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) {
        std::string pad(width[c] - text::CountCodePoints(row[c]), ' ');
        if (c > 0) line += "  ";
        line += numeric_[c] ? pad + row[c] : row[c] + (c + 1 < row.size() ? pad : "");
      }
      std::fprintf(out, "%s\n", line.c_str());
    }
  }

 private:
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace

int RunActors(int argc, char** argv) {
  CLI::App app{
      "List the actors a database's documents mention, with mention counts per\n"
      "document (most mentioned first), or across all documents with --total.",
      "argx actors"};
  std::string db_path = "argx.db", doc;
  bool total = false;
  app.add_option("--db", db_path, "SQLite database written by argx extract")->capture_default_str();
  app.add_option("--doc", doc, "Only this document (its path as stored, or the file's path)");
  app.add_flag("--total", total,
               "One table across all documents: mentions and the number of documents");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }

  std::unique_ptr<store::Store> db;
  Status s = store::Store::Open(db_path, {.read_only = true}, &db);
  std::vector<store::StoredDocument> docs;
  if (s.ok()) s = db->ListDocuments(&docs);
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }

  std::vector<store::ActorCount> counts;
  if (total && doc.empty()) {
    s = db->ActorCounts(0, &counts);
    if (!s.ok()) {
      std::fprintf(stderr, "argx: %s\n", s.message().c_str());
      return kExitError;
    }
    Table table({"ACTOR", "TYPE", "ID", "MENTIONS", "DOCUMENTS"},
                {false, false, false, true, true});
    for (const auto& c : counts) {
      table.Add({c.actor.name, c.actor.type, c.actor.id, std::to_string(c.mentions),
                 std::to_string(c.documents)});
    }
    table.Print(stdout);
    std::printf("%zu actors in %zu documents\n", table.size(), docs.size());
    return kExitOk;
  }

  if (!doc.empty()) {
    std::error_code ec;
    std::string abs = std::filesystem::weakly_canonical(doc, ec).string();
    std::erase_if(docs, [&](const store::StoredDocument& d) {
      return d.path != doc && d.abs_path != doc && d.abs_path != abs;
    });
    if (docs.empty()) {
      std::fprintf(stderr, "argx: %s: no such document in %s\n", doc.c_str(), db_path.c_str());
      return kExitError;
    }
  }
  Table table({"DOCUMENT", "ACTOR", "TYPE", "ID", "MENTIONS"}, {false, false, false, false, true});
  for (const auto& d : docs) {
    s = db->ActorCounts(d.id, &counts);
    if (!s.ok()) {
      std::fprintf(stderr, "argx: %s\n", s.message().c_str());
      return kExitError;
    }
    for (const auto& c : counts) {
      table.Add({d.path, c.actor.name, c.actor.type, c.actor.id, std::to_string(c.mentions)});
    }
  }
  table.Print(stdout);
  return kExitOk;
}

}  // namespace argx::cli
