#include "input/html.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "input/json_util.h"

namespace argx::input {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TagName(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return {};
  const GumboElement& el = node->v.element;
  if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
  return {};
}

bool Is(const GumboNode* node, const char* tag) { return TagName(node) == tag; }

const char* Attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a == nullptr ? nullptr : a->value;
}

const GumboVector* Children(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

template <typename F>
void ForEachChild(const GumboNode* node, F&& f) {
  const GumboVector* children = Children(node);
  if (children == nullptr) return;
  for (unsigned i = 0; i < children->length; ++i) {
    f(static_cast<const GumboNode*>(children->data[i]));
  }
}

const std::set<std::string_view>& DroppedTags() {
  static const std::set<std::string_view> kTags = {
      "nav",   "aside",  "footer", "script",   "style",  "noscript", "template",
      "form",  "button", "select", "textarea", "iframe", "svg",      "object",
      "embed", "canvas", "dialog", "menu",     "head"};
  return kTags;
}

const std::set<std::string_view>& BlockTags() {
  static const std::set<std::string_view> kTags = {
      "address", "article", "blockquote", "body",       "br",      "caption", "dd",
      "div",     "dl",      "dt",         "figcaption", "figure",  "h1",      "h2",
      "h3",      "h4",      "h5",         "h6",         "header",  "hr",      "li",
      "main",    "ol",      "p",          "pre",        "section", "table",   "td",
      "th",      "tr",      "ul",         "summary",    "details", "hgroup"};
  return kTags;
}

// A class or id that names boilerplate: one of its parts, split at spaces,
// '-' and '_', is a word of the list.
bool IsBoilerplateName(const char* value) {
  if (value == nullptr) return false;
  static const std::set<std::string> kWords = {
      "ad",        "ads",       "advert",     "advertisement", "banner",  "promo",
      "sponsored", "share",     "social",     "newsletter",    "related", "comments",
      "cookie",    "subscribe", "breadcrumb", "sidebar",       "menu"};
  std::string part;
  for (const char* p = value;; ++p) {
    char c = *p;
    if (c == '\0' || c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n') {
      if (!part.empty() && kWords.count(Lower(part))) return true;
      part.clear();
      if (c == '\0') return false;
    } else {
      part += c;
    }
  }
}

bool Dropped(const GumboNode* node, bool drop_header) {
  if (node->type == GUMBO_NODE_COMMENT) return true;
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return false;
  std::string_view tag = TagName(node);
  if (DroppedTags().count(tag)) return true;
  if (drop_header && tag == "header") return true;
  if (Attribute(node, "hidden") != nullptr) return true;
  const char* aria = Attribute(node, "aria-hidden");
  if (aria != nullptr && std::strcmp(aria, "true") == 0 && tag != "span" && tag != "i") return true;
  return IsBoilerplateName(Attribute(node, "class")) || IsBoilerplateName(Attribute(node, "id"));
}

// --- Text -------------------------------------------------------------------

class TextWriter {
 public:
  explicit TextWriter(bool drop_header) : drop_header_(drop_header) {}

  void Write(const GumboNode* node) {
    if (Dropped(node, drop_header_)) return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      AppendInline(node->v.text.text);
      return;
    }
    bool block = BlockTags().count(TagName(node)) > 0;
    if (Is(node, "h1")) has_h1_ = true;
    if (block) EndLine();
    ForEachChild(node, [&](const GumboNode* child) { Write(child); });
    if (block) EndLine();
  }

  std::string Finish() {
    EndLine();
    return std::move(out_);
  }
  bool has_h1() const { return has_h1_; }

 private:
  void AppendInline(const char* s) {
    for (; *s != '\0'; ++s) {
      char c = *s;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = !line_.empty();
        continue;
      }
      // U+00A0 (no-break space) is kept as it is: it is text.
      if (space_) line_ += ' ';
      space_ = false;
      line_ += c;
    }
  }

  void EndLine() {
    if (!line_.empty()) {
      out_ += line_;
      out_ += '\n';
    }
    line_.clear();
    space_ = false;
  }

  bool drop_header_;
  bool has_h1_ = false;
  bool space_ = false;
  std::string line_, out_;
};

// The text of `node` for measuring: all text below it except dropped parts.
size_t TextLength(const GumboNode* node) {
  if (Dropped(node, false)) return 0;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
    size_t n = 0;
    for (const char* s = node->v.text.text; *s != '\0'; ++s) {
      if (!std::isspace(static_cast<unsigned char>(*s))) ++n;
    }
    return n;
  }
  size_t n = 0;
  ForEachChild(node, [&](const GumboNode* child) { n += TextLength(child); });
  return n;
}

// --- Choosing the content -------------------------------------------------------

void FindAll(const GumboNode* node, const std::function<bool(const GumboNode*)>& want,
             std::vector<const GumboNode*>* out) {
  if (node->type == GUMBO_NODE_ELEMENT && want(node)) out->push_back(node);
  ForEachChild(node, [&](const GumboNode* child) { FindAll(child, want, out); });
}

const GumboNode* Largest(const std::vector<const GumboNode*>& nodes) {
  const GumboNode* best = nullptr;
  size_t best_len = 0;
  for (const GumboNode* n : nodes) {
    size_t len = TextLength(n);
    if (best == nullptr || len > best_len) best = n, best_len = len;
  }
  return best_len > 0 ? best : nullptr;
}

// The element whose <p> children (not dropped) hold the most text.
const GumboNode* Densest(const GumboNode* root) {
  const GumboNode* best = nullptr;
  size_t best_score = 0;
  std::function<void(const GumboNode*)> visit = [&](const GumboNode* node) {
    if (Dropped(node, true)) return;
    size_t score = 0;
    ForEachChild(node, [&](const GumboNode* child) {
      if (Is(child, "p") && !Dropped(child, true)) score += TextLength(child);
      visit(child);
    });
    if (score > best_score) best = node, best_score = score;
  };
  visit(root);
  return best;
}

const GumboNode* FindFirst(const GumboNode* node, const char* tag) {
  if (Is(node, tag)) return node;
  const GumboNode* found = nullptr;
  ForEachChild(node, [&](const GumboNode* child) {
    if (found == nullptr) found = FindFirst(child, tag);
  });
  return found;
}

// --- Metadata -----------------------------------------------------------------

std::string NodeText(const GumboNode* node) {
  std::string out;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
      node->type == GUMBO_NODE_CDATA) {
    return node->v.text.text;
  }
  ForEachChild(node, [&](const GumboNode* child) { out += NodeText(child); });
  return out;
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// The JSON-LD objects of a script's text, flattened (@graph, arrays).
void JsonLdObjects(const nlohmann::json& j, std::vector<const nlohmann::json*>* out) {
  if (j.is_array()) {
    for (const auto& item : j) JsonLdObjects(item, out);
  } else if (j.is_object()) {
    out->push_back(&j);
    auto graph = j.find("@graph");
    if (graph != j.end()) JsonLdObjects(*graph, out);
  }
}

void ReadMetadata(const GumboNode* root, Metadata* meta) {
  std::vector<const GumboNode*> metas, links, scripts;
  FindAll(
      root, [](const GumboNode* n) { return Is(n, "meta"); }, &metas);
  FindAll(
      root, [](const GumboNode* n) { return Is(n, "link"); }, &links);
  FindAll(
      root, [](const GumboNode* n) { return Is(n, "script"); }, &scripts);
  Metadata found;
  auto set_once = [](Metadata* m, std::string_view key, const std::string& value) {
    Metadata probe;
    probe.Set(key, value);
    m->MergeMissing(probe);
  };
  std::string og_url;
  for (const GumboNode* n : metas) {
    const char* name = Attribute(n, "property");
    if (name == nullptr) name = Attribute(n, "name");
    const char* content = Attribute(n, "content");
    if (name == nullptr || content == nullptr) continue;
    std::string key = Lower(name);
    if (key == "og:title") set_once(&found, "title", content);
    if (key == "og:site_name") set_once(&found, "source", content);
    if (key == "article:published_time") set_once(&found, "date", content);
    if (key == "author") set_once(&found, "author", content);  // not article:author: a URL
    if (key == "og:url" && og_url.empty()) og_url = content;
  }
  for (const GumboNode* n : links) {
    const char* rel = Attribute(n, "rel");
    const char* href = Attribute(n, "href");
    if (rel != nullptr && href != nullptr && Lower(rel) == "canonical") {
      set_once(&found, "url", href);
    }
  }
  if (!og_url.empty()) set_once(&found, "url", og_url);
  for (const GumboNode* n : scripts) {
    const char* type = Attribute(n, "type");
    if (type == nullptr || Lower(type) != "application/ld+json") continue;
    nlohmann::json j;
    std::string error;
    if (!ParseJson(NodeText(n), &j, &error)) continue;  // a broken block is ignored
    std::vector<const nlohmann::json*> objects;
    JsonLdObjects(j, &objects);
    for (const nlohmann::json* o : objects) {
      for (auto [path, key] : {std::pair{"headline", "title"},
                               {"datePublished", "date"},
                               {"publisher.name", "source"},
                               {"author", "author"},
                               {"url", "url"}}) {
        const nlohmann::json* v = Member(*o, path);
        std::string s;
        if (v != nullptr && ValueString(*v, &s)) set_once(&found, key, s);
      }
    }
  }
  if (const GumboNode* title = FindFirst(root, "title")) {
    set_once(&found, "title", Collapse(NodeText(title)));
  }
  *meta = std::move(found);
}

}  // namespace

void ExtractHtml(std::string_view html, HtmlPage* out) {
  *out = {};
  GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  const GumboNode* root = parsed->root;
  ReadMetadata(root, &out->meta);

  std::vector<const GumboNode*> candidates;
  FindAll(
      root, [](const GumboNode* n) { return Is(n, "article"); }, &candidates);
  const GumboNode* content = Largest(candidates);
  if (content == nullptr) {
    candidates.clear();
    FindAll(
        root,
        [](const GumboNode* n) {
          const char* role = Attribute(n, "role");
          return Is(n, "main") || (role != nullptr && Lower(role) == "main");
        },
        &candidates);
    content = Largest(candidates);
  }
  if (content == nullptr) content = Densest(root);
  const GumboNode* body = FindFirst(root, "body");
  if (content == nullptr) content = body != nullptr ? body : root;

  TextWriter writer(/*drop_header=*/content == body || content == root);
  writer.Write(content);
  std::string text = writer.Finish();
  if (!writer.has_h1() && !out->meta.title.empty() && !text.empty()) {
    text = out->meta.title + "\n" + text;
  }
  out->text = std::move(text);
  gumbo_destroy_output(&kGumboDefaultOptions, parsed);
}

}  // namespace argx::input
