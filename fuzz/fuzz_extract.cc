// fuzz_extract: any bytes, decoded and segmented, through the default rules.
// Every extraction lies inside the document and inside its sentence, its
// text is the document's text at its span (code points), and the spans of
// its parts (holder, target, cue, claimant, content) lie inside the document.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"
#include "fuzz/fuzz_util.h"
#include "text/decode.h"
#include "text/segmenter.h"

namespace {

using argx::fuzz::Check;

struct Doc {
  std::string_view text;
  std::vector<uint32_t> cp;  // CodePointOffsets(text)
  const argx::text::AnalyzedText* analyzed;
};

void CheckSpan(const Doc& d, argx::extract::Span s, const char* what) {
  Check(s.begin <= s.end && s.end + 1 <= d.cp.size(), what,
        std::to_string(s.begin) + ".." + std::to_string(s.end));
}

void CheckExtraction(const Doc& d, uint32_t sentence, argx::extract::Span span,
                     const std::string& text, const char* kind) {
  CheckSpan(d, span, kind);
  Check(sentence < d.analyzed->sentences.size(), "sentence index out of range", kind);
  const argx::text::Sentence& s = d.analyzed->sentences[sentence];
  Check(span.begin >= s.cp_begin && span.end <= s.cp_end, "extraction outside its sentence", kind);
  Check(argx::fuzz::CodePointSlice(d.text, d.cp, span.begin, span.end) == text,
        "extraction text differs from the document at its span", kind);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static argx::extract::Extractor* extractor = [] {
    std::unique_ptr<argx::extract::Extractor> ex;
    argx::Status s =
        argx::extract::Extractor::Create({std::string(ARGX_SOURCE_DIR) + "/rules"}, &ex);
    Check(s.ok(), "the default rules do not load", s.message());
    return ex.release();
  }();
  static argx::text::Segmenter* seg = new argx::text::Segmenter();
  static argx::extract::Extractor::Scratch* scratch = new argx::extract::Extractor::Scratch();
  argx::text::DecodedText decoded;
  if (!argx::text::Decode(std::string_view(reinterpret_cast<const char*>(data), size), &decoded)
           .ok()) {
    return 0;
  }
  argx::text::AnalyzedText analyzed;
  Check(seg->Analyze(decoded.text, &analyzed).ok(), "Analyze failed");
  argx::extract::Extractions out;
  extractor->Extract(analyzed, scratch, &out);
  Doc d{analyzed.text, argx::fuzz::CodePointOffsets(analyzed.text), &analyzed};
  for (const auto& m : out.actors) {
    CheckExtraction(d, m.sentence, m.span, m.text, "actor mention");
    Check(!m.actor.id.empty() && !m.actor.name.empty(), "an actor without id or name");
  }
  for (const auto& s : out.stances) {
    CheckExtraction(d, s.sentence, s.span, s.text, "stance");
    CheckSpan(d, s.holder_span, "stance holder");
    CheckSpan(d, s.target_span, "stance target");
    CheckSpan(d, s.cue_span, "stance cue");
    Check(s.polarity == "support" || s.polarity == "oppose", "stance polarity", s.polarity);
  }
  for (const auto& c : out.claims) {
    CheckExtraction(d, c.sentence, c.span, c.text, "claim");
    CheckSpan(d, c.claimant_span, "claimant");
    CheckSpan(d, c.cue_span, "claim cue");
    CheckSpan(d, c.content_span, "claim content");
  }
  return 0;
}
