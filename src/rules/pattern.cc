#include "rules/pattern.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace argx::rules {
namespace {

constexpr int kMaxRepeat = 100;  // {m,n} bounds; RE2 itself stops at 1000
constexpr int kMaxDepth = 100;   // nesting of groups

bool IsSpecial(char c) {
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case '|':
    case '?': case '*': case '+': case '@': case '"': case '#':
      return true;
    default:
      return std::isspace(static_cast<unsigned char>(c)) != 0;
  }
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

class Parser {
 public:
  Parser(std::string_view src, const PositionMap& where, Diagnostic* error)
      : src_(src), where_(where), error_(error) {}

  bool Parse(PatternNode* out) {
    if (!ParseAlt(out, 0)) return false;
    Skip();
    if (pos_ < src_.size()) {
      if (src_[pos_] == ')') return Fail(pos_, "unbalanced ')'");
      return Fail(pos_, std::string("unexpected '") + src_[pos_] + "'");
    }
    if (out->kind == PatternNode::Kind::kSeq && out->children.empty()) {
      return Fail(0, "empty pattern");
    }
    return true;
  }

 private:
  bool Fail(size_t at, std::string message) {
    error_->severity = Diagnostic::Severity::kError;
    error_->pos = where_(static_cast<int>(at));
    error_->message = std::move(message);
    return false;
  }

  void Skip() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  bool AtEnd() {
    Skip();
    return pos_ >= src_.size();
  }

  // alt := seq ('|' seq)*
  bool ParseAlt(PatternNode* out, int depth) {
    if (depth > kMaxDepth) return Fail(pos_, "patterns nest too deep (more than 100 groups)");
    PatternNode first;
    size_t start = pos_;
    if (!ParseSeq(&first, depth)) return false;
    Skip();
    if (pos_ >= src_.size() || src_[pos_] != '|') {
      *out = std::move(first);
      return true;
    }
    PatternNode alt;
    alt.kind = PatternNode::Kind::kAlt;
    alt.offset = static_cast<int>(start);
    alt.children.push_back(std::move(first));
    while (!AtEnd() && src_[pos_] == '|') {
      size_t bar = pos_++;
      PatternNode next;
      if (!ParseSeq(&next, depth)) return false;
      if (next.children.empty()) return Fail(bar, "empty alternative after '|'");
      alt.children.push_back(std::move(next));
    }
    if (alt.children.front().children.empty()) return Fail(start, "empty alternative before '|'");
    *out = std::move(alt);
    return true;
  }

  // seq := item*
  bool ParseSeq(PatternNode* out, int depth) {
    out->kind = PatternNode::Kind::kSeq;
    out->offset = static_cast<int>(pos_);
    while (!AtEnd()) {
      char c = src_[pos_];
      if (c == '|' || c == ')') break;
      PatternNode item;
      if (!ParseItem(&item, depth)) return false;
      out->children.push_back(std::move(item));
    }
    return true;
  }

  // item := atom quantifier*
  bool ParseItem(PatternNode* out, int depth) {
    PatternNode atom;
    if (!ParseAtom(&atom, depth)) return false;
    while (pos_ < src_.size()) {  // quantifiers bind without spaces: "x?" not "x ?"
      char c = src_[pos_];
      int min, max;
      size_t qpos = pos_;
      if (c == '?') {
        min = 0, max = 1, ++pos_;
      } else if (c == '*') {
        min = 0, max = -1, ++pos_;
      } else if (c == '+') {
        min = 1, max = -1, ++pos_;
      } else if (c == '{') {
        if (!ParseBraces(&min, &max)) return false;
      } else {
        break;
      }
      PatternNode rep;
      rep.kind = PatternNode::Kind::kRepeat;
      rep.offset = static_cast<int>(qpos);
      rep.min = min;
      rep.max = max;
      // A '?' right after a quantifier makes it lazy, as in RE2: the
      // fewest repetitions that let the rest match ("," []{1,16}? ",").
      if (pos_ < src_.size() && src_[pos_] == '?') {
        rep.lazy = true;
        ++pos_;
      }
      rep.children.push_back(std::move(atom));
      atom = std::move(rep);
    }
    *out = std::move(atom);
    return true;
  }

  bool ParseInt(int* value) {
    size_t start = pos_;
    long v = 0;
    while (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_]))) {
      v = v * 10 + (src_[pos_] - '0');
      if (v > 1000000) v = 1000000;
      ++pos_;
    }
    if (pos_ == start) return false;
    *value = static_cast<int>(v);
    return true;
  }

  // {n} {m,n} {,n} {m,}
  bool ParseBraces(int* min, int* max) {
    size_t open = pos_++;
    int lo = 0, hi = -1;
    bool has_lo = ParseInt(&lo);
    if (pos_ < src_.size() && src_[pos_] == '}') {
      if (!has_lo) return Fail(open, "empty repetition '{}'");
      hi = lo;
    } else if (pos_ < src_.size() && src_[pos_] == ',') {
      ++pos_;
      if (!ParseInt(&hi)) hi = -1;
    } else {
      return Fail(pos_, "expected a number, ',' or '}' in repetition");
    }
    if (pos_ >= src_.size() || src_[pos_] != '}') return Fail(pos_, "expected '}'");
    ++pos_;
    if (hi != -1 && hi < lo) return Fail(open, "repetition {m,n} with n < m");
    if (lo > kMaxRepeat || hi > kMaxRepeat) {
      return Fail(open, "repetition bound over " + std::to_string(kMaxRepeat));
    }
    *min = lo;
    *max = hi;
    return true;
  }

  bool ParseAtom(PatternNode* out, int depth) {
    Skip();
    size_t start = pos_;
    out->offset = static_cast<int>(start);
    char c = src_[pos_];
    if (c == '(') {
      ++pos_;
      bool capture = false;
      std::string name;
      if (src_.substr(pos_, 2) == "?<" || src_.substr(pos_, 3) == "?P<") {
        pos_ += src_[pos_ + 1] == 'P' ? 3 : 2;
        size_t name_start = pos_;
        while (pos_ < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[pos_])) ||
                                      src_[pos_] == '_')) {
          ++pos_;
        }
        name = std::string(src_.substr(name_start, pos_ - name_start));
        if (name.empty() || pos_ >= src_.size() || src_[pos_] != '>') {
          return Fail(name_start, "expected a capture name and '>' after '(?<'");
        }
        ++pos_;
        capture = true;
      } else if (pos_ < src_.size() && src_[pos_] == '?') {
        return Fail(pos_, "unknown group syntax: use (...) or (?<name> ...)");
      }
      PatternNode inner;
      if (!ParseAlt(&inner, depth + 1)) return false;
      Skip();
      if (pos_ >= src_.size() || src_[pos_] != ')') return Fail(start, "unclosed '('");
      ++pos_;
      if (capture) {
        if (inner.kind == PatternNode::Kind::kSeq && inner.children.empty()) {
          return Fail(start, "empty capture '" + name + "'");
        }
        out->kind = PatternNode::Kind::kCapture;
        out->name = name;
        out->children.push_back(std::move(inner));
      } else {
        if (inner.kind == PatternNode::Kind::kSeq && inner.children.empty()) {
          return Fail(start, "empty group '()'");
        }
        *out = std::move(inner);
        out->offset = static_cast<int>(start);
      }
      return true;
    }
    if (c == '[') {
      out->kind = PatternNode::Kind::kToken;
      return ParseBracket(&out->test);
    }
    if (c == '@') {
      out->kind = PatternNode::Kind::kSpan;
      return ParseSpanRef(&out->span);
    }
    if (c == '"') {
      out->kind = PatternNode::Kind::kLiteral;
      return ParseString(&out->literal);
    }
    if (c == '?' || c == '*' || c == '+' || c == '{') {
      return Fail(pos_, std::string("'") + c + "' must follow an element");
    }
    if (c == ']' || c == '}') return Fail(pos_, std::string("unbalanced '") + c + "'");
    // A bare word: everything up to a special character.
    while (pos_ < src_.size() && !IsSpecial(src_[pos_])) ++pos_;
    out->kind = PatternNode::Kind::kLiteral;
    out->literal = std::string(src_.substr(start, pos_ - start));
    return true;
  }

  bool ParseString(std::string* out) {
    size_t open = pos_++;
    out->clear();
    while (pos_ < src_.size() && src_[pos_] != '"') {
      if (src_[pos_] == '\\' && pos_ + 1 < src_.size()) ++pos_;
      out->push_back(src_[pos_++]);
    }
    if (pos_ >= src_.size()) return Fail(open, "unterminated string");
    ++pos_;
    if (out->empty()) return Fail(open, "empty string");
    return true;
  }

  bool ParseName(std::string* out) {
    size_t start = pos_;
    while (pos_ < src_.size() && IsNameChar(src_[pos_])) ++pos_;
    *out = std::string(src_.substr(start, pos_ - start));
    return !out->empty();
  }

  // @name or @name[k=v|w, k!=v]
  bool ParseSpanRef(SpanRef* out) {
    out->offset = static_cast<int>(pos_);
    ++pos_;  // '@'
    if (!ParseName(&out->name)) return Fail(out->offset, "expected a lexicon or label name after '@'");
    if (pos_ < src_.size() && src_[pos_] == '[') {
      size_t open = pos_++;
      while (true) {
        Skip();
        if (pos_ >= src_.size()) return Fail(open, "unclosed '['");
        if (src_[pos_] == ']') {
          ++pos_;
          break;
        }
        AttrTest t;
        size_t key_at = pos_;
        if (!ParseName(&t.key)) return Fail(key_at, "expected an attribute name");
        Skip();
        if (src_.substr(pos_, 2) == "!=") {
          t.negated = true;
          pos_ += 2;
        } else if (pos_ < src_.size() && src_[pos_] == '=') {
          ++pos_;
        } else {
          return Fail(pos_, "expected '=' or '!=' after attribute '" + t.key + "'");
        }
        if (!ParseValues(&t.values)) return false;
        out->attrs.push_back(std::move(t));
        Skip();
        if (pos_ < src_.size() && src_[pos_] == ',') ++pos_;
      }
    }
    return true;
  }

  // v1|v2|"v 3"
  bool ParseValues(std::vector<std::string>* out) {
    while (true) {
      Skip();
      if (pos_ >= src_.size()) return Fail(pos_, "expected a value");
      std::string v;
      if (src_[pos_] == '"') {
        if (!ParseString(&v)) return false;
      } else {
        size_t start = pos_;
        while (pos_ < src_.size() && !std::isspace(static_cast<unsigned char>(src_[pos_])) &&
               src_[pos_] != '|' && src_[pos_] != ']' && src_[pos_] != ',' &&
               src_[pos_] != '&' && src_[pos_] != ')') {
          ++pos_;
        }
        if (pos_ == start) {
          // "[!lower=.|;|,]": these characters end a value unquoted.
          if (pos_ < src_.size() &&
              (src_[pos_] == ',' || src_[pos_] == '&' || src_[pos_] == ')' || src_[pos_] == '|')) {
            const std::string c(1, src_[pos_]);
            return Fail(start, "expected a value: '" + c +
                                   "' ends a value unquoted; to match it, quote it (\"" + c +
                                   "\")");
          }
          return Fail(start, "expected a value");
        }
        v = std::string(src_.substr(start, pos_ - start));
      }
      out->push_back(std::move(v));
      Skip();
      if (pos_ < src_.size() && src_[pos_] == '|') {
        ++pos_;
        continue;
      }
      return true;
    }
  }

  // [ conj ]
  bool ParseBracket(TokenTest* out) {
    size_t open = pos_++;
    Skip();
    if (pos_ < src_.size() && src_[pos_] == ']') {
      ++pos_;
      out->kind = TokenTest::Kind::kAny;
      out->offset = static_cast<int>(open);
      return true;
    }
    if (!ParseConj(out)) return false;
    Skip();
    if (pos_ >= src_.size()) return Fail(open, "unclosed '['");
    if (src_[pos_] != ']') return Fail(pos_, "expected ']' or '&'");
    ++pos_;
    return true;
  }

  bool ParseConj(TokenTest* out) {
    TokenTest first;
    if (!ParseUnary(&first)) return false;
    Skip();
    if (pos_ >= src_.size() || src_[pos_] != '&') {
      *out = std::move(first);
      return true;
    }
    out->kind = TokenTest::Kind::kAnd;
    out->offset = first.offset;
    out->children.push_back(std::move(first));
    while (!AtEnd() && src_[pos_] == '&') {
      ++pos_;
      TokenTest next;
      if (!ParseUnary(&next)) return false;
      out->children.push_back(std::move(next));
    }
    return true;
  }

  bool ParseUnary(TokenTest* out) {
    Skip();
    if (pos_ >= src_.size()) return Fail(pos_, "expected a token test");
    out->offset = static_cast<int>(pos_);
    char c = src_[pos_];
    if (c == '!') {
      ++pos_;
      out->kind = TokenTest::Kind::kNot;
      out->children.emplace_back();
      return ParseUnary(&out->children.back());
    }
    if (c == '(') {
      size_t open = pos_++;
      if (!ParseConj(out)) return false;
      Skip();
      if (pos_ >= src_.size() || src_[pos_] != ')') return Fail(open, "unclosed '('");
      ++pos_;
      return true;
    }
    if (c == '@') {
      out->kind = TokenTest::Kind::kInSpan;
      return ParseSpanRef(&out->span);
    }
    if (c == '"' || c == '\'') {  // [!","]: a literal needs its field inside brackets
      return Fail(pos_,
                  "a quoted word inside [ ] needs a field: write lower=\"...\" (any token "
                  "but a comma: [!lower=\",\"])");
    }
    std::string field;
    size_t field_at = pos_;
    if (!ParseName(&field)) return Fail(field_at, "expected a token test (lower=, word=, lemma=, shape=, re=, @name)");
    Skip();
    if (pos_ >= src_.size() || src_[pos_] != '=') {
      return Fail(pos_, "expected '=' after '" + field + "'");
    }
    ++pos_;
    if (field == "lower" || field == "key") {
      out->kind = TokenTest::Kind::kKey;
    } else if (field == "word") {
      out->kind = TokenTest::Kind::kSurface;
    } else if (field == "lemma") {
      out->kind = TokenTest::Kind::kLemma;
    } else if (field == "shape") {
      out->kind = TokenTest::Kind::kShape;
    } else if (field == "re") {
      out->kind = TokenTest::Kind::kRegex;
    } else {
      return Fail(field_at, "unknown token field '" + field +
                                "' (expected lower, word, lemma, shape or re)");
    }
    size_t values_at = pos_;
    if (!ParseValues(&out->values)) return false;
    if (out->kind == TokenTest::Kind::kShape) {
      static const std::set<std::string> kShapes = {"cap", "upper", "lower", "number",
                                                    "punct", "word", "initial", "abbrev"};
      for (const auto& v : out->values) {
        if (!kShapes.count(v)) {
          return Fail(values_at, "unknown shape '" + v +
                                     "' (expected cap, upper, lower, number, punct, word, "
                                     "initial or abbrev)");
        }
      }
    }
    if (out->kind == TokenTest::Kind::kRegex && out->values.size() != 1) {
      return Fail(values_at, "re= takes one regular expression (quote it)");
    }
    return true;
  }

  std::string_view src_;
  const PositionMap& where_;
  Diagnostic* error_;
  size_t pos_ = 0;
};

void CollectCaptures(const PatternNode& n, std::set<std::string>* out) {
  if (n.kind == PatternNode::Kind::kCapture) out->insert(n.name);
  for (const auto& c : n.children) CollectCaptures(c, out);
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i) out += "|";
    out += sorted[i];
  }
  return out;
}

}  // namespace

std::string SpanRef::Canonical() const {
  std::string out = name;
  if (!attrs.empty()) {
    std::vector<std::string> parts;
    for (const auto& a : attrs) parts.push_back(a.key + (a.negated ? "!=" : "=") + JoinValues(a.values));
    std::sort(parts.begin(), parts.end());
    out += "[";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
    out += "]";
  }
  return out;
}

std::string TokenTest::Canonical() const {
  switch (kind) {
    case Kind::kAny: return "any";
    case Kind::kKey: return "lower=" + JoinValues(values);
    case Kind::kSurface: return "word=" + JoinValues(values);
    case Kind::kLemma: return "lemma=" + JoinValues(values);
    case Kind::kShape: return "shape=" + JoinValues(values);
    case Kind::kRegex: return "re=" + values[0];
    case Kind::kInSpan: return "@" + span.Canonical();
    case Kind::kNot: return "!(" + children[0].Canonical() + ")";
    case Kind::kAnd: {
      std::vector<std::string> parts;
      for (const auto& c : children) parts.push_back(c.Canonical());
      std::sort(parts.begin(), parts.end());
      std::string out = "(";
      for (size_t i = 0; i < parts.size(); ++i) out += (i ? "&" : "") + parts[i];
      return out + ")";
    }
  }
  return "";
}

bool ParsePattern(std::string_view source, const PositionMap& where, PatternNode* out,
                  Diagnostic* error) {
  Parser p(source, where, error);
  *out = PatternNode();
  return p.Parse(out);
}

std::vector<std::string> CaptureNames(const PatternNode& node) {
  std::set<std::string> names;
  CollectCaptures(node, &names);
  return {names.begin(), names.end()};
}

}  // namespace argx::rules
