// Private to the rules library: the engine that runs compiled token patterns.
//
// A pattern compiles (compiler.cc) to a small program over tokens, built the
// way RE2 builds one over bytes (Thompson's construction): instructions that
// test one token, fork, jump, record a capture, or accept.
//
//   pattern  (?<who> [shape=cap]) [lemma=back]?
//   program  0 save 2             (group 1 begins)
//            1 feature F1         (F1: the feature id of [shape=cap])
//            2 save 3             (group 1 ends)
//            3 split 4, 5         (prefer taking the optional token)
//            4 feature F2         (F2: [lemma=back])
//            5 match
//
// Running one (the rules library builds the Input from a sentence's
// features, see matcher.cc):
//
//   vm::Engine engine;                 // scratch; one per thread, reused
//   std::vector<int32_t> slots;
//   engine.FindAll(program, input, &slots);
//   // slots: prog.slots values per match; [0, 1) the match's tokens,
//   // [2g, 2g+1) group g's, -1 where a group took no part.
//
// A span element @name is written over per-token "begin", "inside" and
// "end" features (B I* E, or one token carrying B and E), so every
// instruction consumes at most one token and two engines can share one
// program:
//   - BitState (backtracking with a visited bit per instruction and token,
//     as RE2's BitState): the fast path, used while instructions x tokens
//     stays under a small memory budget;
//   - Pike VM (threads in lockstep, as RE2's NFA): used beyond that budget,
//     so a 100,000-token "sentence" costs memory proportional to the program,
//     not to the program times the sentence.
// Both report the same match: the leftmost one, and among matches starting
// there the one a backtracking engine finds first (RE2's and Perl's
// "leftmost-first"), and both run in time linear in the sentence. A test
// checks both against RE2 on random patterns. One difference from RE2 is
// kept on purpose: in a repetition whose part can match zero tokens
// ((a? | b)*), a turn that matched nothing is dropped and the part's other
// readings are tried, where RE2 ends the loop there.
#ifndef ARGX_RULES_VM_H_
#define ARGX_RULES_VM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace argx::rules::vm {

enum class Op : uint8_t {
  kFeature,   // the token has feature `arg`: consume it
  kFeature2,  // the token has features `arg` and `alt`: consume it
  kAny,       // any token: consume it
  kSplit,     // go on at `arg`, else (on failure) at `alt`
  kJump,      // go on at `arg`
  kSave,      // capture slot `arg` = current token position
  kMatch,     // accept
};

// What the token at a position must be like for a branch to have a chance:
// one of the features of `mask` (as Input::Bit), unless `open` (it may
// begin with any token, or with a lazy test) or `nullable` (it may match
// without taking a token). Packed (10 bytes, not 16): two of them sit in
// every instruction, and BitState's instruction loads were most of its
// cache misses (48 bytes an instruction before, 32 now).
struct [[gnu::packed]] Lookahead {
  uint64_t mask = 0;
  bool open = true;
  bool nullable = true;
};

struct Inst {
  Op op = Op::kMatch;
  uint32_t arg = 0;
  uint32_t alt = 0;
  // kSplit, filled by ComputeLookahead(): the lookahead of both branches, in
  // the instruction itself so that deciding costs no other memory access.
  // BitState enters a branch only when the next token can begin it: a big
  // alternation costs one step for the readings that cannot start here.
  Lookahead arg_ahead, alt_ahead;
};
static_assert(sizeof(Inst) == 32, "two instructions a cache line");

struct Program {
  std::vector<Inst> insts;  // starts at 0
  // Capture slots: 2g and 2g+1 hold the first and end token of group g
  // (g >= 1); slots 0 and 1 are the whole match.
  uint32_t slots = 2;
};

// What the engine sees of a sentence: which token has which feature.
struct Input {
  enum Where : uint8_t {
    kNowhere = 0,  // no token of the sentence has the feature
    kListed = 1,   // the tokens that have it list it in `features`
    kLazy = 2,     // computed on demand: ask `lazy`
  };
  uint32_t tokens = 0;
  const std::vector<uint16_t>* features = nullptr;  // [tokens]: listed features, any order
  // [tokens]: the Bit() of each listed feature of the token, OR-ed: most
  // tests of a feature a token lacks stop at one AND (nullptr: no filter).
  const uint64_t* bloom = nullptr;
  const uint8_t* where = nullptr;  // feature id -> Where
  bool (*lazy)(const void* context, uint32_t token, uint32_t feature) = nullptr;
  const void* lazy_context = nullptr;
  // Answers of lazy tests so far (optional): memo[token * memo_stride +
  // memo_slot[feature]] is 0 (not asked yet), 1 (false) or 2 (true).
  uint8_t* memo = nullptr;
  uint32_t memo_stride = 0;
  const int32_t* memo_slot = nullptr;
  // A match may only begin on a token with one of these features (none: on
  // any token). Set with SetFirsts().
  const uint16_t* firsts = nullptr;
  uint32_t first_count = 0;
  uint64_t first_bits = 0;  // Bit() of the listed ones
  bool first_lazy = false;  // one of them is lazy
  // The lazy ones, when at most kLazyFirsts (else lazy_first_count is
  // UINT32_MAX): a token then needs the listed ones' bloom bits or one of
  // these, and the other firsts are not asked one by one.
  static constexpr uint32_t kLazyFirsts = 8;
  uint16_t lazy_firsts[kLazyFirsts];
  uint32_t lazy_first_count = 0;
  // No match begins at or after this token (a prefilter's bound).
  uint32_t begin_limit = UINT32_MAX;

  static uint64_t Bit(uint32_t f) { return uint64_t{1} << (f & 63); }

  // Sets the features a match may begin on (after `where`).
  void SetFirsts(const uint16_t* fs, uint32_t count) {
    firsts = fs;
    first_count = count;
    first_bits = 0;
    first_lazy = false;
    lazy_first_count = 0;
    for (uint32_t k = 0; k < count; ++k) {
      if (where[fs[k]] == kListed) first_bits |= Bit(fs[k]);
      if (where[fs[k]] == kLazy) {
        first_lazy = true;
        if (lazy_first_count < kLazyFirsts) {
          lazy_firsts[lazy_first_count++] = fs[k];
        } else {
          lazy_first_count = UINT32_MAX;
        }
      }
    }
  }

  // Whether token `pos` (< tokens) has feature `f`.
  bool Has(uint32_t pos, uint32_t f) const {
    switch (where[f]) {
      case kListed:
        if (bloom != nullptr && !(bloom[pos] & Bit(f))) return false;
        for (uint16_t x : features[pos]) {
          if (x == f) return true;
        }
        return false;
      case kLazy: {
        if (memo == nullptr) return lazy(lazy_context, pos, f);
        uint8_t& m = memo[static_cast<size_t>(pos) * memo_stride + memo_slot[f]];
        if (m == 0) m = lazy(lazy_context, pos, f) ? 2 : 1;
        return m == 2;
      }
      default:
        return false;
    }
  }
  bool CanBegin(uint32_t pos) const {
    if (first_count == 0) return true;
    if (bloom != nullptr && !first_lazy && !(bloom[pos] & first_bits)) return false;
    if (bloom != nullptr && first_lazy && lazy_first_count != UINT32_MAX) {
      // A listed first needs its bit in the token's bloom; then the lazy
      // ones, each answered once per token (memo).
      if (bloom[pos] & first_bits) {
        for (uint32_t k = 0; k < first_count; ++k) {
          if (where[firsts[k]] == kListed && Has(pos, firsts[k])) return true;
        }
      }
      for (uint32_t k = 0; k < lazy_first_count; ++k) {
        if (Has(pos, lazy_firsts[k])) return true;
      }
      return false;
    }
    for (uint32_t k = 0; k < first_count; ++k) {
      if (Has(pos, firsts[k])) return true;
    }
    return false;
  }
};

// Fills the lookahead of every split of `prog`. `lazy` (by feature id) marks
// the features computed on demand: they are not in Input::bloom, so a branch
// that may begin with one cannot be ruled out.
void ComputeLookahead(const std::vector<uint8_t>& lazy, Program* prog);

// Scratch space for matching; reuse one per thread to avoid allocation.
class Engine {
 public:
  // Appends to `out` every match of `prog` in `in`, left to right and not
  // overlapping (after a match, the search goes on at its end; an empty match
  // is skipped and the search goes on at the next token). Each match appends
  // prog.slots values (token positions, -1 for a group that took no part).
  void FindAll(const Program& prog, const Input& in, std::vector<int32_t>* out);

  // Memory budget of the BitState engine, in visited bits (instructions x
  // (tokens + 1)); beyond it the Pike VM runs. Exposed for tests.
  void set_bitstate_budget(uint64_t bits) { bitstate_budget_ = bits; }

 private:
  bool BitStateAt(const Program& prog, const Input& in, uint32_t start);
  void BitStateAll(const Program& prog, const Input& in, std::vector<int32_t>* out);
  void PikeAll(const Program& prog, const Input& in, std::vector<int32_t>* out);

  struct Job {
    uint32_t pc;
    int32_t pos;  // token position, or -1: restore capture `pc` to `old`
    int32_t old;
  };
  // A list of threads for the Pike VM: a sparse set of instructions, in
  // priority order, with each thread's capture slots.
  struct ThreadList {
    std::vector<uint32_t> sparse, dense;
    std::vector<int32_t> caps;
    uint32_t size = 0;
    void Init(size_t insts, uint32_t slots);
    bool Contains(uint32_t pc) const { return sparse[pc] < size && dense[sparse[pc]] == pc; }
  };
  void AddThread(const Program& prog, ThreadList* list, uint32_t pc, int32_t pos, int32_t* caps);

  uint64_t bitstate_budget_ = 1u << 23;
  std::vector<uint64_t> visited_;
  std::vector<Job> stack_;
  std::vector<int32_t> caps_;
  ThreadList lists_[2];
};

}  // namespace argx::rules::vm

#endif  // ARGX_RULES_VM_H_
