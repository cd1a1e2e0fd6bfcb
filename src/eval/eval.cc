#include "eval/eval.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

namespace argx::eval {
namespace {

using Json = nlohmann::json;

const std::set<std::string>& StopWords() {
  static const std::set<std::string> kStop = {
      "a",    "an",   "the",  "of",    "to",    "in",      "on",     "for",       "from",
      "with", "by",   "and",  "or",    "as",    "at",      "its",    "their",     "his",
      "her",  "this", "that", "these", "those", "be",      "is",     "are",       "was",
      "were", "has",  "have", "had",   "into",  "towards", "toward", "regarding", "any"};
  return kStop;
}

std::vector<int32_t> CodePoints(std::string_view s) {
  std::vector<int32_t> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
    if (n <= 0) {
      c = 0xFFFD;
      n = 1;
    }
    out.push_back(c);
    p += n;
    left -= n;
  }
  return out;
}

void AppendUtf8(int32_t c, std::string* out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(c, buf);
  out->append(reinterpret_cast<char*>(buf), n);
}

bool IsWordChar(int32_t c) {
  if (c == '_') return true;
  switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool IsSpace(int32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1c ||
         c == 0x1d || c == 0x1e || c == 0x1f || c == 0x85 ||
         utf8proc_category(c) == UTF8PROC_CATEGORY_ZS ||
         utf8proc_category(c) == UTF8PROC_CATEGORY_ZL ||
         utf8proc_category(c) == UTF8PROC_CATEGORY_ZP;
}

std::vector<int32_t> Strip(std::vector<int32_t> v) {
  size_t b = 0, e = v.size();
  while (b < e && IsSpace(v[b])) ++b;
  while (e > b && IsSpace(v[e - 1])) --e;
  return std::vector<int32_t>(v.begin() + b, v.begin() + e);
}

std::vector<int32_t> NormCodePoints(std::string_view s) {
  std::string nfkc;
  if (!s.empty()) {
    utf8proc_uint8_t* out =
        utf8proc_NFKC(reinterpret_cast<const utf8proc_uint8_t*>(std::string(s).c_str()));
    if (out != nullptr) {
      nfkc = reinterpret_cast<char*>(out);
      free(out);
    } else {
      nfkc = std::string(s);
    }
  }
  std::vector<int32_t> cps = CodePoints(nfkc);
  for (int32_t& c : cps) {
    if (c == 0x2019) c = '\'';
    c = utf8proc_tolower(c);
  }
  cps = Strip(std::move(cps));
  // ^the\s+
  if (cps.size() > 3 && cps[0] == 't' && cps[1] == 'h' && cps[2] == 'e' && IsSpace(cps[3])) {
    size_t i = 3;
    while (i < cps.size() && IsSpace(cps[i])) ++i;
    cps.erase(cps.begin(), cps.begin() + i);
  }
  // 's$
  if (cps.size() >= 2 && cps[cps.size() - 2] == '\'' && cps.back() == 's')
    cps.resize(cps.size() - 2);
  std::vector<int32_t> kept;
  for (int32_t c : cps) {
    if (IsWordChar(c) || c == '\'' || c == ' ' || c == '-') kept.push_back(c);
  }
  return Strip(std::move(kept));
}

std::set<std::string> Words(std::string_view s) {
  std::set<std::string> out;
  std::string cur;
  for (int32_t c : NormCodePoints(s)) {
    if (IsWordChar(c)) {
      AppendUtf8(c, &cur);
    } else if (!cur.empty()) {
      if (!StopWords().count(cur)) out.insert(cur);
      cur.clear();
    }
  }
  if (!cur.empty() && !StopWords().count(cur)) out.insert(cur);
  return out;
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::string Basename(const std::string& p) {
  size_t slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

bool Overlaps(long as, long ae, long bs, long be) { return as < be && bs < ae; }

struct Pred {
  const Prediction* p;
  std::set<std::string> ents;
  std::string key;
  int n = 0;
};

std::set<std::string> Resolve(const GoldDoc& g, std::initializer_list<const std::string*> names) {
  std::set<std::string> out;
  for (const std::string* n : names) {
    if (n->empty()) continue;
    auto it = g.alias.find(NormName(*n));
    if (it != g.alias.end()) out.insert(it->second.begin(), it->second.end());
  }
  return out;
}

int SentenceOf(const GoldDoc& g, long offset) {
  for (const auto& [n, end] : g.sentence_ends) {
    if (offset < end) return static_cast<int>(n);
  }
  return g.sentence_ends.empty() ? 0 : static_cast<int>(g.sentence_ends.back().first);
}

std::string JoinSet(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += x + "\x1f";
  return out;
}

// Greedy one-to-one matching as score.py's match(): non-optional gold first.
Tally Match(const std::vector<const GoldItem*>& golds_in, const std::vector<Pred>& preds,
            const std::function<bool(const GoldItem&, const Pred&)>& fits,
            std::vector<std::pair<const GoldItem*, const Pred*>>* pairs,
            std::vector<const GoldItem*>* misses, std::vector<const Pred*>* false_pos) {
  std::vector<const GoldItem*> golds = golds_in;
  std::stable_sort(golds.begin(), golds.end(), [](const GoldItem* a, const GoldItem* b) {
    return !a->optional && b->optional;
  });
  Tally t;
  std::vector<char> used(preds.size(), 0);
  for (const GoldItem* g : golds) {
    bool found = false;
    for (size_t i = 0; i < preds.size(); ++i) {
      if (!used[i] && fits(*g, preds[i])) {
        used[i] = 1;
        if (pairs) pairs->emplace_back(g, &preds[i]);
        if (!g->optional) ++t.tp;
        found = true;
        break;
      }
    }
    if (!found && !g->optional) {
      ++t.fn;
      misses->push_back(g);
    }
  }
  for (size_t i = 0; i < preds.size(); ++i) {
    if (!used[i]) {
      ++t.fp;
      false_pos->push_back(&preds[i]);
    }
  }
  return t;
}

std::string SentenceText(int n, const std::vector<std::string>& texts) {
  return n >= 1 && n <= static_cast<int>(texts.size()) ? texts[n - 1] : "";
}

}  // namespace

std::string NormName(std::string_view s) {
  std::string out;
  for (int32_t c : NormCodePoints(s)) AppendUtf8(c, &out);
  return out;
}

Status LoadGold(const std::vector<std::string>& paths, GoldSet* out) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> here;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        if (e.path().extension() == ".json") here.push_back(e.path().string());
      }
      std::sort(here.begin(), here.end());
      files.insert(files.end(), here.begin(), here.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      return Status::Error(p + ": no such gold file or directory");
    }
  }
  for (const std::string& f : files) {
    std::ifstream in(f);
    Json j;
    try {
      in >> j;
    } catch (const std::exception& e) {
      return Status::Error(f + ": not valid JSON: " + e.what());
    }
    GoldDoc g;
    try {
      g.name = j.at("document").get<std::string>();
      for (auto& [name, e] : j.at("entities").items()) {
        std::vector<std::string> aliases = {name};
        for (const auto& a : e.at("aliases")) aliases.push_back(a.get<std::string>());
        for (const auto& a : aliases) g.alias[NormName(a)].insert(name);
      }
      for (const auto& m : j.at("mentions")) {
        GoldItem it;
        it.start = m.at("start").get<long>();
        it.end = m.at("end").get<long>();
        it.text = Str(m, "text");
        it.entity = m.at("entity").get<std::string>();
        it.optional = m.value("optional", false);
        g.mentions.push_back(std::move(it));
      }
      for (const auto& s : j.at("sentences")) {
        int n = s.at("n").get<int>();
        g.sentence_ends.emplace_back(n, s.at("end").get<long>());
        for (const auto& st : s.value("stances", Json::array())) {
          GoldItem it;
          it.n = n;
          for (const auto& h : st.at("holder")) it.holders.push_back(h.get<std::string>());
          it.polarity = Str(st, "polarity");
          it.target = Str(st, "target");
          it.cue = Str(st, "cue");
          it.optional = st.value("optional", false);
          g.stances.push_back(std::move(it));
        }
        for (const auto& cl : s.value("claims", Json::array())) {
          GoldItem it;
          it.n = n;
          for (const auto& h : cl.at("claimant")) it.holders.push_back(h.get<std::string>());
          it.type = Str(cl, "type");
          it.cue = Str(cl, "cue");
          it.optional = cl.value("optional", false);
          g.claims.push_back(std::move(it));
        }
      }
    } catch (const std::exception& e) {
      return Status::Error(f + ": not in the gold format: " + e.what());
    }
    out->docs.push_back(std::move(g));
  }
  if (out->docs.empty()) return Status::Error("no gold files (*.json) found");
  return Status::Ok();
}

double EvalResult::macro_f1() const {
  double sum = 0;
  for (const char* k : {"actor", "stance", "claim"}) {
    auto it = kinds.find(k);
    if (it != kinds.end()) sum += it->second.f1();
  }
  return sum / 3;
}

std::string EvalResult::Table() const {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-15s%5s%5s%5s%8s%8s%8s\n", "kind", "tp", "fp", "fn", "P", "R",
                "F1");
  out += buf;
  for (const char* k : {"actor", "stance", "stance-strict", "claim"}) {
    const Tally& t = kinds.at(k);
    std::snprintf(buf, sizeof buf, "%-15s%5d%5d%5d%8.3f%8.3f%8.3f\n", k, t.tp, t.fp, t.fn,
                  t.precision(), t.recall(), t.f1());
    out += buf;
  }
  std::snprintf(
      buf, sizeof buf,
      "claim types right: %d/%d; predictions whose text is not the text at their offsets: %d/%d\n",
      claim_types_right, claim_types_total, offset_errors, predictions);
  out += buf;
  return out;
}

std::string EvalResult::Json() const {
  nlohmann::json j;
  for (const auto& [k, t] : kinds) {
    j[k] = {{"precision", t.precision()},
            {"recall", t.recall()},
            {"f1", t.f1()},
            {"tp", t.tp},
            {"fp", t.fp},
            {"fn", t.fn}};
  }
  j["claim-type-accuracy"] =
      claim_types_total ? double(claim_types_right) / claim_types_total : 0.0;
  j["offset-errors"] = offset_errors;
  j["macro-f1"] = macro_f1();
  j["documents"] = documents;
  return j.dump();
}

EvalResult Evaluate(const GoldSet& gold, const std::vector<Prediction>& all_preds) {
  EvalResult r;
  for (const char* k : {"actor", "stance", "stance-strict", "claim"}) r.kinds[k] = Tally();
  r.documents = static_cast<int>(gold.docs.size());
  for (const GoldDoc& g : gold.docs) {
    std::vector<const Prediction*> preds;
    for (const Prediction& p : all_preds) {
      if (Basename(p.doc) == g.name && !p.agent) preds.push_back(&p);
    }
    // Code point offsets -> byte offsets, and the gold sentences' texts.
    std::vector<size_t> byte_at;
    {
      const auto* s = reinterpret_cast<const utf8proc_uint8_t*>(g.text.data());
      size_t i = 0;
      while (i < g.text.size()) {
        byte_at.push_back(i);
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, g.text.size() - i, &c);
        i += n > 0 ? n : 1;
      }
      byte_at.push_back(g.text.size());
    }
    auto slice = [&](long b, long e) -> std::string {
      long n = static_cast<long>(byte_at.size()) - 1;
      b = std::clamp(b, 0L, n);
      e = std::clamp(e, b, n);
      return g.text.substr(byte_at[b], byte_at[e] - byte_at[b]);
    };
    std::vector<std::string> sentence_texts;
    {
      long prev = 0;
      for (const auto& [n, end] : g.sentence_ends) {
        std::string t = slice(prev, end);
        size_t a = t.find_first_not_of(" \n\r\t");
        sentence_texts.push_back(a == std::string::npos ? "" : t.substr(a));
        prev = end;
      }
    }
    for (const Prediction* p : preds) {
      ++r.predictions;
      if (slice(p->start, p->end) != p->text) ++r.offset_errors;
    }

    auto add_errors = [&](const std::string& kind, const std::vector<const GoldItem*>& misses,
                          const std::vector<const Pred*>& fps, bool sentence_items) {
      for (const GoldItem* m : misses) {
        EvalError e;
        e.kind = kind;
        e.miss = true;
        e.doc = g.name;
        e.sentence = sentence_items ? m->n : SentenceOf(g, m->start);
        e.sentence_text = SentenceText(e.sentence, sentence_texts);
        if (kind == "actor") {
          e.what = "'" + m->text + "' -> " + m->entity;
        } else if (kind == "claim") {
          e.what = m->holders.empty() ? "" : m->holders[0];
          e.what += " " + m->type + " (cue '" + m->cue + "')";
        } else {
          e.what = (m->holders.empty() ? "" : m->holders[0]) + " " + m->polarity + " '" +
                   m->target + "' (cue '" + m->cue + "')";
        }
        r.errors.push_back(std::move(e));
      }
      for (const Pred* f : fps) {
        EvalError e;
        e.kind = kind;
        e.miss = false;
        e.doc = g.name;
        e.sentence = f->n ? f->n : SentenceOf(g, f->p->start);
        e.sentence_text = SentenceText(e.sentence, sentence_texts);
        e.rule = f->p->rule;
        if (kind == "actor") {
          e.what = "'" + f->p->text + "' -> " + f->p->actor;
        } else if (kind == "claim") {
          e.what = f->p->claimant + " " + f->p->claim_type + " (cue '" + f->p->cue + "')";
        } else {
          e.what = f->p->holder + " " + f->p->polarity + " '" + f->p->target + "' (cue '" +
                   f->p->cue + "')";
        }
        r.errors.push_back(std::move(e));
      }
    };

    // Actors.
    std::vector<Pred> actors;
    {
      std::set<std::string> seen;
      for (const Prediction* p : preds) {
        if (p->kind != "actor") continue;
        Pred x{p, Resolve(g, {&p->actor, &p->actor_id, &p->text}), "", 0};
        x.key = std::to_string(p->start) + "|" + std::to_string(p->end) + "|" + JoinSet(x.ents);
        if (seen.insert(x.key).second) actors.push_back(std::move(x));
      }
      std::vector<Pred> kept;
      for (Pred& x : actors) {
        bool on_optional = false, on_match = false;
        for (const GoldItem& m : g.mentions) {
          if (!Overlaps(x.p->start, x.p->end, m.start, m.end)) continue;
          if (m.optional)
            on_optional = true;
          else if (x.ents.count(m.entity))
            on_match = true;
        }
        if (!on_optional || on_match) kept.push_back(std::move(x));
      }
      actors = std::move(kept);
    }
    std::vector<const GoldItem*> gm;
    for (const GoldItem& m : g.mentions) {
      if (!m.optional) gm.push_back(&m);
    }
    std::vector<const GoldItem*> misses;
    std::vector<const Pred*> fps;
    Tally t = Match(
        gm, actors,
        [](const GoldItem& a, const Pred& p) {
          return Overlaps(a.start, a.end, p.p->start, p.p->end) && p.ents.count(a.entity);
        },
        nullptr, &misses, &fps);
    r.kinds["actor"].tp += t.tp, r.kinds["actor"].fp += t.fp, r.kinds["actor"].fn += t.fn;
    add_errors("actor", misses, fps, false);

    // Stances and claims, one per key (the first wins).
    std::vector<Pred> stances, claims;
    std::set<std::string> stance_keys, claim_keys;
    for (const Prediction* p : preds) {
      int n = SentenceOf(g, p->start);
      if (p->kind == "stance") {
        Pred x{p, Resolve(g, {&p->holder, &p->holder_text}), "", n};
        x.key = std::to_string(n) + "|" +
                (x.ents.empty() ? "N:" + NormName(p->holder) : "E:" + JoinSet(x.ents)) + "|" +
                p->polarity;
        if (stance_keys.insert(x.key).second) stances.push_back(std::move(x));
      } else if (p->kind == "claim") {
        std::set<std::string> ents;
        if (NormName(p->claimant) == "author")
          ents = {"AUTHOR"};
        else
          ents = Resolve(g, {&p->claimant});
        Pred x{p, ents, "", n};
        x.key = std::to_string(n) + "|" +
                (x.ents.empty() ? "N:" + NormName(p->claimant) : "E:" + JoinSet(x.ents));
        if (claim_keys.insert(x.key).second) claims.push_back(std::move(x));
      }
    }
    std::vector<const GoldItem*> gs, gc;
    for (const GoldItem& s : g.stances) gs.push_back(&s);
    for (const GoldItem& c : g.claims) gc.push_back(&c);
    auto holder_fits = [](const GoldItem& a, const Pred& p) {
      if (a.n != p.n || a.polarity != p.p->polarity) return false;
      for (const auto& h : a.holders) {
        if (p.ents.count(h)) return true;
      }
      return false;
    };
    auto target_fits = [](const GoldItem& a, const Pred& p) {
      std::set<std::string> gw = Words(a.target), pw = Words(p.p->target);
      if (gw.empty()) return true;
      size_t common = 0;
      for (const auto& w : gw) common += pw.count(w);
      return !pw.empty() && 2.0 * common / (gw.size() + pw.size()) >= 0.5;
    };
    misses.clear(), fps.clear();
    t = Match(gs, stances, holder_fits, nullptr, &misses, &fps);
    r.kinds["stance"].tp += t.tp, r.kinds["stance"].fp += t.fp, r.kinds["stance"].fn += t.fn;
    add_errors("stance", misses, fps, true);
    misses.clear(), fps.clear();
    t = Match(
        gs, stances,
        [&](const GoldItem& a, const Pred& p) { return holder_fits(a, p) && target_fits(a, p); },
        nullptr, &misses, &fps);
    r.kinds["stance-strict"].tp += t.tp, r.kinds["stance-strict"].fp += t.fp,
        r.kinds["stance-strict"].fn += t.fn;
    add_errors("stance-strict", misses, fps, true);
    misses.clear(), fps.clear();
    std::vector<std::pair<const GoldItem*, const Pred*>> pairs;
    t = Match(
        gc, claims,
        [](const GoldItem& a, const Pred& p) {
          if (a.n != p.n) return false;
          for (const auto& h : a.holders) {
            if (p.ents.count(h)) return true;
          }
          return false;
        },
        &pairs, &misses, &fps);
    r.kinds["claim"].tp += t.tp, r.kinds["claim"].fp += t.fp, r.kinds["claim"].fn += t.fn;
    add_errors("claim", misses, fps, true);
    for (const auto& [gi, p] : pairs) {
      if (gi->optional) continue;
      ++r.claim_types_total;
      if (gi->type == p->p->claim_type) {
        ++r.claim_types_right;
        continue;
      }
      EvalError e;
      e.kind = "claim";
      e.miss = false;
      e.wrong_type = true;
      e.doc = g.name;
      e.sentence = gi->n;
      e.sentence_text = SentenceText(e.sentence, sentence_texts);
      e.what = (gi->holders.empty() ? "" : gi->holders[0]) + " " + p->p->claim_type + ", gold " +
               gi->type + " (cue '" + p->p->cue + "')";
      e.rule = p->p->rule;
      r.errors.push_back(std::move(e));
    }
  }
  return r;
}

int MentionsOffText(const GoldDoc& doc) {
  if (doc.text.empty()) return 0;
  // Byte offset of each code point, once.
  std::vector<size_t> at;
  for (size_t i = 0; i < doc.text.size(); ++i) {
    if ((static_cast<unsigned char>(doc.text[i]) & 0xC0) != 0x80) at.push_back(i);
  }
  at.push_back(doc.text.size());
  const long n = static_cast<long>(at.size()) - 1;
  int off = 0;
  for (const GoldItem& m : doc.mentions) {
    if (m.start < 0 || m.end > n || m.start > m.end) {
      ++off;
      continue;
    }
    if (doc.text.compare(at[m.start], at[m.end] - at[m.start], m.text) != 0) ++off;
  }
  return off;
}

}  // namespace argx::eval
