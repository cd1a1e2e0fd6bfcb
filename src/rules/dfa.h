// Private to the rules library: lazily built DFAs that answer, in one pass
// over a sentence's tokens, which of a stage's programs (vm.h) can match
// somewhere in it. Only those then run in the capturing engines, the way
// RE2 runs its DFA first and BitState or the NFA only where it matched.
//
//   programs  0: [lemma=say] []{0,2} @actor      (two rules of a stage)
//             1: [lower=to] [lemma=back]
//   vm::Dfa dfa({&p0, &p1}, lazy, /*budget_bytes=*/8 << 20);
//   std::vector<uint8_t> may = {1, 1};           // the ones to ask about
//   if (dfa.Scan(features.data(), tokens, &may)) {
//     // may[k] != 0: program k may match; the others certainly do not
//   } else {
//     // the memory budget ran out: `may` is as it was (assume they may)
//   }
//
// The alphabet: a token's class is the set of the features it has among
// those the programs test (most tokens have none, so there are few classes,
// each seen again and again); it is computed once per token for all
// programs. Features computed on demand (`lazy`: [shape=cap], [re=ly$]) are
// not computed here: they count as present on every token, so the answer
// may say "may match" where a rule cannot, never the reverse.
//
// Each program has its own automaton. A state is the set of instructions
// the program's NFA threads are at after the tokens read so far, with the
// start added at every token (unanchored); it is built the first time the
// pair (state, class) is met and then remembered, and a state holding the
// program's `match` ends the scan for it. One automaton for all the
// programs of a stage was tried first and measured: the product of the
// rules' progress (each rule's position in its sequence of elements) gave
// a new state for most tokens (277,000 states for 1 MB of text), so every
// step built a state. Apart, each rule meets few states and most steps are
// a cached lookup.
//
// Memory: states, transition rows and classes count against the budget.
// When a new state would pass it, every cache is cleared and this
// sentence's answer is "don't know" (Scan returns false), as RE2's DFA
// gives up and lets the NFA run; the next sentence starts afresh.
#ifndef ARGX_RULES_DFA_H_
#define ARGX_RULES_DFA_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rules/vm.h"

namespace argx::rules::vm {

class Dfa {
 public:
  struct Stats {
    uint64_t hits = 0;       // transitions found in the cache
    uint64_t misses = 0;     // transitions built
    uint64_t resets = 0;     // the caches cleared for their budget
    uint64_t fallbacks = 0;  // sentences answered "don't know"
    uint64_t states = 0;     // states built (over all resets)
    uint64_t retired = 0;    // programs no longer scanned (seldom refused)
  };

  // A program is retired after kTrial scans if fewer than 1 in kRefuseRate
  // said "no": scanning a sentence costs about a fifth of what the engines
  // spend running a typical rule on it (callgrind, default rules).
  static constexpr uint32_t kTrial = 256;
  static constexpr uint32_t kRefuseRate = 4;

  // `programs` must outlive the Dfa. `lazy` (by feature id) marks features
  // computed on demand.
  Dfa(const std::vector<const Program*>& programs, const std::vector<uint8_t>& lazy,
      size_t budget_bytes);

  // For a sentence whose token i has the listed features features[i] (any
  // order, repeats allowed): `may` (one entry per program) says on entry
  // which programs to ask about (non-zero; a `may` of another size asks
  // about all) and on return which of those may match somewhere (1); the
  // others become 0. Returns false, leaving `may`
  // as it was, when the budget ran out.
  bool Scan(const std::vector<uint16_t>* features, uint32_t tokens, std::vector<uint8_t>* may);

  const Stats& stats() const { return stats_; }
  size_t memory() const { return memory_; }

 private:
  struct Inst {  // an instruction of the merged programs
    Op op;
    uint32_t arg, alt;
  };
  struct State {
    std::vector<uint32_t> insts;  // sorted: consuming instructions
    bool match = false;           // the program's `match` was reached
    uint32_t row_charged = 0;     // transitions counted against the budget
  };
  // Ids of sets (token classes, thread sets, feature lists) by a hash of the
  // set, with open addressing: the caller says whether an id holds the set
  // it looks for. (It replaced std::unordered_maps keyed by a string copy of
  // the set, which built a string per lookup.)
  class IdIndex {
   public:
    // The id added with hash `h` for which same(id) holds, or -1.
    template <typename Same>
    int64_t Find(uint64_t h, const Same& same) const {
      if (slots_.empty()) return -1;
      const size_t mask = slots_.size() - 1;
      for (size_t i = Mix(h) & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.id == kEmpty) return -1;
        if (slot.hash == h && same(slot.id)) return slot.id;
      }
    }
    void Add(uint64_t h, uint32_t id);
    void Clear();

   private:
    static constexpr uint32_t kEmpty = UINT32_MAX;
    struct Slot {
      uint64_t hash = 0;
      uint32_t id = kEmpty;
    };
    static uint64_t Mix(uint64_t h) { return (h ^ (h >> 31)) * 0x9E3779B97F4A7C15ull >> 16; }
    std::vector<Slot> slots_;  // a power of two, at most half full
    size_t size_ = 0;
  };
  // The hash IdIndex keys a sorted set by.
  template <typename T>
  static uint64_t HashOf(const std::vector<T>& set, uint64_t extra = 0) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ extra;
    for (T x : set) h = (h ^ x) * 0x100000001B3ull;
    return h;
  }
  struct Machine {                      // one program's automaton
    std::vector<uint32_t> start_insts;  // consuming instructions of the start's closure
    std::vector<uint16_t> tested;       // sorted: the listed features it tests
    bool always = false;                // matches the empty sentence
    bool empty = true;                  // no instructions: never matches
    // Scans asked and "no" answers: a rule whose scans seldom say "no"
    // costs more to scan than to run, and is no longer scanned.
    uint32_t asked = 0, refused = 0;
    bool retired = false;
    std::vector<State> states;  // [0]: only the start's threads
    IdIndex ids;                // states by their threads and match
    // The transitions of all its states in one array, row by state, `stride`
    // entries a row (at least its classes; doubled, rows moved, when they
    // pass it): next[s * stride + class] is the state reached, times two,
    // plus one if it holds the match (kUnknown: not built yet). A vector
    // per state was a cache miss on most steps of a scan (perf: a load of
    // it was half of Scan's time); this way one machine's rows sit
    // together and the match needs no second load.
    std::vector<int32_t> next;
    uint32_t stride = 0;
    // Its own classes: a stage class cut down to the features this program
    // tests, so that a word only another rule tests costs it no new
    // transition. local[stage class] = its class (-1: not computed yet).
    std::vector<int32_t> local;
    std::vector<std::vector<uint16_t>> classes;  // [0]: none of its features
    IdIndex class_ids;                           // its classes by their features
  };
  static constexpr int32_t kUnknown = -1;
  static constexpr int32_t kOverBudget = -2;

  uint32_t ClassOf(const std::vector<uint16_t>& features);
  // ClassOf the long way: the tested features, sorted, looked up.
  uint32_t ComputeClassOf(const std::vector<uint16_t>& features);
  // The class of `m` of stage class `cls`.
  uint32_t LocalClass(Machine* m, uint32_t cls);
  // Whether a token of class `cls` of `m` passes a test of `feature`.
  bool ClassHas(const Machine& m, uint32_t cls, uint32_t feature) const;
  // Adds everything reachable from `pc` without taking a token to work_;
  // returns whether a `match` is among it.
  bool Closure(uint32_t pc);
  // The state of `m` reached from `from` on a token of class `cls`
  // (kOverBudget after clearing the caches).
  int32_t Step(Machine* m, uint32_t from, uint32_t cls);
  // Makes the rows of `m` at least `classes` wide.
  void Widen(Machine* m, uint32_t classes);
  void Reset();

  std::vector<Inst> insts_;
  std::vector<uint8_t> start_thread_;  // pc -> in its program's start_insts
  std::vector<Machine> machines_;
  std::vector<uint8_t> tested_;  // feature id -> tested as a listed feature
  std::vector<uint8_t> lazy_;    // feature id -> computed on demand
  size_t budget_ = 0;

  // The caches besides the machines' states, cleared by Reset().
  IdIndex class_ids_;                                 // classes by their features
  std::vector<std::vector<uint16_t>> classes_;        // class -> sorted features
  size_t memory_ = 0;

  // Scratch.
  std::vector<uint32_t> mark_;  // pc -> generation that added it to work_
  uint32_t generation_ = 0;
  std::vector<uint32_t> work_, stack_, token_classes_;
  std::vector<uint16_t> key_features_;
  std::vector<uint32_t> single_class_;  // feature -> class of exactly that feature (0: none yet)
  // The class of a token's features as Encode listed them (unsorted, with
  // the untested ones): words and their spans recur, and so do their lists,
  // in the same order; a lookup of the list skips filtering and sorting it
  // (ClassOf cost a third less: callgrind, PolNeAR train). At most
  // kListLimit lists, then forgotten; cleared with the classes (Reset). Not
  // counted in the budget: it is bounded apart.
  // The lists back to back in one array, each as its length, its class
  // (low and high 16 bits) and its features; list_ids_ gives a list's
  // offset. (A vector per list made a lookup two dependent cache misses
  // and a call to memcmp.)
  static constexpr size_t kListLimit = 1 << 14;
  IdIndex list_ids_;
  std::vector<uint16_t> lists_;
  size_t list_count_ = 0;
  std::vector<uint8_t> asked_;                // `may` as Scan got it
  Stats stats_;
};

}  // namespace argx::rules::vm

#endif  // ARGX_RULES_DFA_H_
