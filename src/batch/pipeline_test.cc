// RunPipeline on a document of several windows: extracted at once, in
// windows by its worker, or in windows stored one by one by the writer, the
// database holds the same rows.
#include "batch/pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace argx::batch {
namespace {

namespace fs = std::filesystem;

// The articles of corpus/ (UTF-8 ones) as one text, a blank line between.
std::string CorpusAsOneText() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(ARGX_SOURCE_DIR) / "corpus")) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string article((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (article.find('\0') != std::string::npos) continue;  // the UTF-16 test file
    text += article + "\n\n";
  }
  return text;
}

// The document's sentences and extractions as `db` holds them, with keys.
std::string Stored(store::Store* db) {
  std::vector<store::StoredDocument> docs;
  EXPECT_TRUE(db->ListDocuments(&docs).ok());
  EXPECT_EQ(docs.size(), 1u);
  if (docs.size() != 1) return "";
  std::string out = std::to_string(docs[0].sentences) + " sentences:";
  std::vector<store::SentenceSpan> sentences;
  EXPECT_TRUE(db->ReadSentences(docs[0].id, &sentences).ok());
  for (const auto& s : sentences) {
    out += " " + std::to_string(s.start) + "-" + std::to_string(s.end);
  }
  extract::Extractions ex;
  store::ExtractionKeys keys;
  EXPECT_TRUE(db->ReadExtractions(docs[0].id, &ex, &keys).ok());
  for (size_t i = 0; i < ex.actors.size(); ++i) {
    out += "\nactor " + keys.actors[i] + " s" + std::to_string(ex.actors[i].sentence);
  }
  for (size_t i = 0; i < ex.stances.size(); ++i) {
    out += "\nstance " + keys.stances[i] + " s" + std::to_string(ex.stances[i].sentence);
  }
  for (size_t i = 0; i < ex.claims.size(); ++i) {
    out += "\nclaim " + keys.claims[i] + " s" + std::to_string(ex.claims[i].sentence);
  }
  return out;
}

class PipelineWindowsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Status s = extract::Extractor::Create({std::string(ARGX_SOURCE_DIR) + "/rules"}, &extractor_);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  static void TearDownTestSuite() { extractor_.reset(); }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("argx-pipeline-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "big.txt", std::ios::binary) << CorpusAsOneText();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Extracts the folder into a fresh database with `options`; returns Stored().
  std::string Extract(PipelineOptions options, Summary* summary) {
    const std::string db_path = (dir_ / "out.db").string();
    fs::remove(db_path);
    std::unique_ptr<store::Store> db;
    EXPECT_TRUE(store::Store::Open(db_path, {}, &db).ok());
    options.db_path = db_path;
    std::vector<InputFile> files;
    CollectFiles({(dir_ / "big.txt").string()}, WalkOptions(), &files, summary);
    int64_t run = 0;
    EXPECT_TRUE(db->BeginRun({"test", extractor_->fingerprint(), "{}"}, &run).ok());
    std::atomic<bool> stop{false};
    Status s = RunPipeline(files, *extractor_, db.get(), run, options, &stop, summary);
    EXPECT_TRUE(s.ok()) << s.message();
    return Stored(db.get());
  }

  static std::unique_ptr<extract::Extractor> extractor_;
  fs::path dir_;
};

std::unique_ptr<extract::Extractor> PipelineWindowsTest::extractor_;

TEST_F(PipelineWindowsTest, WindowsByTheWorkerOrTheWriterStoreWhatOneRunStores) {
  Summary at_once_summary, worker_summary, writer_summary;
  const std::string at_once = Extract(PipelineOptions(), &at_once_summary);
  ASSERT_GT(at_once_summary.claims, 50);

  PipelineOptions worker;  // windows of 4 KB, extractions kept by the worker
  worker.at_once_bytes = 4096;
  worker.window_bytes = 4096;
  EXPECT_EQ(Extract(worker, &worker_summary), at_once);

  PipelineOptions writer = worker;  // and stored window by window by the writer
  writer.stream_bytes = 4096;
  EXPECT_EQ(Extract(writer, &writer_summary), at_once);

  for (const Summary* s : {&worker_summary, &writer_summary}) {
    EXPECT_EQ(s->sentences, at_once_summary.sentences);
    EXPECT_EQ(s->actors, at_once_summary.actors);
    EXPECT_EQ(s->stances, at_once_summary.stances);
    EXPECT_EQ(s->claims, at_once_summary.claims);
  }
}

}  // namespace
}  // namespace argx::batch
