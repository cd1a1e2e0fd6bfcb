#include "review/review.h"

#include <sqlite3.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "store/sql_stmt.h"

namespace argx::review {

using Json = nlohmann::ordered_json;

namespace {

using store::sql::Stmt;

// Byte offset of code point `cp` in `s` (s.size() when past the end).
size_t ByteOfCodePoint(std::string_view s, int64_t cp) {
  if (cp <= 0) return 0;
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == cp) return i;
      ++n;
    }
  }
  return s.size();
}

// Adds a mark for the document span [begin, end) (code points) when it is
// captured and lies inside the sentence that starts at code point `sentence_start`.
void AddMark(Item* item, const char* role, int64_t begin, int64_t end, int64_t sentence_start) {
  if (begin >= end || begin < sentence_start) return;
  size_t b = ByteOfCodePoint(item->sentence_text, begin - sentence_start);
  size_t e = ByteOfCodePoint(item->sentence_text, end - sentence_start);
  if (b < e) item->marks.push_back({role, b, e});
}

// The SELECT of each kind: columns 0-7 common, then the kind's own, then the
// five review columns last.
constexpr char kCommon[] =
    "SELECT x.key, d.path, x.rule, x.document_id, x.sentence, x.start, se.start, "
    "substr(d.text, se.start + 1, se.end - se.start), ";
constexpr char kReviewColumns[] = ", r.status, r.corrected, r.note, r.reviewer, r.reviewed_at ";
constexpr char kJoins[] =
    " JOIN documents d ON d.id = x.document_id "
    "JOIN sentences se ON se.document_id = x.document_id AND se.n = x.sentence "
    "LEFT JOIN reviews r ON r.key = x.key ";

std::string SelectSql(std::string_view kind) {
  std::string sql = kCommon;
  if (kind == "stance") {
    sql +=
        "x.holder, x.holder_id, x.holder_text, x.polarity, x.target, x.cue, x.holder_start, "
        "x.holder_end, x.cue_start, x.cue_end, x.target_start, x.target_end";
    sql += kReviewColumns;
    sql += "FROM stances x";
  } else if (kind == "claim") {
    sql +=
        "x.claimant, x.claimant_id, x.claimant_text, x.claim_type, x.cue, x.content, x.hedges, "
        "x.claimant_start, x.claimant_end, x.cue_start, x.cue_end, x.content_start, "
        "x.content_end";
    sql += kReviewColumns;
    sql += "FROM claims x";
  } else {
    sql += "x.text, a.name, a.id, a.type";
    sql += kReviewColumns;
    sql += "FROM actor_mentions x JOIN actors a ON a.id = x.actor_id";
  }
  sql += kJoins;
  return sql;
}

int KindRank(std::string_view kind) { return kind == "stance" ? 0 : kind == "claim" ? 1 : 2; }

// The name column a Filter::actor tests, by kind.
std::string ActorTest(std::string_view kind) {
  if (kind == "stance") return "(x.holder = ? COLLATE NOCASE OR x.holder_id = ? COLLATE NOCASE)";
  if (kind == "claim") {
    return "(x.claimant = ? COLLATE NOCASE OR x.claimant_id = ? COLLATE NOCASE)";
  }
  return "(a.name = ? COLLATE NOCASE OR a.id = ? COLLATE NOCASE)";
}

Json SnapshotJson(const Item& item) {
  Json fields = Json::object();
  for (const auto& [k, v] : item.fields) fields[k] = v;
  Json marks = Json::array();
  for (const Mark& m : item.marks) marks.push_back({m.role, m.begin, m.end});
  return Json{{"fields", fields},
              {"marks", marks},
              {"sentence", item.sentence},
              {"document_id", item.document_id},
              {"start", item.start}};
}

}  // namespace

// --- Item, Counts ---------------------------------------------------------------

std::string Item::Field(std::string_view field) const {
  auto c = corrected.find(std::string(field));
  if (c != corrected.end()) return c->second;
  for (const auto& [k, v] : fields) {
    if (k == field) return v;
  }
  return "";
}

void Counts::Add(const Counts& o) {
  pending += o.pending;
  accepted += o.accepted;
  rejected += o.rejected;
  corrected += o.corrected;
  orphaned += o.orphaned;
}

const std::vector<std::string>& CorrectableFields(std::string_view kind) {
  static const std::vector<std::string> stance = {"holder", "polarity", "target", "cue"};
  static const std::vector<std::string> claim = {"claimant", "claim_type", "cue", "content"};
  static const std::vector<std::string> actor = {"actor"};
  return kind == "stance" ? stance : kind == "claim" ? claim : actor;
}

std::string DefaultReviewer() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

// --- ReviewDb -------------------------------------------------------------------

ReviewDb::ReviewDb(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}
ReviewDb::~ReviewDb() = default;

Status ReviewDb::Open(const std::string& path, std::unique_ptr<ReviewDb>* out) {
  std::error_code ec;
  if (path != ":memory:" && !std::filesystem::exists(path, ec)) {
    return Status::Error(path + ": no such database (create it with argx extract)");
  }
  std::unique_ptr<store::Store> store;
  Status s = store::Store::Open(path, {}, &store);
  if (!s.ok()) return s;
  *out = std::make_unique<ReviewDb>(std::move(store));
  return Status::Ok();
}

Status ReviewDb::Error(std::string_view what) {
  return Status::Error(std::string(what) + ": " + sqlite3_errmsg(store_->handle()));
}

Status ReviewDb::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(store_->handle(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string m = message != nullptr ? message : sqlite3_errmsg(store_->handle());
    sqlite3_free(message);
    return Status::Error(m);
  }
  return Status::Ok();
}

Status ReviewDb::Select(std::string_view kind, const std::string& where,
                        const std::vector<std::string>& binds, std::vector<Item>* out) {
  std::string sql = SelectSql(kind) + where;
  Stmt q(store_->handle(), sql);
  if (!q.ok()) return Error("reading " + std::string(kind) + "s");
  for (size_t i = 0; i < binds.size(); ++i) q.Bind(static_cast<int>(i + 1), binds[i]);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    Item& it = out->emplace_back();
    it.kind = std::string(kind);
    it.key = q.Text(0);
    it.path = q.Text(1);
    it.rule = q.Text(2);
    it.document_id = q.Int(3);
    it.sentence = q.Int(4);
    it.start = q.Int(5);
    int64_t sentence_start = q.Int(6);
    it.sentence_text = q.Text(7);
    int review;  // first review column
    if (kind == "stance") {
      it.fields = {{"holder", q.Text(8)},    {"holder_id", q.Text(9)}, {"holder_text", q.Text(10)},
                   {"polarity", q.Text(11)}, {"target", q.Text(12)},   {"cue", q.Text(13)}};
      AddMark(&it, "holder", q.Int(14), q.Int(15), sentence_start);
      AddMark(&it, "cue", q.Int(16), q.Int(17), sentence_start);
      AddMark(&it, "target", q.Int(18), q.Int(19), sentence_start);
      review = 20;
    } else if (kind == "claim") {
      std::string hedges;
      Json h = Json::parse(q.Text(14), nullptr, /*allow_exceptions=*/false);
      if (h.is_array()) {
        for (const auto& e : h) {
          if (e.is_string()) hedges += (hedges.empty() ? "" : ", ") + e.get<std::string>();
        }
      }
      it.fields = {
          {"claimant", q.Text(8)},    {"claimant_id", q.Text(9)}, {"claimant_text", q.Text(10)},
          {"claim_type", q.Text(11)}, {"cue", q.Text(12)},        {"content", q.Text(13)},
          {"hedges", hedges}};
      AddMark(&it, "claimant", q.Int(15), q.Int(16), sentence_start);
      AddMark(&it, "cue", q.Int(17), q.Int(18), sentence_start);
      AddMark(&it, "content", q.Int(19), q.Int(20), sentence_start);
      review = 21;
    } else {
      it.fields = {{"text", q.Text(8)},
                   {"actor", q.Text(9)},
                   {"actor_id", q.Text(10)},
                   {"actor_type", q.Text(11)}};
      review = 12;
    }
    if (kind == "actor") {
      // The mention's span: start .. start + length of its text in code points.
      int64_t length = 0;
      for (unsigned char c : it.fields[0].second) length += (c & 0xC0) != 0x80;
      AddMark(&it, "actor", it.start, it.start + length, sentence_start);
    }
    std::sort(it.marks.begin(), it.marks.end(),
              [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
    if (!q.IsNull(review)) {
      it.status = q.Text(review);
      Json c = Json::parse(q.Text(review + 1), nullptr, false);
      if (c.is_object()) {
        for (const auto& [k, v] : c.items()) {
          if (v.is_string()) it.corrected[k] = v.get<std::string>();
        }
      }
      it.note = q.Text(review + 2);
      it.reviewer = q.Text(review + 3);
      it.reviewed_at = q.Text(review + 4);
    }
  }
  if (rc != SQLITE_DONE) return Error("reading " + std::string(kind) + "s");
  return Status::Ok();
}

Status ReviewDb::Queue(const Filter& filter, std::vector<Item>* out) {
  out->clear();
  std::vector<std::string> kinds = filter.kinds;
  if (kinds.empty()) kinds = {"stance", "claim", "actor"};
  for (const std::string& kind : kinds) {
    if (kind != "stance" && kind != "claim" && kind != "actor") {
      return Status::Error("unknown kind '" + kind + "' (stance, claim or actor)");
    }
    std::string where = "WHERE 1";
    std::vector<std::string> binds;
    if (!filter.rule.empty()) {
      where += " AND (x.rule = ? OR substr(x.rule, 1, length(?) + 1) = ? || '.')";
      binds.insert(binds.end(), 3, filter.rule);
    }
    if (!filter.actor.empty()) {
      where += " AND " + ActorTest(kind);
      binds.insert(binds.end(), 2, filter.actor);
    }
    if (!filter.doc.empty()) {
      where += " AND instr(d.path, ?) > 0";
      binds.push_back(filter.doc);
    }
    if (filter.pending_only) where += " AND (r.status IS NULL OR r.status = 'pending')";
    Status s = Select(kind, where, binds, out);
    if (!s.ok()) return s;
  }
  std::stable_sort(out->begin(), out->end(), [](const Item& a, const Item& b) {
    return std::make_tuple(a.path, a.document_id, a.start, KindRank(a.kind)) <
           std::make_tuple(b.path, b.document_id, b.start, KindRank(b.kind));
  });
  return Status::Ok();
}

Status ReviewDb::Get(const std::string& key, Item* item, bool* found) {
  *found = false;
  std::vector<Item> items;
  for (const char* kind : {"stance", "claim", "actor"}) {
    Status s = Select(kind, "WHERE x.key = ? LIMIT 1", {key}, &items);
    if (!s.ok()) return s;
    if (!items.empty()) {
      *item = std::move(items[0]);
      *found = true;
      return Status::Ok();
    }
  }
  // An orphaned decision: rebuild the item from its snapshot.
  Stmt q(store_->handle(),
         "SELECT kind, status, corrected, note, reviewer, reviewed_at, rule, path, "
         "sentence_text, extraction FROM reviews WHERE key = ?");
  if (!q.ok()) return Error("reading reviews");
  q.Bind(1, key);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return Status::Ok();
  if (rc != SQLITE_ROW) return Error("reading reviews");
  Item it;
  it.key = key;
  it.kind = q.Text(0);
  it.status = q.Text(1);
  Json c = Json::parse(q.Text(2), nullptr, false);
  if (c.is_object()) {
    for (const auto& [k, v] : c.items()) {
      if (v.is_string()) it.corrected[k] = v.get<std::string>();
    }
  }
  it.note = q.Text(3);
  it.reviewer = q.Text(4);
  it.reviewed_at = q.Text(5);
  it.rule = q.Text(6);
  it.path = q.Text(7);
  it.sentence_text = q.Text(8);
  Json x = Json::parse(q.Text(9), nullptr, false);
  if (x.is_object()) {
    if (x.contains("fields") && x["fields"].is_object()) {
      for (const auto& [k, v] : x["fields"].items()) {
        if (v.is_string()) it.fields.emplace_back(k, v.get<std::string>());
      }
    }
    if (x.contains("marks") && x["marks"].is_array()) {
      for (const auto& m : x["marks"]) {
        if (m.is_array() && m.size() == 3 && m[0].is_string() && m[1].is_number_unsigned() &&
            m[2].is_number_unsigned()) {
          size_t b = m[1].get<size_t>(), e = m[2].get<size_t>();
          if (b < e && e <= it.sentence_text.size()) {
            it.marks.push_back({m[0].get<std::string>(), b, e});
          }
        }
      }
    }
    if (x.value("sentence", Json()).is_number_integer()) it.sentence = x["sentence"].get<int64_t>();
    if (x.value("start", Json()).is_number_integer()) it.start = x["start"].get<int64_t>();
  }
  it.orphaned = true;
  *item = std::move(it);
  *found = true;
  return Status::Ok();
}

Status ReviewDb::Resolve(std::string_view prefix, std::string* key) {
  std::string p;
  for (char c : prefix) p += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (p.size() < 4 || p.size() > 32 ||
      p.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Status::Error("'" + std::string(prefix) +
                         "' is not an extraction key (4 to 32 hex digits, as `argx review "
                         "list` prints them)");
  }
  // Keys are lowercase hex, so [p, p + "g") is exactly the keys starting
  // with p, and the key indexes answer it.
  std::string hi = p + "g";
  Stmt q(store_->handle(),
         "SELECT key FROM stances WHERE key >= ?1 AND key < ?2 "
         "UNION SELECT key FROM claims WHERE key >= ?1 AND key < ?2 "
         "UNION SELECT key FROM actor_mentions WHERE key >= ?1 AND key < ?2 "
         "UNION SELECT key FROM reviews WHERE key >= ?1 AND key < ?2 LIMIT 2");
  if (!q.ok()) return Error("looking up a key");
  q.Bind(1, p).Bind(2, hi);
  std::vector<std::string> found;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) found.push_back(q.Text(0));
  if (rc != SQLITE_DONE) return Error("looking up a key");
  if (found.empty()) return Status::Error("no extraction with key " + p);
  if (found.size() > 1) {
    return Status::Error("key " + p + " is ambiguous (" + found[0] + ", " + found[1] +
                         ", ...): give more digits");
  }
  *key = found[0];
  return Status::Ok();
}

Status ReviewDb::Decide(const std::string& key, std::string_view status,
                        const DecideOptions& options) {
  if (std::find(std::begin(kStatuses), std::end(kStatuses), status) == std::end(kStatuses)) {
    return Status::Error("unknown review status '" + std::string(status) +
                         "' (pending, accepted, rejected, corrected)");
  }
  if (status == "corrected" && options.corrected.empty()) {
    return Status::Error("a correction needs a field and its value");
  }
  if (status != "corrected" && !options.corrected.empty()) {
    return Status::Error("corrected values given with status " + std::string(status));
  }
  return Write(key, status, options, /*set_status=*/true);
}

Status ReviewDb::SetNote(const std::string& key, const std::string& note,
                         const std::string& reviewer) {
  DecideOptions o;
  o.note = note;
  o.reviewer = reviewer;
  return Write(key, "", o, /*set_status=*/false);
}

Status ReviewDb::Write(const std::string& key, std::string_view status,
                       const DecideOptions& options, bool set_status) {
  // BEGIN IMMEDIATE takes the write lock before reading, so a decision made
  // by another process at the same moment is either wholly before or wholly
  // after this one (busy_timeout waits for it).
  store::Store::Transaction txn(store_.get());
  if (!txn.status().ok()) return txn.status();
  Item item;
  bool found = false;
  Status s = Get(key, &item, &found);
  if (!s.ok()) return s;
  if (!found) return Status::Error("no extraction with key " + key);

  std::map<std::string, std::string> corrected = item.corrected;
  std::string new_status = item.status;
  if (set_status) {
    new_status = std::string(status);
    if (new_status == "corrected") {
      const auto& allowed = CorrectableFields(item.kind);
      for (const auto& [field, value] : options.corrected) {
        if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
          std::string list;
          for (const auto& f : allowed) list += (list.empty() ? "" : ", ") + f;
          return Status::Error("a " + item.kind + " has no field '" + field + "' to correct (" +
                               list + ")");
        }
        if (field == "polarity" && value != "support" && value != "oppose") {
          return Status::Error("polarity is support or oppose, not '" + value + "'");
        }
        if (field == "claim_type" && value != "prediction" && value != "normative" &&
            value != "assertion") {
          return Status::Error("claim_type is prediction, normative or assertion, not '" + value +
                               "'");
        }
        corrected[field] = value;
      }
    } else {
      corrected.clear();  // accepting or rejecting drops an earlier correction
    }
  }
  std::string corrected_json;
  if (!corrected.empty()) corrected_json = Json(corrected).dump();
  std::string note = options.note ? *options.note : item.note;
  std::string reviewer = options.reviewer.empty() ? DefaultReviewer() : options.reviewer;
  std::string snapshot = SnapshotJson(item).dump(-1, ' ', false, Json::error_handler_t::replace);

  constexpr char kNowSql[] = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  Stmt up(store_->handle(),
          std::string("INSERT INTO reviews (key, kind, status, corrected, note, reviewer, "
                      "reviewed_at, rule, path, sentence_text, extraction) VALUES (?1, ?2, ?3, "
                      "?4, ?5, ?6, ") +
              kNowSql +
              ", ?7, ?8, ?9, ?10) ON CONFLICT (key) DO UPDATE SET status = excluded.status, "
              "corrected = excluded.corrected, note = excluded.note, reviewer = "
              "excluded.reviewer, reviewed_at = excluded.reviewed_at, rule = excluded.rule, "
              "path = excluded.path, sentence_text = excluded.sentence_text, extraction = "
              "excluded.extraction");
  if (!up.ok()) return Error("writing a review");
  up.Bind(1, key).Bind(2, item.kind).Bind(3, new_status);
  if (corrected_json.empty()) {
    up.BindNull(4);
  } else {
    up.Bind(4, corrected_json);
  }
  up.Bind(5, note).Bind(6, reviewer).Bind(7, item.rule).Bind(8, item.path);
  up.Bind(9, item.sentence_text).Bind(10, snapshot);
  if (up.Step() != SQLITE_DONE) return Error("writing a review");

  Stmt log(store_->handle(), std::string("INSERT INTO review_log (key, status, corrected, note, "
                                         "reviewer, at) VALUES (?1, ?2, ?3, ?4, ?5, ") +
                                 kNowSql + ")");
  if (!log.ok()) return Error("writing the review log");
  log.Bind(1, key).Bind(2, new_status);
  if (corrected_json.empty()) {
    log.BindNull(3);
  } else {
    log.Bind(3, corrected_json);
  }
  log.Bind(4, note).Bind(5, reviewer);
  if (log.Step() != SQLITE_DONE) return Error("writing the review log");
  return txn.Commit();
}

Status ReviewDb::Report(StatusReport* out) {
  *out = {};
  auto add = [&](const std::string& kind, const std::string& rule, const std::string& status,
                 int64_t n) {
    Counts c;
    if (status == "accepted") {
      c.accepted = n;
    } else if (status == "rejected") {
      c.rejected = n;
    } else if (status == "corrected") {
      c.corrected = n;
    } else if (status == "orphaned") {
      c.orphaned = n;
    } else {
      c.pending = n;
    }
    out->all.Add(c);
    out->by_kind[kind].Add(c);
    out->by_rule[{kind, rule}].Add(c);
  };
  {
    Stmt q(store_->handle(),
           "SELECT x.kind, x.rule, coalesce(r.status, 'pending'), count(*) FROM ("
           "SELECT key, 'stance' AS kind, rule FROM stances UNION ALL "
           "SELECT key, 'claim', rule FROM claims UNION ALL "
           "SELECT key, 'actor', rule FROM actor_mentions) x "
           "LEFT JOIN reviews r ON r.key = x.key GROUP BY 1, 2, 3");
    if (!q.ok()) return Error("counting reviews");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) add(q.Text(0), q.Text(1), q.Text(2), q.Int(3));
    if (rc != SQLITE_DONE) return Error("counting reviews");
  }
  {
    Stmt q(store_->handle(),
           "SELECT kind, rule, count(*) FROM v_reviews WHERE state = 'orphaned' GROUP BY 1, 2");
    if (!q.ok()) return Error("counting orphaned reviews");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) add(q.Text(0), q.Text(1), "orphaned", q.Int(2));
    if (rc != SQLITE_DONE) return Error("counting orphaned reviews");
  }
  return Status::Ok();
}

Status ReviewDb::Decisions(std::unordered_map<std::string, Decision>* out) {
  out->clear();
  Stmt q(store_->handle(), "SELECT key, status, corrected, note FROM reviews");
  if (!q.ok()) return Error("reading reviews");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    Decision& d = (*out)[q.Text(0)];
    d.status = q.Text(1);
    Json c = Json::parse(q.Text(2), nullptr, false);
    if (c.is_object()) {
      for (const auto& [k, v] : c.items()) {
        if (v.is_string()) d.corrected[k] = v.get<std::string>();
      }
    }
    d.note = q.Text(3);
  }
  if (rc != SQLITE_DONE) return Error("reading reviews");
  return Status::Ok();
}

// --- export-examples --------------------------------------------------------------

namespace {

// Finds the rule with `id` in the YAML rule files under `paths`.
Status FindRule(const std::vector<std::string>& paths, const std::string& id, YAML::Node* rule,
                std::string* file) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path());
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(f.string());
    } catch (const YAML::Exception& e) {
      continue;  // `argx rules check` reports broken files; look elsewhere
    }
    if (!doc.IsMap() || !doc["rules"] || !doc["rules"].IsSequence()) continue;
    for (const YAML::Node& r : doc["rules"]) {
      if (r.IsMap() && r["id"] && r["id"].IsScalar() && r["id"].Scalar() == id) {
        *rule = r;
        *file = f.string();
        return Status::Ok();
      }
    }
  }
  return Status::Error("rule " + id + " is not in the rule files (" +
                       (paths.empty() ? std::string("no --rules given and no ./rules") : paths[0]) +
                       (paths.size() > 1 ? ", ..." : "") +
                       "); --format examples writes the examples without it");
}

// Whether a holder's or claimant's words only name an actor with the
// sentences before them: a pronoun or a lowercase phrase ("the minister").
bool NeedsContext(const std::string& words) {
  if (words.empty()) return false;
  if (std::islower(static_cast<unsigned char>(words[0]))) return true;
  std::string w;
  for (char c : words) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* p : {"it", "he", "she", "they", "we", "its", "his", "her", "their", "this",
                        "these", "those", "both"}) {
    if (w == p) return true;
  }
  return false;
}

struct Example {
  std::string path;
  int64_t sentence = 0;
  std::string text;
  bool match = false;
  std::vector<std::pair<std::string, std::string>> expect;
};

void EmitExamples(const std::vector<Example>& examples, YAML::Emitter* e) {
  *e << YAML::BeginMap;
  for (bool match : {true, false}) {
    bool any = std::any_of(examples.begin(), examples.end(),
                           [&](const Example& x) { return x.match == match; });
    if (!any) continue;
    *e << YAML::Key << (match ? "match" : "no_match") << YAML::Value << YAML::BeginSeq;
    for (const Example& x : examples) {
      if (x.match != match) continue;
      if (!match || x.expect.empty()) {
        *e << x.text;
        continue;
      }
      *e << YAML::BeginMap << YAML::Key << "text" << YAML::Value << x.text;
      *e << YAML::Key << "expect" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (const auto& [k, v] : x.expect) *e << YAML::Key << k << YAML::Value << v;
      *e << YAML::EndMap << YAML::EndMap;
    }
    *e << YAML::EndSeq;
  }
  *e << YAML::EndMap;
}

}  // namespace

Status ReviewDb::ExportExamples(const ExportOptions& options, std::string* yaml,
                                ExportSummary* summary) {
  *summary = {};
  if (options.format != "rule" && options.format != "examples") {
    return Status::Error("unknown format '" + options.format + "' (rule or examples)");
  }
  YAML::Node rule;
  std::string rule_file;
  if (options.format == "rule") {
    Status s = FindRule(options.rule_paths, options.rule, &rule, &rule_file);
    if (!s.ok()) return s;
  }

  Stmt q(store_->handle(),
         "SELECT key FROM reviews WHERE rule = ?1 AND status IN ('accepted', 'rejected', "
         "'corrected')");
  if (!q.ok()) return Error("reading reviews");
  q.Bind(1, options.rule);
  std::vector<std::string> keys;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) keys.push_back(q.Text(0));
  if (rc != SQLITE_DONE) return Error("reading reviews");

  // Decisions grouped by sentence: a sentence with an accepted item is a
  // match (one example per accepted item), one with only rejected items a
  // no_match; a sentence with both cannot be a no_match.
  std::map<std::string, std::vector<Item>> by_sentence;
  for (const std::string& key : keys) {
    Item item;
    bool found = false;
    Status s = Get(key, &item, &found);
    if (!s.ok()) return s;
    if (found) by_sentence[item.sentence_text].push_back(std::move(item));
  }
  std::vector<Example> examples;
  for (auto& [text, items] : by_sentence) {
    // A holder or claimant written as a pronoun ("it", "they") is resolved
    // from earlier sentences, which an example does not have: the rule cannot
    // produce it from the sentence alone, so it makes no match example.
    std::vector<const Item*> accepted;
    bool any_rejected = false;
    for (const Item& i : items) {
      if (i.status == "rejected") {
        any_rejected = true;
        continue;
      }
      std::string who = i.kind == "stance"  ? i.Field("holder_text")
                        : i.kind == "claim" ? i.Field("claimant_text")
                                            : "";
      if (NeedsContext(who) && !i.corrected.count("holder") && !i.corrected.count("claimant")) {
        ++summary->context;
        continue;
      }
      accepted.push_back(&i);
    }
    if (accepted.empty()) {
      if (any_rejected) {
        examples.push_back({items[0].path, items[0].sentence, text, false, {}});
        ++summary->no_match;
      }
      continue;
    }
    if (any_rejected) ++summary->skipped;
    for (const Item* i : accepted) {
      Example x{i->path, i->sentence, text, true, {}};
      std::vector<std::string> fields;
      if (i->kind == "stance") {
        fields = {"holder", "polarity", "target"};
      } else if (i->kind == "claim") {
        fields = {"claimant", "claim_type", "content"};
      } else {
        fields = {"actor"};
      }
      for (const std::string& f : fields) {
        std::string v = i->Field(f);
        if (!v.empty()) x.expect.emplace_back(f, v);
      }
      examples.push_back(std::move(x));
      ++summary->match;
    }
  }
  std::sort(examples.begin(), examples.end(), [](const Example& a, const Example& b) {
    return std::tie(a.path, a.sentence, a.text) < std::tie(b.path, b.sentence, b.text);
  });

  YAML::Emitter e;
  e.SetIndent(2);
  if (options.format == "examples") {
    e << YAML::BeginMap << YAML::Key << "examples" << YAML::Value;
    EmitExamples(examples, &e);
    e << YAML::EndMap;
  } else {
    int priority = 0;
    if (rule["priority"] && rule["priority"].IsScalar()) {
      try {
        priority = rule["priority"].as<int>();
      } catch (const YAML::Exception&) {
      }
    }
    e << YAML::BeginMap << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
    for (const auto& kv : rule) {
      std::string k = kv.first.Scalar();
      if (k == "examples" || k == "priority") continue;
      e << YAML::Key << k << YAML::Value;
      if (k == "id") {
        e << options.rule + ".reviewed";
      } else if (k == "description") {
        e << "reviewed copy of " + options.rule + ": " + kv.second.as<std::string>("");
      } else if (k == "pattern" && kv.second.IsScalar()) {
        e << YAML::Literal << kv.second.Scalar();
      } else {
        e << kv.second;
      }
    }
    e << YAML::Key << "priority" << YAML::Value << priority + 1;
    if (!examples.empty()) {
      e << YAML::Key << "examples" << YAML::Value;
      EmitExamples(examples, &e);
    }
    e << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
  }
  if (!e.good()) return Status::Error("writing YAML: " + e.GetLastError());
  std::string header = "# Reviewed examples of rule " + options.rule + ": " +
                       std::to_string(summary->match) + " match (accepted or corrected), " +
                       std::to_string(summary->no_match) + " no_match (rejected).\n";
  if (options.format == "rule") {
    header += "# A copy of the rule in " + rule_file +
              ", one priority higher so that it wins\n"
              "# over the original. Check and test it next to the rule folder:\n"
              "#   argx rules check rules THIS_FILE\n"
              "#   argx rules test rules THIS_FILE --rule " +
              options.rule +
              ".reviewed\n"
              "# then move the examples (and a fixed pattern) into the original rule.\n";
  }
  *yaml = header + e.c_str() + "\n";
  return Status::Ok();
}

// --- Rendering ----------------------------------------------------------------------

namespace {

const char* Open(std::string_view role, bool color) {
  if (color) {
    if (role == "holder" || role == "claimant" || role == "actor") return "\x1b[1;36m";
    if (role == "cue") return "\x1b[1;33m";
    return "\x1b[4;32m";  // target, content
  }
  if (role == "holder" || role == "claimant" || role == "actor") return "[";
  if (role == "cue") return "<";
  return "{";
}

const char* Close(std::string_view role, bool color) {
  if (color) return "\x1b[0m";
  if (role == "holder" || role == "claimant" || role == "actor") return "]";
  if (role == "cue") return ">";
  return "}";
}

}  // namespace

std::string Wrap(std::string_view text, int width, int indent, int first_column) {
  if (width <= indent + 10) return std::string(text);
  std::string out;
  int column = first_column;
  size_t i = 0;
  while (i < text.size()) {
    size_t space = text.find(' ', i);
    if (space == std::string_view::npos) space = text.size();
    std::string_view word = text.substr(i, space - i);
    int w = 0;
    for (size_t k = 0; k < word.size(); ++k) {
      if (word[k] == '\x1b') {  // CSI ... m: no width
        while (k < word.size() && word[k] != 'm') ++k;
        continue;
      }
      w += (static_cast<unsigned char>(word[k]) & 0xC0) != 0x80;
    }
    if (column > indent && column + 1 + w > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (i > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    i = space + 1;
  }
  return out;
}

std::string RenderItem(const Item& item, bool color, int width) {
  std::string out;
  const char* dim = color ? "\x1b[2m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  out += dim;
  out += item.kind + "  " + item.rule + "  " + item.path + " #" + std::to_string(item.sentence) +
         "  key " + item.key.substr(0, 10);
  if (item.orphaned) out += "  (orphaned: no longer extracted)";
  out += reset;
  out += "\n\n  ";
  // The sentence, marks that overlap an earlier one left out.
  std::string sentence;
  size_t at = 0;
  for (const Mark& m : item.marks) {
    if (m.begin < at || m.end > item.sentence_text.size()) continue;
    sentence += item.sentence_text.substr(at, m.begin - at);
    sentence += Open(m.role, color);
    sentence += item.sentence_text.substr(m.begin, m.end - m.begin);
    sentence += Close(m.role, color);
    at = m.end;
  }
  sentence += item.sentence_text.substr(at);
  out += Wrap(sentence, width, 2, 2);
  out += "\n\n";
  auto name_of = [&](const std::string& k) {
    return k == "holder_text"     ? item.Field("holder")
           : k == "claimant_text" ? item.Field("claimant")
                                  : "";
  };
  for (const auto& [k, v] : item.fields) {
    if (k == "holder_id" || k == "claimant_id" || k == "actor_id") continue;
    // The words of the holder only when they differ from its name ("Oslo"
    // for Norway, "it"): the name alone says the rest.
    if ((k == "hedges" || k == "holder_text" || k == "claimant_text") &&
        (v.empty() || v == name_of(k))) {
      continue;
    }
    std::string label = k == "holder_text" ? "written" : k == "claimant_text" ? "written" : k;
    label.resize(std::max<size_t>(label.size(), 13), ' ');
    auto c = item.corrected.find(k);
    std::string role = k == "holder" || k == "claimant" || k == "actor" ? "holder"
                       : k == "cue"                                     ? "cue"
                       : k == "target" || k == "content"                ? "target"
                                                                        : "";
    std::string value;
    if (c != item.corrected.end()) {
      value = c->second + "   (extracted: " + v + ")";
    } else if (!role.empty() && !v.empty()) {
      value = std::string(Open(role, color)) + v + Close(role, color);
    } else {
      value = v;
    }
    out += "  " + label + " " + Wrap(value, width, 16, 16) + "\n";
  }
  std::string status = item.status;
  if (color) {
    const char* c = status == "accepted"    ? "\x1b[32m"
                    : status == "rejected"  ? "\x1b[31m"
                    : status == "corrected" ? "\x1b[35m"
                                            : "\x1b[2m";
    status = std::string(c) + status + reset;
  }
  out += "  status        " + status;
  if (!item.reviewer.empty()) out += "  (" + item.reviewer + ", " + item.reviewed_at + ")";
  out += "\n";
  if (!item.note.empty()) out += "  note          " + Wrap(item.note, width, 16, 16) + "\n";
  return out;
}

std::string Summary(const Item& item) {
  std::string s;
  if (item.kind == "stance") {
    s = item.Field("holder") + (item.Field("polarity") == "support" ? " supports " : " opposes ") +
        item.Field("target");
  } else if (item.kind == "claim") {
    s = item.Field("claimant") + " (" + item.Field("claim_type") + "): " + item.Field("content");
  } else {
    s = item.Field("text") + " = " + item.Field("actor");
  }
  return s;
}

}  // namespace argx::review
