// Helpers shared by the end-to-end tests that run the real argx binary
// (ARGX_BINARY): files, spawning the binary with redirected streams, and
// reading the database it wrote.
#ifndef ARGX_TESTS_E2E_UTIL_H_
#define ARGX_TESTS_E2E_UTIL_H_

#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace argx_e2e {

namespace fs = std::filesystem;

inline std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const fs::path& p, std::string_view bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Starts argx with `args` in `cwd`, stdin from `in` (empty: /dev/null),
// stdout and stderr to files; returns the pid (-1 when it cannot start).
inline pid_t Spawn(const fs::path& cwd, const std::vector<std::string>& args, const fs::path& in,
                   const fs::path& out, const fs::path& err) {
  std::vector<std::string> all = {ARGX_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  posix_spawn_file_actions_addopen(&fa, 0, in.empty() ? "/dev/null" : in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

inline pid_t Spawn(const fs::path& cwd, const std::vector<std::string>& args, const fs::path& out,
                   const fs::path& err) {
  return Spawn(cwd, args, fs::path(), out, err);
}

// The exit code, or 128 + the signal that ended the process.
inline int Wait(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct RunResult {
  int code = -1;
  std::string out, err;
};

// Runs argx with `args` in `dir` (its stdout, stderr and stdin files go
// there too), feeding `input` on stdin, and waits for it.
inline RunResult RunArgx(const fs::path& dir, const std::vector<std::string>& args,
                         const std::string& input = "") {
  RunResult r;
  fs::path in;
  if (!input.empty()) {
    in = dir / "stdin";
    WriteFile(in, input);
  }
  pid_t pid = Spawn(dir, args, in, dir / "stdout", dir / "stderr");
  if (pid < 0) {
    ADD_FAILURE() << "cannot start " << ARGX_BINARY;
    return r;
  }
  r.code = Wait(pid);
  r.out = ReadAll(dir / "stdout");
  r.err = ReadAll(dir / "stderr");
  return r;
}

using Rows = std::vector<std::vector<std::string>>;

// Every row of `sql` on the database at `db`, NULL as "NULL".
inline Rows Query(const fs::path& db, const std::string& sql) {
  Rows rows;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db;
    sqlite3_close(h);
    return rows;
  }
  sqlite3_stmt* q = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(h);
  } else {
    while (sqlite3_step(q) == SQLITE_ROW) {
      auto& row = rows.emplace_back();
      for (int c = 0; c < sqlite3_column_count(q); ++c) {
        const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q, c));
        row.push_back(t ? std::string(t, sqlite3_column_bytes(q, c)) : "NULL");
      }
    }
  }
  sqlite3_finalize(q);
  sqlite3_close(h);
  return rows;
}

}  // namespace argx_e2e

#endif  // ARGX_TESTS_E2E_UTIL_H_
