#include "text/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <cstring>
#include <memory>
#include <vector>

#include "text/utf8.h"

namespace argx::text {
namespace {

using internal::AppendUtf8;
using internal::DecodeUtf8;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Copies UTF-8 to `out`, replacing each maximal invalid subpart by U+FFFD.
// Valid runs are copied in bulk, so clean text costs one validation pass.
void DecodeUtf8WithReplacement(std::string_view s, DecodedText* out) {
  out->text.reserve(out->text.size() + s.size());
  size_t i = 0, run = 0;
  while (i < s.size()) {
    size_t start = i;
    if (DecodeUtf8(s, &i) < 0) {
      out->text.append(s.substr(run, start - run));
      AppendUtf8(0xFFFD, &out->text);
      ++out->replacements;
      run = i;
    }
  }
  out->text.append(s.substr(run));
}

// Counts valid multi-byte sequences and invalid subparts, to tell UTF-8 with a
// few bad bytes from a legacy 8-bit encoding (whose accented letters are
// almost never valid UTF-8 sequences).
void CountUtf8(std::string_view s, size_t* multibyte, size_t* invalid) {
  *multibyte = *invalid = 0;
  size_t i = 0;
  while (i < s.size()) {
    int32_t cp = DecodeUtf8(s, &i);
    if (cp < 0) {
      ++*invalid;
    } else if (cp >= 0x80) {
      ++*multibyte;
    }
  }
}

// ICU to-Unicode callback: every unassigned or illegal sequence becomes one
// U+FFFD (ICU's own substitute would give U+001A for single-byte charsets)
// and is counted.
void SubstituteAndCount(const void* context, UConverterToUnicodeArgs* args,
                        const char* /*code_units*/, int32_t /*length*/,
                        UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to do
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
  ++*static_cast<size_t*>(const_cast<void*>(context));
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Decodes `bytes` in ICU charset `name` into out->text (UTF-8).
Status ConvertWithIcu(std::string_view bytes, const char* name, DecodedText* out) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(name, &err));
  if (U_FAILURE(err)) {
    return Status::Error(std::string("cannot open converter for ") + name + ": " +
                         u_errorName(err));
  }
  ucnv_setToUCallBack(cnv.get(), SubstituteAndCount, &out->replacements, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return Status::Error(std::string("converter setup: ") + u_errorName(err));

  // One UTF-16 unit per input byte is enough for every charset ICU detects
  // (multi-byte charsets produce fewer); the preflight below covers the rest.
  std::vector<UChar> utf16(bytes.size() + 16);
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t n = ucnv_toUChars(cnv.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                            bytes.data(), length, &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    out->replacements = 0;
    ucnv_reset(cnv.get());
    utf16.resize(n + 1);
    n = ucnv_toUChars(cnv.get(), utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(),
                      length, &err);
  }
  if (U_FAILURE(err)) {
    return Status::Error(std::string("cannot decode as ") + name + ": " + u_errorName(err));
  }

  int32_t n8 = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &n8, utf16.data(), n, 0xFFFD, nullptr, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
    return Status::Error(std::string("cannot decode as ") + name + ": " + u_errorName(err));
  }
  err = U_ZERO_ERROR;
  size_t old = out->text.size();
  out->text.resize(old + n8);
  u_strToUTF8WithSub(out->text.data() + old, n8, nullptr, utf16.data(), n, 0xFFFD, nullptr, &err);
  if (U_FAILURE(err)) {
    return Status::Error(std::string("cannot decode as ") + name + ": " + u_errorName(err));
  }
  return Status::Ok();
}

// UTF-16 without a byte-order mark: plain-Latin text then has a NUL in every
// other byte. Returns "UTF-16LE", "UTF-16BE" or nullptr.
const char* GuessBomlessUtf16(std::string_view bytes) {
  if (bytes.size() < 4 || bytes.size() % 2 != 0) return nullptr;
  size_t even_zero = 0, odd_zero = 0;
  for (size_t i = 0; i < bytes.size(); i += 2) {
    bool e = bytes[i] == 0, o = bytes[i + 1] == 0;
    if (e && o) return nullptr;  // U+0000: binary
    even_zero += e;
    odd_zero += o;
  }
  size_t units = bytes.size() / 2;
  if (odd_zero * 2 >= units && even_zero == 0) return "UTF-16LE";
  if (even_zero * 2 >= units && odd_zero == 0) return "UTF-16BE";
  return nullptr;
}

bool HasC1Bytes(std::string_view bytes) {
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 && b <= 0x9F) return true;
  }
  return false;
}

bool IsLatinVariant(std::string_view name) {
  return name == "ISO-8859-2" || name == "ISO-8859-9" || name == "ISO-8859-15" ||
         name == "windows-1250" || name == "windows-1254";
}

// Asks ICU's charset detector which legacy charset `bytes` is in. Returns the
// canonical name to decode with.
std::string DetectLegacy(std::string_view bytes) {
  // ISO-8859-1 and windows-1252 only differ in 0x80..0x9F, where
  // windows-1252 has printable characters (smart quotes, dashes) and Latin-1
  // has unused C1 controls. For English text one of the two is by far the
  // likeliest answer, and the fallback when the detector is unsure.
  const std::string latin1 = HasC1Bytes(bytes) ? "windows-1252" : "ISO-8859-1";
  std::string name = latin1;
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return name;
  ucsdet_setText(det, bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det, &count, &err);
  if (U_SUCCESS(err) && count > 0) {
    // The best guess, and how sure the detector is of Latin-1 / windows-1252.
    std::string best;
    int32_t best_confidence = 0, latin1_confidence = -1;
    for (int32_t i = 0; i < count; ++i) {
      const char* found = ucsdet_getName(matches[i], &err);
      int32_t confidence = ucsdet_getConfidence(matches[i], &err);
      if (U_FAILURE(err) || found == nullptr) break;
      std::string_view f = found;
      if (i == 0) {
        best = f;
        best_confidence = confidence;
      }
      if ((f == "ISO-8859-1" || f == "windows-1252") && latin1_confidence < 0) {
        latin1_confidence = confidence;
      }
    }
    if (best.empty() || best == "ISO-8859-1" || best == "windows-1252") {
      // name = latin1
    } else if (StartsWith(best, "UTF-")) {
      // Not UTF-8 (checked before) and no BOM or NUL bytes for UTF-16/32:
      // the detector is guessing on short text ("Caf\xE9").
    } else if (IsLatinVariant(best)) {
      // Latin-2/5/9 share most letters with Latin-1 and on short text the
      // detector flips between them ("na\xEFve" -> ISO-8859-9 at 50): take
      // them only when clearly ahead of Latin-1.
      bool clear = latin1_confidence >= 0
                       ? best_confidence >= 50 && best_confidence - latin1_confidence >= 20
                       : best_confidence >= 60;
      if (clear) name = best;
    } else if (best_confidence >= 50) {
      name = best;  // e.g. windows-1251 Cyrillic with real evidence
    }
  }
  ucsdet_close(det);
  return name;
}

}  // namespace

Status Decode(std::string_view bytes, DecodedText* out) {
  out->text.clear();
  out->encoding.clear();
  out->had_bom = false;
  out->replacements = 0;
  if (bytes.empty()) return Status::Error("empty file");

  struct Bom {
    std::string_view bytes;
    const char* name;
  };
  // UTF-32LE before UTF-16LE: its BOM starts with the UTF-16LE one.
  static const Bom kBoms[] = {
      {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
      {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
      {std::string_view("\xEF\xBB\xBF", 3), "UTF-8"},
      {std::string_view("\xFF\xFE", 2), "UTF-16LE"},
      {std::string_view("\xFE\xFF", 2), "UTF-16BE"},
  };
  for (const Bom& bom : kBoms) {
    if (!StartsWith(bytes, bom.bytes)) continue;
    out->had_bom = true;
    out->encoding = bom.name;
    std::string_view body = bytes.substr(bom.bytes.size());
    if (out->encoding == "UTF-8") {
      DecodeUtf8WithReplacement(body, out);
      return Status::Ok();
    }
    return ConvertWithIcu(body, bom.name, out);
  }

  if (std::memchr(bytes.data(), 0, bytes.size()) != nullptr) {
    if (const char* utf16 = GuessBomlessUtf16(bytes)) {
      out->encoding = utf16;
      return ConvertWithIcu(bytes, utf16, out);
    }
    return Status::Error("binary file (NUL bytes)");
  }

  size_t multibyte, invalid;
  CountUtf8(bytes, &multibyte, &invalid);
  // Valid UTF-8, or UTF-8 with a few damaged sequences among good ones.
  if (invalid == 0 || (multibyte > 0 && invalid <= multibyte)) {
    out->encoding = "UTF-8";
    DecodeUtf8WithReplacement(bytes, out);
    return Status::Ok();
  }

  out->encoding = DetectLegacy(bytes);
  return ConvertWithIcu(bytes, out->encoding.c_str(), out);
}

}  // namespace argx::text
