// fuzz_decode: any bytes -> text::Decode. The text is valid UTF-8; valid
// UTF-8 input (no BOM) comes back unchanged; every replacement counted is a
// U+FFFD in the text; and decoding the result again changes nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "text/decode.h"

using argx::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  argx::text::DecodedText d;
  argx::Status s = argx::text::Decode(bytes, &d);
  if (!s.ok()) {
    Check(!s.message().empty(), "an error without a message");
    return 0;
  }
  Check(argx::fuzz::ValidUtf8(d.text), "decoded text is not valid UTF-8", d.encoding);
  Check(!d.encoding.empty(), "no encoding named");
  size_t fffd = 0;
  for (size_t at = d.text.find("\xEF\xBF\xBD"); at != std::string::npos;
       at = d.text.find("\xEF\xBF\xBD", at + 3)) {
    ++fffd;
  }
  Check(fffd >= d.replacements, "more replacements counted than U+FFFD in the text");
  const bool bom = bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
                   bytes.starts_with("\xFE\xFF");
  if (!bom && bytes.find('\0') == std::string_view::npos && argx::fuzz::ValidUtf8(bytes)) {
    Check(d.text == bytes, "valid UTF-8 changed by decoding");
    Check(d.replacements == 0, "replacements in valid UTF-8");
  }
  if (!d.text.empty() && !d.text.starts_with("\xEF\xBB\xBF") &&
      d.text.find('\0') == std::string::npos) {
    argx::text::DecodedText again;
    Check(argx::text::Decode(d.text, &again).ok(), "decoded text does not decode");
    Check(again.text == d.text, "decoding is not idempotent");
  }
  return 0;
}
