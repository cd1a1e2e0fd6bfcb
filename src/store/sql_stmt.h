// One prepared SQLite statement (RAII): prepared on construction, finalized
// when it goes away; values are bound, never spliced into SQL. For the
// libraries that talk to SQLite themselves (store's merge, review); it
// includes sqlite3.h, so it is no public header of argx.
//
//   sql::Stmt q(db, "SELECT key, status FROM reviews WHERE status = ?1");
//   if (!q.ok()) return Error(db);
//   q.Bind(1, "accepted");
//   while (q.Step() == SQLITE_ROW) Use(q.Text(0), q.Nullable(1));
#ifndef ARGX_STORE_SQL_STMT_H_
#define ARGX_STORE_SQL_STMT_H_

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace argx::store::sql {

// Reset() before reusing it; text is copied when bound.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v) {
    if (!v) {
      sqlite3_bind_null(stmt_, i);
      return *this;
    }
    return Bind(i, std::string_view(*v));
  }
  // Binds column `column` of the current row of `from` (any type, NULL kept).
  Stmt& BindColumn(int i, Stmt& from, int column) {
    sqlite3_bind_value(stmt_, i, sqlite3_column_value(from.stmt_, column));
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  bool IsNull(int c) { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  int64_t Int(int c) { return sqlite3_column_int64(stmt_, c); }
  std::string Text(int c) {
    const char* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return t ? std::string(t, sqlite3_column_bytes(stmt_, c)) : std::string();
  }
  std::optional<std::string> Nullable(int c) {
    if (IsNull(c)) return std::nullopt;
    return Text(c);
  }
  int columns() { return sqlite3_column_count(stmt_); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

}  // namespace argx::store::sql

#endif  // ARGX_STORE_SQL_STMT_H_
