// fuzz_vm: a differential test of the token engine against RE2. The bytes
// drive a generator of patterns over three words a, b, c (sequence,
// alternation, capture, repetition, any token) written both in rule syntax
// and as an RE2 regular expression over letters, and of texts of those
// letters; both engines of the VM (BitState and the Pike VM) must report
// what RE2 reports: every leftmost-first match, with its captures. As in
// vm_test, a repeated part that can match nothing is left unrepeated: there
// the engines differ on purpose (vm.h).
#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "rules/letter_test_util.h"
#include "rules/pattern.h"
#include "rules/program_impl.h"
#include "rules/vm.h"
#include "text/segmenter.h"

namespace argx::rules {
namespace {

using argx::fuzz::Check;

// LetterEmitter and Re2FindAll: rules/letter_test_util.h.

// Reads the fuzzer's bytes as choices; zeros when they run out.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  unsigned Next(unsigned n) { return pos_ < size_ ? data_[pos_++] % n : 0; }
  bool done() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

// The pattern as the fuzzer's bytes choose it (Rendered: letter_test_util.h).
Rendered Generate(Choices& in, int depth, int* groups) {
  switch (depth <= 0 ? in.Next(2) : in.Next(8)) {
    case 0: {
      std::string c(1, static_cast<char>('a' + in.Next(3)));
      return {c, c};
    }
    case 1:
      return {"[]", "."};
    case 2:
    case 3: {
      Rendered a = Generate(in, depth - 1, groups);
      Rendered b = Generate(in, depth - 1, groups);
      return {a.argx + " " + b.argx, a.re2 + b.re2, a.nullable && b.nullable};
    }
    case 4: {
      Rendered a = Generate(in, depth - 1, groups);
      Rendered b = Generate(in, depth - 1, groups);
      return {"(" + a.argx + " | " + b.argx + ")", "(?:" + a.re2 + "|" + b.re2 + ")",
              a.nullable || b.nullable};
    }
    case 5: {
      int g = ++*groups;
      Rendered a = Generate(in, depth - 1, groups);
      return {"(?<g" + std::to_string(g) + "> " + a.argx + ")", "(" + a.re2 + ")", a.nullable};
    }
    default: {
      static const char* kOps[] = {"?", "*", "+", "{2}", "{0,2}", "{1,3}", "{3}", "{2,}"};
      std::string op = kOps[in.Next(8)];
      Rendered a = Generate(in, depth - 1, groups);
      if (a.nullable) return a;
      return {"(" + a.argx + ")" + op, "(?:" + a.re2 + ")" + op,
              op == "?" || op == "*" || op == "{0,2}"};
    }
  }
}

std::string VmFindAll(const vm::Program& prog, const std::string& letters, uint64_t budget) {
  std::vector<std::vector<uint16_t>> features(letters.size());
  std::vector<uint64_t> bloom(letters.size());
  for (size_t i = 0; i < letters.size(); ++i) {
    features[i] = {static_cast<uint16_t>(letters[i] - 'a')};
    bloom[i] = vm::Input::Bit(letters[i] - 'a');
  }
  std::vector<uint8_t> where(3, vm::Input::kListed);
  vm::Input in;
  in.tokens = static_cast<uint32_t>(letters.size());
  in.features = features.data();
  in.bloom = bloom.data();
  in.where = where.data();
  static vm::Engine* engine = new vm::Engine();
  engine->set_bitstate_budget(budget);
  std::vector<int32_t> slots;
  engine->FindAll(prog, in, &slots);
  std::string out;
  for (size_t k = 0; k < slots.size(); ++k) {
    out += k == 0 ? "" : k % prog.slots == 0 ? " " : ",";
    out += std::to_string(slots[k]);
  }
  return out;
}

int Run(const uint8_t* data, size_t size) {
  static Program::Impl* impl = new Program::Impl();
  static text::Segmenter* seg = new text::Segmenter();
  Choices in(data, size);
  int groups = 0;
  Rendered p = Generate(in, 1 + static_cast<int>(in.Next(5)), &groups);
  re2::RE2 re(p.re2);
  Check(re.ok(), "RE2 refuses the generated regex", p.re2);
  PatternNode tree;
  Diagnostic error;
  auto where = [](int offset) { return SourcePos{"p", 1, offset + 1}; };
  Check(ParsePattern(p.argx, where, &tree, &error), "the generated pattern does not parse",
        p.argx + ": " + error.message);
  vm::Program prog;
  std::vector<std::string> names;
  LetterEmitter emitter(*impl, seg);
  if (!emitter.Emit(tree, &prog, &names)) return 0;  // too large: refused, as it should be
  prog.insts.push_back({vm::Op::kMatch});
  vm::ComputeLookahead({}, &prog);
  for (int t = 0; t < 4 && !in.done(); ++t) {
    std::string text;
    for (unsigned len = in.Next(24); len > 0; --len) text += static_cast<char>('a' + in.Next(3));
    std::string want = Re2FindAll(re, text);
    std::string what = p.argx + "  ~  " + p.re2 + " on '" + text + "'";
    Check(VmFindAll(prog, text, ~uint64_t{0}) == want, "BitState differs from RE2", what);
    Check(VmFindAll(prog, text, 0) == want, "the Pike VM differs from RE2", what);
  }
  return 0;
}

}  // namespace
}  // namespace argx::rules

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return argx::rules::Run(data, size);
}
