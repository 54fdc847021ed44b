// The record conversion reuses one Event per alternative (EventSlots): an event must carry nothing over from the
// event its slot held before, whatever kind of record filled that one and with whatever attributes.
#include <cstddef>
#include <gtest/gtest.h>
#include <optional>
#include <vector>

#include "trace/detail/record_conversion.hpp"

namespace mpisight::trace::detail {
namespace {

TraceDefinitions definitions() {
  TraceDefinitions defs;
  for (std::size_t i = 0; i < schema::kAttributes.size(); ++i) {
    defs.schema_attributes[static_cast<AttributeId>(i)] = static_cast<schema::Attribute>(i);
  }
  defs.comms[0].world_ranks = {0, 1, 2, 3, 4, 5, 6};
  defs.locations[0].world_rank = 0;
  return defs;
}

// Every field and every schema attribute set, to values no bare record has; begins below ends, so that ranges
// are present.
Record full_record(RecordKind kind) {
  Record record;
  record.kind = kind;
  record.time = 1000;
  for (std::size_t i = 0; i < kMaxRecordFields; ++i) {
    record.field[i] = i + 1;
  }
  return record;
}

AttributeValues every_attribute() {
  AttributeValues values;
  for (std::size_t i = 0; i < schema::kAttributes.size(); ++i) {
    values.set(static_cast<schema::Attribute>(i), 100 + 2 * i);
  }
  return values;
}

// The event `record` converts to in a context that has converted nothing before, or after `before`.
Event converted(const TraceDefinitions& defs, const Record& record, const std::optional<Record>& before = {}) {
  std::vector<Event> events;
  const EventCallback keep = [&](const Event& event) { events.push_back(event); };
  EventContext ctx(defs, keep);
  if (before) {
    ctx.convert(*before, every_attribute());
  }
  ctx.convert(record, AttributeValues{});
  return events.back();
}

TEST(EventSlots, AnEventKeepsNothingOfTheEventItsSlotHeldBefore) {
  const TraceDefinitions defs = definitions();
  for (std::size_t bare = 0; bare < kRecordKinds; ++bare) {
    Record record;
    record.kind = static_cast<RecordKind>(bare);
    record.time = 2000;
    const Event alone = converted(defs, record);
    for (std::size_t full = 0; full < kRecordKinds; ++full) {
      EXPECT_EQ(converted(defs, record, full_record(static_cast<RecordKind>(full))), alone)
          << "record kind " << bare << " after a full record of kind " << full;
    }
  }
}

TEST(EventSlots, AFullRecordFillsItsOptionalFields) {
  // So that the test above compares full events against bare ones, not bare against bare.
  const TraceDefinitions defs = definitions();
  std::vector<Event> events;
  const EventCallback keep = [&](const Event& event) { events.push_back(event); };
  EventContext ctx(defs, keep);
  ctx.convert(full_record(RecordKind::kMpiIsend), every_attribute());
  ctx.convert(full_record(RecordKind::kRmaAtomic), every_attribute());
  ASSERT_EQ(events.size(), 2U);
  const auto& isend = std::get<MpiIsend>(events[0]);
  EXPECT_EQ(isend.peer, 1U);
  EXPECT_TRUE(isend.type && isend.request_handle && isend.send_buffer && isend.request_slot);
  const auto& atomic = std::get<RmaOp>(events[1]);
  EXPECT_EQ(atomic.bytes_received, 5U);
  EXPECT_TRUE(atomic.target_bytes && atomic.reduction_op);
}

}  // namespace
}  // namespace mpisight::trace::detail
