// Sentence and word segmentation with ICU break iterators.
//
//   argx::text::Segmenter seg;              // one per thread: not thread-safe
//   argx::text::AnalyzedText doc;
//   argx::Status s = seg.Analyze(std::move(utf8), &doc);
//   for (const auto& sentence : doc.sentences) ...
//
// Rules beyond ICU's:
//   * a period belongs to the word before it when the word is a known
//     abbreviation ("Mr.", "Dr.", "No. 5", "Art. 9", "U.S.", "e.g.") or an
//     initial ("J." in "J. R. Jayewardene"); the token has kAbbreviation.
//     Titles and references ("Mr.", "Dr.", "No.", "e.g.") never end a
//     sentence unless a line break follows; abbreviations that often close a
//     sentence ("U.S.", "etc.", "Jr.", initials) end one only when a typical
//     sentence opener follows ("... left the U.S. The war ..."), so
//     "the U.S. Army" stays one sentence;
//   * a line break always ends a sentence (headings are sentences);
//   * a trailing possessive "'s" / "’s" is its own token (key "'s"), as is
//     the negation "n't" ("didn’t" -> "did" + "n't");
//   * whitespace is never a token; every punctuation mark is one.
// Offsets of every token and sentence are exact, in bytes and code points.
#ifndef ARGX_TEXT_SEGMENTER_H_
#define ARGX_TEXT_SEGMENTER_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "text/analyzed_text.h"

namespace argx::text {

class Segmenter {
 public:
  Segmenter();
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  // Splits `utf8` (valid UTF-8) into sentences and tokens. `out` is cleared
  // first and reuses its buffers. Returns an error only when ICU cannot
  // create its iterators.
  Status Analyze(std::string utf8, AnalyzedText* out);

  // Tokenizes a short text (a lexicon entry, a rule literal) the same way
  // documents are tokenized and returns the match keys of its tokens. A text
  // that starts with a clitic ("'s", "n't") is tokenized as it would be after
  // a word, so "'s" gives the one key "'s".
  std::vector<std::string> Keys(std::string_view utf8);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace argx::text

#endif  // ARGX_TEXT_SEGMENTER_H_
