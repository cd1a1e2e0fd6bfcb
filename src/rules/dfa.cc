// The stage DFA of dfa.h: states built on demand from the NFA of all the
// stage's programs, cached by (state, token class), under a memory budget.
#include "rules/dfa.h"

#include <algorithm>
#include <cstring>

namespace argx::rules::vm {

namespace {

// Bytes a cached state or class costs besides its vectors' contents (vector
// headers, the map node and its key's header), roughly.
constexpr size_t kStateOverhead = 3 * sizeof(std::vector<uint32_t>) + 64;
constexpr size_t kClassOverhead = sizeof(std::vector<uint16_t>) + 64;

}  // namespace

void Dfa::IdIndex::Add(uint64_t h, uint32_t id) {
  if (2 * (size_ + 1) > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, 2 * old.size()), Slot{});
    size_ = 0;
    for (const Slot& slot : old) {
      if (slot.id != kEmpty) Add(slot.hash, slot.id);
    }
  }
  const size_t mask = slots_.size() - 1;
  size_t i = Mix(h) & mask;
  while (slots_[i].id != kEmpty) i = (i + 1) & mask;
  slots_[i] = {h, id};
  ++size_;
}

void Dfa::IdIndex::Clear() {
  slots_.clear();
  size_ = 0;
}

Dfa::Dfa(const std::vector<const Program*>& programs, const std::vector<uint8_t>& lazy,
         size_t budget_bytes)
    : budget_(budget_bytes) {
  uint32_t max_feature = 0;
  std::vector<uint32_t> starts;
  for (const Program* prog : programs) {
    const uint32_t base = static_cast<uint32_t>(insts_.size());
    starts.push_back(base);
    for (const vm::Inst& in : prog->insts) {
      Inst out{in.op, in.arg, in.alt};
      switch (in.op) {
        case Op::kSplit:
          out.arg += base;
          out.alt += base;
          break;
        case Op::kJump:
          out.arg += base;
          break;
        case Op::kFeature:
          max_feature = std::max(max_feature, in.arg);
          break;
        case Op::kFeature2:
          max_feature = std::max({max_feature, in.arg, in.alt});
          break;
        default:
          break;
      }
      insts_.push_back(out);
    }
  }
  lazy_.assign(max_feature + 1, 0);
  tested_.assign(max_feature + 1, 0);
  for (size_t f = 0; f < lazy_.size() && f < lazy.size(); ++f) lazy_[f] = lazy[f];
  for (const Inst& in : insts_) {
    if ((in.op == Op::kFeature || in.op == Op::kFeature2) && !lazy_[in.arg]) tested_[in.arg] = 1;
    if (in.op == Op::kFeature2 && !lazy_[in.alt]) tested_[in.alt] = 1;
  }
  mark_.assign(insts_.size(), 0);
  start_thread_.assign(insts_.size(), 0);
  machines_.resize(programs.size());
  for (size_t p = 0; p < programs.size(); ++p) {
    Machine& m = machines_[p];
    if (programs[p]->insts.empty()) continue;
    m.empty = false;
    for (const vm::Inst& in : programs[p]->insts) {
      if (in.op == Op::kFeature || in.op == Op::kFeature2) {
        if (tested_[in.arg]) m.tested.push_back(static_cast<uint16_t>(in.arg));
      }
      if (in.op == Op::kFeature2 && tested_[in.alt]) {
        m.tested.push_back(static_cast<uint16_t>(in.alt));
      }
    }
    std::sort(m.tested.begin(), m.tested.end());
    m.tested.erase(std::unique(m.tested.begin(), m.tested.end()), m.tested.end());
    ++generation_;
    work_.clear();
    m.always = Closure(starts[p]);
    std::sort(work_.begin(), work_.end());
    m.start_insts = work_;
    for (uint32_t pc : work_) start_thread_[pc] = 1;
  }
  Reset();
  stats_.resets = 0;
}

void Dfa::Reset() {
  class_ids_.Clear();
  classes_.clear();
  list_ids_.Clear();
  lists_.clear();
  list_count_ = 0;
  memory_ = 0;
  ++stats_.resets;
  // Class 0 is the token with none of the tested features; state 0 of each
  // machine has no thread but the start's, which every state has.
  classes_.emplace_back();
  memory_ += kClassOverhead;
  single_class_.assign(tested_.size(), 0);
  memory_ += single_class_.size() * sizeof(uint32_t);
  for (Machine& m : machines_) {
    m.states.clear();
    m.ids.Clear();
    m.states.emplace_back();
    m.stride = 4;
    m.next.assign(m.stride, kUnknown);
    m.ids.Add(HashOf(std::vector<uint32_t>()), 0);
    m.local.assign(1, 0);  // stage class 0 has none of its features either
    m.classes.assign(1, {});
    m.class_ids.Clear();
    m.class_ids.Add(HashOf(std::vector<uint16_t>()), 0);
    memory_ += kStateOverhead + kClassOverhead;
  }
}

uint32_t Dfa::ClassOf(const std::vector<uint16_t>& features) {
  const size_t n = features.size();
  if (n < 2 || n > UINT16_MAX) return ComputeClassOf(features);  // no sorting to save
  const uint64_t h = HashOf(features);
  const uint16_t* lists = lists_.data();
  const uint16_t* fs = features.data();
  const int64_t found = list_ids_.Find(
      h, [&](uint32_t at) { return lists[at] == n && std::equal(fs, fs + n, lists + at + 3); });
  if (found >= 0) return lists[found + 1] | static_cast<uint32_t>(lists[found + 2]) << 16;
  const uint32_t cls = ComputeClassOf(features);
  if (list_count_ >= kListLimit) {
    list_ids_.Clear();
    lists_.clear();
    list_count_ = 0;
  }
  list_ids_.Add(h, static_cast<uint32_t>(lists_.size()));
  lists_.push_back(static_cast<uint16_t>(n));
  lists_.push_back(static_cast<uint16_t>(cls));
  lists_.push_back(static_cast<uint16_t>(cls >> 16));
  lists_.insert(lists_.end(), features.begin(), features.end());
  ++list_count_;
  return cls;
}

uint32_t Dfa::ComputeClassOf(const std::vector<uint16_t>& features) {
  key_features_.clear();
  for (uint16_t f : features) {
    if (f < tested_.size() && tested_[f]) key_features_.push_back(f);
  }
  if (key_features_.empty()) return 0;
  if (key_features_.size() == 1 && single_class_[key_features_[0]] != 0) {
    return single_class_[key_features_[0]];
  }
  // Insertion sort: a token has a handful of these.
  for (size_t i = 1; i < key_features_.size(); ++i) {
    uint16_t f = key_features_[i];
    size_t j = i;
    for (; j > 0 && key_features_[j - 1] > f; --j) key_features_[j] = key_features_[j - 1];
    key_features_[j] = f;
  }
  key_features_.erase(std::unique(key_features_.begin(), key_features_.end()), key_features_.end());
  const uint64_t h = HashOf(key_features_);
  int64_t found = class_ids_.Find(h, [&](uint32_t c) { return classes_[c] == key_features_; });
  uint32_t cls;
  if (found >= 0) {
    cls = static_cast<uint32_t>(found);
  } else {
    cls = static_cast<uint32_t>(classes_.size());
    class_ids_.Add(h, cls);
    classes_.push_back(key_features_);
    memory_ += kClassOverhead + key_features_.size() * sizeof(uint16_t);
  }
  if (key_features_.size() == 1) single_class_[key_features_[0]] = cls;
  return cls;
}

uint32_t Dfa::LocalClass(Machine* m, uint32_t cls) {
  if (cls < m->local.size() && m->local[cls] >= 0) return static_cast<uint32_t>(m->local[cls]);
  key_features_.clear();
  for (uint16_t f : classes_[cls]) {
    if (std::binary_search(m->tested.begin(), m->tested.end(), f)) key_features_.push_back(f);
  }
  const uint64_t h = HashOf(key_features_);
  int64_t found = m->class_ids.Find(h, [&](uint32_t c) { return m->classes[c] == key_features_; });
  if (found < 0) {
    found = static_cast<int64_t>(m->classes.size());
    m->class_ids.Add(h, static_cast<uint32_t>(found));
    m->classes.push_back(key_features_);
    // As when the key was a string of the features, two bytes each, held
    // twice (map key and class).
    memory_ += kClassOverhead + 2 * key_features_.size() * sizeof(uint16_t);
  }
  if (cls >= m->local.size()) {
    memory_ += (classes_.size() - m->local.size()) * sizeof(int32_t);
    m->local.resize(classes_.size(), -1);
  }
  m->local[cls] = static_cast<int32_t>(found);
  return static_cast<uint32_t>(found);
}

bool Dfa::ClassHas(const Machine& m, uint32_t cls, uint32_t feature) const {
  if (feature < lazy_.size() && lazy_[feature]) return true;
  const std::vector<uint16_t>& fs = m.classes[cls];
  return std::binary_search(fs.begin(), fs.end(), static_cast<uint16_t>(feature));
}

bool Dfa::Closure(uint32_t pc0) {
  bool match = false;
  stack_.assign(1, pc0);
  while (!stack_.empty()) {
    uint32_t pc = stack_.back();
    stack_.pop_back();
    if (mark_[pc] == generation_) continue;
    mark_[pc] = generation_;
    const Inst& in = insts_[pc];
    switch (in.op) {
      case Op::kSplit:
        stack_.push_back(in.alt);
        stack_.push_back(in.arg);
        break;
      case Op::kJump:
        stack_.push_back(in.arg);
        break;
      case Op::kSave:
        stack_.push_back(pc + 1);
        break;
      case Op::kMatch:
        match = true;
        break;
      default:  // consumes a token
        work_.push_back(pc);
        break;
    }
  }
  return match;
}

int32_t Dfa::Step(Machine* m, uint32_t from, uint32_t cls) {
  ++generation_;
  work_.clear();
  bool match = false;
  auto step = [&](uint32_t pc) {
    const Inst& in = insts_[pc];
    bool takes = false;
    switch (in.op) {
      case Op::kAny:
        takes = true;
        break;
      case Op::kFeature:
        takes = ClassHas(*m, cls, in.arg);
        break;
      case Op::kFeature2:
        takes = ClassHas(*m, cls, in.arg) && ClassHas(*m, cls, in.alt);
        break;
      default:
        break;
    }
    if (takes && Closure(pc + 1)) match = true;
  };
  for (uint32_t pc : m->states[from].insts) step(pc);
  for (uint32_t pc : m->start_insts) step(pc);
  // Threads that are also the start's add nothing: every state has those.
  // Dropped before sorting, by a flag per instruction: sorting them and then
  // searching for each was most of a miss's cost.
  work_.erase(std::remove_if(work_.begin(), work_.end(),
                             [&](uint32_t pc) { return start_thread_[pc] != 0; }),
              work_.end());
  std::sort(work_.begin(), work_.end());
  const uint64_t h = HashOf(work_, match ? 1 : 0);
  const int64_t found = m->ids.Find(
      h, [&](uint32_t id) { return m->states[id].match == match && m->states[id].insts == work_; });
  if (found >= 0) return static_cast<int32_t>(found);
  // As when the key was a string of the threads (four bytes each, and a
  // byte for the match) held twice (map key and state).
  const size_t cost = kStateOverhead + 2 * (work_.size() * sizeof(uint32_t) + (match ? 1 : 0));
  if (memory_ + cost > budget_) {
    Reset();
    return kOverBudget;
  }
  memory_ += cost;
  State st;
  st.insts = work_;
  st.match = match;
  const uint32_t id = static_cast<uint32_t>(m->states.size());
  m->states.push_back(std::move(st));
  m->next.resize(m->states.size() * m->stride, kUnknown);
  m->ids.Add(h, id);
  ++stats_.states;
  return static_cast<int32_t>(id);
}

void Dfa::Widen(Machine* m, uint32_t classes) {
  uint32_t stride = m->stride;
  while (stride < classes) stride *= 2;
  std::vector<int32_t> next(m->states.size() * stride, kUnknown);
  for (size_t s = 0; s < m->states.size(); ++s) {
    std::copy_n(&m->next[s * m->stride], m->stride, &next[s * stride]);
  }
  m->next = std::move(next);
  m->stride = stride;
}

bool Dfa::Scan(const std::vector<uint16_t>* features, uint32_t tokens, std::vector<uint8_t>* may) {
  if (may->size() != machines_.size()) may->assign(machines_.size(), 1);
  bool any = false;
  for (size_t k = 0; k < machines_.size(); ++k) {
    const Machine& m = machines_[k];
    if ((*may)[k] && !m.empty && !m.always && !m.retired) any = true;
  }
  if (!any) {
    for (size_t k = 0; k < machines_.size(); ++k) {
      if (machines_[k].empty) (*may)[k] = 0;
    }
    return true;
  }
  asked_ = *may;
  token_classes_.resize(tokens);
  for (uint32_t i = 0; i < tokens; ++i) {
    token_classes_[i] = features[i].empty() ? 0 : ClassOf(features[i]);
  }
  for (size_t k = 0; k < machines_.size(); ++k) {
    if (!(*may)[k]) continue;
    Machine& m = machines_[k];
    if (m.empty || m.always || m.retired) {
      (*may)[k] = m.empty ? 0 : 1;
      continue;
    }
    uint32_t s = 0;
    bool matched = false;
    uint64_t hits = 0;
    const uint32_t* classes = token_classes_.data();
    for (uint32_t i = 0; i < tokens; ++i) {
      const uint32_t stage_cls = classes[i];
      int32_t local = stage_cls < m.local.size() ? m.local[stage_cls] : -1;
      const uint32_t cls = local >= 0 ? static_cast<uint32_t>(local) : LocalClass(&m, stage_cls);
      int32_t next = cls < m.stride ? m.next[static_cast<size_t>(s) * m.stride + cls] : kUnknown;
      if (next >= 0) {
        ++hits;
      } else {
        ++stats_.misses;
        const int32_t to = Step(&m, s, cls);
        if (to == kOverBudget) {
          stats_.hits += hits;
          ++stats_.fallbacks;
          *may = asked_;
          return false;
        }
        if (cls >= m.stride) Widen(&m, static_cast<uint32_t>(m.classes.size()));
        // Charged as when each state had its own row, grown to the classes
        // then known: the budget, and so the resets, are as they were.
        State& from = m.states[s];
        if (cls >= from.row_charged) {
          memory_ += (m.classes.size() - from.row_charged) * sizeof(int32_t);
          from.row_charged = static_cast<uint32_t>(m.classes.size());
        }
        next = 2 * to + (m.states[to].match ? 1 : 0);
        m.next[static_cast<size_t>(s) * m.stride + cls] = next;
      }
      s = static_cast<uint32_t>(next) >> 1;
      if (next & 1) {
        matched = true;
        break;
      }
    }
    stats_.hits += hits;
    (*may)[k] = matched ? 1 : 0;
    ++m.asked;
    m.refused += matched ? 0 : 1;
    if (m.asked == kTrial && m.refused * kRefuseRate < m.asked) {
      m.retired = true;
      ++stats_.retired;
    }
  }
  return true;
}

}  // namespace argx::rules::vm
