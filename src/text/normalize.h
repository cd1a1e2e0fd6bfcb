// Match keys: the form under which tokens, lexicon entries and rule literals
// are compared. NFKC (utf8proc), full case folding, and the curly quote and
// apostrophe family (’ ‘ ʼ ` ´ “ ” „ « ») mapped to ' and ". Hyphen and dash
// variants (‐ ‑ ‒ – —) stay distinct from '-' except U+2010/U+2011, which map
// to '-'. The surface text itself is never changed: keys are side data.
#ifndef ARGX_TEXT_NORMALIZE_H_
#define ARGX_TEXT_NORMALIZE_H_

#include <string>
#include <string_view>

namespace argx::text {

// Appends the match key of `utf8` to `*out`. Pure-ASCII input takes a fast
// path (ASCII lower-casing). Invalid UTF-8 is copied through as U+FFFD.
void AppendMatchKey(std::string_view utf8, std::string* out);
inline std::string MatchKey(std::string_view utf8) {
  std::string k;
  AppendMatchKey(utf8, &k);
  return k;
}

// Appends the lemma of a match key (English): irregular forms from a table
// ("has" -> "have", "was" -> "be", "said" -> "say"), regular inflection
// stripped with spelling rules ("opposes"/"opposed"/"opposing" -> "oppose",
// "backed" -> "back", "countries" -> "country"). Unknown words are their own
// lemma. Deterministic and dictionary-free, so a lemma may be a stem.
void AppendLemma(std::string_view key, std::string* out);
inline std::string Lemma(std::string_view key) {
  std::string l;
  AppendLemma(key, &l);
  return l;
}

// Number of code points in valid UTF-8 `s`.
size_t CountCodePoints(std::string_view s);

}  // namespace argx::text

#endif  // ARGX_TEXT_NORMALIZE_H_
