// The text layer's product: a document's text split into sentences and
// tokens, each with exact offsets back into the original text.
//
// Offsets come in two units:
//   * bytes into AnalyzedText::text (UTF-8), for slicing in C++;
//   * Unicode code points, for the database and the JSON Lines export
//     (../shared/spec/export-format.md counts code points).
//
// Every token also carries a *match key*: the token normalized for matching
// (NFKC, case-folded, curly quotes and apostrophes made straight), and a
// *lemma* key (the match key with English inflection removed: "opposed" ->
// "oppose", "has" -> "have"). Keys live in one arena string, AnalyzedText::keys,
// so analysing a document allocates a handful of buffers, not one per token.
#ifndef ARGX_TEXT_ANALYZED_TEXT_H_
#define ARGX_TEXT_ANALYZED_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace argx::text {

// Token::flags bits.
enum TokenFlag : uint16_t {
  kWord = 1 << 0,         // letters (possibly with digits, hyphen-free)
  kNumber = 1 << 1,       // digits, possibly with , . separators
  kPunct = 1 << 2,        // punctuation or symbol
  kCapitalized = 1 << 3,  // first character is an upper-case letter
  kAllCaps = 1 << 4,      // two or more letters, none lower-case ("NATO", "U.S.")
  kSpaceBefore = 1 << 5,  // whitespace precedes the token (false for "’s", "-", ...)
  kAbbreviation = 1 << 6, // a word with its final period ("Mr.", "U.S.", "J.")
};

struct Token {
  uint32_t begin = 0, end = 0;          // bytes in AnalyzedText::text
  uint32_t cp_begin = 0, cp_end = 0;    // code points in AnalyzedText::text
  uint32_t key_begin = 0, key_end = 0;  // bytes in AnalyzedText::keys: the match key
  uint32_t lemma_begin = 0, lemma_end = 0;  // bytes in AnalyzedText::keys: the lemma key
  uint16_t flags = 0;

  bool Has(TokenFlag f) const { return (flags & f) != 0; }
};

struct Sentence {
  uint32_t begin = 0, end = 0;        // bytes, trimmed of surrounding whitespace
  uint32_t cp_begin = 0, cp_end = 0;  // code points
  uint32_t first_token = 0;           // index into AnalyzedText::tokens
  uint32_t end_token = 0;             // one past the last token
};

struct AnalyzedText {
  std::string text;  // the decoded document, UTF-8, BOM removed, nothing else changed
  std::string keys;  // arena of match keys and lemma keys
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;

  std::string_view Surface(const Token& t) const {
    return std::string_view(text).substr(t.begin, t.end - t.begin);
  }
  std::string_view Key(const Token& t) const {
    return std::string_view(keys).substr(t.key_begin, t.key_end - t.key_begin);
  }
  std::string_view Lemma(const Token& t) const {
    return std::string_view(keys).substr(t.lemma_begin, t.lemma_end - t.lemma_begin);
  }
  std::string_view SentenceText(const Sentence& s) const {
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
  // The text from the start of token `first` to the end of token `last - 1`.
  std::string_view Span(uint32_t first, uint32_t last) const {
    if (first >= last) return {};
    return std::string_view(text).substr(tokens[first].begin,
                                         tokens[last - 1].end - tokens[first].begin);
  }

  void Clear() {
    text.clear();
    keys.clear();
    tokens.clear();
    sentences.clear();
  }
};

}  // namespace argx::text

#endif  // ARGX_TEXT_ANALYZED_TEXT_H_
