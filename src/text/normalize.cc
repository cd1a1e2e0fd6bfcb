#include "text/normalize.h"

#include <utf8proc.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "text/utf8.h"

namespace argx::text {
namespace {

using internal::AppendUtf8;
using internal::DecodeUtf8;

// ---------------------------------------------------------------------------
// Match keys

// The quote and apostrophe family, and the two hyphens that are hyphens.
// Applied before NFKC (U+00B4 would otherwise decompose to space + accent)
// and after it (fullwidth quotes become ASCII only through NFKC).
int32_t MapQuote(int32_t cp) {
  switch (cp) {
    case 0x2019:  // ’
    case 0x2018:  // ‘
    case 0x201A:  // ‚
    case 0x201B:  // ‛
    case 0x02BC:  // ʼ
    case 0x0060:  // `
    case 0x00B4:  // ´
      return '\'';
    case 0x201C:  // “
    case 0x201D:  // ”
    case 0x201E:  // „
    case 0x201F:  // ‟
    case 0x00AB:  // «
    case 0x00BB:  // »
      return '"';
    case 0x2010:  // hyphen
    case 0x2011:  // non-breaking hyphen
      return '-';
    default:
      return cp;
  }
}

utf8proc_int32_t MapQuoteCallback(utf8proc_int32_t cp, void* /*data*/) { return MapQuote(cp); }

constexpr auto kKeyOptions = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                            UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);

}  // namespace

void AppendMatchKey(std::string_view utf8, std::string* out) {
  if (internal::IsAscii(utf8)) {
    // Fast path: ASCII is already NFKC; case folding is lower-casing.
    size_t old = out->size();
    out->resize(old + utf8.size());
    char* dst = out->data() + old;
    for (char c : utf8) {
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
      } else if (c == '`') {
        c = '\'';
      }
      *dst++ = c;
    }
    return;
  }

  // utf8proc rejects invalid UTF-8 as a whole; replace the bad parts first.
  // Buffers are per thread and reused: keys are computed once per token.
  thread_local std::string clean;
  thread_local std::vector<utf8proc_int32_t> buffer;
  std::string_view input = utf8;
  {
    size_t i = 0;
    bool valid = true;
    while (i < utf8.size() && valid) valid = DecodeUtf8(utf8, &i) >= 0;
    if (!valid) {
      clean.clear();
      i = 0;
      while (i < utf8.size()) {
        int32_t cp = DecodeUtf8(utf8, &i);
        AppendUtf8(cp < 0 ? 0xFFFD : cp, &clean);
      }
      input = clean;
    }
  }
  const auto* src = reinterpret_cast<const utf8proc_uint8_t*>(input.data());
  const auto len = static_cast<utf8proc_ssize_t>(input.size());
  if (buffer.size() < input.size() + 8) buffer.resize(input.size() * 2 + 8);
  utf8proc_ssize_t n = utf8proc_decompose_custom(src, len, buffer.data(),
                                                 static_cast<utf8proc_ssize_t>(buffer.size()),
                                                 kKeyOptions, MapQuoteCallback, nullptr);
  if (n > static_cast<utf8proc_ssize_t>(buffer.size())) {
    buffer.resize(n);
    n = utf8proc_decompose_custom(src, len, buffer.data(), n, kKeyOptions, MapQuoteCallback,
                                  nullptr);
  }
  if (n < 0) {  // cannot happen on valid input; keep the text rather than lose it
    out->append(input);
    return;
  }
  n = utf8proc_normalize_utf32(buffer.data(), n, kKeyOptions);
  if (n < 0) {
    out->append(input);
    return;
  }
  for (utf8proc_ssize_t k = 0; k < n; ++k) AppendUtf8(MapQuote(buffer[k]), out);
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// ---------------------------------------------------------------------------
// Lemmas
//
// A rule-based English lemmatizer for match keys. It aims at *consistency*
// more than at dictionary forms: every inflected form of a regular verb must
// reach the same lemma as its base form ("oppose", "opposes", "opposed",
// "opposing" -> "oppose"), because lexicon entries and rule literals are
// lemmatized by the same function as documents. Where spelling is ambiguous
// (focused: focus or focuse?), small tables settle the common words.

namespace {

struct Pair {
  const char* form;
  const char* lemma;
};

// Irregular inflections, plus regular-looking words the rules would damage.
// clang-format off
constexpr Pair kIrregular[] = {
    // be, have, do, go
    {"am", "be"}, {"is", "be"}, {"are", "be"}, {"was", "be"}, {"were", "be"}, {"been", "be"},
    {"being", "be"}, {"has", "have"}, {"had", "have"}, {"having", "have"}, {"does", "do"},
    {"did", "do"}, {"done", "do"}, {"doing", "do"}, {"goes", "go"}, {"went", "go"},
    {"gone", "go"}, {"going", "go"},
    // clitic stems left by splitting n't ("can't" -> "ca" + "n't")
    {"ca", "can"}, {"wo", "will"}, {"sha", "shall"}, {"n't", "not"},
    // strong and irregular verbs
    {"said", "say"}, {"says", "say"}, {"made", "make"}, {"took", "take"}, {"taken", "take"},
    {"gave", "give"}, {"given", "give"}, {"saw", "see"}, {"seen", "see"}, {"came", "come"},
    {"became", "become"}, {"began", "begin"}, {"begun", "begin"}, {"brought", "bring"},
    {"bought", "buy"}, {"thought", "think"}, {"sought", "seek"}, {"fought", "fight"},
    {"taught", "teach"}, {"caught", "catch"}, {"held", "hold"}, {"upheld", "uphold"},
    {"withheld", "withhold"}, {"kept", "keep"}, {"led", "lead"}, {"misled", "mislead"},
    {"left", "leave"}, {"lost", "lose"}, {"meant", "mean"}, {"met", "meet"}, {"paid", "pay"},
    {"laid", "lay"}, {"ran", "run"}, {"rose", "rise"}, {"risen", "rise"}, {"arose", "arise"},
    {"arisen", "arise"}, {"sent", "send"}, {"spent", "spend"}, {"lent", "lend"},
    {"bent", "bend"}, {"built", "build"}, {"rebuilt", "rebuild"}, {"spoke", "speak"},
    {"spoken", "speak"}, {"stood", "stand"}, {"understood", "understand"},
    {"misunderstood", "misunderstand"}, {"withstood", "withstand"}, {"told", "tell"},
    {"foretold", "foretell"}, {"sold", "sell"}, {"won", "win"}, {"wrote", "write"},
    {"written", "write"}, {"rewrote", "rewrite"}, {"rewritten", "rewrite"}, {"chose", "choose"},
    {"chosen", "choose"}, {"drew", "draw"}, {"drawn", "draw"}, {"withdrew", "withdraw"},
    {"withdrawn", "withdraw"}, {"fell", "fall"}, {"fallen", "fall"}, {"grew", "grow"},
    {"grown", "grow"}, {"knew", "know"}, {"known", "know"}, {"shown", "show"},
    {"threw", "throw"}, {"thrown", "throw"}, {"blew", "blow"}, {"blown", "blow"},
    {"flew", "fly"}, {"flown", "fly"}, {"undertook", "undertake"}, {"undertaken", "undertake"},
    {"overtook", "overtake"}, {"overtaken", "overtake"}, {"mistook", "mistake"},
    {"mistaken", "mistake"}, {"shook", "shake"}, {"shaken", "shake"}, {"found", "find"},
    {"got", "get"}, {"gotten", "get"}, {"felt", "feel"}, {"forgot", "forget"},
    {"forgotten", "forget"}, {"forgave", "forgive"}, {"forgiven", "forgive"},
    {"forbade", "forbid"}, {"forbidden", "forbid"}, {"broke", "break"}, {"broken", "break"},
    {"heard", "hear"}, {"struck", "strike"}, {"stricken", "strike"}, {"drove", "drive"},
    {"driven", "drive"}, {"rode", "ride"}, {"ridden", "ride"}, {"overrode", "override"},
    {"overridden", "override"}, {"hid", "hide"}, {"hidden", "hide"}, {"overcame", "overcome"},
    {"ate", "eat"}, {"eaten", "eat"}, {"froze", "freeze"}, {"frozen", "freeze"},
    {"stole", "steal"}, {"stolen", "steal"}, {"woke", "wake"}, {"woken", "wake"},
    {"sang", "sing"}, {"sung", "sing"}, {"drank", "drink"}, {"drunk", "drink"},
    {"sank", "sink"}, {"sunk", "sink"}, {"swam", "swim"}, {"swum", "swim"},
    {"sprang", "spring"}, {"sprung", "spring"}, {"shot", "shoot"}, {"fed", "feed"},
    {"fled", "flee"}, {"bled", "bleed"}, {"bred", "breed"}, {"sped", "speed"},
    {"dealt", "deal"}, {"dug", "dig"}, {"hung", "hang"}, {"lit", "light"}, {"slid", "slide"},
    {"spun", "spin"}, {"stuck", "stick"}, {"stung", "sting"}, {"swung", "swing"},
    {"swept", "sweep"}, {"slept", "sleep"}, {"wept", "weep"}, {"crept", "creep"},
    {"lain", "lie"}, {"lying", "lie"}, {"dying", "die"}, {"tying", "tie"}, {"vying", "vie"},
    {"underwent", "undergo"}, {"undergone", "undergo"}, {"foresaw", "foresee"},
    {"foreseen", "foresee"}, {"oversaw", "oversee"}, {"overseen", "oversee"},
    {"shone", "shine"}, {"swore", "swear"}, {"sworn", "swear"}, {"tore", "tear"},
    {"torn", "tear"}, {"wore", "wear"}, {"worn", "wear"}, {"bore", "bear"}, {"borne", "bear"},
    {"beaten", "beat"}, {"bitten", "bite"}, {"burnt", "burn"}, {"learnt", "learn"},
    {"dreamt", "dream"}, {"spelt", "spell"}, {"spilt", "spill"}, {"knelt", "kneel"},
    {"leapt", "leap"}, {"dwelt", "dwell"},
    // words whose spelling misleads the rules
    {"focused", "focus"}, {"focusing", "focus"}, {"focussed", "focus"}, {"focussing", "focus"},
    {"biased", "bias"}, {"biases", "bias"}, {"boycotted", "boycott"}, {"boycotting", "boycott"},
    {"fulfill", "fulfil"}, {"fulfills", "fulfil"}, {"fulfilled", "fulfil"},
    // British -alled (the -ll- rule leaves "called", "installed" alone)
    {"signalled", "signal"}, {"signalling", "signal"}, {"totalled", "total"},
    {"totalling", "total"}, {"equalled", "equal"}, {"equalling", "equal"},
    {"fulfilling", "fulfil"}, {"crises", "crisis"}, {"theses", "thesis"},
    {"hypotheses", "hypothesis"}, {"aches", "ache"}, {"headaches", "headache"},
    {"niches", "niche"}, {"movies", "movie"}, {"created", "create"}, {"creating", "create"},
    {"recreated", "recreate"}, {"recreating", "recreate"}, {"cookies", "cookie"}, {"ranged", "range"},
    {"ranging", "range"},
    // irregular plurals
    {"men", "man"}, {"women", "woman"}, {"children", "child"}, {"feet", "foot"},
    {"teeth", "tooth"}, {"mice", "mouse"}, {"geese", "goose"}, {"criteria", "criterion"},
    {"phenomena", "phenomenon"}, {"knives", "knife"}, {"wives", "wife"}, {"halves", "half"},
    {"wolves", "wolf"}, {"thieves", "thief"}, {"shelves", "shelf"},
};

// Words that look inflected but are not: they are their own lemma.
constexpr const char* kInvariant[] = {
    "news", "means", "series", "species", "always", "perhaps", "towards", "afterwards",
    "backwards", "forwards", "upwards", "downwards", "besides", "sometimes", "nowadays",
    "whereas", "thus", "plus", "yes", "its", "his", "hers", "ours", "yours", "theirs", "this",
    "as", "us", "gas", "bias", "alias", "atlas", "canvas", "overseas", "chaos", "ethos", "pathos",
    "cosmos", "kudos", "lens", "politics", "economics", "physics", "mathematics", "ethics",
    "athletics", "logistics", "linguistics", "genetics", "statistics", "headquarters",
    "whereabouts", "themselves", "ourselves", "yourselves", "selves", "during", "nothing",
    "something", "anything", "everything", "morning", "evening", "ceiling", "ongoing",
    "hundred", "sacred", "naked", "wicked", "kindred", "embed", "beijing", "nanjing", "peking",
    "chongqing", "kunming", "netherlands", "philippines", "bahamas", "maldives", "seychelles",
    "comoros", "barbados", "laos", "honduras", "brussels", "athens", "wales", "paris", "texas",
    "christmas", "born",
};

// -us nouns whose plural is -uses (so "focuses" is not "focuse" + s).
constexpr const char* kUsNouns[] = {
    "focus", "virus", "bonus", "census", "status", "consensus", "campus", "surplus",
    "nexus", "chorus", "circus", "bus", "thesaurus", "prospectus", "hiatus", "impetus",
    "onus", "octopus", "walrus", "syllabus", "apparatus", "caucus", "stimulus",
};

// Verbs ending in -ee, whose past tense ends in -eed ("agreed").
constexpr const char* kEeVerbs[] = {
    "agree", "disagree", "free", "guarantee", "decree", "referee", "oversee", "foresee",
    "see", "flee", "pedigree",
};
// clang-format on

struct Tables {
  std::unordered_map<std::string_view, std::string_view> irregular;
  std::unordered_set<std::string_view> invariant, us_nouns, ee_verbs;

  Tables() {
    for (const Pair& p : kIrregular) irregular.emplace(p.form, p.lemma);
    for (const char* w : kInvariant) invariant.insert(w);
    for (const char* w : kUsNouns) us_nouns.insert(w);
    for (const char* w : kEeVerbs) ee_verbs.insert(w);
  }
};

const Tables& GetTables() {
  static const Tables* tables = new Tables();
  return *tables;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// 'y' after a consonant sounds as a vowel ("try", "dying").
bool IsVowelAt(std::string_view w, size_t i) {
  return IsVowel(w[i]) || (w[i] == 'y' && i > 0 && !IsVowel(w[i - 1]));
}

bool HasVowel(std::string_view w) {
  for (size_t i = 0; i < w.size(); ++i) {
    if (IsVowelAt(w, i)) return true;
  }
  return false;
}

int CountSyllables(std::string_view w) {
  int groups = 0;
  bool in_vowel = false;
  for (size_t i = 0; i < w.size(); ++i) {
    bool v = IsVowelAt(w, i);
    if (v && !in_vowel) ++groups;
    in_vowel = v;
  }
  return groups;
}

bool EndsWith(std::string_view w, std::string_view suffix) {
  return w.size() >= suffix.size() && w.substr(w.size() - suffix.size()) == suffix;
}

bool EndsWithAny(std::string_view w, std::initializer_list<std::string_view> suffixes) {
  for (std::string_view s : suffixes) {
    if (EndsWith(w, s)) return true;
  }
  return false;
}

// Whether the stem left by removing -ed/-ing had a final silent e
// ("oppos" -> "oppose", "urg" -> "urge") or not ("back", "visit").
// The cases follow English spelling: after c, g, s, u, v, z the e is almost
// always there; after other consonants it depends on the vowel before.
bool NeedsE(std::string_view s) {
  const size_t n = s.size();
  if (n < 2) return false;
  const char last = s[n - 1], prev = s[n - 2];
  const bool prev_vowel = IsVowel(prev);
  const bool vowel_pair = prev_vowel && n >= 3 && IsVowel(s[n - 3]);
  const bool single_vowel = prev_vowel && !vowel_pair;
  // The one-syllable consonant-vowel-consonant stem: "hop", "vot", "scal".
  const bool short_cvc = single_vowel && CountSyllables(s) == 1 && !IsVowel(s[0]);
  switch (last) {
    case 'w':
    case 'x':
    case 'y':
    case 'e':
    case 'a':
    case 'i':
    case 'o':
      return false;
    case 'u':
    case 'v':
      return true;  // "continu", "argu", "solv", "mov"
    case 'z':
      return prev != 'z' && prev != 't';  // "seiz", "criticiz"; not "buzz", "waltz"
    case 'c':
      return true;  // "forc", "announc", "produc"
    case 's':
      return prev != 's';  // "oppos", "caus", "increas", "licens"; not "pass"
    case 'g':
      if (prev == 'g') return false;  // "egg"
      if (prev == 'n') {
        if (EndsWith(s, "ang")) return s != "hang" && s != "bang" && s != "clang";
        return EndsWith(s, "eng") || EndsWith(s, "ung");  // "challeng"; not "belong", "bring"
      }
      return true;  // "urg", "manag", "judg"
    case 'l':
      if (!prev_vowel) return prev != 'l' && prev != 'r' && prev != 'w';  // "enabl", "settl"
      if (!single_vowel) return false;                                    // "fail", "fuel"
      if (prev == 'i' || prev == 'u' || prev == 'o') return true;  // "compil", "rul", "consol"
      return short_cvc;                                            // "scal"; not "signal"
    case 'd':
      return single_vowel;  // "decid", "includ", "trad", "conced"; not "end", "head"
    case 't':
      if (!prev_vowel) return EndsWithAny(s, {"tast", "wast", "hast", "past"});  // "tasted"
      if (EndsWith(s, "at")) {
        // "creat", "negotiat", "evaluat"; not "treat", "float".
        return n < 3 || (s[n - 3] != 'e' && s[n - 3] != 'o' && s[n - 3] != 'a');
      }
      if (vowel_pair) return false;  // "treat", "wait", "exploit"
      switch (prev) {
        case 'u':
          return true;  // "contribut", "execut", "disput"
        case 'o':
          return !EndsWithAny(s, {"pivot", "pilot", "ballot", "parrot", "carrot", "robot"});
        case 'e':
          return EndsWithAny(s, {"let", "pet"});  // "complet", "compet"; not "target"
        case 'i':
          return short_cvc || EndsWithAny(s, {"vit", "nit", "xcit", "ncit", "ecit"});
        default:
          return short_cvc;
      }
    case 'n':
      if (!single_vowel) return false;  // "learn", "sign", "gain", "join"
      switch (prev) {
        case 'i':
        case 'u':
          return true;  // "determin", "combin", "tun"
        case 'e':
          return EndsWith(s, "ven");  // "interven"; not "open", "threaten"
        case 'o':
          return short_cvc || EndsWithAny(s, {"postpon", "condon", "aton", "inton", "dethron"});
        default:
          return short_cvc;  // "wan"; not "orphan"
      }
    case 'r':
      if (EndsWith(s, "uir")) return true;  // "requir", "acquir"
      if (!single_vowel) return false;      // "repair", "clear", "pour"
      switch (prev) {
        case 'a':
        case 'i':
        case 'u':
          return true;  // "declar", "retir", "secur", "measur"
        case 'o':
          return short_cvc || EndsWithAny(s, {"gnor", "stor", "plor", "ador", "scor"});
        case 'e':
          return EndsWithAny(s, {"interfer", "adher", "coher", "persever", "rever"});
        default:
          return false;
      }
    case 'm':
      if (!single_vowel) return false;                             // "form", "claim", "seem"
      if (prev == 'u' || prev == 'a' || prev == 'i') return true;  // "assum", "nam"
      if (prev == 'o') return short_cvc || EndsWith(s, "com");     // "welcom"; not "ransom"
      return short_cvc;
    case 'p':
      if (!single_vowel) return false;                             // "help", "keep"
      if (prev == 'a' || prev == 'i' || prev == 'u') return true;  // "escap", "wip"
      return short_cvc;                                            // "hop", "cop"; not "develop"
    case 'k':
    case 'b':
      return single_vowel;  // "invok", "lik", "describ"; not "ask", "speak", "absorb"
    case 'h':
      return EndsWithAny(s, {"eath", "ooth", "oath", "eeth"});  // "breath", "sooth"
    default:
      return short_cvc;
  }
}

// The base form of a stem left by removing -ed or -ing.
void AppendVerbStem(std::string_view s, std::string* out) {
  const size_t n = s.size();
  // Consonant doubling: "committ" -> "commit", "plann" -> "plan", but "add",
  // "pass", "buzz", "stuff" are bases that end in a double letter.
  if (n >= 4 && s[n - 1] == s[n - 2] && IsVowel(s[n - 3]) && !IsVowel(s[n - 4])) {
    const char c = s[n - 1];
    bool undouble = c == 'b' || c == 'd' || c == 'g' || c == 'm' || c == 'n' || c == 'p' ||
                    c == 'r' || c == 't';
    // British -ll- ("controlled", "travelled"); not "called", "installed", "spelled".
    if (c == 'l' && n >= 6 && s[n - 3] != 'a' && CountSyllables(s) >= 2) undouble = true;
    if (undouble) {
      out->append(s.substr(0, n - 1));
      return;
    }
  }
  out->append(s);
  if (NeedsE(s)) out->push_back('e');
}

bool IsLowerAsciiWord(std::string_view w) {
  for (char c : w) {
    if (c < 'a' || c > 'z') return false;
  }
  return !w.empty();
}

void AppendLemmaImpl(std::string_view w, std::string* out) {
  const Tables& t = GetTables();
  if (auto it = t.irregular.find(w); it != t.irregular.end()) {
    out->append(it->second);
    return;
  }
  if (!IsLowerAsciiWord(w) || w.size() < 3 || t.invariant.count(w) != 0) {
    out->append(w);
    return;
  }
  const size_t n = w.size();

  if (EndsWith(w, "ing") && n >= 5) {
    std::string_view stem = w.substr(0, n - 3);
    // "bring", "thing", "string": no vowel before -ing means no suffix.
    // Stems never end in j or q ("Beijing").
    if (HasVowel(stem) && stem.back() != 'j' && stem.back() != 'q') {
      AppendVerbStem(stem, out);
      return;
    }
    out->append(w);
    return;
  }

  if (EndsWith(w, "ed") && n >= 4) {
    if (EndsWith(w, "eed")) {
      // "agreed" -> "agree"; "need", "proceed", "speed" are bases.
      std::string_view base = w.substr(0, n - 1);
      out->append(t.ee_verbs.count(base) != 0 ? base : w);
      return;
    }
    if (EndsWith(w, "ied")) {
      if (n <= 4) {
        out->append(w.substr(0, n - 1));  // "died", "tied", "lied"
      } else {
        out->append(w.substr(0, n - 3));  // "carried" -> "carry"
        out->push_back('y');
      }
      return;
    }
    std::string_view stem = w.substr(0, n - 2);
    if (HasVowel(stem)) {
      AppendVerbStem(stem, out);
      return;
    }
    out->append(w);  // "bed", "shed", "red"
    return;
  }

  if (w.back() == 's' && n >= 4) {
    // Not plurals: "class", "crisis", "status", "famous".
    if (EndsWithAny(w, {"ss", "us", "is"})) {
      out->append(w);
      return;
    }
    if (EndsWith(w, "ies")) {
      if (n <= 4) {
        out->append(w.substr(0, n - 1));  // "dies", "ties"
      } else {
        out->append(w.substr(0, n - 3));  // "countries" -> "country"
        out->push_back('y');
      }
      return;
    }
    if (EndsWith(w, "es")) {
      std::string_view stem = w.substr(0, n - 2);
      if (EndsWithAny(w, {"sses", "shes", "ches", "xes", "zzes"}) || t.us_nouns.count(stem) != 0 ||
          (EndsWith(w, "oes") && n >= 6)) {
        out->append(stem);  // "expresses", "watches", "focuses", "heroes"
        return;
      }
    }
    out->append(w.substr(0, n - 1));  // "opposes", "backs", "ideas"
    return;
  }
  out->append(w);
}

}  // namespace

void AppendLemma(std::string_view key, std::string* out) {
  // `key` may point into `*out` (an arena): appending could move it.
  if (!out->empty() && key.data() >= out->data() && key.data() < out->data() + out->size()) {
    std::string copy(key);
    AppendLemmaImpl(copy, out);
    return;
  }
  AppendLemmaImpl(key, out);
}

}  // namespace argx::text
