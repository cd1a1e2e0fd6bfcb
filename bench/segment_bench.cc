// segment_bench: how fast the text layer runs on a folder of articles, with
// no database around it. The baseline of scripts/bench.
//
//   segment_bench corpus/                      # ICU sentence + word iterators alone
//   segment_bench --mode tokenize corpus/      # argx's Segmenter (tokens, keys, lemmas)
//   segment_bench --mode extract --rules rules corpus/   # + every rule stage, no SQLite
//   segment_bench --mode load --rules rules              # load + compile the rules only
//
// Files are found like `argx extract` finds them (folders recursively, in
// sorted order, hidden entries skipped, *.txt and *.md), read and decoded to
// UTF-8 (argx::text::Decode); then the mode's work runs on the text. Prints
// one line of key=value pairs on stdout:
//
//   mode=icu files=25000 bytes=100000000 tokens=17500000 sentences=800000
//   seconds=2.31 wall=2.60 mb_per_s=43.3 tokens_per_s=7575757
//
// `seconds` times the mode's work alone (the figure the benchmark compares
// with), `wall` the whole run including reading and decoding; `bytes` are the
// file sizes as read. `tokens` counts the non-blank word-break segments in
// mode icu (what ICU calls words, numbers and punctuation marks) and argx
// tokens in the other modes. Mode load prints
//
//   mode=load rules=96 entries=5683 seconds=0.21 rss_mb=61
//
// (the time to load and compile the rules and lexicons, and the peak memory
// of the process after it).
#include <sys/resource.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"
#include "rules/program.h"
#include "text/decode.h"
#include "text/segmenter.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void Collect(const fs::path& p, std::vector<std::string>* out) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> children;
    for (const auto& e : fs::directory_iterator(p, ec)) children.push_back(e.path());
    std::sort(children.begin(), children.end());
    for (const fs::path& c : children) {
      std::string name = c.filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (fs::is_directory(c, ec)) {
        Collect(c, out);
      } else if (name.ends_with(".txt") || name.ends_with(".md")) {
        out->push_back(c.string());
      }
    }
  } else {
    out->push_back(p.string());
  }
}

bool ReadAll(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

// ICU alone: one sentence pass and one word pass over a UTF-8 UText, the
// work the argx segmenter builds on. Returns false when ICU fails.
class IcuOnly {
 public:
  bool Init() {
    UErrorCode err = U_ZERO_ERROR;
    sentences_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en"), err));
    words_.reset(icu::BreakIterator::createWordInstance(icu::Locale("en"), err));
    return U_SUCCESS(err);
  }
  ~IcuOnly() { utext_close(&utext_); }

  bool Run(const std::string& text, int64_t* tokens, int64_t* sentences) {
    UErrorCode err = U_ZERO_ERROR;
    utext_openUTF8(&utext_, text.data(), static_cast<int64_t>(text.size()), &err);
    sentences_->setText(&utext_, err);
    words_->setText(&utext_, err);
    if (U_FAILURE(err)) return false;
    for (int32_t p = sentences_->next(); p != icu::BreakIterator::DONE; p = sentences_->next()) {
      ++*sentences;
    }
    int32_t prev = 0;
    for (int32_t cur = words_->next(); cur != icu::BreakIterator::DONE;
         prev = cur, cur = words_->next()) {
      // Segments that are all white space are not tokens; the first code
      // point decides (ICU never mixes spaces and other characters).
      UChar32 c;
      U8_GET_UNSAFE(reinterpret_cast<const uint8_t*>(text.data()), prev, c);
      if (!u_isUWhiteSpace(c)) ++*tokens;
    }
    return true;
  }

 private:
  std::unique_ptr<icu::BreakIterator> sentences_, words_;
  UText utext_ = UTEXT_INITIALIZER;
};

int Usage() {
  std::fprintf(stderr,
               "usage: segment_bench [--mode icu|tokenize|extract] [--rules DIR]... PATH...\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = "icu";
  std::vector<std::string> rule_paths, paths;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--mode" && i + 1 < argc) {
      mode = argv[++i];
    } else if (a == "--rules" && i + 1 < argc) {
      rule_paths.push_back(argv[++i]);
    } else if (a.starts_with("-")) {
      return Usage();
    } else {
      paths.emplace_back(a);
    }
  }
  if (mode != "icu" && mode != "tokenize" && mode != "extract" && mode != "load") return Usage();
  if (paths.empty() && mode != "load") return Usage();

  std::unique_ptr<argx::extract::Extractor> extractor;
  if (mode == "extract" || mode == "load") {
    std::vector<argx::rules::Diagnostic> diags;
    const Clock::time_point t0 = Clock::now();
    argx::Status s = argx::extract::Extractor::Create(rule_paths, &extractor, &diags);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (!s.ok()) {
      for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.Format().c_str());
      std::fprintf(stderr, "segment_bench: %s\n", s.message().c_str());
      return 1;
    }
    if (mode == "load") {
      struct rusage usage;
      getrusage(RUSAGE_SELF, &usage);
      std::printf("mode=load rules=%zu entries=%zu seconds=%.3f rss_mb=%.1f\n",
                  extractor->rule_set().rules.size(), extractor->rule_set().lexicons.entry_count(),
                  seconds, usage.ru_maxrss / 1024.0);
      return 0;
    }
  }

  std::vector<std::string> files;
  for (const std::string& p : paths) Collect(p, &files);

  IcuOnly icu;
  if (!icu.Init()) {
    std::fprintf(stderr, "segment_bench: cannot create ICU break iterators\n");
    return 1;
  }
  argx::text::Segmenter segmenter;
  argx::text::AnalyzedText doc;
  argx::extract::Extractor::Scratch scratch;
  argx::extract::Extractions extractions;

  int64_t bytes = 0, tokens = 0, sentences = 0, skipped = 0;
  double work = 0;
  const Clock::time_point start = Clock::now();
  std::string raw;
  argx::text::DecodedText decoded;
  for (const std::string& path : files) {
    if (!ReadAll(path, &raw)) {
      ++skipped;
      continue;
    }
    bytes += static_cast<int64_t>(raw.size());
    if (!argx::text::Decode(raw, &decoded).ok()) {
      ++skipped;
      continue;
    }
    const Clock::time_point t0 = Clock::now();
    if (mode == "icu") {
      if (!icu.Run(decoded.text, &tokens, &sentences)) ++skipped;
    } else {
      if (!segmenter.Analyze(std::move(decoded.text), &doc).ok()) {
        ++skipped;
        continue;
      }
      tokens += static_cast<int64_t>(doc.tokens.size());
      sentences += static_cast<int64_t>(doc.sentences.size());
      if (extractor) extractor->Extract(doc, &scratch, &extractions);
    }
    work += std::chrono::duration<double>(Clock::now() - t0).count();
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "mode=%s files=%zu bytes=%lld tokens=%lld sentences=%lld skipped=%lld seconds=%.3f "
      "wall=%.3f mb_per_s=%.2f tokens_per_s=%.0f\n",
      mode.c_str(), files.size(), static_cast<long long>(bytes), static_cast<long long>(tokens),
      static_cast<long long>(sentences), static_cast<long long>(skipped), work, wall,
      work > 0 ? bytes / 1e6 / work : 0.0, work > 0 ? tokens / work : 0.0);
  if (mode == "extract") {
    // What the stage DFAs did (src/rules/dfa.h): a high hit rate means one
    // cached step per token and stage; rules_run is what the engines ran.
    const argx::rules::DfaCounters d = argx::rules::DfaTotals();
    std::printf(
        "dfa hits=%llu misses=%llu states=%llu resets=%llu fallbacks=%llu retired=%llu scans=%llu "
        "rules_run=%llu rules_skipped=%llu rules_matched=%llu\n",
        static_cast<unsigned long long>(d.hits), static_cast<unsigned long long>(d.misses),
        static_cast<unsigned long long>(d.states), static_cast<unsigned long long>(d.resets),
        static_cast<unsigned long long>(d.fallbacks), static_cast<unsigned long long>(d.retired),
        static_cast<unsigned long long>(d.sentences), static_cast<unsigned long long>(d.rules_run),
        static_cast<unsigned long long>(d.rules_skipped),
        static_cast<unsigned long long>(d.rules_matched));
  }
  return 0;
}
