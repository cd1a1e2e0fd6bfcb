#include "batch/pipeline.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include "input/html.h"
#include "store/sha256.h"
#include "text/decode.h"
#include "text/segmenter.h"

namespace argx::batch {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// --- Finding files ----------------------------------------------------------

bool Matches(const std::vector<std::string>& globs, const std::string& name,
             const std::string& rel) {
  for (const std::string& g : globs) {
    bool has_slash = g.find('/') != std::string::npos;
    const std::string& subject = has_slash ? rel : name;
    if (fnmatch(g.c_str(), subject.c_str(), FNM_CASEFOLD | (has_slash ? FNM_PATHNAME : 0)) == 0) {
      return true;
    }
  }
  return false;
}

// NAME.meta.json: the metadata of NAME, not a document.
bool IsSidecar(const std::string& name) {
  constexpr std::string_view kSuffix = ".meta.json";
  if (name.size() <= kSuffix.size()) return false;
  std::string tail = name.substr(name.size() - kSuffix.size());
  for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == kSuffix;
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}

class Walker {
 public:
  Walker(const WalkOptions& options, std::vector<InputFile>* files, Summary* summary)
      : options_(options), files_(files), summary_(summary) {}

  void Add(const std::string& arg) {
    struct stat st;
    if (stat(arg.c_str(), &st) != 0) {
      Problem(arg, std::strerror(errno), "missing or unreadable path");
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      Walk(arg, "", st);
    } else if (S_ISREG(st.st_mode)) {
      AddFile(arg, fs::path(arg).filename().string(), st);
    } else {
      Problem(arg, "not a regular file or folder", "not a regular file");
    }
  }

 private:
  void Problem(const std::string& display, const std::string& reason, const std::string& category) {
    std::fprintf(stderr, "argx: %s: %s\n", display.c_str(), reason.c_str());
    ++summary_->skipped;
    ++summary_->skipped_by_reason[category];
  }

  void AddFile(const std::string& display, const std::string& rel, const struct stat& st) {
    std::error_code ec;
    fs::path abs = fs::canonical(display, ec);
    if (ec) abs = fs::absolute(display, ec).lexically_normal();
    if (!seen_files_.insert(abs.string()).second) return;  // named twice
    files_->push_back({display, rel, abs.string(), static_cast<int64_t>(st.st_size)});
  }

  // `dir` as the user would name it, `rel` relative to the folder given.
  void Walk(const std::string& dir, const std::string& rel, const struct stat& dir_stat) {
    // Symlink loops and folders reachable twice: walk each folder once.
    if (!seen_dirs_.insert({dir_stat.st_dev, dir_stat.st_ino}).second) return;
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    if (ec) {
      Problem(dir, "cannot read folder: " + ec.message(), "unreadable folder");
      return;
    }
    std::sort(names.begin(), names.end());  // stable order whatever the file system
    for (const std::string& name : names) {
      if (name.empty() || name[0] == '.') continue;  // hidden
      std::string child = JoinPath(dir, name);
      std::string child_rel = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (stat(child.c_str(), &st) != 0) {
        // A dangling symlink is not worth a complaint unless it names a
        // file we would have taken.
        if (Matches(options_.include, name, child_rel) &&
            !Matches(options_.exclude, name, child_rel)) {
          Problem(child, std::strerror(errno), "unreadable");
        }
        continue;
      }
      if (Matches(options_.exclude, name, child_rel)) continue;
      if (S_ISDIR(st.st_mode)) {
        Walk(child, child_rel, st);
      } else if (S_ISREG(st.st_mode) && Matches(options_.include, name, child_rel) &&
                 !IsSidecar(name)) {
        AddFile(child, child_rel, st);
      }
    }
  }

  const WalkOptions& options_;
  std::vector<InputFile>* files_;
  Summary* summary_;
  std::set<std::pair<dev_t, ino_t>> seen_dirs_;
  std::set<std::string> seen_files_;
};

// --- Processing one file ----------------------------------------------------

enum class Kind { kNew, kChanged, kForced, kUnchanged };

// One document of a file: the file itself, or one of its records.
struct Item {
  Kind kind = Kind::kNew;
  int64_t stored_id = 0;      // kUnchanged
  std::string stored_path;    // kUnchanged: the path the database has
  bool meta_changed = false;  // kUnchanged: doc.meta differs from the stored metadata
  store::Document doc;        // kUnchanged: path, abs_path and meta only
  extract::Extractions extractions;
  // A text larger than PipelineOptions::stream_bytes: doc.text holds it,
  // not yet extracted; the writer extracts and stores it window by window
  // (StoreInWindows), so that its extractions are never all in memory.
  bool in_windows = false;
};

struct Result {
  bool skipped = false;  // the whole file
  std::string reason;    // skipped: the message
  std::string category;  // skipped: for the summary
  int64_t bytes = 0;
  std::vector<Item> items;
  // Printed as "argx: " + each: records left out ("dump.jsonl:3: malformed
  // JSON: ..."), sidecar files that could not be read.
  std::vector<std::string> problems;
  int64_t records_skipped = 0, metadata_errors = 0;
};

// Reads the whole file unless it is larger than max_bytes. Returns false and
// fills the result's skip fields on failure.
bool ReadFile(const std::string& path, int64_t max_bytes, std::string* out, Result* r) {
  auto fail = [&](std::string reason, std::string category) {
    r->skipped = true;
    r->reason = std::move(reason);
    r->category = std::move(category);
    return false;
  };
  auto too_large = [&](int64_t size) {
    return fail("larger than --max-bytes (" + std::to_string(size) + " > " +
                    std::to_string(max_bytes) + " bytes)",
                "larger than --max-bytes");
  };
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::string("cannot read: ") + std::strerror(errno), "unreadable");
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return fail("not a regular file", "not a regular file");
  }
  if (st.st_size > max_bytes) {
    close(fd);
    return too_large(st.st_size);
  }
  out->clear();
  out->resize(static_cast<size_t>(st.st_size));
  size_t used = 0;
  while (true) {
    if (used == out->size()) out->resize(std::max<size_t>(4096, out->size() * 2));
    ssize_t n = read(fd, out->data() + used, out->size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return fail(std::string("cannot read: ") + std::strerror(e), "unreadable");
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (static_cast<int64_t>(used) > max_bytes) {  // grew while we read it
      close(fd);
      return too_large(static_cast<int64_t>(used));
    }
  }
  close(fd);
  out->resize(used);
  return true;
}

store::DocumentMeta ToStore(input::Metadata m) {
  return {std::move(m.date), std::move(m.date_raw), std::move(m.source), std::move(m.title),
          std::move(m.url),  std::move(m.author),   std::move(m.extra)};
}

bool IsRecords(input::Format f) {
  return f == input::Format::kJson || f == input::Format::kJsonLines || f == input::Format::kCsv;
}

class Worker {
 public:
  Worker(const extract::Extractor& extractor, const PipelineOptions& options)
      : extractor_(extractor), options_(options) {}

  // The worker's own connection for "is this document unchanged?" lookups.
  // Without one (an in-memory database), every document counts as new.
  void OpenLookup() {
    if (options_.db_path == ":memory:") return;
    Status s = store::Store::Open(options_.db_path, {.read_only = true}, &lookup_);
    if (!s.ok()) lookup_.reset();
  }

  std::unique_ptr<Result> Process(const InputFile& file) {
    auto r = std::make_unique<Result>();
    std::string bytes;
    if (!ReadFile(file.abs_path, options_.max_bytes, &bytes, r.get())) return r;
    r->bytes = static_cast<int64_t>(bytes.size());
    const input::Format format = input::FormatOf(file.path);

    text::DecodedText decoded;
    if (IsRecords(format)) {
      Status s = text::Decode(bytes, &decoded);
      if (!s.ok()) return Skip(std::move(r), s.message());
      ProcessRecords(file, format, decoded, r.get());
      if (r->items.empty() && r->problems.empty()) return Skip(std::move(r), "no records");
      return r;
    }

    Item item;
    item.doc.path = file.path;
    item.doc.abs_path = file.abs_path;
    item.doc.content_hash = store::Sha256Hex(bytes);
    input::Metadata meta = FileMetadata(file, r.get());
    std::string text;
    if (format == input::Format::kHtml) {
      // Parsed even when unchanged: the page's metadata is compared with the
      // stored one like the sidecar's.
      Status s = text::Decode(bytes, &decoded);
      if (!s.ok()) return Skip(std::move(r), s.message());
      input::HtmlPage page;
      input::ExtractHtml(decoded.text, &page);
      if (page.text.empty()) return Skip(std::move(r), "no text in the HTML page");
      meta.MergeMissing(page.meta);
      text = std::move(page.text);
    }
    item.doc.meta = ToStore(std::move(meta));
    if (!NeedsExtraction(&item)) {
      r->items.push_back(std::move(item));
      return r;
    }
    if (format != input::Format::kHtml) {
      Status s = text::Decode(bytes, &decoded);
      if (!s.ok()) return Skip(std::move(r), s.message());
      text = std::move(decoded.text);
    }
    bytes.clear();
    bytes.shrink_to_fit();
    item.doc.size_bytes = r->bytes;
    item.doc.encoding = std::move(decoded.encoding);
    Status s = Analyze(std::move(text), &item);
    if (!s.ok()) return Skip(std::move(r), s.message());
    r->items.push_back(std::move(item));
    return r;
  }

 private:
  static std::unique_ptr<Result> Skip(std::unique_ptr<Result> r, const std::string& reason) {
    r->skipped = true;
    r->reason = reason;
    r->category = reason;  // short: "empty file", "binary file (NUL bytes)", "no records"
    r->items.clear();
    return r;
  }

  // Each record of a JSON Lines, JSON or CSV file as an item.
  void ProcessRecords(const InputFile& file, input::Format format, const text::DecodedText& decoded,
                      Result* r) {
    std::vector<input::Record> records;
    std::vector<input::RecordError> errors;
    Status s = input::ReadRecords(format, decoded.text, options_.fields, &records, &errors);
    if (!s.ok()) {
      r->skipped = true;
      r->reason = r->category = s.message();
      return;
    }
    auto problem = [&](int64_t line, const std::string& reason) {
      r->problems.push_back(file.display + ":" + std::to_string(line) + ": " + reason);
      ++r->records_skipped;
    };
    for (const input::RecordError& e : errors) problem(e.line, e.reason);
    for (input::Record& record : records) {
      Item item;
      item.doc.path = file.path + record.key;
      item.doc.abs_path = file.abs_path + record.key;
      item.doc.content_hash = store::Sha256Hex(record.text);
      item.doc.meta = ToStore(std::move(record.meta));
      if (NeedsExtraction(&item)) {
        item.doc.size_bytes = static_cast<int64_t>(record.text.size());
        item.doc.encoding = decoded.encoding;
        Status a = Analyze(std::move(record.text), &item);
        if (!a.ok()) {
          problem(record.line, a.message());
          continue;
        }
      }
      r->items.push_back(std::move(item));
    }
  }

  // The metadata of a text or HTML file from outside it: its sidecar
  // (NAME.meta.json, else NAME.EXT.meta.json), then the meta table.
  input::Metadata FileMetadata(const InputFile& file, Result* r) {
    input::Metadata meta;
    fs::path p(file.abs_path);
    fs::path display(file.display);
    for (const auto& [sidecar, shown] :
         {std::pair{p.parent_path() / (p.stem().string() + ".meta.json"),
                    display.parent_path() / (display.stem().string() + ".meta.json")},
          std::pair{fs::path(file.abs_path + ".meta.json"),
                    fs::path(file.display + ".meta.json")}}) {
      std::string json;
      Result ignored;
      std::error_code ec;
      if (!fs::is_regular_file(sidecar, ec)) continue;
      Status s = ReadFile(sidecar.string(), 1 << 20, &json, &ignored)
                     ? input::ParseMetaJson(json, &meta)
                     : Status::Error(ignored.reason);
      if (!s.ok()) {
        r->problems.push_back(shown.string() + ": " + s.message());
        ++r->metadata_errors;
        meta = {};
      }
      break;
    }
    if (options_.meta_table != nullptr) {
      if (const input::Metadata* row = options_.meta_table->Find(file.path)) {
        meta.MergeMissing(*row);
      }
    }
    return meta;
  }

  // Looks item->doc up by its abs_path and sets item->kind. Returns true
  // when it is to be extracted (new, changed, --force), false when the
  // database holds the same content extracted with the same rules.
  bool NeedsExtraction(Item* item) {
    bool found = false;
    store::StoredDocument stored;
    if (lookup_ != nullptr) {
      Status s = lookup_->FindDocument(item->doc.abs_path, &stored, &found);
      if (!s.ok()) found = false;  // the writer will surface real database trouble
    }
    if (found && stored.content_hash == item->doc.content_hash &&
        stored.rules_fingerprint == extractor_.fingerprint()) {
      if (!options_.force) {
        item->kind = Kind::kUnchanged;
        item->stored_id = stored.id;
        item->stored_path = stored.path;
        store::DocumentMeta old;
        Status s = lookup_->ReadMetadata(stored.id, &old);
        item->meta_changed = !s.ok() || !(old == item->doc.meta);
        return false;
      }
      item->kind = Kind::kForced;
    } else {
      item->kind = found ? Kind::kChanged : Kind::kNew;
    }
    return true;
  }

  // Segments and extracts `text` into item->doc and item->extractions: at
  // once, or in windows when longer than at_once_bytes; a text longer than
  // stream_bytes is left to the writer (Item::in_windows).
  Status Analyze(std::string text, Item* item) {
    if (text.size() > options_.stream_bytes) {
      item->in_windows = true;
      item->doc.rules_fingerprint = extractor_.fingerprint();
      item->doc.text = std::move(text);
      return Status::Ok();
    }
    if (text.size() > options_.at_once_bytes) return AnalyzeInWindows(std::move(text), item);
    Status s = segmenter_.Analyze(std::move(text), &analyzed_);
    if (!s.ok()) return s;
    extractor_.Extract(analyzed_, &scratch_, &item->extractions);
    store::Document& doc = item->doc;
    doc.rules_fingerprint = extractor_.fingerprint();
    doc.keys = store::Store::Keys(doc.content_hash, item->extractions);  // off the writer
    doc.sentences.reserve(analyzed_.sentences.size());
    for (const text::Sentence& sentence : analyzed_.sentences) {
      doc.sentences.push_back({sentence.cp_begin, sentence.cp_end});
    }
    doc.text = std::move(analyzed_.text);  // the analysis is done with it
    return Status::Ok();
  }

  // Analyze() for a text of several windows: the tokens of one window at a
  // time, the extractions of all.
  Status AnalyzeInWindows(std::string text, Item* item) {
    store::Document& doc = item->doc;
    extract::Extractions& all = item->extractions;
    extract::Extractor::WindowOptions windows;
    windows.window_bytes = options_.window_bytes;
    Status s = extractor_.ExtractInWindows(
        text, &segmenter_, &scratch_, windows, [&](extract::Extractor::Window* w) {
          for (const extract::Span& sentence : w->sentences) {
            doc.sentences.push_back({sentence.begin, sentence.end});
          }
          extract::Extractions& part = w->extractions;
          all.actors.insert(all.actors.end(), std::make_move_iterator(part.actors.begin()),
                            std::make_move_iterator(part.actors.end()));
          all.stances.insert(all.stances.end(), std::make_move_iterator(part.stances.begin()),
                             std::make_move_iterator(part.stances.end()));
          all.claims.insert(all.claims.end(), std::make_move_iterator(part.claims.begin()),
                            std::make_move_iterator(part.claims.end()));
          return Status::Ok();
        });
    if (!s.ok()) return s;
    doc.rules_fingerprint = extractor_.fingerprint();
    doc.keys = store::Store::Keys(doc.content_hash, all);  // off the writer
    doc.text = std::move(text);
    return Status::Ok();
  }

  const extract::Extractor& extractor_;
  const PipelineOptions& options_;
  text::Segmenter segmenter_;
  text::AnalyzedText analyzed_;
  extract::Extractor::Scratch scratch_;
  std::unique_ptr<store::Store> lookup_;
};

// --- Progress -----------------------------------------------------------------

std::string FormatDuration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

class Progress {
 public:
  Progress(bool enabled, int64_t files, int64_t total_bytes)
      : enabled_(enabled), files_(files), total_bytes_(total_bytes), start_(Clock::now()) {}

  // Redraws at most ten times a second unless `force`.
  void Update(int64_t done_files, int64_t done_bytes, bool force = false) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double elapsed = SecondsSince(start_);
    double mb = done_bytes / 1e6, total_mb = total_bytes_ / 1e6;
    double rate = elapsed > 0 ? mb / elapsed : 0;
    std::string eta = "--:--";
    if (rate > 0 && done_bytes > 0) {
      eta = FormatDuration((total_bytes_ - done_bytes) / 1e6 / rate);
    }
    std::fprintf(stderr, "\r%lld/%lld files  %.1f/%.1f MB  %.1f MB/s  ETA %s\033[K",
                 static_cast<long long>(done_files), static_cast<long long>(files_), mb, total_mb,
                 rate, eta.c_str());
    std::fflush(stderr);
    shown_ = true;
  }

  // Clears the line so that a message can be printed.
  void Clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool enabled_;
  int64_t files_, total_bytes_;
  Clock::time_point start_;
  Clock::time_point last_{};
  bool shown_ = false;
};

// What was stored of a document.
struct StoredCounts {
  int64_t sentences = 0, actors = 0, stances = 0, claims = 0;
};

// Extracts a document too large to extract at once (Item::in_windows) in
// windows of sentences and stores each window's sentences and extractions as
// it comes (Store::BeginDocument), so that memory holds the text and one
// window. The database gets what PutDocument would have stored for it. On
// an error nothing of the document remains; the status says which.
Status StoreInWindows(const extract::Extractor& extractor, const PipelineOptions& options,
                      text::Segmenter* segmenter, extract::Extractor::Scratch* scratch,
                      store::Store* db, int64_t run_id, const Item& item,
                      std::vector<std::string>* lost, StoredCounts* counts) {
  extract::Extractor::WindowOptions windows;
  windows.window_bytes = options.window_bytes;
  std::vector<store::SentenceSpan> spans;
  bool begun = false;
  Status s = extractor.ExtractInWindows(
      item.doc.text, segmenter, scratch, windows, [&](extract::Extractor::Window* w) {
        if (!begun) {  // once the number of sentences is known
          int64_t doc_id = 0;
          Status b = db->BeginDocument(run_id, item.doc, w->document_sentences, &doc_id);
          if (!b.ok()) return b;
          begun = true;
        }
        spans.clear();
        for (const extract::Span& sentence : w->sentences) {
          spans.push_back({sentence.begin, sentence.end});
        }
        Status part = db->AddDocumentPart(item.doc, spans, w->extractions, lost);
        if (!part.ok()) return part;
        counts->sentences += static_cast<int64_t>(spans.size());
        counts->actors += static_cast<int64_t>(w->extractions.actors.size());
        counts->stances += static_cast<int64_t>(w->extractions.stances.size());
        counts->claims += static_cast<int64_t>(w->extractions.claims.size());
        return Status::Ok();
      });
  if (s.ok() && !begun) {  // no window: no text
    int64_t doc_id = 0;
    s = db->BeginDocument(run_id, item.doc, 0, &doc_id);
  }
  if (s.ok()) s = db->FinishDocument();
  if (!s.ok()) {
    db->AbortDocument();  // a no-op when the store already did
    lost->clear();        // nothing of the document was stored
  }
  return s;
}

}  // namespace

void CollectFiles(const std::vector<std::string>& paths, const WalkOptions& options,
                  std::vector<InputFile>* files, Summary* summary) {
  Walker walker(options, files, summary);
  for (const std::string& p : paths) walker.Add(p);
  summary->files = static_cast<int64_t>(files->size());
}

Status RunPipeline(const std::vector<InputFile>& files, const extract::Extractor& extractor,
                   store::Store* db, int64_t run_id, const PipelineOptions& options,
                   const std::atomic<bool>* stop, Summary* summary) {
  const Clock::time_point start = Clock::now();
  const size_t n = files.size();
  const int jobs = std::max(1, options.jobs);
  // Documents in flight: enough for every worker to stay busy while the
  // writer commits a batch or waits for a slow document, and independent of
  // the number of files. Bounded in count and in bytes, so that memory stays
  // flat however many files there are and however large (one document is
  // always allowed, whatever its size).
  const size_t window = static_cast<size_t>(64 + 16 * jobs);
  constexpr int64_t kInFlightBytes = 64 << 20;
  int64_t in_flight_bytes = 0;  // sizes of the files taken and not yet stored

  int64_t stored_before = 0;  // documents in the database (bulk loading)
  if (options.bulk_load_documents > 0) {
    Status s = db->CountDocuments(&stored_before);
    if (!s.ok()) return s;
  }

  std::mutex mu;
  std::condition_variable work_cv;  // a slot in the window became free, or stop
  std::condition_variable done_cv;  // a result is ready
  std::vector<std::unique_ptr<Result>> ring(window);
  size_t next_take = 0;   // next file a worker will take
  size_t next_write = 0;  // next file the writer stores
  bool halt = false;      // stop taking files (signal, or a fatal writer error)

  auto worker_main = [&](Worker* worker) {
    worker->OpenLookup();
    while (true) {
      size_t i;
      {
        std::unique_lock lock(mu);
        work_cv.wait(lock, [&] {
          return halt || stop->load() || next_take >= n ||
                 (next_take < next_write + window &&
                  (next_take == next_write ||
                   in_flight_bytes + files[next_take].size <= kInFlightBytes));
        });
        if (halt || stop->load() || next_take >= n) return;
        i = next_take++;
        in_flight_bytes += files[i].size;
      }
      std::unique_ptr<Result> r = worker->Process(files[i]);
      {
        std::lock_guard lock(mu);
        ring[i % window] = std::move(r);
      }
      done_cv.notify_one();
    }
  };

  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j) {
    workers.push_back(std::make_unique<Worker>(extractor, options));
    threads.emplace_back(worker_main, workers.back().get());
  }

  int64_t total_bytes = 0;
  for (const InputFile& f : files) total_bytes += f.size;
  Progress progress(options.progress, static_cast<int64_t>(n), total_bytes);
  int64_t done_bytes = 0;

  // Bulk loading (PipelineOptions::bulk_load_documents): decided between
  // batches, once the run has shown that it writes documents rather than
  // finding them unchanged.
  constexpr int64_t kBulkLoadProbe = 100;
  auto should_bulk_load = [&]() {
    if (options.bulk_load_documents <= 0 || db->bulk_loading()) return false;
    int64_t written =
        summary->documents_new + summary->documents_changed + summary->documents_forced;
    int64_t can_write = written + static_cast<int64_t>(n - next_write) + 1;
    // Into an empty database every document is written: no need to wait
    // for the probe, and the first batch already goes without the indexes.
    return (written >= kBulkLoadProbe || stored_before == 0) &&
           can_write >= options.bulk_load_documents && 2 * can_write >= stored_before;
  };

  // The writer's own segmenter and scratch, for documents it extracts in
  // windows (Item::in_windows); made on first use.
  std::unique_ptr<text::Segmenter> window_segmenter;
  std::unique_ptr<extract::Extractor::Scratch> window_scratch;

  std::unique_ptr<store::Store::Transaction> batch;
  int batch_docs = 0;
  Clock::time_point batch_start;
  Status fatal;
  // The counts when the current batch began: a batch rolled back after a
  // fatal error stored nothing, and the summary must not say it did.
  Summary at_batch_start;
  // After a fatal error: the documents of the batch are not in the database.
  auto report_rollback = [&]() {
    if (batch_docs == 0) return;
    summary->documents_new = at_batch_start.documents_new;
    summary->documents_changed = at_batch_start.documents_changed;
    summary->documents_forced = at_batch_start.documents_forced;
    summary->sentences = at_batch_start.sentences;
    summary->actors = at_batch_start.actors;
    summary->stances = at_batch_start.stances;
    summary->claims = at_batch_start.claims;
    summary->extractions_lost = at_batch_start.extractions_lost;
    progress.Clear();
    std::fprintf(stderr,
                 "argx: the last %d documents were rolled back, not stored: run again to store "
                 "them and the rest\n",
                 batch_docs);
  };
  auto commit = [&]() -> Status {
    if (batch == nullptr) return Status::Ok();
    Status s = batch->Commit();
    if (!s.ok()) report_rollback();
    batch.reset();  // rolls back if the commit failed
    batch_docs = 0;
    return s;
  };

  while (next_write < n && fatal.ok()) {
    std::unique_ptr<Result> r;
    {
      std::unique_lock lock(mu);
      done_cv.wait_for(lock, std::chrono::milliseconds(100),
                       [&] { return ring[next_write % window] != nullptr; });
      if (ring[next_write % window] != nullptr) {
        r = std::move(ring[next_write % window]);
        in_flight_bytes -= files[next_write].size;
        ++next_write;
      } else if ((stop->load() || halt) && next_write == next_take) {
        break;  // interrupted, and everything started is stored
      }
    }
    if (r == nullptr) {
      if (stop->load()) work_cv.notify_all();  // wake workers waiting for room: they quit
      if (batch != nullptr && SecondsSince(batch_start) >= options.batch_seconds) fatal = commit();
      progress.Update(static_cast<int64_t>(next_write), done_bytes);
      continue;
    }
    work_cv.notify_all();
    const InputFile& file = files[next_write - 1];
    done_bytes += file.size;
    summary->bytes += r->bytes;

    if (r->skipped) {
      progress.Clear();
      std::fprintf(stderr, "argx: %s: %s\n", file.display.c_str(), r->reason.c_str());
      ++summary->skipped;
      ++summary->skipped_by_reason[r->category];
    }
    if (!r->problems.empty()) progress.Clear();
    for (const std::string& problem : r->problems) {
      std::fprintf(stderr, "argx: %s\n", problem.c_str());
    }
    summary->records_skipped += r->records_skipped;
    summary->metadata_errors += r->metadata_errors;
    for (Item& item : r->items) {
      if (!fatal.ok()) break;
      if (item.kind == Kind::kUnchanged) {
        ++summary->documents_unchanged;
        if (item.stored_path != item.doc.path) {  // same file, named from another folder
          Status s = db->SetPath(item.stored_id, item.doc.path);
          if (!s.ok()) fatal = s;
        }
        if (item.meta_changed && fatal.ok()) {
          Status s = db->PutMetadata(item.stored_id, item.doc.meta);
          if (!s.ok()) fatal = s;
        }
        continue;
      }
      if (batch == nullptr) {
        if (should_bulk_load()) {
          fatal = db->BeginBulkLoad();
          if (!fatal.ok()) break;
        }
        batch = std::make_unique<store::Store::Transaction>(db);
        batch_start = Clock::now();
        at_batch_start = *summary;
        if (!batch->status().ok()) {
          fatal = batch->status();
          batch.reset();
          break;
        }
      }
      std::vector<std::string> lost;
      Status s;
      StoredCounts stored;
      if (item.in_windows) {
        if (window_segmenter == nullptr) {
          window_segmenter = std::make_unique<text::Segmenter>();
          window_scratch = std::make_unique<extract::Extractor::Scratch>();
        }
        s = StoreInWindows(extractor, options, window_segmenter.get(), window_scratch.get(), db,
                           run_id, item, &lost, &stored);
        item.doc.text.clear();
        item.doc.text.shrink_to_fit();
      } else {
        s = db->PutDocument(run_id, item.doc, item.extractions, nullptr, &lost);
        stored.sentences = static_cast<int64_t>(item.doc.sentences.size());
        stored.actors = static_cast<int64_t>(item.extractions.actors.size());
        stored.stances = static_cast<int64_t>(item.extractions.stances.size());
        stored.claims = static_cast<int64_t>(item.extractions.claims.size());
      }
      for (const std::string& l : lost) {
        progress.Clear();
        std::fprintf(stderr, "argx: %s: left out %s\n", item.doc.path.c_str(), l.c_str());
      }
      if (s.ok()) summary->extractions_lost += static_cast<int64_t>(lost.size());
      if (!s.ok() && db->CannotWrite()) {
        fatal = s;  // disk full, read-only, locked: the batch is rolled back, the run stops
        break;
      }
      if (!s.ok()) {
        // This document is rolled back (savepoint); the batch goes on.
        progress.Clear();
        std::fprintf(stderr, "argx: %s: cannot store: %s\n", item.doc.path.c_str(),
                     s.message().c_str());
        ++summary->skipped;
        ++summary->skipped_by_reason["cannot store"];
        continue;
      }
      if (item.kind == Kind::kNew) ++summary->documents_new;
      if (item.kind == Kind::kChanged) ++summary->documents_changed;
      if (item.kind == Kind::kForced) ++summary->documents_forced;
      summary->sentences += stored.sentences;
      summary->actors += stored.actors;
      summary->stances += stored.stances;
      summary->claims += stored.claims;
      if (++batch_docs >= options.batch_documents ||
          SecondsSince(batch_start) >= options.batch_seconds) {
        fatal = commit();
      }
    }
    progress.Update(static_cast<int64_t>(next_write), done_bytes);
  }
  if (fatal.ok()) {
    fatal = commit();
  } else {
    if (batch != nullptr) report_rollback();
    batch.reset();  // roll back the unfinished batch
  }
  if (db->bulk_loading()) {
    // Also after an error or an interruption: whatever was stored is indexed.
    progress.Clear();
    if (options.progress) std::fputs("argx: creating indexes...", stderr);
    Status s = db->EndBulkLoad();
    if (options.progress) std::fputs("\r\033[K", stderr);
    if (fatal.ok()) fatal = s;
  }

  {
    std::lock_guard lock(mu);
    halt = true;
  }
  work_cv.notify_all();
  for (std::thread& t : threads) t.join();
  progress.Clear();

  summary->interrupted = next_write < n && fatal.ok();
  summary->seconds = SecondsSince(start);
  return fatal;
}

// "1 document", "2 documents".
static std::string Count(int64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string FormatSummary(const Summary& s) {
  std::string out;
  char line[512];
  int64_t documents =
      s.documents_new + s.documents_changed + s.documents_forced + s.documents_unchanged;
  std::snprintf(line, sizeof line, "argx: %s: %lld new, %lld changed, %lld unchanged",
                Count(documents, "document").c_str(), static_cast<long long>(s.documents_new),
                static_cast<long long>(s.documents_changed),
                static_cast<long long>(s.documents_unchanged));
  out += line;
  if (s.documents_forced > 0) {
    std::snprintf(line, sizeof line, ", %lld re-extracted (--force)",
                  static_cast<long long>(s.documents_forced));
    out += line;
  }
  out += "\n";
  std::snprintf(line, sizeof line, "argx: %s; extracted %s, %s, %s\n",
                Count(s.sentences, "sentence").c_str(), Count(s.actors, "actor").c_str(),
                Count(s.stances, "stance").c_str(), Count(s.claims, "claim").c_str());
  out += line;
  if (s.skipped > 0) {
    std::snprintf(line, sizeof line, "argx: %lld %s skipped:", static_cast<long long>(s.skipped),
                  s.skipped == 1 ? "file" : "files");
    out += line;
    const char* sep = " ";
    for (const auto& [reason, count] : s.skipped_by_reason) {
      out += sep + std::to_string(count) + " " + reason;
      sep = ", ";
    }
    out += "\n";
  }
  if (s.records_skipped > 0) {
    std::snprintf(line, sizeof line, "argx: %lld %s skipped (FILE:LINE above)\n",
                  static_cast<long long>(s.records_skipped),
                  s.records_skipped == 1 ? "record" : "records");
    out += line;
  }
  if (s.metadata_errors > 0) {
    std::snprintf(line, sizeof line, "argx: %lld metadata %s not read (above)\n",
                  static_cast<long long>(s.metadata_errors),
                  s.metadata_errors == 1 ? "file" : "files");
    out += line;
  }
  if (s.extractions_lost > 0) {
    std::snprintf(line, sizeof line,
                  "argx: %lld %s left out: the database refused them (reported above)\n",
                  static_cast<long long>(s.extractions_lost),
                  s.extractions_lost == 1 ? "extraction" : "extractions");
    out += line;
  }
  double mb = s.bytes / 1e6;
  char size[32];
  if (s.bytes < 1000000) {  // "0.0 MB" says nothing about a small run
    std::snprintf(size, sizeof size, "%.1f KB", s.bytes / 1e3);
  } else {
    std::snprintf(size, sizeof size, "%.1f MB", mb);
  }
  std::snprintf(line, sizeof line, "argx: %.2f s, %s read, %.1f MB/s%s\n", s.seconds, size,
                s.seconds > 0 ? mb / s.seconds : 0.0,
                s.interrupted ? " (interrupted: run again to finish)" : "");
  out += line;
  return out;
}

store::RunCounts RunCountsOf(const Summary& s) {
  store::RunCounts c;
  c.status = s.interrupted ? "interrupted" : "finished";
  c.documents_new = s.documents_new;
  c.documents_changed = s.documents_changed + s.documents_forced;
  c.documents_unchanged = s.documents_unchanged;
  c.files_skipped = s.skipped;
  c.sentences = s.sentences;
  c.actors = s.actors;
  c.stances = s.stances;
  c.claims = s.claims;
  c.bytes = s.bytes;
  return c;
}

}  // namespace argx::batch
