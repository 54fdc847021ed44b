// Sets of trace::Event alternatives, so the driver hands each check only the records it acts on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include "trace/events.hpp"

namespace mpisight::analyzer {

// Bit i stands for alternative i of trace::Event.
using EventKinds = std::uint64_t;
static_assert(std::variant_size_v<trace::Event> <= 64, "EventKinds holds one bit per event alternative");
inline constexpr EventKinds kAllEventKinds = ~EventKinds{0};

template <class E, std::size_t I = 0>
[[nodiscard]] consteval std::size_t event_kind() {
  static_assert(I < std::variant_size_v<trace::Event>, "not an alternative of trace::Event");
  if constexpr (std::is_same_v<std::variant_alternative_t<I, trace::Event>, E>) {
    return I;
  } else {
    return event_kind<E, I + 1>();
  }
}

// The alternative `E` of an event known to hold one (after a switch on event.index()).
template <class E>
[[nodiscard]] const E& event_as(const trace::Event& event) noexcept {
  return *std::get_if<E>(&event);
}

// kinds_of<trace::MpiSend, trace::Leave>(): the set of those alternatives.
template <class... Events>
[[nodiscard]] consteval EventKinds kinds_of() {
  return ((EventKinds{1} << event_kind<Events>()) | ... | EventKinds{0});
}

// Returns from MPI split by what they carry, so a check acting on a few Leaves is not handed every one (a third of
// all events): a check naming trace::Leave gets every Leave, one naming leaves_with<...>() only the Leaves that
// carry one of the facts it names.
enum class LeaveFact : std::uint8_t {
  kRequest,         // names a request handle, or leaves MPI_Request_free
  kError,           // carries a return code (the call did not return MPI_SUCCESS)
  kCollectiveInit,  // sets up a persistent collective
};
inline constexpr std::size_t kLeaveFactCount = 3;
inline constexpr std::size_t kFirstLeaveFact = std::variant_size_v<trace::Event>;  // bit of the first fact
static_assert(kFirstLeaveFact + kLeaveFactCount <= 64, "EventKinds holds one bit per Leave fact too");

template <LeaveFact... kFacts>
[[nodiscard]] consteval EventKinds leaves_with() {
  return ((EventKinds{1} << (kFirstLeaveFact + static_cast<std::size_t>(kFacts))) | ... | EventKinds{0});
}

// The same for calls entered: a check naming enters_with<...>() gets only the Enters carrying one of those facts.
enum class EnterFact : std::uint8_t {
  kFinalize,       // enters MPI_Finalize
  kAwaitsMessage,  // a blocking receive that names the source, tag and communicator it waits for
};
inline constexpr std::size_t kEnterFactCount = 2;
inline constexpr std::size_t kFirstEnterFact = kFirstLeaveFact + kLeaveFactCount;
static_assert(kFirstEnterFact + kEnterFactCount <= 64, "EventKinds holds one bit per Enter fact too");

template <EnterFact... kFacts>
[[nodiscard]] consteval EventKinds enters_with() {
  return ((EventKinds{1} << (kFirstEnterFact + static_cast<std::size_t>(kFacts))) | ... | EventKinds{0});
}

// The alternatives whose type satisfies `Trait` (a class template with a bool `value`).
template <template <class> class Trait>
[[nodiscard]] consteval EventKinds kinds_where() {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return ((Trait<std::variant_alternative_t<I, trace::Event>>::value ? EventKinds{1} << I : EventKinds{0}) | ... |
            EventKinds{0});
  }
  (std::make_index_sequence<std::variant_size_v<trace::Event>>{});
}

}  // namespace mpisight::analyzer
