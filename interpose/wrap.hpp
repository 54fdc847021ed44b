// The one template every generated wrapper calls: Enter, the family's meaning around the PMPI call, Leave.
// Families specialise Semantics<Fn> (interpose/semantics/*.hpp); everything else just forwards.
#pragma once

#include <type_traits>

#include "call_scope.hpp"
#include "semantics/all.hpp"  // the hand-written specialisations

namespace mpisight::interpose {

template <Fn F, class Pmpi, class... Args>
[[gnu::always_inline]] inline auto wrap(void* caller, Pmpi pmpi, Args... args) {
  recorder::ThreadState& state = recorder::this_thread();
  if (state.depth != 0 || !recorder::recording()) [[unlikely]] {
    return pmpi(args...);
  }
  ++state.depth;
  CallScope scope(state, F, clock::ticks());
  recorder::record(state, scope.enter_ticks(),
                   journal::Enter{{.arg = static_cast<std::uint32_t>(F)}, reinterpret_cast<std::uint64_t>(caller)});
  auto result = Semantics<F>::call(scope, pmpi, args...);
  scope.leave();
  --state.depth;
  return result;
}

}  // namespace mpisight::interpose
