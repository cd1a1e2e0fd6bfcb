// Micro-benchmarks of the hot parts of `argx extract`, on the sample corpus
// (corpus/*.txt, decoded and concatenated into one document) with the
// default rules (rules/):
//
//   build-bench/bench/micro_bench                       # all of them
//   build-bench/bench/micro_bench --benchmark_filter=Lexicon
//
//   BM_IcuWordsAndSentences  ICU's break iterators alone, the baseline
//   BM_Tokenize              Segmenter::Analyze: tokens, sentences, keys, lemmas
//   BM_VocabLookup           token keys -> vocabulary ids
//   BM_LexiconMatch          every lexicon over every sentence (the trie pass)
//   BM_PatternMatch/N        the rules of stage N (0 actors ... 3 claims): encode
//                            + RE2::Set + per-rule RE2, after the earlier stages
//   BM_Extract               the whole Extractor::Extract (all of the above but
//                            tokenizing)
// Throughput is in bytes of document text per second.
#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "text/decode.h"
#include "text/segmenter.h"

namespace {

namespace fs = std::filesystem;

// The sample articles, decoded, one after the other (a blank line between).
const std::string& CorpusText() {
  static const std::string* text = [] {
    auto* out = new std::string;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(ARGX_SOURCE_DIR) / "corpus")) {
      if (e.path().extension() == ".txt") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      argx::text::DecodedText d;
      if (argx::text::Decode(ss.str(), &d).ok()) *out += d.text + "\n\n";
    }
    if (out->empty()) {
      std::fprintf(stderr, "micro_bench: no corpus under %s/corpus\n", ARGX_SOURCE_DIR);
      std::exit(1);
    }
    return out;
  }();
  return *text;
}

const argx::extract::Extractor& DefaultExtractor() {
  static const argx::extract::Extractor* ex = [] {
    std::unique_ptr<argx::extract::Extractor> e;
    std::vector<argx::rules::Diagnostic> diags;
    argx::Status s = argx::extract::Extractor::Create(
        {(fs::path(ARGX_SOURCE_DIR) / "rules").string()}, &e, &diags);
    if (!s.ok()) {
      for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.Format().c_str());
      std::exit(1);
    }
    return e.release();
  }();
  return *ex;
}

const argx::text::AnalyzedText& AnalyzedCorpus() {
  static const argx::text::AnalyzedText* doc = [] {
    auto* d = new argx::text::AnalyzedText;
    argx::text::Segmenter seg;
    if (!seg.Analyze(CorpusText(), d).ok()) std::exit(1);
    return d;
  }();
  return *doc;
}

void BM_IcuWordsAndSentences(benchmark::State& state) {
  const std::string& text = CorpusText();
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale("en"), err));
  std::unique_ptr<icu::BreakIterator> sentences(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en"), err));
  UText ut = UTEXT_INITIALIZER;
  int64_t n = 0;
  for (auto _ : state) {
    utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &err);
    sentences->setText(&ut, err);
    words->setText(&ut, err);
    for (int32_t p = sentences->next(); p != icu::BreakIterator::DONE; p = sentences->next()) ++n;
    for (int32_t p = words->next(); p != icu::BreakIterator::DONE; p = words->next()) ++n;
  }
  utext_close(&ut);
  benchmark::DoNotOptimize(n);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_IcuWordsAndSentences);

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = CorpusText();
  argx::text::Segmenter seg;
  argx::text::AnalyzedText doc;
  for (auto _ : state) {
    argx::Status s = seg.Analyze(text, &doc);
    benchmark::DoNotOptimize(s);
  }
  state.counters["tokens"] = static_cast<double>(doc.tokens.size());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Tokenize);

void BM_VocabLookup(benchmark::State& state) {
  const auto& doc = AnalyzedCorpus();
  const auto& lexicons = DefaultExtractor().rule_set().lexicons;
  std::vector<uint32_t> keys, lemmas;
  for (auto _ : state) {
    lexicons.vocab().Lookup(doc, &keys, &lemmas);
    benchmark::DoNotOptimize(keys.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.text.size()));
}
BENCHMARK(BM_VocabLookup);

void BM_LexiconMatch(benchmark::State& state) {
  const auto& doc = AnalyzedCorpus();
  const auto& lexicons = DefaultExtractor().rule_set().lexicons;
  std::vector<uint32_t> keys, lemmas;
  lexicons.vocab().Lookup(doc, &keys, &lemmas);
  std::vector<argx::lexicon::Match> hits;
  for (auto _ : state) {
    hits.clear();
    for (const argx::text::Sentence& s : doc.sentences) {
      lexicons.Match(doc, keys, lemmas, s.first_token, s.end_token, &hits);
    }
    benchmark::DoNotOptimize(hits.data());
  }
  state.counters["matches"] = static_cast<double>(hits.size());
  state.counters["entries"] = static_cast<double>(lexicons.entry_count());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.text.size()));
}
BENCHMARK(BM_LexiconMatch);

// Stage N after stages 0..N-1 have run (their labels are what stage N sees);
// only stage N is timed.
void BM_PatternMatch(benchmark::State& state) {
  const auto& doc = AnalyzedCorpus();
  const argx::rules::Program& prog = DefaultExtractor().program();
  const int stage = static_cast<int>(state.range(0));
  argx::rules::DocState ds;
  std::vector<argx::rules::RuleMatch> matches;
  size_t found = 0;
  for (auto _ : state) {
    state.PauseTiming();
    prog.Begin(doc, &ds);
    matches.clear();
    for (int s = 0; s < stage; ++s) {
      prog.RunStage(static_cast<argx::rules::Stage>(s), doc, &ds, &matches);
    }
    size_t before = matches.size();
    state.ResumeTiming();
    prog.RunStage(static_cast<argx::rules::Stage>(stage), doc, &ds, &matches);
    found = matches.size() - before;
  }
  state.counters["matches"] = static_cast<double>(found);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.text.size()));
}
BENCHMARK(BM_PatternMatch)->DenseRange(0, argx::rules::kStageCount - 1);

void BM_Extract(benchmark::State& state) {
  const auto& doc = AnalyzedCorpus();
  const auto& ex = DefaultExtractor();
  argx::extract::Extractor::Scratch scratch;
  argx::extract::Extractions out;
  for (auto _ : state) {
    ex.Extract(doc, &scratch, &out);
    benchmark::DoNotOptimize(out);
  }
  state.counters["actors"] = static_cast<double>(out.actors.size());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.text.size()));
}
BENCHMARK(BM_Extract);

}  // namespace

BENCHMARK_MAIN();
