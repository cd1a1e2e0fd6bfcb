// argx export: a database's extractions as JSON Lines (the contract in
// ../shared/spec/export-format.md, read by the scorer) or CSV, each line with
// its document's date, source, title and url when they are known, and
// filters by date (--since, --until) and outlet (--source).
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/strings.h"
#include "cli/commands.h"
#include "cli/export_order.h"
#include "input/metadata.h"
#include "review/review.h"
#include "store/store.h"

namespace argx::cli {
namespace {

using Json = nlohmann::ordered_json;  // fields in the order of the spec

// The date an export line carries: ISO 8601 when it parsed, else as given.
const std::string& ExportDate(const store::DocumentMeta& meta) {
  return meta.date.empty() ? meta.date_raw : meta.date;
}

// The document's metadata fields that are known, in this order; none for a
// document without metadata, so that the export of plain text files stays
// what it was before metadata existed.
std::vector<std::pair<const char*, std::string>> MetaFields(const store::DocumentMeta& meta) {
  std::vector<std::pair<const char*, std::string>> out;
  for (auto [name, value] : {std::pair{"date", &ExportDate(meta)},
                             {"source", &meta.source},
                             {"title", &meta.title},
                             {"url", &meta.url}}) {
    if (!value->empty()) out.emplace_back(name, *value);
  }
  return out;
}

// The document as a line starts: its path, then its known metadata.
struct DocRef {
  const std::string& path;
  const store::DocumentMeta& meta;
};

Json Common(const DocRef& doc, const char* kind, uint32_t sentence, extract::Span span,
            const std::string& text, const std::string& rule) {
  Json j{{"doc", doc.path}};
  for (auto& [name, value] : MetaFields(doc.meta)) j[name] = value;
  j["kind"] = kind;
  j["sentence"] = sentence;
  j["start"] = span.begin;
  j["end"] = span.end;
  j["text"] = text;
  j["rule"] = rule;
  return j;
}

Json ActorJson(const DocRef& doc, const extract::ActorMention& m, const std::string& key) {
  Json j = Common(doc, "actor", m.sentence, m.span, m.text, m.rule);
  j["actor"] = m.actor.name;
  j["actor_id"] = m.actor.id;
  j["actor_type"] = m.actor.type;
  j["affiliation"] = m.actor.affiliation;
  j["key"] = key;
  return j;
}

Json StanceJson(const DocRef& doc, const extract::Stance& s, const std::string& key) {
  Json j = Common(doc, "stance", s.sentence, s.span, s.text, s.rule);
  j["holder"] = s.holder.name;
  j["holder_id"] = s.holder.id;
  j["holder_text"] = s.holder_text;
  j["holder_type"] = s.holder.type;
  j["polarity"] = s.polarity;
  j["target"] = s.target;
  j["cue"] = s.cue;
  j["key"] = key;
  return j;
}

Json ClaimJson(const DocRef& doc, const extract::Claim& c, const std::string& key) {
  Json j = Common(doc, "claim", c.sentence, c.span, c.text, c.rule);
  j["claimant"] = c.by_author ? std::string("AUTHOR") : c.claimant.name;
  j["claimant_id"] = c.by_author ? std::string() : c.claimant.id;
  j["claimant_text"] = c.by_author ? std::string() : c.claimant_text;
  j["claimant_type"] = c.by_author ? std::string("author") : c.claimant.type;
  j["claim_type"] = c.claim_type;
  j["cue"] = c.cue;
  j["content"] = c.content;
  j["hedges"] = c.hedges;
  j["key"] = key;
  return j;
}

std::string Dump(const Json& j) {
  // Stored text is valid UTF-8 (Decode guarantees it); replace rather than
  // throw if a database from elsewhere is not.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// --- CSV (RFC 4180) -------------------------------------------------------------

void AppendCsvField(const std::string& field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    *out += field;
    return;
  }
  *out += '"';
  for (char c : field) {
    if (c == '"') *out += '"';
    *out += c;
  }
  *out += '"';
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row += ',';
    AppendCsvField(fields[i], &row);
  }
  row += "\r\n";
  return row;
}

const std::vector<std::string> kActorHeader = {"doc",         "sentence", "start",    "end",
                                               "text",        "actor",    "actor_id", "actor_type",
                                               "affiliation", "rule",     "key"};
const std::vector<std::string> kStanceHeader = {
    "doc",         "sentence",    "start",    "end",    "text", "holder", "holder_id",
    "holder_text", "holder_type", "polarity", "target", "cue",  "rule",   "key"};
const std::vector<std::string> kClaimHeader = {
    "doc",           "sentence",      "start",      "end", "text",    "claimant",
    "claimant_id",   "claimant_text", "claimant_type", "claim_type", "cue", "content",
    "hedges",        "rule",          "key"};

std::vector<std::string> Prefix(const std::string& doc, uint32_t sentence, extract::Span span,
                                const std::string& text) {
  return {doc, std::to_string(sentence), std::to_string(span.begin), std::to_string(span.end),
          text};
}

// The metadata columns CSV files get when any exported document has
// metadata (none otherwise: the files stay as they were).
const std::vector<std::string> kMetaColumns = {"date", "source", "title", "url"};

std::vector<std::string> MetaColumns(const store::DocumentMeta& meta) {
  return {ExportDate(meta), meta.source, meta.title, meta.url};
}

std::vector<std::string> WithMeta(std::vector<std::string> header) {
  header.insert(header.end(), kMetaColumns.begin(), kMetaColumns.end());
  return header;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i > 0 ? sep : "") + items[i];
  return out;
}

// An output file (or stdout) that reports its own errors.
class Output {
 public:
  Status Open(const std::string& path) {
    path_ = path;
    if (path.empty() || path == "-") {
      file_ = stdout;
      return Status::Ok();
    }
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) return Status::Error(path + ": " + std::strerror(errno));
    return Status::Ok();
  }
  void Write(const std::string& s) {
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size()) failed_ = true;
  }
  Status Close() {
    if (file_ == nullptr) return Status::Ok();
    bool bad = failed_ || std::fflush(file_) != 0 || std::ferror(file_);
    if (file_ != stdout && std::fclose(file_) != 0) bad = true;
    file_ = nullptr;
    if (bad) return Status::Error((path_.empty() ? "stdout" : path_) + ": write failed");
    return Status::Ok();
  }
  ~Output() {
    if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  }

 private:
  std::string path_;
  FILE* file_ = nullptr;
  bool failed_ = false;
};

// One document's extractions as a gold file of `argx eval` (docs/rules.md,
// "Scoring"): every sentence numbered from 1, the actors as entities with
// the words that named them as aliases, the stances and claims with their
// holders. Unnamed agents ("officials said") are left out and counted in
// `left_out`, as the guide's gold files name none and argx eval scores none.
// A start for annotating by hand: correct it, do not score argx against it
// unchanged.
Json GoldJson(const store::StoredDocument& doc, const std::string& text,
              const std::vector<store::SentenceSpan>& sentences, const extract::Extractions& ex,
              int* left_out) {
  const std::vector<size_t> at = CodePointOffsets(text);
  auto slice = [&](uint32_t b, uint32_t e) {
    b = std::min<uint32_t>(b, at.size() - 1), e = std::min<uint32_t>(e, at.size() - 1);
    return e > b ? text.substr(at[b], at[e] - at[b]) : std::string();
  };
  std::string name = std::filesystem::path(doc.path).filename().string();
  Json entities = Json::object(), mentions = Json::array(), sents = Json::array();
  for (const extract::ActorMention& m : ex.actors) {
    if (m.actor.type == "agent") {
      ++*left_out;
      continue;
    }
    Json& e = entities[m.actor.name];
    if (e.is_null()) e = {{"type", m.actor.type}, {"aliases", Json::array()}};
    if (std::find(e["aliases"].begin(), e["aliases"].end(), m.text) == e["aliases"].end()) {
      e["aliases"].push_back(m.text);
    }
    mentions.push_back({{"start", m.span.begin},
                        {"end", m.span.end},
                        {"text", m.text},
                        {"entity", m.actor.name},
                        {"optional", false}});
  }
  for (size_t n = 0; n < sentences.size(); ++n) {
    Json stances = Json::array(), claims = Json::array();
    // argx eval (like the reference scorer) matches stances by sentence,
    // holder and polarity, counting one prediction for each: a second stance
    // of the same three (another target) is optional here, so the file
    // scores as what argx found.
    std::set<std::pair<std::string, std::string>> seen;  // holder, polarity
    for (const extract::Stance& st : ex.stances) {
      if (st.sentence != n) continue;
      if (st.holder.type == "agent") {
        ++*left_out;
        continue;
      }
      const bool again = !seen.insert({st.holder.name, st.polarity}).second;
      stances.push_back({{"holder", Json::array({st.holder.name})},
                         {"polarity", st.polarity},
                         {"target", st.target},
                         {"cue", st.cue},
                         {"optional", again}});
    }
    for (const extract::Claim& c : ex.claims) {
      if (c.sentence != n) continue;
      if (!c.by_author && c.claimant.type == "agent") {
        ++*left_out;
        continue;
      }
      claims.push_back(
          {{"claimant", Json::array({c.by_author ? std::string("AUTHOR") : c.claimant.name})},
           {"type", c.claim_type},
           {"cue", c.cue},
           {"optional", false}});
    }
    const store::SentenceSpan& sp = sentences[n];
    sents.push_back({{"n", n + 1},
                     {"start", sp.start},
                     {"end", sp.end},
                     {"text", slice(sp.start, sp.end)},
                     {"stances", std::move(stances)},
                     {"claims", std::move(claims)}});
  }
  return {{"document", name},
          {"entities", std::move(entities)},
          {"mentions", std::move(mentions)},
          {"sentences", std::move(sents)}};
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

int RunExport(int argc, char** argv) {
  CLI::App app{
      "Write a database's extractions as JSON Lines (one object a line; fields in\n"
      "docs/export.md), CSV (one file per kind, with a header row), or gold files\n"
      "for argx eval (one NAME.json per document, a start for annotating by hand).",
      "argx export"};
  std::string db_path = "argx.db", format = "jsonl", out_path, kind;
  app.add_option("--db", db_path, "SQLite database written by argx extract")->capture_default_str();
  app.add_option("--format", format, "jsonl, csv or gold")
      ->capture_default_str()
      ->check(CLI::IsMember({"jsonl", "csv", "gold"}));
  app.add_option("--out,-o", out_path,
                 "Output file (default: stdout). CSV of every kind: a folder, or a file name "
                 "prefix, that gets actors.csv, stances.csv and claims.csv");
  app.add_option("--kind", kind, "Only this kind: actor, stance or claim")
      ->check(CLI::IsMember({"actor", "stance", "claim"}));
  std::string since, until;
  std::vector<std::string> sources;
  app.add_option("--since", since,
                 "Only documents dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY); "
                 "documents without a date are left out");
  app.add_option("--until", until,
                 "Only documents dated on or before this day (YYYY-MM-DD, YYYY-MM or YYYY)");
  app.add_option("--source", sources,
                 "Only documents from this outlet (case-insensitive); repeatable");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  if (format == "csv" && kind.empty() && out_path.empty()) {
    std::fprintf(stderr,
                 "argx: export --format csv writes one file per kind: give --out DIR (or a "
                 "prefix), or --kind to write one kind to stdout\n");
    return kExitError;
  }

  if (format == "gold" && (out_path.empty() || out_path == "-")) {
    std::fprintf(stderr,
                 "argx: export --format gold writes one file per document: give --out DIR\n");
    return kExitError;
  }

  std::string since_bound = since.empty() ? "" : input::DateBound(since);
  std::string until_bound = until.empty() ? "" : input::DateBound(until);
  if ((!since.empty() && since_bound.empty()) || (!until.empty() && until_bound.empty())) {
    std::fprintf(stderr, "argx: --since/--until: not a date: %s\n",
                 (!since.empty() && since_bound.empty() ? since : until).c_str());
    return kExitError;
  }
  std::set<std::string> wanted_sources;
  for (const std::string& src : sources) wanted_sources.insert(Lower(src));

  std::unique_ptr<store::Store> db;
  Status s = store::Store::Open(db_path, {.read_only = true}, &db);
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }
  std::vector<store::StoredDocument> docs;
  s = db->ListDocuments(&docs);
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }
  // The filters, on each document's metadata.
  std::erase_if(docs, [&](const store::StoredDocument& d) {
    if (!input::InDateRange(d.meta.date, since_bound, until_bound)) return true;
    return !wanted_sources.empty() && !wanted_sources.count(Lower(d.meta.source));
  });
  const bool with_meta = std::any_of(docs.begin(), docs.end(),
                                     [](const auto& d) { return !MetaFields(d.meta).empty(); });

  if (format == "gold") {
    std::error_code ec;
    std::filesystem::create_directories(out_path, ec);
    if (ec) {
      std::fprintf(stderr, "argx: %s: %s\n", out_path.c_str(), ec.message().c_str());
      return kExitError;
    }
    std::set<std::string> written;
    int files = 0, agents = 0, rejected = 0;
    // What a reviewer rejected is no gold: left out of the draft.
    std::unordered_map<std::string, review::ReviewDb::Decision> decisions;
    {
      std::unique_ptr<review::ReviewDb> rdb;
      if (review::ReviewDb::Open(db_path, &rdb).ok()) {
        if (!rdb->Decisions(&decisions).ok()) decisions.clear();
      }
    }
    for (const store::StoredDocument& doc : docs) {
      std::string text;
      std::vector<store::SentenceSpan> sentences;
      extract::Extractions ex;
      store::ExtractionKeys keys;
      s = db->DocumentText(doc.id, &text);
      if (s.ok()) s = db->ReadSentences(doc.id, &sentences);
      if (s.ok()) s = db->ReadExtractions(doc.id, &ex, &keys);
      if (!s.ok()) {
        std::fprintf(stderr, "argx: %s\n", s.message().c_str());
        return kExitError;
      }
      auto drop_rejected = [&](auto* items, const std::vector<std::string>& item_keys) {
        size_t kept = 0;
        for (size_t i = 0; i < items->size(); ++i) {
          auto d = i < item_keys.size() ? decisions.find(item_keys[i]) : decisions.end();
          if (d != decisions.end() && d->second.status == "rejected") {
            ++rejected;
            continue;
          }
          if (kept != i) (*items)[kept] = std::move((*items)[i]);
          ++kept;
        }
        items->resize(kept);
      };
      if (!decisions.empty()) {
        drop_rejected(&ex.actors, keys.actors);
        drop_rejected(&ex.stances, keys.stances);
        drop_rejected(&ex.claims, keys.claims);
      }
      // argx eval finds a document's gold by its file name.
      // A record of a JSON Lines or CSV file keeps its whole name ("dump.jsonl#fa-1").
      std::string stem = std::filesystem::path(doc.path).filename().string();
      if (stem.find_first_of("#:") == std::string::npos) {
        stem = std::filesystem::path(doc.path).stem().string();
      }
      if (!written.insert(stem).second) {
        std::fprintf(stderr, "argx: %s: left out, another document is also named %s.json\n",
                     doc.path.c_str(), stem.c_str());
        continue;
      }
      Output out;
      s = out.Open((std::filesystem::path(out_path) / (stem + ".json")).string());
      if (s.ok()) {
        out.Write(GoldJson(doc, text, sentences, ex, &agents).dump(1) + "\n");
        s = out.Close();
      }
      if (!s.ok()) {
        std::fprintf(stderr, "argx: %s\n", s.message().c_str());
        return kExitError;
      }
      ++files;
    }
    std::fprintf(
        stderr,
        "argx: wrote %d gold file%s to %s: correct them by hand, then argx eval --gold %s\n", files,
        files == 1 ? "" : "s", out_path.c_str(), out_path.c_str());
    if (rejected > 0) {
      std::fprintf(stderr, "argx: left out %d extraction%s a reviewer rejected\n", rejected,
                   rejected == 1 ? "" : "s");
    }
    if (agents > 0) {
      std::fprintf(
          stderr,
          "argx: left out %d mentions, stances and claims of unnamed agents (\"officials\", "
          "\"a spokesman\"): argx eval does not score them\n",
          agents);
    }
    return kExitOk;
  }

  const bool want_actor = kind.empty() || kind == "actor";
  const bool want_stance = kind.empty() || kind == "stance";
  const bool want_claim = kind.empty() || kind == "claim";

  // Outputs: one for JSONL or a single CSV kind; three for CSV of all kinds.
  Output single, actors_out, stances_out, claims_out;
  Output *to_actors = &single, *to_stances = &single, *to_claims = &single;
  if (format == "csv" && kind.empty()) {
    std::string prefix = out_path;
    if (IsDirectory(out_path) || out_path.back() == '/') {
      prefix = out_path.back() == '/' ? out_path : out_path + "/";
      // "--out results/": the folder is made when missing, as the README's example reads.
      std::error_code ec;
      std::filesystem::create_directories(prefix, ec);
      if (ec) s = Status::Error(prefix + ": " + ec.message());
    }
    for (auto [out, name] :
         {std::pair{&actors_out, "actors.csv"}, std::pair{&stances_out, "stances.csv"},
          std::pair{&claims_out, "claims.csv"}}) {
      if (!s.ok()) break;
      s = out->Open(prefix + name);
    }
    to_actors = &actors_out, to_stances = &stances_out, to_claims = &claims_out;
  } else {
    s = single.Open(out_path);
  }
  if (!s.ok()) {
    std::fprintf(stderr, "argx: %s\n", s.message().c_str());
    return kExitError;
  }
  if (format == "csv") {
    auto header = [&](const std::vector<std::string>& h) {
      return CsvRow(with_meta ? WithMeta(h) : h);
    };
    if (want_actor) to_actors->Write(header(kActorHeader));
    if (want_stance) to_stances->Write(header(kStanceHeader));
    if (want_claim) to_claims->Write(header(kClaimHeader));
  }

  extract::Extractions ex;
  store::ExtractionKeys keys;
  for (const store::StoredDocument& doc : docs) {
    s = db->ReadExtractions(doc.id, &ex, &keys);
    if (!s.ok()) {
      std::fprintf(stderr, "argx: %s\n", s.message().c_str());
      return kExitError;
    }
    const DocRef ref{doc.path, doc.meta};
    // A CSV row ends with the metadata columns when the files have them.
    auto row_of = [&](std::vector<std::string> row) {
      if (with_meta) {
        std::vector<std::string> meta = MetaColumns(doc.meta);
        row.insert(row.end(), meta.begin(), meta.end());
      }
      return CsvRow(row);
    };
    if (format == "jsonl") {
      for (const ExportItem& it : ExportOrder(ex, want_actor, want_stance, want_claim)) {
        Json j;
        switch (it.kind) {
          case ExtractionKind::kActor:
            j = ActorJson(ref, ex.actors[it.index], keys.actors[it.index]);
            break;
          case ExtractionKind::kStance:
            j = StanceJson(ref, ex.stances[it.index], keys.stances[it.index]);
            break;
          case ExtractionKind::kClaim:
            j = ClaimJson(ref, ex.claims[it.index], keys.claims[it.index]);
            break;
        }
        single.Write(Dump(j));
        single.Write("\n");
      }
      continue;
    }
    // CSV: each kind is already ordered by offset.
    if (want_actor) {
      for (size_t i = 0; i < ex.actors.size(); ++i) {
        const auto& m = ex.actors[i];
        auto row = Prefix(doc.path, m.sentence, m.span, m.text);
        row.insert(row.end(), {m.actor.name, m.actor.id, m.actor.type, m.actor.affiliation, m.rule,
                               keys.actors[i]});
        to_actors->Write(row_of(std::move(row)));
      }
    }
    if (want_stance) {
      for (size_t i = 0; i < ex.stances.size(); ++i) {
        const auto& st = ex.stances[i];
        auto row = Prefix(doc.path, st.sentence, st.span, st.text);
        row.insert(row.end(), {st.holder.name, st.holder.id, st.holder_text, st.holder.type,
                               st.polarity, st.target, st.cue, st.rule, keys.stances[i]});
        to_stances->Write(row_of(std::move(row)));
      }
    }
    if (want_claim) {
      for (size_t i = 0; i < ex.claims.size(); ++i) {
        const auto& c = ex.claims[i];
        auto row = Prefix(doc.path, c.sentence, c.span, c.text);
        row.insert(row.end(),
                   {c.by_author ? "AUTHOR" : c.claimant.name, c.by_author ? "" : c.claimant.id,
                    c.by_author ? "" : c.claimant_text, c.by_author ? "author" : c.claimant.type,
                    c.claim_type, c.cue, c.content,
                    Join(c.hedges, "; "), c.rule, keys.claims[i]});
        to_claims->Write(row_of(std::move(row)));
      }
    }
  }

  int rc = kExitOk;
  for (Output* out : {&single, &actors_out, &stances_out, &claims_out}) {
    s = out->Close();
    if (!s.ok()) {
      std::fprintf(stderr, "argx: %s\n", s.message().c_str());
      rc = kExitError;
    }
  }
  return rc;
}

}  // namespace argx::cli
