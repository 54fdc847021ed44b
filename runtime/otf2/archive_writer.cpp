// Drives OTF2's archive API through events, local definitions and global definitions.
#include "otf2/archive_writer.hpp"

#include <stdexcept>

#include "otf2/event_conversion.hpp"
#include "otf2/mpi_collectives.h"
#include "otf2/rma_completion_plan.hpp"

namespace mpisight::otf2 {

void write_global_definitions(OTF2_GlobalDefWriter* writer, const std::vector<ProcessSummary>& processes,
                              int world_size, const CommCatalog& comms, const CallSiteTable& sites,
                              const SharedDefinitions& shared);

namespace {

constexpr std::uint64_t kEventChunkBytes = std::uint64_t{1} << 20U;
constexpr std::uint64_t kDefinitionChunkBytes = std::uint64_t{4} << 20U;

OTF2_FlushType flush_before(void* /*data*/, OTF2_FileType /*type*/, OTF2_LocationRef /*location*/, void* /*caller*/,
                            bool /*final*/) {
  return OTF2_FLUSH;
}

// No post-flush callback: OTF2 would add BufferFlush records that the location definitions do not count.
const OTF2_FlushCallbacks kFlushCallbacks = {flush_before, nullptr};

}  // namespace

void ArchiveWriter::check(OTF2_ErrorCode status, const std::string& what) {
  if (status != OTF2_SUCCESS) {
    const std::string cause = capture_.first_report();
    throw std::runtime_error("OTF2 could not " + what + ": " +
                             (cause.empty() ? std::string(OTF2_Error_GetDescription(status)) : cause));
  }
}

ArchiveWriter::ArchiveWriter(const std::string& trace_dir, MPI_Comm comm) {
  archive_ = OTF2_Archive_Open(trace_dir.c_str(), "traces", OTF2_FILEMODE_WRITE, kEventChunkBytes,
                               kDefinitionChunkBytes, OTF2_SUBSTRATE_POSIX, OTF2_COMPRESSION_NONE);
  if (archive_ == nullptr) {
    throw std::runtime_error("OTF2 could not create an archive in '" + trace_dir + "': " + capture_.first_report());
  }
  check(OTF2_Archive_SetFlushCallbacks(archive_, &kFlushCallbacks, nullptr), "set flush callbacks");
  if (comm != MPI_COMM_NULL) {
    check(mpisight_otf2_set_mpi_collectives(archive_, comm), "set MPI collectives");
  } else {
    check(OTF2_Archive_SetSerialCollectiveCallbacks(archive_), "set serial collectives");
  }
  check(OTF2_Archive_SetCreator(archive_, "mpisight " MPISIGHT_VERSION), "set the creator");
  check(OTF2_Archive_OpenEvtFiles(archive_), "open event files");
}

ArchiveWriter::~ArchiveWriter() {
  if (archive_ != nullptr) {
    OTF2_Archive_Close(archive_);
  }
}

ProcessSummary ArchiveWriter::write_events(const ProcessJournals& process, std::span<const std::uint32_t> comm_ids,
                                           const CallingContexts& contexts, const SharedDefinitions& shared) {
  ProcessSummary summary;
  summary.rank = process.rank;
  summary.host = process.host;
  summary.realtime_offset_ns = process.mapping.realtime_offset_ns();
  const RmaCompletionPlan rma_completions = plan_rma_completions(process.threads);
  for (std::size_t t = 0; t < process.threads.size(); ++t) {
    const journal::JournalReader& thread = process.threads[t];
    const std::uint64_t id = location_id(process.rank, thread.header().thread_index);
    OTF2_EvtWriter* writer = OTF2_Archive_GetEvtWriter(archive_, id);
    if (writer == nullptr) {
      throw std::runtime_error("OTF2 could not open the event writer of location " + std::to_string(id));
    }
    summary.locations.push_back(write_location_events(writer, thread, process.mapping, comm_ids, contexts, shared,
                                                      process.rank, rma_completions[t]));
    check(OTF2_Archive_CloseEvtWriter(archive_, writer), "close an event writer");
  }
  return summary;
}

void ArchiveWriter::close_events() {
  check(OTF2_Archive_CloseEvtFiles(archive_), "close event files");
  check(OTF2_Archive_OpenDefFiles(archive_), "open definition files");
}

void ArchiveWriter::write_local_definitions(const ProcessJournals& process) {
  if (process.threads.empty()) {
    return;
  }
  for (const journal::JournalReader& thread : process.threads) {
    OTF2_DefWriter* writer =
        OTF2_Archive_GetDefWriter(archive_, location_id(process.rank, thread.header().thread_index));
    if (writer == nullptr) {
      throw std::runtime_error("OTF2 could not open a local definition writer");
    }
    for (const ClockOffsetSample& offset : process.offsets) {
      check(OTF2_DefWriter_WriteClockOffset(writer, offset.local_ns, offset.offset_ns, offset.deviation_ns),
            "write a clock offset");
    }
    check(OTF2_Archive_CloseDefWriter(archive_, writer), "close a definition writer");
  }
}

void ArchiveWriter::close_local_definitions() {
  check(OTF2_Archive_CloseDefFiles(archive_), "close definition files");
}

bool ArchiveWriter::is_master() {
  bool master = false;
  check(OTF2_Archive_IsPrimary(archive_, &master), "query the primary");
  return master;
}

void ArchiveWriter::write_global_definitions(const std::vector<ProcessSummary>& processes, int world_size,
                                             const CommCatalog& comms, const CallSiteTable& sites,
                                             const SharedDefinitions& shared) {
  OTF2_GlobalDefWriter* writer = OTF2_Archive_GetGlobalDefWriter(archive_);
  if (writer == nullptr) {
    throw std::runtime_error("OTF2 could not open the global definition writer");
  }
  otf2::write_global_definitions(writer, processes, world_size, comms, sites, shared);
}

void ArchiveWriter::close() {
  OTF2_Archive* archive = archive_;
  archive_ = nullptr;
  check(OTF2_Archive_Close(archive), "close the archive");
}

}  // namespace mpisight::otf2
