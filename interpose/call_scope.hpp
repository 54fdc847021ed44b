// One traced call in progress, and the default (empty) meaning of a call that families specialise.
#pragma once

#include <cstdint>

#include "core/journal_format.hpp"
#include "core/recorder.hpp"
#include "function_ids.hpp"  // generated: enum class Fn
#include "schema/attributes.hpp"

namespace mpisight::interpose {

// One traced call in progress: knows its enter time, reads the clock for the leave time at most once.
class CallScope {
 public:
  CallScope(recorder::ThreadState& state, Fn fn, std::uint64_t enter_ticks) noexcept
      : state_(state), fn_(fn), enter_ticks_(enter_ticks) {}

  [[nodiscard]] Fn fn() const noexcept { return fn_; }
  [[nodiscard]] std::uint64_t enter_ticks() const noexcept { return enter_ticks_; }

  [[nodiscard]] std::uint64_t leave_ticks() noexcept {
    if (leave_ticks_ == 0) {
      leave_ticks_ = clock::ticks();
    }
    return leave_ticks_;
  }

  // Semantic records before the PMPI call carry the enter time, those after it the leave time.
  template <journal::Record R>
  [[gnu::always_inline]] void record_at_enter(R rec) noexcept {
    recorder::record(state_, enter_ticks_, rec);
  }
  template <journal::Record R>
  void record_at_leave(R rec) noexcept {
    recorder::record(state_, leave_ticks(), rec);
  }

  // The call's Enter from `site` (a return address or hook site), in its full form.
  [[gnu::always_inline]] void record_enter(std::uint64_t site) noexcept {
    record_at_enter(journal::Enter{{.arg = static_cast<std::uint32_t>(fn_)}, site});
  }

  // Compact records (journal::RepeatableRecord), one word when they repeat the last of their kind: false, with
  // nothing written, when one stamped as a delta does not fit and the caller must write the full forms instead.
  template <journal::RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] bool record_compact_at_enter(const R& rec) noexcept {
    return recorder::record_compact(state_, enter_ticks_, rec);
  }
  // The same for a record that also stands for this call's Leave.
  template <journal::RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] bool leave_with(const R& rec) noexcept {
    if (!recorder::record_compact(state_, leave_ticks(), rec)) {
      return false;
    }
    left_ = true;
    return true;
  }

  // One repeat word for the last compact record of kind R, for a caller that knows this call's record would
  // equal it (interpose/semantics/repeat_keys.hpp): false, with nothing written, where a repeat cannot stand.
  template <journal::RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] bool repeat_at_enter() noexcept {
    return recorder::record_repeat<R>(state_, enter_ticks_);
  }
  // The same for a record that also stands for this call's Leave.
  template <journal::RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] bool leave_with_repeat() noexcept {
    if (!recorder::record_repeat<R>(state_, leave_ticks())) {
      return false;
    }
    left_ = true;
    return true;
  }
  [[nodiscard, gnu::always_inline]] const journal::LastCompact& last_compact() const noexcept {
    return state_.last_compact;
  }

  // Attaches a schema attribute (runtime/schema/attributes.hpp) to the next record of this call, through a
  // journal::Attribute record: for rare values, since each costs 24 bytes; frequent ones belong in the record.
  void attach_at_enter(schema::Attribute attribute, std::uint64_t value) noexcept {
    record_at_enter(journal::Attribute{{.arg = static_cast<std::uint32_t>(attribute)}, value});
  }
  void attach_at_leave(schema::Attribute attribute, std::uint64_t value) noexcept {
    record_at_leave(journal::Attribute{{.arg = static_cast<std::uint32_t>(attribute)}, value});
  }

  // Writes the Leave record; idempotent so MPI_Finalize can leave before the archive is written.
  [[gnu::always_inline]] void leave() noexcept {
    if (!left_) {
      left_ = true;
      recorder::record_leave(state_, leave_ticks(), static_cast<std::uint32_t>(fn_));
    }
  }

 private:
  recorder::ThreadState& state_;
  Fn fn_;
  std::uint64_t enter_ticks_;
  std::uint64_t leave_ticks_ = 0;
  bool left_ = false;
};

// Default meaning of a call: none beyond Enter/Leave.
template <Fn F>
struct Semantics {
  template <class Pmpi, class... Args>
  static auto call(CallScope& /*scope*/, Pmpi pmpi, Args... args) {
    return pmpi(args...);
  }
};

}  // namespace mpisight::interpose
