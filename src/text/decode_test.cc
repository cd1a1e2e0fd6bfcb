#include "text/decode.h"

#include <gtest/gtest.h>

#include <string>

namespace argx::text {
namespace {

// Encodes UTF-16 code units with the given byte order, optionally behind a BOM.
std::string Utf16Bytes(std::u16string_view s, bool little_endian, bool bom = true) {
  std::string out;
  auto put = [&](char16_t u) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out.push_back(little_endian ? lo : hi);
    out.push_back(little_endian ? hi : lo);
  };
  if (bom) put(0xFEFF);
  for (char16_t u : s) put(u);
  return out;
}

std::string Utf32Bytes(std::u32string_view s, bool little_endian) {
  std::string out;
  auto put = [&](char32_t c) {
    for (int k = 0; k < 4; ++k) {
      int shift = little_endian ? 8 * k : 8 * (3 - k);
      out.push_back(static_cast<char>((c >> shift) & 0xFF));
    }
  };
  put(0xFEFF);
  for (char32_t c : s) put(c);
  return out;
}

// "Café “quoted” 😀\r\nline 2": accents, curly quotes, an astral character, CRLF.
constexpr char kSampleUtf8[] =
    "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80\r\nline 2";
constexpr char16_t kSampleUtf16[] = u"Caf\u00E9 \u201Cquoted\u201D \U0001F600\r\nline 2";
constexpr char32_t kSampleUtf32[] = U"Caf\u00E9 \u201Cquoted\u201D \U0001F600\r\nline 2";

TEST(DecodeTest, Utf8WithoutBomIsUnchanged) {
  DecodedText d;
  ASSERT_TRUE(Decode(kSampleUtf8, &d).ok());
  EXPECT_EQ(d.text, kSampleUtf8);
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_FALSE(d.had_bom);
  EXPECT_EQ(d.replacements, 0u);
}

TEST(DecodeTest, PureAsciiReportsUtf8) {
  DecodedText d;
  ASSERT_TRUE(Decode("Plain text.\n", &d).ok());
  EXPECT_EQ(d.text, "Plain text.\n");
  EXPECT_EQ(d.encoding, "UTF-8");
}

TEST(DecodeTest, Utf8BomIsRemoved) {
  DecodedText d;
  ASSERT_TRUE(Decode(std::string("\xEF\xBB\xBF") + kSampleUtf8, &d).ok());
  EXPECT_EQ(d.text, kSampleUtf8);
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_TRUE(d.had_bom);
}

TEST(DecodeTest, Utf16LittleEndianWithBom) {
  DecodedText d;
  ASSERT_TRUE(Decode(Utf16Bytes(kSampleUtf16, /*little_endian=*/true), &d).ok());
  EXPECT_EQ(d.text, kSampleUtf8);
  EXPECT_EQ(d.encoding, "UTF-16LE");
  EXPECT_TRUE(d.had_bom);
  EXPECT_EQ(d.replacements, 0u);
}

TEST(DecodeTest, Utf16BigEndianWithBom) {
  DecodedText d;
  ASSERT_TRUE(Decode(Utf16Bytes(kSampleUtf16, /*little_endian=*/false), &d).ok());
  EXPECT_EQ(d.text, kSampleUtf8);
  EXPECT_EQ(d.encoding, "UTF-16BE");
}

TEST(DecodeTest, Utf32BothByteOrdersWithBom) {
  DecodedText le, be;
  ASSERT_TRUE(Decode(Utf32Bytes(kSampleUtf32, true), &le).ok());
  ASSERT_TRUE(Decode(Utf32Bytes(kSampleUtf32, false), &be).ok());
  EXPECT_EQ(le.text, kSampleUtf8);
  EXPECT_EQ(be.text, kSampleUtf8);
  EXPECT_EQ(le.encoding, "UTF-32LE");
  EXPECT_EQ(be.encoding, "UTF-32BE");
}

TEST(DecodeTest, Utf16UnpairedSurrogateBecomesReplacement) {
  DecodedText d;
  ASSERT_TRUE(Decode(Utf16Bytes(u"a\xD800"
                                u"b",
                                true),
                     &d)
                  .ok());
  EXPECT_EQ(d.text,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(d.replacements, 1u);
}

TEST(DecodeTest, Utf16OddTrailingByteBecomesReplacement) {
  DecodedText d;
  ASSERT_TRUE(Decode(Utf16Bytes(u"ab", true) + "c", &d).ok());
  EXPECT_EQ(d.text, "ab\xEF\xBF\xBD");
  EXPECT_EQ(d.replacements, 1u);
}

TEST(DecodeTest, Utf16WithoutBomIsRecognized) {
  DecodedText le, be;
  ASSERT_TRUE(Decode(Utf16Bytes(u"Hello, world.\n", true, /*bom=*/false), &le).ok());
  ASSERT_TRUE(Decode(Utf16Bytes(u"Hello, world.\n", false, /*bom=*/false), &be).ok());
  EXPECT_EQ(le.text, "Hello, world.\n");
  EXPECT_EQ(le.encoding, "UTF-16LE");
  EXPECT_FALSE(le.had_bom);
  EXPECT_EQ(be.text, "Hello, world.\n");
  EXPECT_EQ(be.encoding, "UTF-16BE");
}

TEST(DecodeTest, Windows1252SmartQuotesAndDashes) {
  // 0x93/0x94 double quotes, 0x91/0x92 single quotes, 0x96 en dash, 0x97 em dash.
  const std::string bytes =
      "He said \x93no\x94 and it\x92s over \x96 really \x97 done.\r\n"
      "The \x91single\x92 quotes are here too, and the caf\xE9 is open.\r\n";
  DecodedText d;
  ASSERT_TRUE(Decode(bytes, &d).ok());
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_EQ(d.text,
            "He said \xE2\x80\x9Cno\xE2\x80\x9D and it\xE2\x80\x99s over \xE2\x80\x93 really "
            "\xE2\x80\x94 done.\r\n"
            "The \xE2\x80\x98single\xE2\x80\x99 quotes are here too, and the caf\xC3\xA9 is "
            "open.\r\n");
  EXPECT_EQ(d.replacements, 0u);
}

TEST(DecodeTest, Latin1Text) {
  const std::string bytes =
      "Le gar\xE7on \xE9tait tr\xE8s content de la fa\xE7"
      "ade du caf\xE9 \xE0 Montr\xE9"
      "al. Il a mang\xE9 une cr\xEApe et a bu un th\xE9 tr\xE8s chaud avec sa s\x9Cur? Non.";
  // Without the 0x9C (windows-1252 "œ") this is ISO-8859-1; check both.
  DecodedText latin1, cp1252;
  std::string pure = bytes;
  pure[pure.find('\x9C')] = 'o';
  ASSERT_TRUE(Decode(pure, &latin1).ok());
  EXPECT_EQ(latin1.encoding, "ISO-8859-1");
  EXPECT_EQ(latin1.text,
            "Le gar\xC3\xA7on \xC3\xA9tait tr\xC3\xA8s content de la fa\xC3\xA7"
            "ade du "
            "caf\xC3\xA9 \xC3\xA0 Montr\xC3\xA9"
            "al. Il a mang\xC3\xA9 une cr\xC3\xAApe et a "
            "bu un th\xC3\xA9 tr\xC3\xA8s chaud avec sa sour? Non.");
  ASSERT_TRUE(Decode(bytes, &cp1252).ok());
  EXPECT_EQ(cp1252.encoding, "windows-1252");
  EXPECT_NE(cp1252.text.find("s\xC5\x93ur"), std::string::npos);  // œ
}

TEST(DecodeTest, ShortLegacyTextFallsBackToLatin1) {
  // Too short for the detector to be sure (it says UTF-8 or ISO-8859-9).
  DecodedText d;
  ASSERT_TRUE(Decode("Caf\xE9", &d).ok());
  EXPECT_EQ(d.text, "Caf\xC3\xA9");
  EXPECT_EQ(d.encoding, "ISO-8859-1");
  ASSERT_TRUE(Decode("na\xEFve", &d).ok());
  EXPECT_EQ(d.text, "na\xC3\xAFve");
  ASSERT_TRUE(Decode("It\x92s", &d).ok());
  EXPECT_EQ(d.text, "It\xE2\x80\x99s");
  EXPECT_EQ(d.encoding, "windows-1252");
}

TEST(DecodeTest, Windows1251Cyrillic) {
  // "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве."
  const std::string bytes =
      "\xCF\xF0\xE5\xE7\xE8\xE4\xE5\xED\xF2 \xD0\xEE\xF1\xF1\xE8\xE8 \xE7\xE0\xFF\xE2\xE8\xEB, "
      "\xF7\xF2\xEE \xEF\xE5\xF0\xE5\xE3\xEE\xE2\xEE\xF0\xFB "
      "\xEF\xF0\xEE\xE4\xEE\xEB\xE6\xE0\xF2\xF1\xFF "
      "\xED\xE0 \xF1\xEB\xE5\xE4\xF3\xFE\xF9\xE5\xE9 \xED\xE5\xE4\xE5\xEB\xE5 \xE2 "
      "\xCC\xEE\xF1\xEA\xE2\xE5.";
  DecodedText d;
  ASSERT_TRUE(Decode(bytes, &d).ok());
  EXPECT_EQ(d.encoding, "windows-1251");
  EXPECT_EQ(d.text.substr(0, 18),
            "\xD0\x9F\xD1\x80\xD0\xB5\xD0\xB7\xD0\xB8\xD0\xB4\xD0\xB5\xD0\xBD\xD1\x82");
}

TEST(DecodeTest, InvalidUtf8BecomesOneReplacementPerMaximalSubpart) {
  // As Python's bytes.decode("utf-8", errors="replace"):
  //   \xFF            -> 1 (never valid)
  //   \xE2\x82        -> 1 (truncated 3-byte sequence)
  //   \xF0\x80\x80    -> 3 (F0 cannot be followed by 80: each byte alone)
  //   \xED\xA0\x80    -> 3 (surrogate)
  //   \xC0\xAF        -> 2 (overlong)
  const std::string bytes =
      "caf\xC3\xA9 \xFF ok \xE2\x82 end \xF0\x9F\x98\x80 \xF0\x80\x80|\xED\xA0\x80|\xC0\xAF "
      "\xE2\x80\x9C"
      "fine\xE2\x80\x9D \xC3\xA0 \xC3\xA8 \xC3\xAC \xC3\xB2 \xC3\xB9 \xC3\xA7\r\n";
  DecodedText d;
  ASSERT_TRUE(Decode(bytes, &d).ok());
  EXPECT_EQ(d.encoding, "UTF-8");
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(d.text, "caf\xC3\xA9 " + r + " ok " + r + " end \xF0\x9F\x98\x80 " + r + r + r + "|" +
                        r + r + r + "|" + r + r +
                        " \xE2\x80\x9C"
                        "fine\xE2\x80\x9D \xC3\xA0 \xC3\xA8 \xC3\xAC \xC3\xB2 "
                        "\xC3\xB9 \xC3\xA7\r\n");
  EXPECT_EQ(d.replacements, 10u);
}

TEST(DecodeTest, TruncatedFinalSequence) {
  DecodedText d;
  ASSERT_TRUE(Decode("na\xC3\xAFve caf\xC3\xA9 \xE2\x80", &d).ok());
  EXPECT_EQ(d.text, "na\xC3\xAFve caf\xC3\xA9 \xEF\xBF\xBD");
  EXPECT_EQ(d.replacements, 1u);
}

TEST(DecodeTest, EmptyInputIsAnError) {
  DecodedText d;
  Status s = Decode("", &d);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "empty file");
}

TEST(DecodeTest, NulBytesWithoutBomAreBinary) {
  DecodedText d;
  Status s = Decode(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0", 20), &d);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "binary file (NUL bytes)");
  Status s2 = Decode(std::string("text\0text", 9), &d);
  EXPECT_FALSE(s2.ok());
}

TEST(DecodeTest, OutputIsResetBetweenCalls) {
  DecodedText d;
  ASSERT_TRUE(Decode("\xFF\xFEx\0", &d).ok());
  EXPECT_TRUE(d.had_bom);
  ASSERT_TRUE(Decode("y", &d).ok());
  EXPECT_EQ(d.text, "y");
  EXPECT_FALSE(d.had_bom);
  EXPECT_EQ(d.encoding, "UTF-8");
}

}  // namespace
}  // namespace argx::text
