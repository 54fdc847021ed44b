// Turns decoded records (record.hpp) into typed Events: ticks to ns, peers to world ranks, schema attributes to
// optional fields. The one conversion both readers use, the OTF2 library's callbacks and the direct decoder.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "trace/definitions.hpp"
#include "trace/detail/record.hpp"
#include "trace/events.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::trace::detail {

class EventContext {
 public:
  EventContext(const TraceDefinitions& defs, const EventCallback& on_event);

  [[nodiscard]] const TraceDefinitions& defs() const noexcept { return defs_; }
  [[nodiscard]] std::int64_t to_ns(std::uint64_t ticks) const noexcept;
  // The schema attribute an Attribute definition names, if any.
  [[nodiscard]] std::optional<schema::Attribute> schema_attribute(std::uint32_t attribute_ref) const noexcept {
    if (attribute_ref >= schema_by_ref_.size() || schema_by_ref_[attribute_ref] < 0) {
      return std::nullopt;
    }
    return static_cast<schema::Attribute>(schema_by_ref_[attribute_ref]);
  }
  // TraceDefinitions::world_rank, with intracommunicators looked up by index rather than in the map.
  [[nodiscard]] std::optional<WorldRank> world_rank(CommId comm, std::uint32_t rank_in_comm, LocationId caller) const {
    if (comm < intra_ranks_.size() && intra_ranks_[comm] != nullptr) [[likely]] {
      const std::vector<WorldRank>& ranks = *intra_ranks_[comm];
      return rank_in_comm < ranks.size() ? std::optional<WorldRank>(ranks[rank_in_comm]) : std::nullopt;
    }
    return defs_.world_rank(comm, rank_in_comm, caller);
  }
  // A PeerCounts string attribute, parsed once per String definition; empty when it is not such a string.
  [[nodiscard]] PeerCounts peer_counts(StringId string);

  // Converts `record` with `attributes` and hands the Event to the consumer; what the consumer throws propagates.
  void convert(const Record& record, const AttributeValues& attributes);

 private:
  const TraceDefinitions& defs_;
  const EventCallback& on_event_;
  std::vector<std::int8_t> schema_by_ref_;  // by Attribute definition id; -1: not a schema attribute
  // By comm id: the world ranks of an intracommunicator other than a self one; null: ask defs_.
  std::vector<const std::vector<WorldRank>*> intra_ranks_;
  std::map<StringId, PeerCounts> peer_counts_;
  bool nanosecond_ticks_ = true;
  Event slot_;  // every event is built in place here and handed on from here
};

// The I/O records (io_events.hpp), converted in io_record_conversion.cpp into `slot`.
[[nodiscard]] bool is_io_record(RecordKind kind) noexcept;
void io_event(const EventContext& ctx, const Record& record, const AttributeValues& attributes, Event& slot);

}  // namespace mpisight::trace::detail
