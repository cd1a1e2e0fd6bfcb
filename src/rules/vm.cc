// The two engines of vm.h: BitState (backtracking, remembers what failed)
// and the Pike VM (threads in lockstep), over token features.
#include "rules/vm.h"

#include <algorithm>

namespace argx::rules::vm {

namespace {

// Whether instruction `inst` consumes token `pos` of `in`.
[[gnu::always_inline]] inline bool Consumes(const Inst& inst, const Input& in, int32_t pos) {
  if (static_cast<uint32_t>(pos) >= in.tokens) return false;
  switch (inst.op) {
    case Op::kAny:
      return true;
    case Op::kFeature:
      return in.Has(pos, inst.arg);
    case Op::kFeature2:
      return in.Has(pos, inst.arg) && in.Has(pos, inst.alt);
    default:
      return false;
  }
}

// Whether a branch may match from token `pos`.
[[gnu::always_inline]] inline bool MayEnter(const Lookahead& la, const Input& in, uint32_t pos) {
  if (la.nullable) return true;
  if (pos >= in.tokens) return false;
  return la.open || in.bloom == nullptr || (in.bloom[pos] & la.mask) != 0;
}

}  // namespace

// The lookahead of an instruction is what it consumes itself, joined with
// the lookahead of every instruction it reaches without taking a token
// (split, jump, save). Those epsilon moves may form cycles ("x**"), so the
// union is taken over strongly connected components (Tarjan), in reverse
// topological order: linear in the program's size. A search from every
// instruction was quadratic, and a fuzzed pattern of nested loops took
// seconds to compile.
void ComputeLookahead(const std::vector<uint8_t>& lazy, Program* prog) {
  const std::vector<Inst>& insts = prog->insts;
  const uint32_t n = static_cast<uint32_t>(insts.size());
  auto is_lazy = [&](uint32_t f) { return f < lazy.size() && lazy[f]; };
  // What instruction `pc` contributes by itself.
  auto own = [&](uint32_t pc) {
    Lookahead la;
    la.open = false;
    la.nullable = false;
    const Inst& inst = insts[pc];
    switch (inst.op) {
      case Op::kMatch:
        la.nullable = true;
        break;
      case Op::kAny:
        la.open = true;
        break;
      case Op::kFeature:
        if (is_lazy(inst.arg)) {
          la.open = true;
        } else {
          la.mask |= Input::Bit(inst.arg);
        }
        break;
      case Op::kFeature2:  // needs both: either one stands for the pair
        if (!is_lazy(inst.arg)) {
          la.mask |= Input::Bit(inst.arg);
        } else if (!is_lazy(inst.alt)) {
          la.mask |= Input::Bit(inst.alt);
        } else {
          la.open = true;
        }
        break;
      default:
        break;
    }
    return la;
  };
  // The epsilon successors of `pc`: at most two.
  auto successors = [&](uint32_t pc, uint32_t* out) -> int {
    const Inst& inst = insts[pc];
    switch (inst.op) {
      case Op::kSplit:
        out[0] = inst.arg;
        out[1] = inst.alt;
        return 2;
      case Op::kJump:
        out[0] = inst.arg;
        return 1;
      case Op::kSave:
        out[0] = pc + 1;
        return pc + 1 < n ? 1 : 0;
      default:
        return 0;
    }
  };
  constexpr uint32_t kUnvisited = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnvisited), low(n, 0), component(n, kUnvisited);
  std::vector<char> on_stack(n, 0);
  std::vector<uint32_t> scc_stack;
  std::vector<Lookahead> of_component;  // Tarjan numbers components in reverse topological order
  struct Frame {
    uint32_t pc;
    int next;  // the successor to visit next
  };
  std::vector<Frame> frames;
  uint32_t counter = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnvisited) continue;
    frames.push_back({root, 0});
    index[root] = low[root] = counter++;
    scc_stack.push_back(root);
    on_stack[root] = 1;
    while (!frames.empty()) {
      Frame& f = frames.back();
      uint32_t succ[2];
      const int count = successors(f.pc, succ);
      if (f.next < count) {
        const uint32_t w = succ[f.next++];
        if (w >= n) continue;
        if (index[w] == kUnvisited) {
          index[w] = low[w] = counter++;
          scc_stack.push_back(w);
          on_stack[w] = 1;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.pc] = std::min(low[f.pc], index[w]);
        }
        continue;
      }
      // All successors done: close the component rooted here, if any.
      const uint32_t v = f.pc;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().pc] = std::min(low[frames.back().pc], low[v]);
      if (low[v] != index[v]) continue;
      const uint32_t c = static_cast<uint32_t>(of_component.size());
      Lookahead la;
      la.open = false;
      la.nullable = false;
      std::vector<uint32_t> members;
      uint32_t w;
      do {
        w = scc_stack.back();
        scc_stack.pop_back();
        on_stack[w] = 0;
        component[w] = c;
        members.push_back(w);
      } while (w != v);
      // Successors outside the component were closed before it.
      for (uint32_t m : members) {
        Lookahead mine = own(m);
        la.mask |= mine.mask;
        la.open |= mine.open;
        la.nullable |= mine.nullable;
        uint32_t ms[2];
        const int mc = successors(m, ms);
        for (int i = 0; i < mc; ++i) {
          if (ms[i] >= n || component[ms[i]] == c) continue;
          const Lookahead& other = of_component[component[ms[i]]];
          la.mask |= other.mask;
          la.open |= other.open;
          la.nullable |= other.nullable;
        }
      }
      of_component.push_back(la);
    }
  }
  for (Inst& inst : prog->insts) {
    if (inst.op != Op::kSplit) continue;
    inst.arg_ahead = inst.arg < n ? of_component[component[inst.arg]] : Lookahead{};
    inst.alt_ahead = inst.alt < n ? of_component[component[inst.alt]] : Lookahead{};
  }
}

void Engine::FindAll(const Program& prog, const Input& in, std::vector<int32_t>* out) {
  if (prog.insts.empty() || in.tokens == 0) return;
  uint64_t bits = static_cast<uint64_t>(prog.insts.size()) * (in.tokens + 1);
  if (bits <= bitstate_budget_) {
    BitStateAll(prog, in, out);
  } else {
    PikeAll(prog, in, out);
  }
}

// --- BitState ---------------------------------------------------------------

void Engine::BitStateAll(const Program& prog, const Input& in, std::vector<int32_t>* out) {
  const size_t words = (prog.insts.size() * (in.tokens + 1) + 63) / 64;
  bool clean = false;  // most calls find no token to begin on: clear lazily
  caps_.resize(prog.slots);
  uint32_t i = 0;
  const uint32_t limit = std::min(in.tokens, in.begin_limit);
  while (i < limit) {
    if (!in.CanBegin(i)) {
      ++i;
      continue;
    }
    if (!clean) {
      visited_.assign(words, 0);
      clean = true;
    }
    if (!BitStateAt(prog, in, i)) {
      ++i;
      continue;
    }
    int32_t end = caps_[1];
    if (end == static_cast<int32_t>(i)) {  // an empty match: try the next token
      ++i;
      continue;
    }
    out->insert(out->end(), caps_.begin(), caps_.end());
    i = static_cast<uint32_t>(end);
    // The states on the path of this match did not fail: forget them.
    clean = false;
  }
}

// Depth-first, preferred branch first. A (instruction, position) pair seen
// before failed from there already (or is on the current path, whose
// outcome is being decided), whatever the captures, so it is cut: each pair
// is explored at most once over the whole sentence, until a match clears the
// bits. Pairs from earlier starts stay valid for later ones for the same
// reason.
bool Engine::BitStateAt(const Program& prog, const Input& in, uint32_t start) {
  std::fill(caps_.begin(), caps_.end(), -1);
  stack_.clear();
  stack_.push_back({0, static_cast<int32_t>(start), 0});
  const uint64_t width = in.tokens + 1;
  while (!stack_.empty()) {
    Job job = stack_.back();
    stack_.pop_back();
    if (job.pos < 0) {
      caps_[job.pc] = job.old;
      continue;
    }
    uint32_t pc = job.pc;
    int32_t pos = job.pos;
    for (;;) {
      uint64_t bit = pc * width + static_cast<uint64_t>(pos);
      uint64_t mask = uint64_t{1} << (bit & 63);
      if (visited_[bit >> 6] & mask) break;
      visited_[bit >> 6] |= mask;
      const Inst& inst = prog.insts[pc];
      switch (inst.op) {
        case Op::kFeature:
        case Op::kFeature2:
        case Op::kAny:
          if (!Consumes(inst, in, pos)) goto next_job;
          ++pc;
          ++pos;
          continue;
        case Op::kSplit:
          if (MayEnter(inst.alt_ahead, in, pos)) stack_.push_back({inst.alt, pos, 0});
          if (!MayEnter(inst.arg_ahead, in, pos)) goto next_job;
          pc = inst.arg;
          continue;
        case Op::kJump:
          pc = inst.arg;
          continue;
        case Op::kSave:
          stack_.push_back({inst.arg, -1, caps_[inst.arg]});
          caps_[inst.arg] = pos;
          ++pc;
          continue;
        case Op::kMatch:
          caps_[0] = static_cast<int32_t>(start);
          caps_[1] = pos;
          return true;
      }
    }
  next_job:;
  }
  return false;
}

// --- Pike VM ----------------------------------------------------------------

void Engine::ThreadList::Init(size_t insts, uint32_t slots) {
  sparse.resize(insts);
  dense.resize(insts);
  caps.resize(insts * slots);
  size = 0;
}

// Adds the thread at `pc` and everything it reaches without consuming a
// token, in priority order. `caps` is the thread's capture array, changed
// while following saves and restored after.
void Engine::AddThread(const Program& prog, ThreadList* list, uint32_t pc0, int32_t pos,
                       int32_t* caps) {
  stack_.clear();
  stack_.push_back({pc0, pos, 0});
  while (!stack_.empty()) {
    Job job = stack_.back();
    stack_.pop_back();
    if (job.pos < 0) {
      caps[job.pc] = job.old;
      continue;
    }
    uint32_t pc = job.pc;
    if (list->Contains(pc)) continue;
    list->sparse[pc] = list->size;
    list->dense[list->size++] = pc;
    const Inst& inst = prog.insts[pc];
    switch (inst.op) {
      case Op::kSplit:
        stack_.push_back({inst.alt, pos, 0});
        stack_.push_back({inst.arg, pos, 0});
        break;
      case Op::kJump:
        stack_.push_back({inst.arg, pos, 0});
        break;
      case Op::kSave:
        stack_.push_back({inst.arg, -1, caps[inst.arg]});
        caps[inst.arg] = pos;
        stack_.push_back({pc + 1, pos, 0});
        break;
      default:  // a thread that consumes a token or accepts: keep its captures
        std::copy(caps, caps + prog.slots,
                  list->caps.begin() + static_cast<size_t>(list->sparse[pc]) * prog.slots);
        break;
    }
  }
}

void Engine::PikeAll(const Program& prog, const Input& in, std::vector<int32_t>* out) {
  const uint32_t slots = prog.slots;
  ThreadList* clist = &lists_[0];
  ThreadList* nlist = &lists_[1];
  clist->Init(prog.insts.size(), slots);
  nlist->Init(prog.insts.size(), slots);
  std::vector<int32_t> fresh(slots, -1), best(slots, -1), work(slots);
  uint32_t from = 0;
  while (from < in.tokens) {
    clist->size = 0;
    bool matched = false;
    for (uint32_t pos = from; pos <= in.tokens; ++pos) {
      // A new thread for a match beginning here, below every older one:
      // an earlier start always wins (leftmost).
      if (!matched && pos < in.tokens && pos < in.begin_limit && in.CanBegin(pos)) {
        fresh[0] = static_cast<int32_t>(pos);
        work = fresh;
        AddThread(prog, clist, 0, static_cast<int32_t>(pos), work.data());
      }
      if (clist->size == 0) {
        if (matched) break;
        continue;
      }
      nlist->size = 0;
      for (uint32_t k = 0; k < clist->size; ++k) {
        uint32_t pc = clist->dense[k];
        const Inst& inst = prog.insts[pc];
        int32_t* caps = &clist->caps[static_cast<size_t>(k) * slots];
        if (inst.op == Op::kMatch) {
          std::copy(caps, caps + slots, best.begin());
          best[1] = static_cast<int32_t>(pos);
          matched = true;
          break;  // threads below this one have lower priority: drop them
        }
        if (Consumes(inst, in, static_cast<int32_t>(pos))) {
          std::copy(caps, caps + slots, work.begin());
          AddThread(prog, nlist, pc + 1, static_cast<int32_t>(pos + 1), work.data());
        }
      }
      std::swap(clist, nlist);
    }
    if (!matched) break;
    uint32_t start = static_cast<uint32_t>(best[0]), end = static_cast<uint32_t>(best[1]);
    if (end == start) {  // an empty match: the next token may begin a real one
      from = start + 1;
      continue;
    }
    out->insert(out->end(), best.begin(), best.end());
    from = end;
  }
}

}  // namespace argx::rules::vm
