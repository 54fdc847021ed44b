// Journal RMA and MPI-IO records -> OTF2 RMA and I/O events of one location, with mpisight's RMA attributes.
// Keeps the location's RMA operations that await completion, so that a flush, unlock, fence or complete turns
// into one RmaOpCompleteBlocking per operation it completes.
#pragma once

#include <cstdint>
#include <map>
#include <otf2/otf2.h>
#include <vector>

#include "core/journal_reader.hpp"
#include "otf2/shared_definitions.hpp"

namespace mpisight::otf2 {

class RmaIoConverter {
 public:
  RmaIoConverter(OTF2_EvtWriter* writer, const SharedDefinitions& shared, std::int32_t rank);
  RmaIoConverter(const RmaIoConverter&) = delete;
  RmaIoConverter& operator=(const RmaIoConverter&) = delete;
  ~RmaIoConverter();

  [[nodiscard]] static bool handles(journal::Kind kind) noexcept;
  // Writes the events of `record` at `time_ns`; returns how many.
  std::uint64_t convert(const journal::RecordView& record, std::uint64_t time_ns);

 private:
  struct Pending {
    std::int32_t remote;
    std::uint64_t matching_id;
  };

  std::uint64_t convert_rma(const journal::RecordView& record, std::uint64_t time_ns);
  std::uint64_t convert_io(const journal::RecordView& record, std::uint64_t time_ns);
  std::uint64_t write_op(const journal::RmaOp& op, OTF2_RmaWinRef win, std::uint64_t time_ns);
  std::uint64_t complete(std::uint64_t key, OTF2_RmaWinRef win, std::int32_t remote, std::uint64_t time_ns);

  OTF2_EvtWriter* writer_;
  const SharedDefinitions& shared_;
  std::int32_t rank_;
  OTF2_AttributeList* attributes_;
  std::map<std::uint64_t, std::vector<Pending>> pending_;  // by window key
};

}  // namespace mpisight::otf2
