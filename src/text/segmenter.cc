#include "text/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <atomic>
#include <string_view>
#include <vector>

#include "text/normalize.h"
#include "text/utf8.h"

namespace argx::text {
namespace {

using internal::DecodeUtf8;

// How an abbreviation (a word that took the period after it) bears on the
// sentence boundary that may follow it.
enum class Abbrev : uint8_t {
  kNone,
  // Titles and references ("Mr.", "Dr.", "No. 5", "e.g."): a name, number
  // or lower-case word follows, never a new sentence (unless a line break).
  kNeverEnds,
  // Words that often close a sentence ("etc.", "U.S.", "Jr.", "Jan.",
  // initials): a new sentence starts only if a typical opener follows.
  kMayEnd,
};

// A token before keys and code points are computed.
struct RawToken {
  uint32_t begin, end;
  bool space_before;
  bool newline_before;
  Abbrev abbrev;
};

constexpr std::string_view kNeverEndsWords[] = {
    "Mr",   "Mrs",  "Ms",   "Dr",   "Prof", "St",   "Gen", "Col", "Lt", "Sen", "Rep",    "Gov",
    "Pres", "Capt", "Cmdr", "Maj",  "Sgt",  "Adm",  "Rev", "Hon", "Mt", "Ft",  "Messrs", "Mme",
    "Mlle", "Gens", "Sens", "Reps", "Govs", "Supt", "vs",  "v",   "cf", "viz", "approx", "e.g",
    "i.e",  "E.g",  "I.e",  "Fig",  "fig",  "Vol",  "vol", "pp",  "ca",
};

// Only before a number ("No. 10", "Art. 5", "Art. IV"): "No." alone is an answer.
constexpr std::string_view kBeforeNumberWords[] = {"No", "no", "Nos", "Art", "Arts", "art"};

constexpr std::string_view kMayEndWords[] = {
    "etc", "Jr",  "Sr",  "Inc", "Ltd",  "Co",  "Corp", "Bros", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",  "Dec",  "a.m", "p.m", "Esq", "Ave",
};

// Capitalized words that typically open a sentence: after a kMayEnd
// abbreviation they mean the abbreviation also ended the sentence.
constexpr std::string_view kSentenceOpeners[] = {
    "The",      "This",    "That",      "These",     "Those",       "It",           "Its",
    "He",       "She",     "They",      "We",        "I",           "You",          "In",
    "On",       "At",      "But",       "However",   "And",         "Yet",          "So",
    "A",        "An",      "There",     "Here",      "His",         "Her",          "Their",
    "Our",      "As",      "After",     "Before",    "When",        "While",        "If",
    "Although", "Though",  "Meanwhile", "Moreover",  "Furthermore", "Nevertheless", "Still",
    "Such",     "Some",    "Many",      "Most",      "According",   "For",          "With",
    "Since",    "Despite", "Then",      "Thus",      "Hence",       "Also",         "Additionally",
    "Indeed",   "Today",   "Yesterday", "Now",       "Instead",     "Nor",          "Or",
    "What",     "Why",     "How",       "Where",     "Who",         "Both",         "Each",
    "Every",    "No",      "Not",       "One",       "Another",     "Other",        "Under",
    "Over",     "From",    "By",        "To",        "Of",          "Last",         "Next",
    "Earlier",  "Later",   "Following", "Regarding", "Similarly",   "Consequently", "Therefore",
    "Overall",  "Finally", "First",     "Second",
};

template <size_t N>
bool InList(std::string_view w, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

bool IsLineBreak(int32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029;
}

// Characters that are neither tokens nor text: zero-width spaces and joiners,
// word joiner, BOM, soft hyphen.
bool IsIgnorable(int32_t cp) {
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
         cp == 0x00AD;
}

// Whether `seg` holds only whitespace (and ignorables); sets *newline if it
// holds a line break.
bool IsSpaceSegment(std::string_view seg, bool* newline) {
  size_t i = 0;
  bool nl = false;
  while (i < seg.size()) {
    auto b = static_cast<unsigned char>(seg[i]);
    if (b < 0x80) {
      ++i;
      if (b == ' ' || b == '\t') continue;
      if (IsLineBreak(b)) {
        nl = true;
        continue;
      }
      return false;
    }
    int32_t cp = DecodeUtf8(seg, &i);
    if (cp < 0) return false;
    if (IsLineBreak(cp)) {
      nl = true;
    } else if (!u_isUWhiteSpace(cp) && !IsIgnorable(cp)) {
      return false;
    }
  }
  *newline = nl;
  return true;
}

// Length in bytes of a trailing possessive "'s" / "’s" / "ʼs" (either case),
// or 0.
size_t PossessiveSuffix(std::string_view w) {
  if (w.size() < 3) return 0;
  char last = w.back();
  if (last != 's' && last != 'S') return 0;
  std::string_view head = w.substr(0, w.size() - 1);
  for (std::string_view apostrophe :
       {std::string_view("'"), std::string_view("\xE2\x80\x99"), std::string_view("\xCA\xBC")}) {
    if (head.size() > apostrophe.size() &&
        head.substr(head.size() - apostrophe.size()) == apostrophe) {
      return apostrophe.size() + 1;
    }
  }
  return 0;
}

// Length in bytes of a trailing "n't" / "n’t" (either case), or 0.
size_t NegationSuffix(std::string_view w) {
  if (w.size() < 4) return 0;
  char last = w.back();
  if (last != 't' && last != 'T') return 0;
  std::string_view head = w.substr(0, w.size() - 1);
  for (std::string_view apostrophe :
       {std::string_view("'"), std::string_view("\xE2\x80\x99"), std::string_view("\xCA\xBC")}) {
    size_t len = apostrophe.size() + 2;  // n + apostrophe + t
    if (head.size() > apostrophe.size() + 1 &&
        head.substr(head.size() - apostrophe.size()) == apostrophe) {
      char n = head[head.size() - apostrophe.size() - 1];
      if (n == 'n' || n == 'N') return len;
    }
  }
  return 0;
}

// "U.S", "e.g", "Ph.D": letters in groups of one or two, joined by periods.
bool IsDottedAbbreviation(std::string_view w) {
  int run = 0, groups = 0;
  for (char c : w) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      if (++run > 2) return false;
    } else if (c == '.') {
      if (run == 0) return false;
      run = 0;
      ++groups;
    } else {
      return false;
    }
  }
  return groups >= 1 && run > 0;
}

bool StartsWithDigitOrRoman(std::string_view w) {
  if (w.empty()) return false;
  if (w[0] >= '0' && w[0] <= '9') return true;
  for (char c : w) {
    if (c != 'I' && c != 'V' && c != 'X' && c != 'L' && c != 'C') return false;
  }
  return true;
}

// Whether the token begins with a lower-case letter ("she", "élan").
bool StartsLowerCase(const std::string& text, const RawToken& t) {
  size_t pos = t.begin;
  int32_t cp = DecodeUtf8(std::string_view(text.data(), t.end), &pos);
  return cp >= 0 && u_islower(cp);
}

// Whether the token is a closing quotation mark: straight or curly, single
// or double.
bool IsClosingQuote(const std::string& text, const RawToken& t) {
  std::string_view w(text.data() + t.begin, t.end - t.begin);
  return w == "\"" || w == "'" || w == "\u201d" || w == "\u2019" || w == "''";
}

// --- Word segmentation fast path --------------------------------------------
//
// ICU's word break iterator costs about half of the whole segmentation. For
// ordinary English text a few Word_Break classes (UAX #29) decide every
// boundary, so runs of such text are segmented here with the same rules,
// and ICU's iterator is only asked about the rest. What ICU 72's "en" rules
// do with each character of the repertoire below was checked against ICU
// (segmenter_test.cc compares both on the corpus and on random strings):
//   ALetter       A-Z a-z @ (ICU tailors '@' as a letter), Latin-1 and
//                 Latin Extended-A letters
//   Numeric       0-9
//   MidNumLet     . ' U+2018 U+2019 (and ':' is *not* MidLetter in ICU)
//   MidNum        , ;
//   ExtendNumLet  _
//   Other         every other printable ASCII mark, and a few common
//                 non-ASCII ones (curly double quotes, dashes, ellipsis,
//                 guillemets, currency signs, degree, section)
// Anything else (combining marks, format characters, other scripts, no-break
// and other Unicode spaces, controls) sends its whole run of non-blank text
// to ICU. ASCII white space always separates runs: no UAX #29 rule joins
// across it when the characters on both sides are from the repertoire.

std::atomic<bool> g_word_fast_path{true};

enum class Wb : uint8_t {
  kUnsupported,
  kBlank,  // ASCII white space: never part of a segment here
  kOther,
  kALetter,
  kNumeric,
  kMidNumLet,
  kMidNum,
  kExtendNumLet,
};

struct WbTable {
  Wb ascii[128];
  constexpr WbTable() : ascii() {
    for (int c = 0; c < 128; ++c) ascii[c] = Wb::kUnsupported;
    for (int c = 0x21; c < 0x7F; ++c) ascii[c] = Wb::kOther;
    for (int c : {0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C}) ascii[c] = Wb::kBlank;
    for (int c = 'A'; c <= 'Z'; ++c) ascii[c] = Wb::kALetter;
    for (int c = 'a'; c <= 'z'; ++c) ascii[c] = Wb::kALetter;
    ascii['@'] = Wb::kALetter;
    for (int c = '0'; c <= '9'; ++c) ascii[c] = Wb::kNumeric;
    ascii['.'] = Wb::kMidNumLet;
    ascii['\''] = Wb::kMidNumLet;  // Single_Quote: the same as MidNumLet outside Hebrew
    ascii[','] = Wb::kMidNum;
    ascii[';'] = Wb::kMidNum;
    ascii['_'] = Wb::kExtendNumLet;
  }
};
constexpr WbTable kWb;

Wb NonAsciiWb(int32_t cp) {
  if ((cp >= 0xC0 && cp <= 0x17F && cp != 0xD7 && cp != 0xF7)) return Wb::kALetter;
  switch (cp) {
    case 0x2018:
    case 0x2019:
      return Wb::kMidNumLet;
    case 0x201C:  // “
    case 0x201D:  // ”
    case 0x2013:  // –
    case 0x2014:  // —
    case 0x2026:  // …
    case 0x00AB:  // «
    case 0x00BB:  // »
    case 0x00A3:  // £
    case 0x20AC:  // €
    case 0x00B0:  // °
    case 0x00A7:  // §
      return Wb::kOther;
    default:
      return Wb::kUnsupported;
  }
}

// The class of the character at text[i] and its length in bytes; kBlank at
// the end of the text.
inline Wb ClassAt(std::string_view text, size_t i, size_t* len) {
  if (i >= text.size()) {
    *len = 0;
    return Wb::kBlank;
  }
  auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    *len = 1;
    return kWb.ascii[b];
  }
  size_t j = i;
  int32_t cp = DecodeUtf8(text, &j);
  *len = j - i;
  return cp < 0 ? Wb::kUnsupported : NonAsciiWb(cp);
}

inline bool IsAsciiBlank(unsigned char b) {
  return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C;
}

// UAX #29 rules WB5, WB8-WB10, WB13a/b: `last` (the class of the segment's
// last character) and `next` stay together.
inline bool Joins(Wb last, Wb next) {
  bool alnum_last = last == Wb::kALetter || last == Wb::kNumeric;
  bool alnum_next = next == Wb::kALetter || next == Wb::kNumeric;
  if (alnum_last && alnum_next) return true;
  if (next == Wb::kExtendNumLet) return alnum_last || last == Wb::kExtendNumLet;
  return last == Wb::kExtendNumLet && alnum_next;
}

// Word/number/punctuation and capitalization flags from the surface.
uint16_t SurfaceFlags(std::string_view s) {
  int letters = 0, lower = 0, digits = 0;
  bool first = true, capitalized = false;
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    int32_t cp;
    if (b < 0x80) {
      // ASCII without ICU's property lookups (the same answers).
      ++i;
      if (b >= 'a' && b <= 'z') {
        ++letters;
        ++lower;
      } else if (b >= 'A' && b <= 'Z') {
        ++letters;
        if (first) capitalized = true;
      } else if (b >= '0' && b <= '9') {
        ++digits;
      }
      first = false;
      continue;
    } else {
      cp = DecodeUtf8(s, &i);
      if (cp < 0) cp = 0xFFFD;
    }
    if (u_isalpha(cp)) {
      ++letters;
      if (u_islower(cp)) ++lower;
      if (first) capitalized = u_isupper(cp) || u_istitle(cp);
    } else if (u_isdigit(cp)) {
      ++digits;
    }
    first = false;
  }
  uint16_t f = 0;
  if (letters > 0) {
    f |= kWord;
  } else if (digits > 0) {
    f |= kNumber;
  } else {
    f |= kPunct;
  }
  if (capitalized) f |= kCapitalized;
  if (letters >= 2 && lower == 0) f |= kAllCaps;
  return f;
}

// Lemmas of recent match keys. AppendLemma looks a word up in several hash
// tables and then tries suffix rules; English text repeats a small vocabulary,
// so one probe of this table answers most tokens. A lemma depends on its key
// alone, so the cache cannot change a result. Bounded: it starts afresh when
// full.
class LemmaCache {
 public:
  // The lemma of `key`; valid until the next call.
  std::string_view Get(std::string_view key) {
    if (key.empty() || key.size() > kMaxKey) {
      scratch_.clear();
      AppendLemma(key, &scratch_);
      return scratch_;
    }
    if (slots_.empty()) slots_.assign(kSlots, Slot{});
    uint32_t h = Hash(key);
    for (uint32_t i = h & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
      Slot& slot = slots_[i];
      if (slot.key_len == 0) break;  // empty: not cached
      if (slot.hash == h && slot.key_len == key.size() &&
          std::string_view(arena_.data() + slot.offset, slot.key_len) == key) {
        return std::string_view(arena_.data() + slot.offset + slot.key_len, slot.lemma_len);
      }
    }
    if (used_ >= kSlots / 2 || arena_.size() > (kSlots << 5)) {
      slots_.assign(kSlots, Slot{});
      arena_.clear();
      used_ = 0;
    }
    size_t offset = arena_.size();
    arena_.append(key);
    AppendLemma(key, &arena_);
    size_t lemma_len = arena_.size() - offset - key.size();
    if (lemma_len > 0xFFFF) {  // cannot happen for keys of kMaxKey bytes; stay exact anyway
      scratch_.assign(arena_, offset + key.size(), lemma_len);
      arena_.resize(offset);
      return scratch_;
    }
    uint32_t i = h & (kSlots - 1);
    while (slots_[i].key_len != 0) i = (i + 1) & (kSlots - 1);
    slots_[i] = {h, static_cast<uint32_t>(offset), static_cast<uint16_t>(key.size()),
                 static_cast<uint16_t>(lemma_len)};
    ++used_;
    return std::string_view(arena_.data() + offset + key.size(), lemma_len);
  }

 private:
  static constexpr size_t kSlots = 1 << 15;  // power of two
  static constexpr size_t kMaxKey = 48;
  struct Slot {
    uint32_t hash = 0, offset = 0;
    uint16_t key_len = 0, lemma_len = 0;  // key_len 0: empty (keys are never empty)
  };
  static uint32_t Hash(std::string_view s) {  // FNV-1a: short keys
    uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
  }
  std::vector<Slot> slots_;
  std::string arena_;  // key bytes then lemma bytes, per entry
  std::string scratch_;
  size_t used_ = 0;
};

// Advances a (byte, code point) cursor to byte `pos` >= its byte.
struct CodePointCursor {
  const std::string* text;
  uint32_t byte = 0, cp = 0;

  uint32_t At(uint32_t pos) {
    const char* p = text->data();
    for (; byte < pos; ++byte) cp += (static_cast<unsigned char>(p[byte]) & 0xC0) != 0x80;
    return cp;
  }
};

}  // namespace

struct Segmenter::Impl {
  std::unique_ptr<icu::BreakIterator> sentences, words;
  Status init;
  UText utext = UTEXT_INITIALIZER;
  std::vector<RawToken> raw;         // reused between documents
  std::vector<uint32_t> boundaries;  // ICU sentence boundaries, reused
  LemmaCache lemmas;                 // key -> lemma, reused between documents
  AnalyzedText phrase;               // scratch for Keys()

  Impl() {
    UErrorCode err = U_ZERO_ERROR;
    // Plain "en", not "en@ss=standard": ICU 72's suppression filter keeps
    // "of NATO. Japan" together (it matches an abbreviation at the end of
    // "NATO.") yet still breaks after "Dr." and "U.S.", and it would hide the
    // breaks that MergeAbbreviations/StartsSentence decide on anyway. Our
    // own abbreviation rules below replace it.
    sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en"), err));
    if (U_FAILURE(err)) {
      init = Status::Error(std::string("cannot create ICU sentence iterator: ") + u_errorName(err));
      return;
    }
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale("en"), err));
    if (U_FAILURE(err)) {
      init = Status::Error(std::string("cannot create ICU word iterator: ") + u_errorName(err));
    }
  }
  ~Impl() { utext_close(&utext); }

  Status Run(AnalyzedText* out);
  void Tokenize(const std::string& text);
  void TokenizeIcu(const std::string& text);
  size_t IcuSegments(const std::string& text, size_t from, size_t to, bool* space, bool* newline);
  void AddSegment(const std::string& text, uint32_t begin, uint32_t end, bool word, bool* space,
                  bool* newline);
  void MergeAbbreviations(const std::string& text);
  bool StartsSentence(const std::string& text, size_t i, size_t* next_boundary) const;
};

// One word-break segment [begin, end): white space sets the flags, anything
// else is a token (two when a clitic ends a word: "Macron’s" -> "Macron"
// "’s", "didn't" -> "did" "n't"). `word`: ICU's rule status is a word or
// number (not "none"), the only segments that can carry a clitic.
void Segmenter::Impl::AddSegment(const std::string& text, uint32_t begin, uint32_t end, bool word,
                                 bool* space, bool* newline) {
  std::string_view seg(text.data() + begin, end - begin);
  bool nl = false;
  if (IsSpaceSegment(seg, &nl)) {
    *space = true;
    *newline = *newline || nl;
    return;
  }
  size_t clitic = 0;
  if (word) {
    clitic = NegationSuffix(seg);
    if (clitic == 0) clitic = PossessiveSuffix(seg);
  }
  if (clitic != 0) {
    auto split = static_cast<uint32_t>(end - clitic);
    raw.push_back({begin, split, *space, *newline, Abbrev::kNone});
    raw.push_back({split, end, false, false, Abbrev::kNone});
  } else {
    raw.push_back({begin, end, *space, *newline, Abbrev::kNone});
  }
  *space = *newline = false;
}

// ICU's word iterator from boundary `from` to the first boundary at or after
// `to`, which it returns; or std::string::npos when `from` is not a boundary.
size_t Segmenter::Impl::IcuSegments(const std::string& text, size_t from, size_t to, bool* space,
                                    bool* newline) {
  if (!words->isBoundary(static_cast<int32_t>(from))) return std::string::npos;
  int32_t prev = static_cast<int32_t>(from);
  for (int32_t cur = words->next(); cur != icu::BreakIterator::DONE;
       prev = cur, cur = words->next()) {
    AddSegment(text, static_cast<uint32_t>(prev), static_cast<uint32_t>(cur),
               words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT, space, newline);
    if (static_cast<size_t>(cur) >= to) return static_cast<size_t>(cur);
  }
  return text.size();
}

// The whole text through ICU's word iterator.
void Segmenter::Impl::TokenizeIcu(const std::string& text) {
  raw.clear();
  bool space = false, newline = false;
  IcuSegments(text, 0, text.size(), &space, &newline);
}

void Segmenter::Impl::Tokenize(const std::string& text) {
  if (!g_word_fast_path.load(std::memory_order_relaxed)) return TokenizeIcu(text);
  raw.clear();
  const std::string_view t(text);
  const size_t n = t.size();
  bool space = false, newline = false;
  // The last position known to be an ICU word boundary, with the flags as
  // they were there: where ICU takes over when a run is not supported.
  size_t boundary = 0;
  bool boundary_space = false, boundary_newline = false;
  size_t i = 0;
  while (i < n) {
    auto b = static_cast<unsigned char>(t[i]);
    if (IsAsciiBlank(b)) {
      space = true;
      if (b != ' ' && b != '\t') newline = true;
      ++i;
      continue;
    }
    // A run of non-blank text: segmented here while its characters are in
    // the repertoire; when one is not, its tokens are dropped again and ICU
    // segments the run from the last known boundary.
    const size_t saved = raw.size();
    bool supported = true;
    size_t s = i;
    while (true) {
      size_t len;
      Wb first = ClassAt(t, s, &len);
      if (first == Wb::kUnsupported) {
        supported = false;
        break;
      }
      size_t e = s + len;
      bool word = first == Wb::kALetter || first == Wb::kNumeric || first == Wb::kExtendNumLet;
      if (word) {
        Wb last = first;
        while (true) {
          size_t len1;
          Wb next = ClassAt(t, e, &len1);
          if (Joins(last, next)) {  // WB5, WB8-10, WB13a/b
            e += len1;
            last = next;
            continue;
          }
          if (next == Wb::kMidNumLet || next == Wb::kMidNum) {
            size_t len2;
            Wb after = ClassAt(t, e + len1, &len2);
            // WB6/7: letter (MidNumLet) letter; WB11/12: digit (MidNum|MidNumLet) digit.
            bool letters = last == Wb::kALetter && next == Wb::kMidNumLet && after == Wb::kALetter;
            bool digits = last == Wb::kNumeric && after == Wb::kNumeric;
            if (letters || digits) {
              e += len1 + len2;
              last = after;
              continue;
            }
          }
          break;
        }
      }
      AddSegment(text, static_cast<uint32_t>(s), static_cast<uint32_t>(e), word, &space, &newline);
      s = e;
      if (s >= n || IsAsciiBlank(static_cast<unsigned char>(t[s]))) break;
    }
    if (supported) {
      i = s;
    } else {
      raw.resize(saved);
      space = boundary_space;
      newline = boundary_newline;
      size_t end = s;
      while (end < n && !IsAsciiBlank(static_cast<unsigned char>(t[end]))) ++end;
      size_t next = IcuSegments(text, boundary, end, &space, &newline);
      if (next == std::string::npos) return TokenizeIcu(text);  // cannot happen: be safe
      i = next;
    }
    boundary = i;
    boundary_space = space;
    boundary_newline = newline;
  }
}

// Lets known abbreviations and initials take the period that follows them.
void Segmenter::Impl::MergeAbbreviations(const std::string& text) {
  auto surface = [&](const RawToken& t) {
    return std::string_view(text.data() + t.begin, t.end - t.begin);
  };
  size_t w = 0;
  for (size_t r = 0; r < raw.size(); ++r) {
    const RawToken& t = raw[r];
    if (w > 0 && t.end - t.begin == 1 && text[t.begin] == '.' && !t.space_before &&
        raw[w - 1].end == t.begin && raw[w - 1].abbrev == Abbrev::kNone) {
      std::string_view word = surface(raw[w - 1]);
      Abbrev kind = Abbrev::kNone;
      if (InList(word, kNeverEndsWords)) {
        kind = Abbrev::kNeverEnds;
      } else if (InList(word, kBeforeNumberWords)) {
        if (r + 1 < raw.size() && !raw[r + 1].newline_before &&
            StartsWithDigitOrRoman(surface(raw[r + 1]))) {
          kind = Abbrev::kNeverEnds;
        }
      } else if (InList(word, kMayEndWords) || IsDottedAbbreviation(word) ||
                 (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z')) {
        kind = Abbrev::kMayEnd;
      }
      if (kind != Abbrev::kNone) {
        raw[w - 1].end = t.end;
        raw[w - 1].abbrev = kind;
        continue;
      }
    }
    raw[w++] = t;
  }
  raw.resize(w);
}

// Whether raw[i] (i > 0) opens a new sentence. *next_boundary indexes the
// first ICU boundary not yet passed; tokens are visited in order.
bool Segmenter::Impl::StartsSentence(const std::string& text, size_t i,
                                     size_t* next_boundary) const {
  const RawToken& prev = raw[i - 1];
  const RawToken& t = raw[i];
  size_t& b = *next_boundary;
  while (b < boundaries.size() && boundaries[b] <= prev.begin) ++b;
  bool icu_break = b < boundaries.size() && boundaries[b] <= t.begin;
  if (t.newline_before) return true;
  switch (prev.abbrev) {
    case Abbrev::kNeverEnds:
      return false;
    case Abbrev::kMayEnd:
      return InList(std::string_view(text.data() + t.begin, t.end - t.begin), kSentenceOpeners);
    case Abbrev::kNone:
      break;
  }
  // "... is overdue. 53% say ...": ICU reads a full stop before a number
  // and a lower-case word as inside the sentence ("3.4 percent" rules);
  // after a space, a number opens a new one (abbreviations took their
  // periods above).
  if (!icu_break && t.space_before && i >= 2 && text[t.begin] >= '0' && text[t.begin] <= '9' &&
      prev.end - prev.begin == 1 && text[prev.begin] == '.' && raw[i - 2].end == prev.begin) {
    return true;
  }
  // '"I'm honored!" she said.', '"Can she stay?" he asked': ICU ends a
  // sentence after "?" or "!" whatever follows; a lower-case word after them
  // (and a closing quotation mark) goes on with the same sentence.
  if (icu_break && i >= 2 && StartsLowerCase(text, t)) {
    size_t p = i - 1;
    if (IsClosingQuote(text, raw[p]) && p > 0) --p;
    std::string_view mark(text.data() + raw[p].begin, raw[p].end - raw[p].begin);
    if (mark == "?" || mark == "!") return false;
  }
  return icu_break;
}

Status Segmenter::Impl::Run(AnalyzedText* out) {
  if (!init.ok()) return init;
  const std::string& text = out->text;
  UErrorCode err = U_ZERO_ERROR;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &err);
  if (U_FAILURE(err)) return Status::Error(std::string("utext_openUTF8: ") + u_errorName(err));
  // Offsets reported by the iterators are native UText indexes: UTF-8 bytes.
  sentences->setText(&utext, err);
  words->setText(&utext, err);
  if (U_FAILURE(err)) return Status::Error(std::string("ICU setText: ") + u_errorName(err));

  boundaries.clear();
  for (int32_t p = sentences->next(); p != icu::BreakIterator::DONE; p = sentences->next()) {
    boundaries.push_back(static_cast<uint32_t>(p));
  }
  Tokenize(text);
  MergeAbbreviations(text);

  out->tokens.reserve(raw.size());
  out->keys.reserve(text.size() + text.size() / 4);
  CodePointCursor cursor{&text};
  size_t next_boundary = 0;
  Sentence* sentence = nullptr;
  for (size_t i = 0; i < raw.size(); ++i) {
    const RawToken& r = raw[i];
    std::string_view surface(text.data() + r.begin, r.end - r.begin);
    Token t;
    t.begin = r.begin;
    t.end = r.end;
    t.cp_begin = cursor.At(r.begin);
    t.cp_end = cursor.At(r.end);
    t.flags = SurfaceFlags(surface);
    if (r.space_before) t.flags |= kSpaceBefore;
    if (r.abbrev != Abbrev::kNone) t.flags |= kAbbreviation;

    t.key_begin = static_cast<uint32_t>(out->keys.size());
    AppendMatchKey(surface, &out->keys);
    t.key_end = static_cast<uint32_t>(out->keys.size());
    std::string_view lemma =
        lemmas.Get(std::string_view(out->keys).substr(t.key_begin, t.key_end - t.key_begin));
    if (lemma == std::string_view(out->keys).substr(t.key_begin, t.key_end - t.key_begin)) {
      t.lemma_begin = t.key_begin;  // most words are their own lemma: share the bytes
      t.lemma_end = t.key_end;
    } else {
      t.lemma_begin = static_cast<uint32_t>(out->keys.size());
      out->keys.append(lemma);
      t.lemma_end = static_cast<uint32_t>(out->keys.size());
    }

    if (sentence == nullptr || StartsSentence(text, i, &next_boundary)) {
      out->sentences.emplace_back();
      sentence = &out->sentences.back();
      sentence->begin = t.begin;
      sentence->cp_begin = t.cp_begin;
      sentence->first_token = static_cast<uint32_t>(i);
    }
    sentence->end = t.end;
    sentence->cp_end = t.cp_end;
    sentence->end_token = static_cast<uint32_t>(i + 1);
    out->tokens.push_back(t);
  }
  return Status::Ok();
}

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {}
Segmenter::~Segmenter() = default;

Status Segmenter::Analyze(std::string utf8, AnalyzedText* out) {
  out->Clear();
  out->text = std::move(utf8);
  return impl_->Run(out);
}

std::vector<std::string> Segmenter::Keys(std::string_view utf8) {
  std::vector<std::string> keys;
  AnalyzedText& doc = impl_->phrase;
  doc.Clear();
  // A clitic on its own ("'s", "n't") is split off a word only after one:
  // tokenize it after a stand-in word, as in running text ("Ghana's").
  bool clitic = utf8.rfind("'", 0) == 0 || utf8.rfind("\u2019", 0) == 0 ||
                utf8.rfind("n't", 0) == 0 || utf8.rfind("n\u2019t", 0) == 0;
  if (clitic) doc.text.assign("x");
  doc.text.append(utf8);
  if (!impl_->Run(&doc).ok()) return keys;
  keys.reserve(doc.tokens.size());
  for (const Token& t : doc.tokens) keys.emplace_back(doc.Key(t));
  if (clitic && !keys.empty()) keys.erase(keys.begin());
  return keys;
}

namespace internal {

// For segmenter_test.cc: compares the fast path with ICU alone. Not thread-safe
// with respect to segmenters running at the same time.
void SetWordFastPathForTesting(bool enabled) { g_word_fast_path.store(enabled); }

}  // namespace internal
}  // namespace argx::text
