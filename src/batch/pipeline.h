// The extraction pipeline behind `argx extract`: find the files, then read
// them in their format, decode, segment, extract and store them with worker
// threads and one writer.
//
//   std::vector<argx::batch::InputFile> files;
//   argx::batch::CollectFiles({"corpus"}, walk_options, &files, &summary);
//   argx::Status s = argx::batch::RunPipeline(files, *extractor, db.get(), run_id,
//                                             options, &stop_flag, &summary);
//   std::fputs(argx::batch::FormatSummary(summary).c_str(), stderr);
//
// Formats, by file name (input::FormatOf): plain text (.txt, .md, anything
// else) is one document; an HTML page is one document, its article text
// (input/html.h); a JSON Lines, JSON or CSV file holds records
// (input/records.h), each its own document: path "FILE#ID" (the record's
// id field) or "FILE:LINE", and the same after the file's absolute path as
// its identity. A record that cannot be used is reported as
// "argx: FILE:LINE: reason" and skipped; the file's other records are stored.
//
// Metadata (date, source, title, url, author, other key/values) comes from a
// record's fields, an HTML page's meta tags and JSON-LD, and for text and
// HTML files also from a sidecar NAME.meta.json (or NAME.EXT.meta.json) next
// to the file and from PipelineOptions::meta_table, in that order of trust:
// the sidecar first, then the table, then the page itself.
//
// Threads: `jobs` workers each take the next file, hash each document (the
// raw bytes of a text or HTML file, the text of a record), and when the
// database does not already hold the same content extracted with the same
// rules, decode + segment + extract it (each worker with its own Segmenter,
// Extractor::Scratch and read-only database connection). An unchanged
// document whose metadata changed (an edited sidecar) gets the new metadata
// only. A document longer than PipelineOptions::at_once_bytes is extracted
// in windows of sentences, so that memory holds one window's tokens, not
// all of them; one longer than stream_bytes is only decoded by its worker:
// the writer extracts it and stores each window as it comes, so that its
// extractions are never all in memory either (50 MB: about 250 MB).
// Finished files wait in a bounded window (a few per worker) so memory does
// not grow with the number of files; the writer (the calling thread) stores
// them strictly in input order, many documents per transaction, so the
// database is the same whatever the number of workers.
#ifndef ARGX_BATCH_PIPELINE_H_
#define ARGX_BATCH_PIPELINE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"
#include "input/metadata.h"
#include "input/records.h"
#include "store/store.h"

namespace argx::batch {

struct InputFile {
  std::string display;   // as the user would name it: "corpus/sub/a.txt"
  std::string path;      // as stored: relative to the folder given, or the file name
  std::string abs_path;  // canonical absolute path: the document's identity
  int64_t size = 0;      // from stat(), for progress; the read size is what counts
};

struct WalkOptions {
  // fnmatch(3) globs, case-insensitive. A glob with a '/' is matched against
  // the path relative to the folder given, otherwise against the file name.
  // Sidecar files (*.meta.json) are never taken from folders.
  std::vector<std::string> include = {"*.txt",  "*.md",    "*.html", "*.htm",
                                      "*.json", "*.jsonl", "*.csv"};  // files to take in folders
  std::vector<std::string> exclude;  // files and folders to leave out
};

struct PipelineOptions {
  std::string db_path;  // workers open their own read-only connections to it
  int jobs = 1;
  bool force = false;  // re-extract documents even when unchanged
  int64_t max_bytes = 50 << 20;
  bool progress = false;       // a progress line on stderr, rewritten in place
  int batch_documents = 200;   // commit after this many documents...
  double batch_seconds = 0.5;  // ...or this long, whichever comes first
  // Store without the secondary indexes and create them at the end
  // (Store::BeginBulkLoad) once the run has written 100 documents (from the
  // start into an empty database) and can write at least this many, and at
  // least half as many as the database held before: then one sort per index
  // costs less than the rows' random inserts into it. 0: never. (1000 at
  // first; 200 measured: the writer of 480 documents into a fresh database
  // spends a fifth less.)
  int64_t bulk_load_documents = 200;
  // The fields records' text and metadata come from (--text-field, ...).
  input::FieldOptions fields;
  // Metadata of text and HTML files by file name (--meta-table); may be null.
  const input::MetaTable* meta_table = nullptr;
  // A document whose text is longer than at_once_bytes is extracted in
  // windows of window_bytes (Extractor::ExtractInWindows), so that only one
  // window's tokens are in memory at a time, not all of them (about 70
  // bytes a byte of text). Reading each window four times costs time: about
  // a third more than one pass at 5 MB, less than one pass at 50 MB, where
  // parts of the whole-text pass grow faster than the text. In windows, by
  // its worker, which keeps its extractions (about 10 bytes a byte), up to
  // stream_bytes; beyond, by the writer, which stores each window as it
  // comes (Store::BeginDocument), so that a document of --max-bytes needs a
  // few hundred MB, not tens of times its size. (The writer extracts one such
  // document at a time while the workers go on with the next files.)
  size_t at_once_bytes = 4 << 20;
  size_t window_bytes = extract::Extractor::WindowOptions().window_bytes;
  size_t stream_bytes = 8 << 20;
};

struct Summary {
  int64_t files = 0;  // files found
  int64_t documents_new = 0, documents_changed = 0, documents_forced = 0, documents_unchanged = 0;
  int64_t sentences = 0, actors = 0, stances = 0, claims = 0;
  int64_t skipped = 0;
  std::map<std::string, int64_t> skipped_by_reason;  // "empty file" -> 2
  int64_t records_skipped = 0;                       // records of JSON/CSV files left out
  int64_t metadata_errors = 0;                       // sidecar files that could not be read
  int64_t extractions_lost = 0;  // extractions the database refused (Store::PutDocument)
  int64_t bytes = 0;                                 // bytes read (hashed), all files
  double seconds = 0;
  bool interrupted = false;

  // Whether anything was left out and reported: a file or record skipped,
  // a sidecar unread, an extraction refused (exit code 2 of the commands).
  bool problems() const {
    return skipped > 0 || records_skipped > 0 || metadata_errors > 0 || extractions_lost > 0;
  }
};

// Expands `paths` (files and folders) into `*files`: folders recursively, in
// sorted order, skipping hidden entries (names starting with '.'), symlink
// loops and directories already walked, taking files that match
// `options.include` and not `options.exclude`. A file named directly is
// always taken. Each file appears once. Problems (a missing path, an
// unreadable folder) are printed as "argx: PATH: reason" and counted in
// `summary` as skipped.
void CollectFiles(const std::vector<std::string>& paths, const WalkOptions& options,
                  std::vector<InputFile>* files, Summary* summary);

// Processes `files` into `db` (the writer connection) under `run_id`.
// Skipped files are printed as "argx: PATH: reason", skipped records as
// "argx: PATH:LINE: reason", and counted. Returns an
// error only for a fatal problem (the database cannot be written), after
// rolling back the current batch. When `*stop` becomes true, no new file is
// started, the documents already processed are committed and
// summary->interrupted is set.
Status RunPipeline(const std::vector<InputFile>& files, const extract::Extractor& extractor,
                   store::Store* db, int64_t run_id, const PipelineOptions& options,
                   const std::atomic<bool>* stop, Summary* summary);

// The end-of-run report, several lines for stderr:
//   argx: 416 documents: 3 new, 1 changed, 412 unchanged
//   argx: 1873 sentences; extracted 950 actors, 120 stances, 310 claims
//   argx: 2 files skipped: 1 binary file (NUL bytes), 1 empty file
//   argx: 3 records skipped (reported above)
//   argx: 1.2 s, 45.3 MB read, 37.8 MB/s
std::string FormatSummary(const Summary& summary);

// The same counts for the runs table.
store::RunCounts RunCountsOf(const Summary& summary);

}  // namespace argx::batch

#endif  // ARGX_BATCH_PIPELINE_H_
