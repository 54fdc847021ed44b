// Journal RMA and MPI-IO records -> OTF2 RMA and I/O events of one location, with mpisight's attributes (those
// of the record and those the journal attached to it).
// A flush, unlock, fence or complete turns into one RmaOpCompleteBlocking per operation it completes, on this
// location, for operations of any thread of the process (see rma_completion_plan.hpp).
#pragma once

#include <cstdint>
#include <otf2/otf2.h>
#include <span>
#include <vector>

#include "core/journal_reader.hpp"
#include "otf2/attribute_list.hpp"
#include "otf2/shared_definitions.hpp"

namespace mpisight::otf2 {

class RmaIoConverter {
 public:
  // `attributes` holds what the journal attached to the next event; each converted record takes and clears it.
  // `completions[n]`: the matching ids the location's n-th RmaComplete record completes.
  RmaIoConverter(OTF2_EvtWriter* writer, const SharedDefinitions& shared, std::int32_t rank, AttributeList& attributes,
                 std::span<const std::vector<std::uint64_t>> completions);
  RmaIoConverter(const RmaIoConverter&) = delete;
  RmaIoConverter& operator=(const RmaIoConverter&) = delete;

  [[nodiscard]] static bool handles(journal::Kind kind) noexcept;
  // Writes the events of `record` at `time_ns`; returns how many.
  std::uint64_t convert(const journal::RecordView& record, std::uint64_t time_ns);

 private:
  std::uint64_t convert_rma(const journal::RecordView& record, std::uint64_t time_ns);
  std::uint64_t convert_io(const journal::RecordView& record, std::uint64_t time_ns);
  std::uint64_t write_op(const journal::RmaOp& op, OTF2_RmaWinRef win, std::uint64_t time_ns);
  void add_range(schema::Attribute begin, schema::Attribute end, std::uint64_t first, std::uint64_t last);
  std::uint64_t complete(OTF2_RmaWinRef win, std::size_t nth, std::uint64_t time_ns);

  OTF2_EvtWriter* writer_;
  const SharedDefinitions& shared_;
  std::int32_t rank_;
  AttributeList& attributes_;
  std::span<const std::vector<std::uint64_t>> completions_;
  std::size_t completes_seen_ = 0;
};

}  // namespace mpisight::otf2
