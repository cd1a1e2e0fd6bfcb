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
  uint64_t k = (static_cast<uint64_t>(node) << 33) | (static_cast<uint64_t>(by_lemma) << 32) | id;
  auto it = edges_.find(k);
  return it == edges_.end() ? 0 : it->second;  // node 0 is the root: never a child
}

uint32_t LexiconSet::AddChild(uint32_t node, uint32_t id, bool by_lemma) {
  uint64_t k = (static_cast<uint64_t>(node) << 33) | (static_cast<uint64_t>(by_lemma) << 32) | id;
  auto it = edges_.find(k);
  if (it != edges_.end()) return it->second;
  uint32_t child = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  edges_.emplace(k, child);
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
    nodes_[node].entries.push_back(static_cast<uint32_t>(entries_.size()));
    entries_.push_back(std::move(e));
  }
  ++sizes_[lexicon];
  return Status::Ok();
}

void LexiconSet::Build() {
  // Entries at one node in definition order already; nothing else to freeze.
  // (Kept as an explicit step so a faster layout can replace the hash map.)
}

void LexiconSet::Match(const text::AnalyzedText& doc, const std::vector<uint32_t>& key_ids,
                       const std::vector<uint32_t>& lemma_ids, uint32_t first, uint32_t end,
                       std::vector<lexicon::Match>* out) const {
  // Per group: the token index before which the group may not start a match.
  thread_local std::vector<uint32_t> covered;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> found;  // (end, entry)
  thread_local std::vector<uint32_t> best_end;
  covered.assign(group_ids_.size(), first);
  best_end.assign(group_ids_.size(), 0);
  // Two frontiers walk the trie: one node can be reached by key and by lemma.
  thread_local std::vector<uint32_t> frontier, next;
  for (uint32_t i = first; i < end; ++i) {
    found.clear();
    frontier.assign(1, 0);
    for (uint32_t j = i; j < end && !frontier.empty(); ++j) {
      next.clear();
      uint32_t k = key_ids[j], l = lemma_ids[j];
      for (uint32_t node : frontier) {
        if (k != Vocab::kUnknown) {
          if (uint32_t c = Child(node, k, false)) next.push_back(c);
        }
        if (l != Vocab::kUnknown) {
          if (uint32_t c = Child(node, l, true)) next.push_back(c);
        }
      }
      for (uint32_t node : next) {
        for (uint32_t e : nodes_[node].entries) found.emplace_back(j + 1, e);
      }
      frontier.swap(next);
    }
    if (found.empty()) continue;
    // Case-sensitive entries must equal the surface text (spaces ignored).
    auto surface_ok = [&](uint32_t span_end, const Entry& e) {
      if (!e.case_sensitive) return true;
      std::string_view s = doc.Span(i, span_end);
      size_t p = 0;
      for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (p >= e.text.size() || e.text[p] != c) return false;
        ++p;
      }
      return p == e.text.size();
    };
    // Longest surviving match per group.
    for (auto& [span_end, e] : found) {
      const Entry& entry = entries_[e];
      uint32_t g = group_of_[entry.lexicon];
      if (covered[g] > i || !surface_ok(span_end, entry)) continue;
      best_end[g] = std::max(best_end[g], span_end);
    }
    size_t before = out->size();
    for (auto& [span_end, e] : found) {
      const Entry& entry = entries_[e];
      uint32_t g = group_of_[entry.lexicon];
      if (covered[g] > i || span_end != best_end[g] || !surface_ok(span_end, entry)) continue;
      out->push_back({i, span_end, e});
    }
    for (size_t m = before; m < out->size(); ++m) {
      uint32_t g = group_of_[entries_[(*out)[m].entry].lexicon];
      covered[g] = (*out)[m].end;
      best_end[g] = 0;
    }
    for (auto& [span_end, e] : found) best_end[group_of_[entries_[e].lexicon]] = 0;
    std::sort(out->begin() + before, out->end(), [&](const lexicon::Match& a, const lexicon::Match& b) {
      return entries_[a.entry].lexicon < entries_[b.entry].lexicon ||
             (entries_[a.entry].lexicon == entries_[b.entry].lexicon && a.entry < b.entry);
    });
  }
}

std::vector<std::pair<uint32_t, uint32_t>> LexiconSet::ShadowedEntries() const {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const Node& n : nodes_) {
    for (size_t a = 0; a < n.entries.size(); ++a) {
      for (size_t b = a + 1; b < n.entries.size(); ++b) {
        const Entry& ea = entries_[n.entries[a]];
        const Entry& eb = entries_[n.entries[b]];
        bool same_spec = ea.lexicon == eb.lexicon && ea.line == eb.line && ea.line != 0;
        if (group_of_[ea.lexicon] == group_of_[eb.lexicon] && !same_spec &&
            ea.case_sensitive == eb.case_sensitive &&
            (!ea.case_sensitive || ea.text == eb.text)) {
          out.emplace_back(n.entries[a], n.entries[b]);
        }
      }
    }
  }
  return out;
}

}  // namespace argx::lexicon
