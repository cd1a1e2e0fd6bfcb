// fuzz_store: a document (any bytes, decoded, segmented, run through the
// default rules) and metadata (raw bytes: a title, source, url and author
// separated by 0x1F before a 0x1E) round-trip through the SQLite store and
// `argx export`: the text, sentences, metadata and every extraction read
// back equal what was written, writing the same document again replaces it,
// and every exported line's text is the document's text at its offsets.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "extract/extractor.h"
#include "fuzz/fuzz_util.h"
#include "store/sha256.h"
#include "store/store.h"
#include "text/decode.h"
#include "text/segmenter.h"

namespace {

using argx::fuzz::Check;
namespace ex = argx::extract;

template <typename T>
void SortByPosition(std::vector<T>* v) {
  std::stable_sort(v->begin(), v->end(), [](const T& a, const T& b) {
    return std::tie(a.span.begin, a.span.end) < std::tie(b.span.begin, b.span.end);
  });
}

bool SameActor(const ex::Actor& a, const ex::Actor& b) {
  return a.id == b.id && a.name == b.name && a.type == b.type && a.affiliation == b.affiliation;
}

void CheckSame(const ex::Extractions& want, const ex::Extractions& got) {
  Check(want.actors.size() == got.actors.size(), "mentions read back",
        std::to_string(want.actors.size()) + " != " + std::to_string(got.actors.size()));
  Check(want.stances.size() == got.stances.size(), "stances read back");
  Check(want.claims.size() == got.claims.size(), "claims read back");
  for (size_t i = 0; i < want.actors.size(); ++i) {
    const auto &w = want.actors[i], &g = got.actors[i];
    Check(w.sentence == g.sentence && w.span.begin == g.span.begin && w.span.end == g.span.end &&
              w.text == g.text && w.rule == g.rule && w.actor.id == g.actor.id,
          "a mention changed in the store", w.text);
  }
  for (size_t i = 0; i < want.stances.size(); ++i) {
    const auto &w = want.stances[i], &g = got.stances[i];
    Check(w.sentence == g.sentence && w.span.begin == g.span.begin && w.span.end == g.span.end &&
              w.text == g.text && SameActor(w.holder, g.holder) && w.holder_text == g.holder_text &&
              w.polarity == g.polarity && w.target == g.target && w.cue == g.cue &&
              w.rule == g.rule,
          "a stance changed in the store", w.text);
  }
  for (size_t i = 0; i < want.claims.size(); ++i) {
    const auto &w = want.claims[i], &g = got.claims[i];
    Check(w.sentence == g.sentence && w.span.begin == g.span.begin && w.span.end == g.span.end &&
              w.text == g.text && w.by_author == g.by_author &&
              (w.by_author || SameActor(w.claimant, g.claimant)) && w.cue == g.cue &&
              w.content == g.content && w.hedges == g.hedges && w.claim_type == g.claim_type &&
              w.rule == g.rule,
          "a claim changed in the store", w.text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ex::Extractor* extractor = [] {
    std::unique_ptr<ex::Extractor> e;
    argx::Status s = ex::Extractor::Create({std::string(ARGX_SOURCE_DIR) + "/rules"}, &e);
    Check(s.ok(), "the default rules do not load", s.message());
    return e.release();
  }();
  static argx::text::Segmenter* seg = new argx::text::Segmenter();
  static ex::Extractor::Scratch* scratch = new ex::Extractor::Scratch();
  static const std::string dir = [] {
    std::string d = (std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp");
    return d + "/argx_fuzz_store_" + std::to_string(getpid());
  }();

  std::string_view all(reinterpret_cast<const char*>(data), size);
  argx::store::DocumentMeta meta;
  size_t end_meta = all.find('\x1e');
  if (end_meta != std::string_view::npos) {
    std::string* fields[] = {&meta.title, &meta.source, &meta.url, &meta.author};
    std::string_view m = all.substr(0, end_meta);
    for (std::string* f : fields) {
      size_t cut = m.find('\x1f');
      *f = std::string(m.substr(0, cut));
      m = cut == std::string_view::npos ? std::string_view() : m.substr(cut + 1);
    }
    all.remove_prefix(end_meta + 1);
  }
  argx::text::DecodedText decoded;
  if (!argx::text::Decode(all, &decoded).ok()) return 0;
  argx::text::AnalyzedText analyzed;
  Check(seg->Analyze(decoded.text, &analyzed).ok(), "Analyze failed");
  ex::Extractions extractions;
  extractor->Extract(analyzed, scratch, &extractions);

  argx::store::Document doc;
  doc.path = "doc.txt";
  doc.abs_path = "/fuzz/doc.txt";
  doc.content_hash = argx::store::Sha256Hex(all);
  doc.size_bytes = static_cast<int64_t>(all.size());
  doc.encoding = decoded.encoding;
  doc.text = analyzed.text;
  for (const auto& s : analyzed.sentences) doc.sentences.push_back({s.cp_begin, s.cp_end});
  doc.rules_fingerprint = extractor->fingerprint();
  doc.meta = meta;

  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db_path = dir + "/t.db";
  int64_t doc_id = 0;
  {
    std::unique_ptr<argx::store::Store> db;
    argx::Status s = argx::store::Store::Open(db_path, {}, &db);
    Check(s.ok(), "open", s.message());
    int64_t run = 0;
    Check(db->BeginRun({"fuzz", doc.rules_fingerprint, "{}"}, &run).ok(), "BeginRun");
    std::vector<std::string> lost;
    for (int pass = 0; pass < 2; ++pass) {  // the second write replaces the first
      lost.clear();
      s = db->PutDocument(run, doc, extractions, &doc_id, &lost);
      Check(s.ok(), "PutDocument", s.message());
    }
    Check(lost.empty(), "the store refused an extraction", lost.empty() ? "" : lost[0]);
    int64_t count = 0;
    Check(db->CountDocuments(&count).ok() && count == 1, "one document after two writes");
    std::string text;
    Check(db->DocumentText(doc_id, &text).ok() && text == doc.text, "text read back");
    std::vector<argx::store::SentenceSpan> sentences;
    Check(db->ReadSentences(doc_id, &sentences).ok() && sentences.size() == doc.sentences.size(),
          "sentences read back");
    for (size_t i = 0; i < sentences.size(); ++i) {
      Check(
          sentences[i].start == doc.sentences[i].start && sentences[i].end == doc.sentences[i].end,
          "a sentence changed in the store");
    }
    argx::store::DocumentMeta meta_back;
    Check(db->ReadMetadata(doc_id, &meta_back).ok() && meta_back == meta, "metadata read back");
    ex::Extractions back;
    Check(db->ReadExtractions(doc_id, &back, nullptr).ok(), "ReadExtractions");
    ex::Extractions want = extractions;
    SortByPosition(&want.actors);
    SortByPosition(&want.stances);
    SortByPosition(&want.claims);
    CheckSame(want, back);
  }

  const std::string out_path = dir + "/out.jsonl";
  std::vector<std::string> args = {"export", "--db", db_path, "--out", out_path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  Check(argx::cli::RunExport(static_cast<int>(args.size()), argv.data()) == 0, "export failed");
  std::ifstream in(out_path, std::ios::binary);
  std::vector<uint32_t> cp = argx::fuzz::CodePointOffsets(doc.text);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    Check(!j.is_discarded(), "an exported line is not JSON", line);
    uint32_t b = j["start"].get<uint32_t>(), e = j["end"].get<uint32_t>();
    Check(b <= e && e + 1 <= cp.size(), "exported offsets outside the document", line);
    Check(argx::fuzz::CodePointSlice(doc.text, cp, b, e) == j["text"].get<std::string>(),
          "exported text differs from the document at its offsets", line);
  }
  Check(lines == extractions.size(), "export line count",
        std::to_string(lines) + " != " + std::to_string(extractions.size()));
  return 0;
}
