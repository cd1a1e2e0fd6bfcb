// Errors as values. A Status is either ok() or carries a message meant for a
// person (already formatted: "path: reason" or "file:line:col: message").
//
//   argx::Status s = DoThing();
//   if (!s.ok()) { std::cerr << s.message() << "\n"; return 1; }
//
// No exception crosses a library boundary in argx; functions that can fail
// return a Status (or fill an out-parameter and return one).
#ifndef ARGX_BASE_STATUS_H_
#define ARGX_BASE_STATUS_H_

#include <string>
#include <utility>

namespace argx {

class Status {
 public:
  // An ok status.
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) {
    Status s;
    s.ok_ = false;
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return ok_; }
  // The error message; empty when ok().
  const std::string& message() const { return message_; }

 private:
  bool ok_ = true;
  std::string message_;
};

}  // namespace argx

#endif  // ARGX_BASE_STATUS_H_
