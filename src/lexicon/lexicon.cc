#include "lexicon/lexicon.h"

#include <algorithm>
#include <cstring>

#include "text/normalize.h"

namespace argx::lexicon {
namespace {

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

uint64_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

}  // namespace

uint32_t Vocab::Hash(std::string_view s) {
  // Eight bytes at a time, each word mixed by a multiply, and the tail read
  // with at most two fixed-size loads that may overlap (harmless: the length
  // is mixed in first, and for a given length the words read determine the
  // bytes). Match keys are short, so this is a few instructions where
  // std::hash (murmur with a byte loop for the tail) took several dozen.
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = n * kMul;
  auto mix = [&h](uint64_t w) {
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  };
  if (n >= 8) {
    const char* end = p + n;
    for (; n > 8; p += 8, n -= 8) mix(Load64(p));
    mix(Load64(end - 8));
  } else if (n >= 4) {
    mix(Load32(p) | (Load32(p + n - 4) << 32));
  } else if (n > 0) {
    auto byte = [p](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(p[i])); };
    mix(byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16));
  }
  h *= kMul;
  return static_cast<uint32_t>(h >> 32);
}

void Vocab::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id == kUnknown) continue;
    size_t i = s.hash & mask;
    while (slots_[i].id != kUnknown) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

uint32_t Vocab::Find(std::string_view s, uint32_t hash) const {
  if (slots_.empty()) return kUnknown;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kUnknown) return kUnknown;
    if (slot.hash == hash && strings_[slot.id] == s) return slot.id;
  }
}

uint32_t Vocab::Intern(std::string_view s) {
  const uint32_t hash = Hash(s);
  uint32_t found = Find(s, hash);
  if (found != kUnknown) return found;
  if ((strings_.size() + 1) * 2 > slots_.size()) Grow();
  const uint32_t id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].id != kUnknown) i = (i + 1) & mask;
  slots_[i] = {hash, id};
  return id;
}

uint32_t Vocab::Find(std::string_view s) const { return Find(s, Hash(s)); }

void Vocab::Lookup(const text::AnalyzedText& doc, std::vector<uint32_t>* key_ids,
                   std::vector<uint32_t>* lemma_ids) const {
  key_ids->resize(doc.tokens.size());
  lemma_ids->resize(doc.tokens.size());
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const text::Token& t = doc.tokens[i];
    std::string_view key = doc.Key(t);
    uint32_t k = Find(key);
    (*key_ids)[i] = k;
    // The segmenter shares the key's bytes when a word is its own lemma (most
    // words): then no string compare is needed either.
    bool same = t.lemma_begin == t.key_begin && t.lemma_end == t.key_end;
    if (!same) {
      std::string_view lemma = doc.Lemma(t);
      same = lemma == key;
      if (!same) k = Find(lemma);
    }
    (*lemma_ids)[i] = k;
  }
}

std::string_view Entry::Attr(std::string_view key) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), key,
                             [](const auto& a, std::string_view k) { return a.first < k; });
  if (it != attributes.end() && it->first == key) return it->second;
  return {};
}

LexiconSet::LexiconSet() { nodes_.emplace_back(); }

uint32_t LexiconSet::AddLexicon(LexiconInfo info) {
  std::string group = info.group.empty() ? "\x01" + info.name : info.group;
  auto [it, inserted] = group_ids_.emplace(group, static_cast<uint32_t>(group_ids_.size()));
  group_of_.push_back(it->second);
  lexicons_.push_back(std::move(info));
  sizes_.push_back(0);
  return static_cast<uint32_t>(lexicons_.size() - 1);
}

int LexiconSet::Find(std::string_view name) const {
  for (size_t i = 0; i < lexicons_.size(); ++i) {
    if (lexicons_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

uint32_t LexiconSet::Child(uint32_t node, uint32_t id, bool by_lemma) const {
  if (node == 0) {
    const std::vector<uint32_t>& root = root_children_[by_lemma];
    return id < root.size() ? root[id] : 0;
  }
  if (edges_.empty()) return 0;
  const uint64_t key = EdgeKey(node, id, by_lemma);
  const size_t mask = edges_.size() - 1;
  for (size_t i = EdgeHash(key) & mask;; i = (i + 1) & mask) {
    if (edges_[i].key == key) return edges_[i].child;
    if (edges_[i].key == kNoEdge) return 0;
  }
}

void LexiconSet::GrowEdges() {
  std::vector<Edge> old = std::move(edges_);
  edges_.assign(old.empty() ? 1024 : old.size() * 2, Edge{});
  const size_t mask = edges_.size() - 1;
  for (const Edge& e : old) {
    if (e.key == kNoEdge) continue;
    size_t i = EdgeHash(e.key) & mask;
    while (edges_[i].key != kNoEdge) i = (i + 1) & mask;
    edges_[i] = e;
  }
}

uint32_t LexiconSet::AddChild(uint32_t node, uint32_t id, bool by_lemma) {
  if (uint32_t c = Child(node, id, by_lemma)) return c;
  const uint32_t child = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  nodes_[node].children |= by_lemma ? 2 : 1;
  if (node == 0) {
    std::vector<uint32_t>& root = root_children_[by_lemma];
    if (id >= root.size()) root.resize(id + 1, 0);
    root[id] = child;
    return child;
  }
  if ((edge_count_ + 1) * 2 > edges_.size()) GrowEdges();
  const uint64_t key = EdgeKey(node, id, by_lemma);
  const size_t mask = edges_.size() - 1;
  size_t i = EdgeHash(key) & mask;
  while (edges_[i].key != kNoEdge) i = (i + 1) & mask;
  edges_[i] = {key, child};
  ++edge_count_;
  return child;
}

Status LexiconSet::AddEntry(uint32_t lexicon, const EntrySpec& spec, text::Segmenter* segmenter) {
  std::vector<std::pair<std::string, std::string>> attributes = spec.attributes;
  std::sort(attributes.begin(), attributes.end());
  for (const std::string& variant : spec.variants) {
    std::vector<std::string> keys = segmenter->Keys(variant);
    if (keys.empty()) return Status::Error("entry has no words: \"" + variant + "\"");
    uint32_t node = 0;
    for (const std::string& key : keys) {
      if (spec.inflect) {
        node = AddChild(node, vocab_.Intern(text::Lemma(key)), true);
      } else {
        node = AddChild(node, vocab_.Intern(key), false);
      }
    }
    Entry e;
    e.lexicon = lexicon;
    e.text = spec.case_sensitive ? WithoutSpaces(variant) : variant;
    e.attributes = attributes;
    e.case_sensitive = spec.case_sensitive;
    e.inflect = spec.inflect;
    e.line = spec.line;
    e.column = spec.column;
    e.file = spec.file;
    nodes_[node].entries.push_back({static_cast<uint32_t>(entries_.size()), lexicon,
                                    group_of_[lexicon], spec.case_sensitive});
    entries_.push_back(std::move(e));
  }
  ++sizes_[lexicon];
  return Status::Ok();
}

void LexiconSet::Build() {
  // The trie is complete as entries are added (entries at a node are in
  // definition order); kept as an explicit step so a layout that needs all
  // entries first can replace the hash table.
}

void LexiconSet::Match(const text::AnalyzedText& doc, const std::vector<uint32_t>& key_ids,
                       const std::vector<uint32_t>& lemma_ids, uint32_t first, uint32_t end,
                       std::vector<lexicon::Match>* out) const {
  struct Found {
    uint32_t end;
    bool ok;  // its group may start here and the surface fits
    const NodeEntry* e;
  };
  struct Hit {
    uint64_t order;  // (lexicon, entry): the output order at one token
    lexicon::Match m;
  };
  // Per group: the token index before which the group may not start a match
  // (0: no limit), and the longest end found at the current token. Kept
  // between calls, all zero, so a sentence does not clear them per group.
  thread_local std::vector<uint32_t> covered, best_end;
  thread_local std::vector<uint32_t> touched;  // groups whose `covered` is set
  thread_local std::vector<Found> found;
  thread_local std::vector<Hit> hits;
  if (covered.size() < group_ids_.size()) {
    covered.resize(group_ids_.size(), 0);
    best_end.resize(group_ids_.size(), 0);
  }
  const std::vector<uint32_t>& root_keys = root_children_[0];
  const std::vector<uint32_t>& root_lemmas = root_children_[1];
  // Case-sensitive entries must equal the surface text (spaces ignored).
  auto surface_ok = [&](uint32_t i, uint32_t span_end, const NodeEntry& ne) {
    if (!ne.case_sensitive) return true;
    const std::string& text = entries_[ne.entry].text;
    std::string_view s = doc.Span(i, span_end);
    size_t p = 0;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      if (p >= text.size() || text[p] != c) return false;
      ++p;
    }
    return p == text.size();
  };
  for (uint32_t i = first; i < end; ++i) {
    // An entry's path is all keys or (inflect: true) all lemmas, so two walks
    // cover the trie: one along the tokens' keys, one along their lemmas.
    // Most tokens start neither (kUnknown is past the end of both arrays).
    uint32_t key_node = key_ids[i] < root_keys.size() ? root_keys[key_ids[i]] : 0;
    uint32_t lemma_node = lemma_ids[i] < root_lemmas.size() ? root_lemmas[lemma_ids[i]] : 0;
    if (key_node == 0 && lemma_node == 0) continue;
    found.clear();
    // key_node and lemma_node are where the walks stand after token j - 1
    // (0 when a walk ended: the root has no entries).
    for (uint32_t j = i + 1;; ++j) {
      for (const NodeEntry& e : nodes_[key_node].entries) found.push_back({j, false, &e});
      for (const NodeEntry& e : nodes_[lemma_node].entries) found.push_back({j, false, &e});
      if (j >= end) break;
      if (key_node != 0) {
        key_node = (nodes_[key_node].children & 1) ? Child(key_node, key_ids[j], false) : 0;
      }
      if (lemma_node != 0) {
        lemma_node = (nodes_[lemma_node].children & 2) ? Child(lemma_node, lemma_ids[j], true) : 0;
      }
      if (key_node == 0 && lemma_node == 0) break;
    }
    if (found.empty()) continue;
    // Longest surviving match per group; every entry of a group with that
    // span is reported.
    for (Found& f : found) {
      const uint32_t g = f.e->group;
      f.ok = covered[g] <= i && surface_ok(i, f.end, *f.e);
      if (f.ok && f.end > best_end[g]) best_end[g] = f.end;
    }
    hits.clear();
    for (const Found& f : found) {
      const uint32_t g = f.e->group;
      if (!f.ok || f.end != best_end[g]) continue;
      hits.push_back(
          {(uint64_t{f.e->lexicon} << 32) | f.e->entry, {i, f.end, f.e->entry, f.e->lexicon}});
      if (covered[g] == 0) touched.push_back(g);
      covered[g] = f.end;  // decisions above used the values from before
    }
    for (const Found& f : found) best_end[f.e->group] = 0;
    if (hits.size() > 1) {
      std::sort(hits.begin(), hits.end(),
                [](const Hit& a, const Hit& b) { return a.order < b.order; });
    }
    for (const Hit& h : hits) out->push_back(h.m);
  }
  for (uint32_t g : touched) covered[g] = 0;
  touched.clear();
}

std::vector<std::pair<uint32_t, uint32_t>> LexiconSet::ShadowedEntries() const {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const Node& n : nodes_) {
    for (size_t a = 0; a < n.entries.size(); ++a) {
      for (size_t b = a + 1; b < n.entries.size(); ++b) {
        const Entry& ea = entries_[n.entries[a].entry];
        const Entry& eb = entries_[n.entries[b].entry];
        bool same_spec = ea.lexicon == eb.lexicon && ea.line == eb.line && ea.line != 0;
        if (group_of_[ea.lexicon] == group_of_[eb.lexicon] && !same_spec &&
            ea.case_sensitive == eb.case_sensitive &&
            (!ea.case_sensitive || ea.text == eb.text)) {
          out.emplace_back(n.entries[a].entry, n.entries[b].entry);
        }
      }
    }
  }
  return out;
}

}  // namespace argx::lexicon
