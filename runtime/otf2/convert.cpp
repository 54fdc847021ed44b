// Orchestrates conversion: load journals, write events and local definitions, gather summaries to the
// master, write global definitions.
#include "otf2/convert.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "core/comm_log_format.hpp"
#include "otf2/archive_writer.hpp"

namespace mpisight::otf2 {
namespace {

// Summaries travel to the master as flat bytes: fixed fields, host name, then the locations.
struct PackedProcess {
  std::int32_t rank;
  std::uint32_t location_count;
  std::int64_t realtime_offset_ns;
  char host[64];
};

std::vector<std::byte> pack(const ProcessSummary& summary) {
  PackedProcess head{
      summary.rank, static_cast<std::uint32_t>(summary.locations.size()), summary.realtime_offset_ns, {}};
  std::strncpy(head.host, summary.host.c_str(), sizeof(head.host) - 1);
  std::vector<std::byte> bytes(sizeof(head) + summary.locations.size() * sizeof(LocationSummary));
  std::memcpy(bytes.data(), &head, sizeof(head));
  std::memcpy(bytes.data() + sizeof(head), summary.locations.data(),
              summary.locations.size() * sizeof(LocationSummary));
  return bytes;
}

ProcessSummary unpack(const std::byte* bytes) {
  PackedProcess head{};
  std::memcpy(&head, bytes, sizeof(head));
  head.host[sizeof(head.host) - 1] = '\0';
  ProcessSummary summary{head.rank, head.host, head.realtime_offset_ns, {}};
  summary.locations.resize(head.location_count);
  std::memcpy(summary.locations.data(), bytes + sizeof(head), head.location_count * sizeof(LocationSummary));
  return summary;
}

// Every rank's byte blob on every rank (communicator logs, shared definitions): each rank needs all of them to
// number its own definitions as the others do.
std::vector<std::vector<std::byte>> allgather_blobs(MPI_Comm comm, const std::vector<std::byte>& own) {
  int size = 0;
  PMPI_Comm_size(comm, &size);
  const int length = static_cast<int>(own.size());
  std::vector<int> lengths(static_cast<std::size_t>(size));
  PMPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm);
  std::vector<int> displacements(lengths.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    displacements[i] = static_cast<int>(total);
    total += static_cast<std::size_t>(lengths[i]);
  }
  std::vector<std::byte> all(total);
  PMPI_Allgatherv(own.data(), length, MPI_BYTE, all.data(), lengths.data(), displacements.data(), MPI_BYTE, comm);
  std::vector<std::vector<std::byte>> logs;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    const auto* begin = all.data() + displacements[i];
    logs.emplace_back(begin, begin + lengths[i]);
  }
  return logs;
}

std::string journal_dir(const std::string& trace_dir) {
  return trace_dir + "/journals";
}

std::vector<ProcessSummary> gather_to_root(MPI_Comm comm, const ProcessSummary& own) {
  int rank = 0;
  int size = 0;
  PMPI_Comm_rank(comm, &rank);
  PMPI_Comm_size(comm, &size);
  const std::vector<std::byte> bytes = pack(own);
  const int length = static_cast<int>(bytes.size());
  std::vector<int> lengths(rank == 0 ? static_cast<std::size_t>(size) : 0);
  PMPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, comm);
  std::vector<int> displacements(lengths.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    displacements[i] = static_cast<int>(total);
    total += static_cast<std::size_t>(lengths[i]);
  }
  std::vector<std::byte> all(total);
  PMPI_Gatherv(bytes.data(), length, MPI_BYTE, all.data(), lengths.data(), displacements.data(), MPI_BYTE, 0, comm);
  std::vector<ProcessSummary> summaries;
  summaries.reserve(displacements.size());
  for (const int displacement : displacements) {
    summaries.push_back(unpack(all.data() + displacement));
  }
  return summaries;
}

// Every rank gets every rank's call sites, so each builds the same table and knows the global ids its events use.
CallSiteTable unify_call_sites(MPI_Comm comm, const ProcessSites& own) {
  std::vector<ProcessSites> processes;
  for (const std::vector<std::byte>& sites : allgather_blobs(comm, pack_sites(own))) {
    processes.push_back(unpack_sites(sites.data(), sites.size()));
  }
  return CallSiteTable(processes);
}

// Every rank gets every rank's shared definitions, so that all number them alike.
SharedDefinitions share_definitions(MPI_Comm comm, const SharedDefinitions& own) {
  SharedDefinitions shared;
  for (const std::vector<std::byte>& blob : allgather_blobs(comm, own.pack())) {
    shared.merge(SharedDefinitions::unpack(blob));
  }
  shared.finish();
  return shared;
}

}  // namespace

void convert_at_finalize(MPI_Comm comm, const std::string& trace_dir, const std::vector<std::string>& own_journals) {
  ProcessJournals process;
  std::string error;
  try {
    process = load_process(own_journals);
  } catch (const std::exception& e) {
    error = e.what();
  }
  int readable = error.empty() ? 1 : 0;
  int all_readable = 0;
  PMPI_Allreduce(&readable, &all_readable, 1, MPI_INT, MPI_MIN, comm);
  if (all_readable == 0) {
    throw std::runtime_error(error.empty() ? "another rank could not read its journals" : error);
  }
  int world_size = 0;
  int comm_rank = 0;
  PMPI_Comm_size(comm, &world_size);
  const std::vector<std::byte> own_log = read_comm_log(comm_log::log_path(journal_dir(trace_dir), process.rank));
  CommCatalog catalog;
  for (const std::vector<std::byte>& log : allgather_blobs(comm, own_log)) {
    catalog.add(parse_comm_log(log));
  }
  catalog.finish();
  const RankComms own_comms = parse_comm_log(own_log);
  PMPI_Comm_rank(comm, &comm_rank);
  const CallSiteTable sites = unify_call_sites(comm, resolve_call_sites(process));
  const std::vector<std::uint32_t> comm_ids = catalog.id_map(own_comms);
  const SharedDefinitions shared = share_definitions(comm, SharedDefinitions::collect(process, comm_ids));
  ArchiveWriter writer(trace_dir, comm);
  const ProcessSummary summary =
      writer.write_events(process, comm_ids, sites.contexts_of(static_cast<std::size_t>(comm_rank)), shared);
  writer.close_events();
  writer.write_local_definitions(process);
  writer.close_local_definitions();
  const std::vector<ProcessSummary> summaries = gather_to_root(comm, summary);
  if (writer.is_master()) {
    writer.write_global_definitions(summaries, world_size, catalog, sites, shared);
  }
  writer.close();
}

RecoveryReport recover(const std::string& trace_dir) {
  if (std::filesystem::exists(trace_dir + "/traces.otf2")) {
    throw std::runtime_error("'" + trace_dir + "' already holds a trace (traces.otf2); nothing to recover");
  }
  RecoveryReport report;
  std::vector<ProcessJournals> processes = load_all_processes(journal_dir(trace_dir), report.skipped);
  if (processes.empty()) {
    throw std::runtime_error("no journal in '" + trace_dir +
                             "/journals' belongs to an initialised MPI rank: the tracer never saw MPI_Init "
                             "(mpi_f08 programs are not traced; see README)");
  }
  std::set<int> ranks;
  for (const ProcessJournals& process : processes) {
    report.world_size = std::max(report.world_size, process.world_size);
    if (!ranks.insert(process.rank).second) {
      throw std::runtime_error("two processes in '" + trace_dir + "' claim rank " + std::to_string(process.rank) +
                               "; the directory mixes runs");
    }
    report.converted_ranks.push_back(process.rank);
  }
  for (int rank = 0; rank < report.world_size; ++rank) {
    if (ranks.count(rank) == 0) {
      report.missing_ranks.push_back(rank);
    }
  }
  CommCatalog catalog;
  std::vector<RankComms> comms;
  std::vector<ProcessSites> resolved;
  resolved.reserve(processes.size());
  for (const ProcessJournals& process : processes) {
    comms.push_back(parse_comm_log(read_comm_log(comm_log::log_path(journal_dir(trace_dir), process.rank))));
    catalog.add(comms.back());
    resolved.push_back(resolve_call_sites(process));
  }
  catalog.finish();
  const CallSiteTable sites(resolved);
  SharedDefinitions shared;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    shared.merge(SharedDefinitions::collect(processes[i], catalog.id_map(comms[i])));
  }
  shared.finish();
  ArchiveWriter writer(trace_dir, MPI_COMM_NULL);
  std::vector<ProcessSummary> summaries;
  summaries.reserve(processes.size());
  for (std::size_t i = 0; i < processes.size(); ++i) {
    summaries.push_back(writer.write_events(processes[i], catalog.id_map(comms[i]), sites.contexts_of(i), shared));
  }
  writer.close_events();
  for (const ProcessJournals& process : processes) {
    writer.write_local_definitions(process);
  }
  writer.close_local_definitions();
  writer.write_global_definitions(summaries, report.world_size, catalog, sites, shared);
  writer.close();
  return report;
}

}  // namespace mpisight::otf2
