// Writes one OTF2 archive from processes' journals: events and clock offsets per location, and the global
// definitions on the master. Works collectively over MPI (at MPI_Finalize) or serially (recovery).
#pragma once

#include <cstdint>
#include <mpi.h>
#include <otf2/otf2.h>
#include <span>
#include <string>
#include <vector>

#include "otf2/call_sites.hpp"
#include "otf2/comm_definitions.hpp"
#include "otf2/error_capture.hpp"
#include "otf2/process_journals.hpp"
#include "otf2/shared_definitions.hpp"

namespace mpisight::otf2 {

struct LocationSummary {
  std::uint32_t thread_index = 0;
  std::uint64_t events = 0;
  std::uint64_t first_ns = 0;
  std::uint64_t last_ns = 0;
};

struct ProcessSummary {
  int rank = 0;
  std::string host;
  std::int64_t realtime_offset_ns = 0;
  std::vector<LocationSummary> locations;
};

// OTF2 location id of a thread: the main thread's id is the world rank, as MPI tools expect.
[[nodiscard]] constexpr std::uint64_t location_id(int rank, std::uint32_t thread_index) noexcept {
  return (std::uint64_t{thread_index} << 32U) | static_cast<std::uint32_t>(rank);
}

class ArchiveWriter {
 public:
  // Collective over `comm` when it is not MPI_COMM_NULL (its rank 0 becomes the master), else serial.
  // Throws std::runtime_error when the archive cannot be created.
  ArchiveWriter(const std::string& trace_dir, MPI_Comm comm);
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;
  ~ArchiveWriter();

  // Writes the events of every thread of `process`; call once per process, then close_events(), which
  // also opens the local definition files. `comm_ids` maps the process's communicator ids to global ones,
  // `contexts` its Enter callers to calling contexts; `shared` numbers windows, PSCW groups, files and file handles.
  [[nodiscard]] ProcessSummary write_events(const ProcessJournals& process, std::span<const std::uint32_t> comm_ids,
                                            const CallingContexts& contexts, const SharedDefinitions& shared);
  void close_events();
  // Clock offsets go into each location's local definitions.
  void write_local_definitions(const ProcessJournals& process);
  void close_local_definitions();
  [[nodiscard]] bool is_master();
  void write_global_definitions(const std::vector<ProcessSummary>& processes, int world_size, const CommCatalog& comms,
                                const CallSiteTable& sites, const SharedDefinitions& shared);
  void close();

 private:
  void check(OTF2_ErrorCode status, const std::string& what);

  Otf2ErrorCapture capture_;  // keeps OTF2's own reports off the traced program's stderr
  OTF2_Archive* archive_ = nullptr;
};

}  // namespace mpisight::otf2
