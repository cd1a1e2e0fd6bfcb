// Lexicons: named word lists whose entries carry attributes, matched over a
// document's tokens in one pass through a single token trie.
//
//   argx::lexicon::LexiconSet set;
//   uint32_t lex = set.AddLexicon({.name = "countries", .group = "names"});
//   argx::lexicon::EntrySpec e;
//   e.variants = {"United States", "America"};
//   e.attributes = {{"canonical", "United States"}, {"id", "USA"}};
//   set.AddEntry(lex, e, &segmenter);     // tokenized like documents
//   set.Build();                          // freeze; matching is const and thread-safe
//
//   std::vector<uint32_t> key_ids, lemma_ids;
//   set.vocab().Lookup(doc, &key_ids, &lemma_ids);   // once per document
//   std::vector<argx::lexicon::Match> hits;
//   set.Match(doc, key_ids, lemma_ids, first_token, end_token, &hits);
//
// Matching rules:
//   * entries match on token match keys (case-insensitive, apostrophes
//     unified); a case-sensitive entry must also equal the surface text;
//   * an inflected entry (inflect: true) matches every token by lemma, so
//     "push back against" also matches "pushed back against";
//   * per group (a lexicon without a group is a group of its own), matches
//     are leftmost-longest and do not overlap: "East China Sea" (not_actors,
//     group names) hides "China" (countries, group names). Entries of the
//     same group with the same longest span are all reported.
#ifndef ARGX_LEXICON_LEXICON_H_
#define ARGX_LEXICON_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "text/analyzed_text.h"
#include "text/segmenter.h"

namespace argx::lexicon {

// Interned match keys and lemmas: every string a lexicon or a rule literal
// mentions gets a small integer id, so per-token work is integer lookups.
class Vocab {
 public:
  static constexpr uint32_t kUnknown = 0xffffffffu;

  // Returns the id of `s`, adding it if new. Not thread-safe (build time).
  uint32_t Intern(std::string_view s);
  // Returns the id of `s` or kUnknown.
  uint32_t Find(std::string_view s) const;
  size_t size() const { return strings_.size(); }
  const std::string& str(uint32_t id) const { return strings_[id]; }

  // Fills the key id and lemma id of every token of `doc` (kUnknown for
  // strings no lexicon or rule mentions).
  void Lookup(const text::AnalyzedText& doc, std::vector<uint32_t>* key_ids,
              std::vector<uint32_t>* lemma_ids) const;

 private:
  // Open addressing over `slots_` (a power of two, at most half full): one
  // probe sequence of 8-byte slots and a cheap word-at-a-time hash, because
  // Lookup asks for every token of every document and std::unordered_map's
  // node chasing and byte-wise hash were most of that cost.
  struct Slot {
    uint32_t hash = 0;
    uint32_t id = kUnknown;  // kUnknown: empty
  };
  static uint32_t Hash(std::string_view s);
  uint32_t Find(std::string_view s, uint32_t hash) const;
  void Grow();

  std::vector<Slot> slots_;
  std::vector<std::string> strings_;
};

struct LexiconInfo {
  std::string name;
  std::string description;
  std::string source;  // provenance (data source, license)
  std::string group;   // empty: the lexicon is its own group
  std::string file;    // where it was defined, for messages
  int line = 0;
  bool repeats_expected = false;  // `repeats: expected`: no warning for entries other lexicons have
};

// One entry as written in a rule file. Each variant becomes one trie path.
struct EntrySpec {
  std::vector<std::string> variants;
  std::vector<std::pair<std::string, std::string>> attributes;
  bool case_sensitive = false;
  bool inflect = false;
  int line = 0, column = 0;  // source position, for warnings
  std::string file;          // the rule file, when not the lexicon's own (`extend: true`)
};

struct Entry {
  uint32_t lexicon = 0;
  std::string text;  // the variant as written
  std::vector<std::pair<std::string, std::string>> attributes;  // sorted by key
  bool case_sensitive = false;
  bool inflect = false;
  int line = 0, column = 0;
  std::string file;  // the rule file, when not the lexicon's own (`extend: true`)

  // The value of attribute `key`, or empty.
  std::string_view Attr(std::string_view key) const;
};

struct Match {
  uint32_t first = 0, end = 0;  // token range [first, end)
  uint32_t entry = 0;           // index into LexiconSet::entry()
  uint32_t lexicon = 0;         // entry(entry).lexicon, without reading the entry
};

class LexiconSet {
 public:
  LexiconSet();

  // Adds an empty lexicon and returns its index. Names must be unique (the
  // loader checks).
  uint32_t AddLexicon(LexiconInfo info);
  // Adds an entry (all its variants). Returns an error for a variant with no
  // tokens.
  Status AddEntry(uint32_t lexicon, const EntrySpec& spec, text::Segmenter* segmenter);
  // Freezes the trie. Call once, after the last AddEntry.
  void Build();

  // Index of the lexicon called `name`, or -1.
  int Find(std::string_view name) const;
  size_t lexicon_count() const { return lexicons_.size(); }
  const LexiconInfo& info(uint32_t lexicon) const { return lexicons_[lexicon]; }
  size_t entry_count() const { return entries_.size(); }
  const Entry& entry(uint32_t i) const { return entries_[i]; }
  // The rule file entry `i` is written in: its own, or its lexicon's.
  const std::string& EntryFile(uint32_t i) const {
    return entries_[i].file.empty() ? lexicons_[entries_[i].lexicon].file : entries_[i].file;
  }
  // Number of entries of one lexicon.
  size_t size(uint32_t lexicon) const { return sizes_[lexicon]; }

  Vocab& vocab() { return vocab_; }
  const Vocab& vocab() const { return vocab_; }

  // Appends to `out` every match inside tokens [first, end) of `doc`, ordered
  // by start token, then by lexicon. `key_ids`/`lemma_ids` come from
  // vocab().Lookup(doc, ...).
  void Match(const text::AnalyzedText& doc, const std::vector<uint32_t>& key_ids,
             const std::vector<uint32_t>& lemma_ids, uint32_t first, uint32_t end,
             std::vector<lexicon::Match>* out) const;

  // Pairs of entries (a, b) where both have the same token path in the same
  // group: b can never be told apart from a. For `rules check` warnings.
  std::vector<std::pair<uint32_t, uint32_t>> ShadowedEntries() const;

 private:
  // What Match needs of an entry ending at a node, next to the node, so the
  // per-token loop does not touch the (large) Entry.
  struct NodeEntry {
    uint32_t entry;
    uint32_t lexicon;
    uint32_t group;
    bool case_sensitive;
  };
  struct Node {
    std::vector<NodeEntry> entries;  // entries ending here, in definition order
    // Whether it has children along keys (bit 0) and lemmas (bit 1): most
    // nodes past the root end an entry of one word ("France") and have
    // none, and Match then skips the probe of edges_, a table of a few MB,
    // a cache miss for most tokens.
    uint8_t children = 0;
  };
  // One edge of the trie in an open-addressing table: EdgeKey(node, id,
  // by_lemma) -> child. The root's children are also kept in
  // root_children_, indexed by vocabulary id, since every token asks the
  // root and almost all get no answer.
  struct Edge {
    uint64_t key = kNoEdge;
    uint32_t child = 0;
  };
  static constexpr uint64_t kNoEdge = ~uint64_t{0};
  static uint64_t EdgeKey(uint32_t node, uint32_t id, bool by_lemma) {
    return (static_cast<uint64_t>(node) << 33) | (static_cast<uint64_t>(by_lemma) << 32) | id;
  }
  static size_t EdgeHash(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32);
  }
  // The child of `node` along vocabulary id `id` (a key, or a lemma when
  // `by_lemma`), or 0: the root is never a child.
  uint32_t Child(uint32_t node, uint32_t id, bool by_lemma) const;
  uint32_t AddChild(uint32_t node, uint32_t id, bool by_lemma);
  void GrowEdges();

  std::vector<LexiconInfo> lexicons_;
  std::vector<size_t> sizes_;
  std::vector<uint32_t> group_of_;  // lexicon -> group index
  std::unordered_map<std::string, uint32_t> group_ids_;
  std::vector<Entry> entries_;
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;  // a power of two in size, at most half full
  size_t edge_count_ = 0;
  // root_children_[by_lemma][id]: the root's child along vocabulary id `id`,
  // or 0. Shorter than the vocabulary when the last ids start no entry.
  std::vector<uint32_t> root_children_[2];
  Vocab vocab_;
};

}  // namespace argx::lexicon

#endif  // ARGX_LEXICON_LEXICON_H_
