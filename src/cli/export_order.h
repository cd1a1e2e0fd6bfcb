// The order of a document's extractions in the JSON Lines export: by start
// offset, then end offset, then actor < stance < claim, then as stored.
// `argx export` writes in this order and `argx eval --db` reads in it, so
// that eval scores a database exactly as score.py scores its export.
#ifndef ARGX_CLI_EXPORT_ORDER_H_
#define ARGX_CLI_EXPORT_ORDER_H_

#include <algorithm>
#include <tuple>
#include <vector>

#include "extract/extraction.h"

namespace argx::cli {

enum class ExtractionKind { kActor = 0, kStance = 1, kClaim = 2 };

struct ExportItem {
  ExtractionKind kind;
  size_t index;  // into Extractions::actors, stances or claims
};

// The extractions of the wanted kinds, in export order.
inline std::vector<ExportItem> ExportOrder(const extract::Extractions& ex, bool actors = true,
                                           bool stances = true, bool claims = true) {
  struct Keyed {
    uint32_t begin, end;
    ExportItem item;
  };
  std::vector<Keyed> all;
  if (actors) {
    for (size_t i = 0; i < ex.actors.size(); ++i) {
      all.push_back({ex.actors[i].span.begin, ex.actors[i].span.end, {ExtractionKind::kActor, i}});
    }
  }
  if (stances) {
    for (size_t i = 0; i < ex.stances.size(); ++i) {
      all.push_back({ex.stances[i].span.begin, ex.stances[i].span.end, {ExtractionKind::kStance, i}});
    }
  }
  if (claims) {
    for (size_t i = 0; i < ex.claims.size(); ++i) {
      all.push_back({ex.claims[i].span.begin, ex.claims[i].span.end, {ExtractionKind::kClaim, i}});
    }
  }
  std::sort(all.begin(), all.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.begin, a.end, a.item.kind, a.item.index) <
           std::tie(b.begin, b.end, b.item.kind, b.item.index);
  });
  std::vector<ExportItem> out;
  out.reserve(all.size());
  for (const Keyed& k : all) out.push_back(k.item);
  return out;
}

}  // namespace argx::cli

#endif  // ARGX_CLI_EXPORT_ORDER_H_
