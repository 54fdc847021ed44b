// Turns decoded records (record.hpp) into typed Events: ticks to ns, peers to world ranks, schema attributes to
// optional fields. The one conversion both readers use, the OTF2 library's callbacks and the direct decoder.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "trace/definitions.hpp"
#include "trace/detail/record.hpp"
#include "trace/events.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::trace::detail {

// One Event per alternative, each holding its alternative for good: a conversion overwrites every field of the
// one of its type, rather than destroying a variant's old alternative and value-initializing the new one per
// event. So a conversion must assign every field, absent optionals included (tests/analyzer/event_slots_test.cpp
// checks).
class EventSlots {
 public:
  EventSlots() { emplace_each(std::make_index_sequence<std::variant_size_v<Event>>()); }
  EventSlots(const EventSlots&) = delete;  // current_ points into slots_
  EventSlots& operator=(const EventSlots&) = delete;

  // The slot of `T`, made the current one.
  template <class T>
  [[nodiscard]] T& take() noexcept {
    current_ = &slots_[kIndex<T>];
    return *std::get_if<T>(current_);
  }
  [[nodiscard]] const Event& current() const noexcept { return *current_; }

 private:
  template <class T, class... Ts>
  static constexpr std::size_t index_in(const std::variant<Ts...>* /*variant*/) {
    std::size_t index = 0;
    (void)((std::is_same_v<T, Ts> ? false : (++index, true)) && ...);
    return index;
  }
  template <class T>
  static constexpr std::size_t kIndex = index_in<T>(static_cast<const Event*>(nullptr));

  template <std::size_t... kAlternative>
  void emplace_each(std::index_sequence<kAlternative...> /*alternatives*/) {
    (slots_[kAlternative].template emplace<kAlternative>(), ...);
  }

  std::array<Event, std::variant_size_v<Event>> slots_;
  Event* current_ = &slots_[0];
};

class EventContext {
 public:
  EventContext(const TraceDefinitions& defs, const EventCallback& on_event);

  [[nodiscard]] const TraceDefinitions& defs() const noexcept { return defs_; }
  [[nodiscard]] std::int64_t to_ns(std::uint64_t ticks) const noexcept;  // inline: once per event
  // The schema attribute an Attribute definition names, if any.
  [[nodiscard]] std::optional<schema::Attribute> schema_attribute(std::uint32_t attribute_ref) const noexcept {
    if (attribute_ref >= schema_by_ref_.size() || schema_by_ref_[attribute_ref] < 0) {
      return std::nullopt;
    }
    return static_cast<schema::Attribute>(schema_by_ref_[attribute_ref]);
  }
  // Sets `rank` as TraceDefinitions::world_rank would return it, with intracommunicators looked up by index rather
  // than in the map. Not a returned optional: GCC built that on the stack and read it back whole, a stalled
  // store-to-load forwarding in the hottest conversions.
  void world_rank(CommId comm, std::uint32_t rank_in_comm, LocationId caller, std::optional<WorldRank>& rank) const {
    if (comm < intra_ranks_.size() && intra_ranks_[comm] != nullptr) [[likely]] {
      const std::vector<WorldRank>& ranks = *intra_ranks_[comm];
      if (rank_in_comm < ranks.size()) {
        rank = ranks[rank_in_comm];
      } else {
        rank.reset();
      }
      return;
    }
    rank = defs_.world_rank(comm, rank_in_comm, caller);
  }
  // A PeerCounts string attribute, parsed once per String definition; empty when it is not such a string.
  [[nodiscard]] PeerCounts peer_counts(StringId string);

  // Converts `record` with `attributes` and hands the Event to the consumer; what the consumer throws propagates.
  void convert(const Record& record, const AttributeValues& attributes);

 private:
  [[nodiscard]] std::uint64_t ticks_to_ns(std::uint64_t ticks) const noexcept;  // for clocks not counting ns

  const TraceDefinitions& defs_;
  const EventCallback& on_event_;
  std::vector<std::int8_t> schema_by_ref_;  // by Attribute definition id; -1: not a schema attribute
  // By comm id: the world ranks of an intracommunicator other than a self one; null: ask defs_.
  std::vector<const std::vector<WorldRank>*> intra_ranks_;
  std::map<StringId, PeerCounts> peer_counts_;
  bool nanosecond_ticks_ = true;
  EventSlots slots_;  // every event is built in place there and handed on from there
};

inline std::int64_t EventContext::to_ns(std::uint64_t ticks) const noexcept {
  const ClockProperties& clock = defs_.clock;
  const bool before_offset = ticks < clock.global_offset;
  const std::uint64_t delta = before_offset ? clock.global_offset - ticks : ticks - clock.global_offset;
  const auto magnitude = static_cast<std::int64_t>(nanosecond_ticks_ ? delta : ticks_to_ns(delta));
  return before_offset ? -magnitude : magnitude;
}

// The event of `r` in its slot, with its location and time set; the caller assigns every other field.
template <class T>
[[nodiscard]] T& take(EventSlots& slots, const EventContext& ctx, const Record& r) {
  T& event = slots.take<T>();
  event.location = r.location;
  event.time_ns = ctx.to_ns(r.time);
  return event;
}

// The I/O records (io_events.hpp), converted in io_record_conversion.cpp into their slot.
[[nodiscard]] bool is_io_record(RecordKind kind) noexcept;
void io_event(const EventContext& ctx, const Record& record, const AttributeValues& attributes, EventSlots& slots);

}  // namespace mpisight::trace::detail
