#include "batch/shard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace argx::batch {
namespace {

// `count` files as a folder walk lists them, under the mount point `root`.
std::vector<InputFile> Files(int count, const std::string& root) {
  std::vector<InputFile> files;
  for (int i = 0; i < count; ++i) {
    std::string rel = "y" + std::to_string(2000 + i % 25) + "/m" + std::to_string(i % 12) +
                      "/article-" + std::to_string(i) + ".txt";
    files.push_back({"news/" + rel, rel, root + "/news/" + rel, 1000});
  }
  return files;
}

TEST(ParseShardTest, AcceptsKOfN) {
  Shard s;
  ASSERT_TRUE(ParseShard("3/8", &s).ok());
  EXPECT_EQ(s.index, 3);
  EXPECT_EQ(s.count, 8);
  EXPECT_EQ(s.ToString(), "3/8");
  ASSERT_TRUE(ParseShard("0/1", &s).ok());
  EXPECT_TRUE(s.whole());
}

TEST(ParseShardTest, RefusesWhatIsNotAShard) {
  Shard s;
  for (const char* bad : {"4/4", "-1/4", "1/0", "1", "a/4", "1/4x", "", "/4", "1/"}) {
    Status st = ParseShard(bad, &s);
    EXPECT_FALSE(st.ok()) << bad;
    EXPECT_NE(st.message().find("--shard"), std::string::npos) << st.message();
  }
  EXPECT_NE(ParseShard("4/4", &s).message().find("between 0 and N-1 (3)"), std::string::npos);
}

// Every file is in exactly one shard, and shards differ by at most one file
// (the issue asks for +-10 % with N <= 1000 on >= 10,000 files).
TEST(SelectShardTest, PartitionIsCompleteAndBalanced) {
  const std::vector<InputFile> all = Files(10000, "/data");
  for (int n : {2, 7, 100, 1000}) {
    std::vector<int64_t> shard_of = AssignShards(all, n);
    ASSERT_EQ(shard_of.size(), all.size());
    std::vector<size_t> sizes(n, 0);
    for (int64_t k : shard_of) {
      ASSERT_GE(k, 0);
      ASSERT_LT(k, n);
      ++sizes[k];
    }
    const auto [smallest, largest] = std::minmax_element(sizes.begin(), sizes.end());
    EXPECT_LE(*largest - *smallest, 1u) << n;
    const double mean = 10000.0 / n;
    EXPECT_GE(*smallest, 0.9 * mean) << n;
    EXPECT_LE(*largest, 1.1 * mean) << n;
    // SelectShard keeps what AssignShards gives, for the first and last shard.
    for (int k : {0, n - 1}) {
      std::vector<InputFile> part = all;
      SelectShard({k, n}, &part);
      EXPECT_EQ(part.size(), sizes[k]);
      std::set<std::string> expected, got;
      for (size_t i = 0; i < all.size(); ++i) {
        if (shard_of[i] == k) expected.insert(all[i].path);
      }
      for (const InputFile& f : part) got.insert(f.path);
      EXPECT_EQ(got, expected) << k << "/" << n;
    }
  }
}

// Shards depend on relative paths only: another mount point, another input
// order give the same shard; the files keep their input order.
TEST(SelectShardTest, SameOnEveryMachine) {
  std::vector<InputFile> here = Files(500, "/data"), there = Files(500, "/mnt/nfs/x");
  std::vector<InputFile> reversed(there.rbegin(), there.rend());
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < here.size(); ++i) position[here[i].path] = i;
  SelectShard({2, 5}, &here);
  SelectShard({2, 5}, &reversed);
  std::set<std::string> a, b;
  for (const InputFile& f : here) a.insert(f.path);
  for (const InputFile& f : reversed) b.insert(f.path);
  EXPECT_EQ(a, b);
  EXPECT_EQ(here.size(), 100u);
  for (size_t i = 1; i < here.size(); ++i) {
    EXPECT_LT(position[here[i - 1].path], position[here[i].path]) << "input order kept";
  }
}

// A file added to the folder moves only a few others to another shard.
TEST(SelectShardTest, AddingAFileMovesFew) {
  std::vector<InputFile> before = Files(2000, "/d"), after = before;
  after.push_back({"news/new.txt", "new.txt", "/d/news/new.txt", 10});
  std::map<std::string, int> shard_before, shard_after;
  for (int k = 0; k < 10; ++k) {
    std::vector<InputFile> a = before, b = after;
    SelectShard({k, 10}, &a);
    SelectShard({k, 10}, &b);
    for (const InputFile& f : a) shard_before[f.path] = k;
    for (const InputFile& f : b) shard_after[f.path] = k;
  }
  int moved = 0;
  for (const auto& [path, k] : shard_before) moved += shard_after[path] != k;
  EXPECT_LE(moved, 10);
}

TEST(SelectShardTest, WholeKeepsEverything) {
  std::vector<InputFile> files = Files(10, "/d");
  SelectShard({0, 1}, &files);
  EXPECT_EQ(files.size(), 10u);
}

}  // namespace
}  // namespace argx::batch
