// Decoding article files of any encoding to UTF-8.
//
//   argx::text::DecodedText d;
//   argx::Status s = argx::text::Decode(bytes, &d);
//   if (!s.ok()) report(path, s.message());   // e.g. "binary file (NUL bytes)"
//   use(d.text, d.encoding);
//
// Order of decisions:
//   1. a byte-order mark picks UTF-8, UTF-16LE/BE or UTF-32LE/BE (removed);
//   2. otherwise, NUL bytes mean a binary file: error;
//   3. valid UTF-8 is taken as UTF-8 (pure ASCII reports "UTF-8");
//   4. otherwise ICU's charset detector picks a legacy encoding and an ICU
//      converter decodes it. ISO-8859-1 becomes windows-1252 when bytes
//      0x80..0x9F occur (smart quotes, dashes); uncertain guesses (short
//      text, Latin-2/5 barely ahead of Latin-1) fall back to ISO-8859-1 /
//      windows-1252, the likeliest legacy encodings of English text.
// Invalid byte sequences become U+FFFD, one per maximal invalid subsequence,
// and the text is otherwise unchanged (line endings kept), so offsets into
// DecodedText::text are stable.
#ifndef ARGX_TEXT_DECODE_H_
#define ARGX_TEXT_DECODE_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace argx::text {

struct DecodedText {
  std::string text;      // UTF-8, without BOM
  std::string encoding;  // canonical name: "UTF-8", "UTF-16LE", "windows-1252", ...
  bool had_bom = false;
  size_t replacements = 0;  // number of U+FFFD inserted for invalid input
};

// Decodes `bytes`. Errors: empty input ("empty file"), NUL bytes without a
// UTF-16/32 byte-order mark ("binary file (NUL bytes)"), a converter failure.
Status Decode(std::string_view bytes, DecodedText* out);

}  // namespace argx::text

#endif  // ARGX_TEXT_DECODE_H_
