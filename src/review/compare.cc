#include "review/compare.h"

#include <algorithm>
#include <unordered_map>

#include "extract/extraction.h"

namespace argx::review {
namespace {

// Byte offset of code point `cp` in UTF-8 `text` (its size when past the end).
size_t ByteOfCodePoint(const std::string& text, uint32_t cp) {
  size_t i = 0;
  for (uint32_t n = 0; i < text.size() && n < cp; ++n) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// The extractions of each sentence as the lines that identify them.
std::vector<std::vector<ChangedExtraction>> BySentence(const extract::Extractions& x,
                                                       size_t sentences) {
  std::vector<std::vector<ChangedExtraction>> out(sentences);
  auto add = [&](uint32_t sentence, ChangedExtraction e) {
    if (sentence < out.size()) out[sentence].push_back(std::move(e));
  };
  auto identity = [](const extract::Actor& a) { return a.id + " " + a.type; };
  for (const auto& a : x.actors) add(a.sentence, {"actor", a.rule, extract::Describe(a), "", ""});
  for (const auto& s : x.stances) {
    add(s.sentence, {"stance", s.rule, extract::Describe(s), "", identity(s.holder)});
  }
  for (const auto& c : x.claims) {
    add(c.sentence, {"claim", c.rule, extract::Describe(c), extract::ClaimContentLine(c),
                     c.by_author ? "" : identity(c.claimant)});
  }
  return out;
}

std::string Key(const ChangedExtraction& e) {
  return e.line + '\n' + e.content + '\n' + e.identity;
}

// A line removed and a line added that read the same differ in the
// holder's or claimant's identity alone: both show it.
void ShowIdentities(SentenceChange* change) {
  for (auto& added : change->added) {
    for (auto& removed : change->removed) {
      if (added.line != removed.line || added.content != removed.content) continue;
      const char* who = added.kind == "stance" ? "holder" : "claimant";
      added.line += std::string("  {") + who + " " + added.identity + "}";
      removed.line += std::string("  {") + who + " " + removed.identity + "}";
      break;
    }
  }
}

// The entries of `a` not matched one-to-one by an equal entry of `b`, in
// `a`'s order.
std::vector<ChangedExtraction> Missing(const std::vector<ChangedExtraction>& a,
                                       const std::vector<ChangedExtraction>& b) {
  std::unordered_map<std::string, int> in_b;
  for (const auto& e : b) ++in_b[Key(e)];
  std::vector<ChangedExtraction> out;
  for (const auto& e : a) {
    int& n = in_b[Key(e)];
    if (n > 0) {
      --n;
    } else {
      out.push_back(e);
    }
  }
  return out;
}

bool SameSentences(const std::vector<store::SentenceSpan>& a,
                   const std::vector<store::SentenceSpan>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].start != b[i].start || a[i].end != b[i].end) return false;
  }
  return true;
}

}  // namespace

Status Compare(store::Store* before, store::Store* after, Comparison* out) {
  *out = Comparison();
  std::vector<store::StoredDocument> before_docs, after_docs;
  Status s = before->ListDocuments(&before_docs);
  if (s.ok()) s = after->ListDocuments(&after_docs);
  if (!s.ok()) return s;
  std::unordered_map<std::string, const store::StoredDocument*> by_path;
  for (const auto& d : before_docs) by_path[d.abs_path] = &d;
  int64_t matched = 0;
  for (const store::StoredDocument& doc : after_docs) {
    auto it = by_path.find(doc.abs_path);
    if (it == by_path.end()) {
      ++out->documents_only_after;
      continue;
    }
    const store::StoredDocument& old = *it->second;
    ++matched;
    std::vector<store::SentenceSpan> old_sentences, sentences;
    s = before->ReadSentences(old.id, &old_sentences);
    if (s.ok()) s = after->ReadSentences(doc.id, &sentences);
    if (!s.ok()) return s;
    if (!SameSentences(old_sentences, sentences)) {
      ++out->documents_resegmented;
      continue;
    }
    ++out->documents;
    out->sentences += static_cast<int64_t>(sentences.size());
    extract::Extractions old_x, x;
    s = before->ReadExtractions(old.id, &old_x, nullptr);
    if (s.ok()) s = after->ReadExtractions(doc.id, &x, nullptr);
    if (!s.ok()) return s;
    const auto old_lines = BySentence(old_x, sentences.size());
    const auto lines = BySentence(x, sentences.size());
    std::string text;
    for (size_t i = 0; i < sentences.size(); ++i) {
      SentenceChange change;
      change.added = Missing(lines[i], old_lines[i]);
      change.removed = Missing(old_lines[i], lines[i]);
      if (change.added.empty() && change.removed.empty()) continue;
      ShowIdentities(&change);
      if (text.empty()) {
        s = after->DocumentText(doc.id, &text);
        if (!s.ok()) return s;
      }
      const size_t begin = ByteOfCodePoint(text, sentences[i].start);
      const size_t end = ByteOfCodePoint(text, sentences[i].end);
      change.path = doc.path;
      change.sentence = static_cast<uint32_t>(i);
      change.text = text.substr(begin, end - begin);
      for (const auto& e : change.added) {
        ++out->added[e.kind];
        ++out->by_rule[e.rule].first;
      }
      for (const auto& e : change.removed) {
        ++out->removed[e.kind];
        ++out->by_rule[e.rule].second;
      }
      out->changes.push_back(std::move(change));
    }
  }
  out->documents_only_before = static_cast<int64_t>(before_docs.size()) - matched;
  return Status::Ok();
}

}  // namespace argx::review
