// Shards: one of N parts of the input files, for running `argx extract` on
// several machines (GNU Parallel, a Slurm job array) and merging the shard
// databases afterwards (store/merge.h, `argx merge`).
//
//   argx::batch::Shard shard;
//   argx::Status s = argx::batch::ParseShard("2/8", &shard);  // shard 2 of 0..7
//   std::vector<argx::batch::InputFile> files;
//   argx::batch::CollectFiles({"news"}, walk_options, &files, &summary);
//   argx::batch::SelectShard(shard, &files);  // keeps about 1/8 of them, in input order
//
// The partition depends only on the files' paths relative to the folder
// given (InputFile::path) and on their number: every shard lists the same
// files (the whole folder) and orders them by a hash of that path, and shard
// K takes the K-th of N equal runs of that order. So the shards are the same
// on machines that mount the folder at different places, every file is in
// exactly one shard, and shard sizes differ by at most one file. When files
// are added to or removed from the folder between runs, at most about one
// file per shard boundary moves to a neighbouring shard (the shard that
// extracted it before keeps its copy; `argx merge` keeps the more recent).
// A JSON Lines, JSON or CSV file is one file here: its records stay together.
#ifndef ARGX_BATCH_SHARD_H_
#define ARGX_BATCH_SHARD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "batch/pipeline.h"

namespace argx::batch {

struct Shard {
  int64_t index = 0;  // K, 0 <= K < count
  int64_t count = 1;  // N >= 1; count 1 is the whole input

  bool whole() const { return count == 1; }
  // "K/N"
  std::string ToString() const;
};

// Parses "K/N" (decimal, 0 <= K < N, N <= 1000000) into *out. Returns an
// error naming what is wrong otherwise ("--shard 4/4: K must be below N").
Status ParseShard(std::string_view text, Shard* out);

// The 64-bit hash a file is ordered by: of its relative path's bytes (FNV-1a,
// the same on every machine).
uint64_t ShardHash(std::string_view relative_path);

// The shard (0 <= K < count) of each of `files`, in their order: the
// partition described at the top of this file. Requires `files` to be the
// complete list every shard sees, and count >= 1.
std::vector<int64_t> AssignShards(const std::vector<InputFile>& files, int64_t count);

// Keeps in *files only those of `shard` (AssignShards), in their original
// order.
void SelectShard(const Shard& shard, std::vector<InputFile>* files);

}  // namespace argx::batch

#endif  // ARGX_BATCH_SHARD_H_
