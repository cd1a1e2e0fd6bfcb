#include "batch/shard.h"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace argx::batch {

std::string Shard::ToString() const { return std::to_string(index) + "/" + std::to_string(count); }

Status ParseShard(std::string_view text, Shard* out) {
  const std::string what = "--shard " + std::string(text);
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return Status::Error(what + ": expected K/N, like 0/4");
  auto number = [](std::string_view s, int64_t* v) {
    if (s.empty()) return false;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return ec == std::errc() && end == s.data() + s.size();
  };
  Shard shard;
  if (!number(text.substr(0, slash), &shard.index) ||
      !number(text.substr(slash + 1), &shard.count)) {
    return Status::Error(what + ": expected K/N with whole numbers, like 0/4");
  }
  if (shard.count < 1 || shard.count > 1000000) {
    return Status::Error(what + ": N must be between 1 and 1000000");
  }
  if (shard.index < 0 || shard.index >= shard.count) {
    return Status::Error(what + ": K must be between 0 and N-1 (" +
                         std::to_string(shard.count - 1) + ")");
  }
  *out = shard;
  return Status::Ok();
}

uint64_t ShardHash(std::string_view relative_path) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : relative_path) h = (h ^ c) * 1099511628211ull;
  // FNV-1a mixes its last bytes poorly into the high bits: finish with a
  // 64-bit avalanche (splitmix64's) so that similar paths spread evenly.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

std::vector<int64_t> AssignShards(const std::vector<InputFile>& files, int64_t count) {
  const size_t n = files.size();
  std::vector<uint64_t> hash(n);
  for (size_t i = 0; i < n; ++i) hash[i] = ShardHash(files[i].path);
  // The order every shard agrees on: by hash, then by path, then (the same
  // relative path under two folders given) by position in the input.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (hash[a] != hash[b]) return hash[a] < hash[b];
    return files[a].path < files[b].path;
  });
  // Shard K takes ranks [K*n/N, (K+1)*n/N), rounded down.
  std::vector<int64_t> shard_of(n, 0);
  int64_t k = 0;
  auto rank_begin = [&](int64_t shard) {
    return static_cast<size_t>(static_cast<unsigned __int128>(n) * shard / count);
  };
  for (size_t r = 0; r < n; ++r) {
    while (k + 1 < count && r >= rank_begin(k + 1)) ++k;
    shard_of[order[r]] = k;
  }
  return shard_of;
}

void SelectShard(const Shard& shard, std::vector<InputFile>* files) {
  if (shard.whole()) return;
  const std::vector<int64_t> shard_of = AssignShards(*files, shard.count);
  size_t out = 0;
  for (size_t i = 0; i < files->size(); ++i) {
    if (shard_of[i] != shard.index) continue;
    if (out != i) (*files)[out] = std::move((*files)[i]);
    ++out;
  }
  files->resize(out);
}

}  // namespace argx::batch
