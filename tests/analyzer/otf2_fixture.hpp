// The one place tests write OTF2: real archives through the OTF2 writer API, with the definitions Score-P and
// mpisight's tracer use (one process location group per rank, COMM_LOCATIONS/COMM_GROUP/COMM_SELF groups).
// Also the helpers that damage an archive on purpose.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "temp_dir.hpp"
#include "trace/definitions.hpp"
#include "trace/events.hpp"

namespace mpisight::testkit {

// Collects definitions and events, then writes them with write(). Times are ns since the trace's global offset;
// the archive stores them as ticks of a 1 GHz clock starting at kGlobalOffsetTicks, so readers must subtract it.
class Otf2ArchiveBuilder {
 public:
  static constexpr std::uint64_t kGlobalOffsetTicks = 5'000'000'000;
  static constexpr trace::CommId kWorld = 0;
  static constexpr trace::CommId kSelf = 1;

  // `ranks` MPI processes; rank r's main thread is location r in location group r.
  explicit Otf2ArchiveBuilder(std::uint32_t ranks);

  // Event files are written in chunks of this size (OTF2 allows 256 KiB to 16 MiB; default 1 MiB).
  void set_event_chunk_bytes(std::uint64_t bytes) { event_chunk_bytes_ = bytes; }

  // Makes the Location definition claim `count` events, whatever was written (to fake a short event file).
  void claim_event_count(trace::LocationId location, std::uint64_t count) { claimed_event_counts_[location] = count; }

  // Another thread of `rank`: location (thread_index << 32) | rank, in the rank's location group.
  trace::LocationId add_thread(trace::WorldRank rank, std::uint32_t thread_index);
  // A region; the same name gives the same ID.
  trace::RegionId region(std::string_view name, trace::RegionRole role = trace::RegionRole::kFunction,
                         trace::Paradigm paradigm = trace::Paradigm::kMpi);
  // A communicator over `world_ranks` (index = rank in the new comm), child of MPI_COMM_WORLD.
  trace::CommId add_comm(std::string_view name, const std::vector<trace::WorldRank>& world_ranks);
  // An RMA window over `comm` (ids 0, 1, ... in order).
  trace::RmaWinId add_window(std::string_view name, trace::CommId comm = kWorld);

  // Events, appended in call order per location (OTF2 requires non-decreasing times per location).
  Otf2ArchiveBuilder& enter(trace::LocationId location, std::int64_t time_ns, trace::RegionId region);
  Otf2ArchiveBuilder& leave(trace::LocationId location, std::int64_t time_ns, trace::RegionId region);
  Otf2ArchiveBuilder& send(trace::LocationId location, std::int64_t time_ns, std::uint32_t receiver, std::uint32_t tag,
                           std::uint64_t bytes, trace::CommId comm = kWorld);
  Otf2ArchiveBuilder& recv(trace::LocationId location, std::int64_t time_ns, std::uint32_t sender, std::uint32_t tag,
                           std::uint64_t bytes, trace::CommId comm = kWorld);
  Otf2ArchiveBuilder& isend(trace::LocationId location, std::int64_t time_ns, std::uint32_t receiver, std::uint32_t tag,
                            std::uint64_t bytes, trace::RequestId request, trace::CommId comm = kWorld);
  Otf2ArchiveBuilder& isend_complete(trace::LocationId location, std::int64_t time_ns, trace::RequestId request);
  Otf2ArchiveBuilder& irecv_request(trace::LocationId location, std::int64_t time_ns, trace::RequestId request);
  Otf2ArchiveBuilder& irecv(trace::LocationId location, std::int64_t time_ns, std::uint32_t sender, std::uint32_t tag,
                            std::uint64_t bytes, trace::RequestId request, trace::CommId comm = kWorld);
  Otf2ArchiveBuilder& request_test(trace::LocationId location, std::int64_t time_ns, trace::RequestId request);
  Otf2ArchiveBuilder& request_cancelled(trace::LocationId location, std::int64_t time_ns, trace::RequestId request);
  Otf2ArchiveBuilder& collective_begin(trace::LocationId location, std::int64_t time_ns);
  Otf2ArchiveBuilder& collective_end(trace::LocationId location, std::int64_t time_ns, trace::CollectiveOp op,
                                     std::uint32_t root, std::uint64_t bytes_sent, std::uint64_t bytes_received,
                                     trace::CommId comm = kWorld);
  Otf2ArchiveBuilder& collective_request(trace::LocationId location, std::int64_t time_ns, trace::RequestId request);
  Otf2ArchiveBuilder& collective_complete(trace::LocationId location, std::int64_t time_ns, trace::CollectiveOp op,
                                          std::uint32_t root, std::uint64_t bytes_sent, std::uint64_t bytes_received,
                                          trace::RequestId request, trace::CommId comm = kWorld);

  // Any event, with the extra attributes the fixture writes (see attributes_of() in otf2_fixture.cpp).
  Otf2ArchiveBuilder& add(const trace::Event& event);
  // Records of other tools that the trace model does not convert (BufferFlush, MeasurementOnOff, OpenMP, thread,
  // parameter, program records), some with attribute lists of every value kind, at `time_ns`, written after the
  // events appended to `location` so far. Returns how many records that is.
  std::size_t foreign_records(trace::LocationId location, std::int64_t time_ns);
  // A ClockOffset local definition of `location`: at `time_ns` its clock is `offset_ticks` off (OTF2's readers
  // correct the location's timestamps, interpolating between consecutive offsets).
  Otf2ArchiveBuilder& clock_offset(trace::LocationId location, std::int64_t time_ns, std::int64_t offset_ticks);

  // Writes <dir>/traces.otf2, traces.def and traces/<location>.evt|.def; returns the anchor path.
  // Throws std::runtime_error if OTF2 refuses.
  std::filesystem::path write(const std::filesystem::path& dir) const;

 private:
  struct Comm {
    std::string name;
    std::vector<trace::WorldRank> world_ranks;
  };
  struct RegionDef {
    std::string name;
    trace::RegionRole role;
    trace::Paradigm paradigm;
  };
  std::uint32_t ranks_;
  std::uint64_t event_chunk_bytes_ = std::uint64_t{1} << 20;
  std::map<trace::LocationId, std::vector<trace::Event>> events_;  // every location, possibly without events
  std::map<trace::LocationId, std::uint64_t> claimed_event_counts_;
  // foreign_records(): (number of events before them, time)
  std::map<trace::LocationId, std::vector<std::pair<std::size_t, std::int64_t>>> foreign_;
  std::map<trace::LocationId, std::vector<std::pair<std::int64_t, std::int64_t>>> clock_offsets_;
  std::vector<RegionDef> regions_;                              // index = RegionId
  std::vector<Comm> comms_;                                     // user comms; CommId = kSelf + 1 + index
  std::vector<std::pair<std::string, trace::CommId>> windows_;  // RmaWinId = index
};

// A 2-rank ping-pong every test can rely on (times in ns):
//   rank 0: MPI_Send  enter 100, MpiSend(to 1, tag 7, 64 B) at 110, leave 300
//           MPI_Recv  enter 400, MpiRecv(from 1, tag 8, 32 B) at 900, leave 1000
//   rank 1: MPI_Recv  enter 50,  MpiRecv(from 0, tag 7, 64 B) at 250, leave 260
//           MPI_Send  enter 500, MpiSend(to 0, tag 8, 32 B) at 510, leave 600
// Returns the anchor path.
std::filesystem::path write_ping_pong(const std::filesystem::path& dir);

// Damage helpers for error tests.
[[nodiscard]] std::filesystem::path event_file(const std::filesystem::path& dir, trace::LocationId location);
[[nodiscard]] std::filesystem::path global_definition_file(const std::filesystem::path& dir);
void truncate_file(const std::filesystem::path& file, std::uintmax_t keep_bytes);
void overwrite_with_garbage(const std::filesystem::path& file, std::uint32_t seed);  // same size, random bytes
void write_file(const std::filesystem::path& file, std::string_view content);

}  // namespace mpisight::testkit
