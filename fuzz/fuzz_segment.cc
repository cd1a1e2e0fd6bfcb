// fuzz_segment: any valid UTF-8 (bytes decoded first) -> Segmenter::Analyze.
// Sentences and tokens lie inside the text, in order, without overlap; each
// sentence holds exactly its tokens and together they hold every token;
// code point offsets agree with byte offsets; keys lie inside the arena.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "text/decode.h"
#include "text/segmenter.h"

using argx::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static argx::text::Segmenter* seg = new argx::text::Segmenter();
  argx::text::DecodedText d;
  if (!argx::text::Decode(std::string_view(reinterpret_cast<const char*>(data), size), &d).ok()) {
    return 0;
  }
  argx::text::AnalyzedText doc;
  Check(seg->Analyze(d.text, &doc).ok(), "Analyze failed");
  Check(doc.text == d.text, "the analysed text differs from the input");
  const std::string& text = doc.text;
  std::vector<uint32_t> cp = argx::fuzz::CodePointOffsets(text);
  // Byte offset -> code point index, for offsets on a code point boundary.
  auto cp_of = [&](uint32_t byte) -> int64_t {
    auto it = std::lower_bound(cp.begin(), cp.end(), byte);
    return it != cp.end() && *it == byte ? it - cp.begin() : -1;
  };
  uint32_t prev_end = 0;
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const argx::text::Token& t = doc.tokens[i];
    std::string where = "token " + std::to_string(i);
    Check(t.begin < t.end && t.end <= text.size(), "token outside the text", where);
    Check(t.begin >= prev_end, "tokens overlap or go backwards", where);
    Check(cp_of(t.begin) == t.cp_begin && cp_of(t.end) == t.cp_end,
          "token code points disagree with its bytes", where);
    Check(t.key_begin <= t.key_end && t.key_end <= doc.keys.size() &&
              t.lemma_begin <= t.lemma_end && t.lemma_end <= doc.keys.size(),
          "key outside the arena", where);
    prev_end = t.end;
  }
  uint32_t prev_sentence_end = 0, next_token = 0;
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const argx::text::Sentence& s = doc.sentences[i];
    std::string where = "sentence " + std::to_string(i);
    Check(s.begin <= s.end && s.end <= text.size(), "sentence outside the text", where);
    Check(s.begin >= prev_sentence_end, "sentences overlap or go backwards", where);
    Check(cp_of(s.begin) == s.cp_begin && cp_of(s.end) == s.cp_end,
          "sentence code points disagree with its bytes", where);
    Check(s.first_token == next_token, "a token between sentences", where);
    Check(s.first_token <= s.end_token && s.end_token <= doc.tokens.size(),
          "sentence tokens out of range", where);
    for (uint32_t k = s.first_token; k < s.end_token; ++k) {
      Check(doc.tokens[k].begin >= s.begin && doc.tokens[k].end <= s.end,
            "a sentence's token outside it", where);
    }
    prev_sentence_end = s.end;
    next_token = s.end_token;
  }
  Check(next_token == doc.tokens.size(), "tokens after the last sentence");
  return 0;
}
