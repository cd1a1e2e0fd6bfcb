#include "lexicon/lexicon.h"

#include <algorithm>

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

}  // namespace

uint32_t Vocab::Intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(std::string(s), id);
  return id;
}

uint32_t Vocab::Find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? kUnknown : it->second;
}

void Vocab::Lookup(const text::AnalyzedText& doc, std::vector<uint32_t>* key_ids,
                   std::vector<uint32_t>* lemma_ids) const {
  key_ids->resize(doc.tokens.size());
  lemma_ids->resize(doc.tokens.size());
  for (size_t i = 0; i < doc.tokens.size(); ++i) {
    const text::Token& t = doc.tokens[i];
    std::string_view key = doc.Key(t);
    std::string_view lemma = doc.Lemma(t);
    uint32_t k = Find(key);
    (*key_ids)[i] = k;
    (*lemma_ids)[i] = lemma == key ? k : Find(lemma);
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
