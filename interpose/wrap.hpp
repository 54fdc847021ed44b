// The one template every generated wrapper calls: Enter, the family's meaning around the PMPI call, Leave.
// Families specialise Semantics<Fn> (interpose/semantics/*.hpp); everything else just forwards.
#pragma once

#include <cstddef>
#include <type_traits>

#include "call_scope.hpp"
#include "schema/attributes.hpp"
#include "semantics/all.hpp"  // the hand-written specialisations

namespace mpisight::interpose {

// A call that is not recorded still keeps the state later records depend on, where its family has any
// (communicator keys are agreed collectively, so every member must take part).
template <Fn F, class Pmpi, class... Args>
[[gnu::always_inline]] inline auto call_unrecorded(Pmpi pmpi, Args... args) {
  if constexpr (requires { Semantics<F>::unrecorded(pmpi, args...); }) {
    return Semantics<F>::unrecorded(pmpi, args...);
  } else {
    return pmpi(args...);
  }
}

static_assert(kFunctionCount <= recorder::kMaxFunctions, "raise recorder::kMaxFunctions: one switch per MPI function");

// Whether F's int result is an MPI error code (MPI_File_c2f returns a Fortran handle instead).
template <Fn F, class Result>
inline constexpr bool kReturnsErrorCode = std::is_same_v<Result, int>&& F != Fn::MPI_File_c2f;

template <Fn F, class Pmpi, class... Args>
[[gnu::always_inline]] inline auto wrap(void* caller, Pmpi pmpi, Args... args) {
  recorder::ThreadState& state = recorder::this_thread();
  if (state.depth != 0) [[unlikely]] {
    return pmpi(args...);
  }
  // Only the start decides: a call that entered records its Leave even if another thread pauses recording
  // meanwhile (the records below do not look at the switches), so the trace never has an unmatched Enter.
  if (!recorder::records(static_cast<std::size_t>(F))) [[unlikely]] {
    // Not recorded, but still the user's call: MPI calls made inside it (by user callbacks such as reduction
    // operators) are not the user's, so they stay unrecorded even if recording resumes meanwhile.
    ++state.depth;
    auto result = call_unrecorded<F>(pmpi, args...);
    --state.depth;
    return result;
  }
  ++state.depth;
  CallScope scope(state, F, clock::ticks());
  // A call site named through the C++ API's hook replaces the return address (a select, no branch).
  const std::uint64_t site = state.site != 0 ? state.site : reinterpret_cast<std::uint64_t>(caller);
  if constexpr (requires { Semantics<F>::before_enter(scope, args...); }) {
    Semantics<F>::before_enter(scope, args...);  // records that become attributes of the Enter
  }
  if constexpr (requires { Semantics<F>::record_enter(scope, site, args...); }) {
    Semantics<F>::record_enter(scope, site, args...);  // the Enter with what the family records at enter
  } else {
    scope.record_enter(site);
  }
  auto result = Semantics<F>::call(scope, pmpi, args...);
  if constexpr (kReturnsErrorCode<F, decltype(result)>) {
    if (result != MPI_SUCCESS) [[unlikely]] {
      scope.attach_at_leave(schema::Attribute::kReturnCode, static_cast<std::uint64_t>(std::int64_t{result}));
    }
  }
  scope.leave();
  --state.depth;
  return result;
}

}  // namespace mpisight::interpose
