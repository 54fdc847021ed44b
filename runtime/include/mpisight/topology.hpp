// Where a rank runs (node, local rank, SLURM allocation) and process topologies (Cartesian, distributed graph).
#pragma once

#include <cstdlib>
#include <mpi.h>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/environment.hpp"
#include "mpisight/error.hpp"

namespace mpisight {

// The SLURM allocation as the job step sees it; each field is empty when its variable is unset or not a number.
struct SlurmAllocation {
  std::optional<long> job_id;
  std::optional<long> cpus_per_task;
  std::optional<long> mem_per_node_mb;
  std::optional<long> mem_per_cpu_mb;
  std::optional<long> local_id;
  std::optional<long> node_id;
  std::optional<long> ntasks;
  std::optional<long> nnodes;
  std::optional<std::string> nodelist;
};

struct NodeInfo {
  std::string processor_name;
  int node_index = 0;  // 0 .. node_count-1, in order of each node's lowest rank in `comm`
  int node_count = 0;
  int local_rank = 0;  // rank among the ranks of `comm` on this node
  int local_size = 0;
  std::optional<SlurmAllocation> slurm;  // present when SLURM_JOB_ID is set
};

namespace detail {

inline std::optional<long> env_number(const char* name) {
  const char* text = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once, nobody sets these
  if (text == nullptr || *text == '\0') {
    return std::nullopt;
  }
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  // SLURM_MEM_PER_NODE may carry a unit suffix; only the plain megabyte form is a number here.
  if (end == text || (*end != '\0' && *end != 'M')) {
    return std::nullopt;
  }
  return value;
}

}  // namespace detail

[[nodiscard]] inline std::optional<SlurmAllocation> slurm_allocation() {
  if (std::getenv("SLURM_JOB_ID") == nullptr) {  // NOLINT(concurrency-mt-unsafe)
    return std::nullopt;
  }
  SlurmAllocation slurm;
  slurm.job_id = detail::env_number("SLURM_JOB_ID");
  slurm.cpus_per_task = detail::env_number("SLURM_CPUS_PER_TASK");
  slurm.mem_per_node_mb = detail::env_number("SLURM_MEM_PER_NODE");
  slurm.mem_per_cpu_mb = detail::env_number("SLURM_MEM_PER_CPU");
  slurm.local_id = detail::env_number("SLURM_LOCALID");
  slurm.node_id = detail::env_number("SLURM_NODEID");
  slurm.ntasks = detail::env_number("SLURM_NTASKS");
  slurm.nnodes = detail::env_number("SLURM_NNODES");
  if (const char* nodes = std::getenv("SLURM_JOB_NODELIST")) {  // NOLINT(concurrency-mt-unsafe)
    slurm.nodelist = nodes;
  }
  return slurm;
}

// Collective over `comm`: which node this rank is on and its place there.
[[nodiscard]] inline NodeInfo node_info(const Communicator& comm,
                                        std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  NodeInfo info;
  info.processor_name = processor_name(where);
  const Communicator node = comm.split_shared(where);
  info.local_rank = node.rank();
  info.local_size = node.size();
  // Node leaders (local rank 0) number the nodes in order of their rank in `comm`.
  const Communicator leaders = comm.split(info.local_rank == 0 ? 0 : kUndefined, comm.rank(), where);
  int index = 0;
  int count = 0;
  if (!leaders.is_null()) {
    index = leaders.rank();
    count = leaders.size();
  }
  detail::check(MPI_Bcast(&index, 1, MPI_INT, 0, node.native()), "MPI_Bcast", where);
  detail::check(MPI_Bcast(&count, 1, MPI_INT, 0, node.native()), "MPI_Bcast", where);
  info.node_index = index;
  info.node_count = count;
  info.slurm = slurm_allocation();
  return info;
}

// A Cartesian grid over a communicator.
class CartCommunicator {
 public:
  // dims entries of 0 are filled in by MPI_Dims_create.
  CartCommunicator(const Communicator& comm, std::vector<int> dims, std::vector<bool> periodic, bool reorder = false,
                   std::source_location where = std::source_location::current())
      : dims_(std::move(dims)) {
    const detail::CallSite site(where);
    if (periodic.size() != dims_.size()) {
      throw UsageError("periodic needs one entry per dimension", where);
    }
    detail::check(MPI_Dims_create(comm.size(), static_cast<int>(dims_.size()), dims_.data()), "MPI_Dims_create", where);
    std::vector<int> periods(periodic.begin(), periodic.end());
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Cart_create(comm.native(), static_cast<int>(dims_.size()), dims_.data(), periods.data(),
                                  reorder ? 1 : 0, &out),
                  "MPI_Cart_create", where);
    comm_ = Communicator::adopt(out, where);
  }

  // Null on ranks left out of the grid.
  [[nodiscard]] const Communicator& communicator() const noexcept { return comm_; }
  [[nodiscard]] std::span<const int> dims() const noexcept { return dims_; }

  [[nodiscard]] std::vector<int> coords(int rank, std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    std::vector<int> out(dims_.size());
    detail::check(MPI_Cart_coords(comm_.native(), rank, static_cast<int>(out.size()), out.data()), "MPI_Cart_coords",
                  where);
    return out;
  }
  [[nodiscard]] int rank_of(std::span<const int> coords,
                            std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    int rank = MPI_PROC_NULL;
    detail::check(MPI_Cart_rank(comm_.native(), coords.data(), &rank), "MPI_Cart_rank", where);
    return rank;
  }

  struct Shift {
    int source;  // kProcNull at a non-periodic border
    int dest;
  };
  [[nodiscard]] Shift shift(int dimension, int displacement,
                            std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    Shift out{MPI_PROC_NULL, MPI_PROC_NULL};
    detail::check(MPI_Cart_shift(comm_.native(), dimension, displacement, &out.source, &out.dest), "MPI_Cart_shift",
                  where);
    return out;
  }

 private:
  std::vector<int> dims_;
  Communicator comm_;
};

// A distributed graph where each rank names its own sources and destinations.
[[nodiscard]] inline Communicator dist_graph_adjacent(const Communicator& comm, std::span<const int> sources,
                                                      std::span<const int> destinations, bool reorder = false,
                                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  MPI_Comm out = MPI_COMM_NULL;
  detail::check(
      MPI_Dist_graph_create_adjacent(comm.native(), static_cast<int>(sources.size()), sources.data(), MPI_UNWEIGHTED,
                                     static_cast<int>(destinations.size()), destinations.data(), MPI_UNWEIGHTED,
                                     MPI_INFO_NULL, reorder ? 1 : 0, &out),
      "MPI_Dist_graph_create_adjacent", where);
  return Communicator::adopt(out, where);
}

struct Neighbors {
  std::vector<int> sources;
  std::vector<int> destinations;
};

[[nodiscard]] inline Neighbors graph_neighbors(const Communicator& graph,
                                               std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  int in = 0;
  int out = 0;
  int weighted = 0;
  detail::check(MPI_Dist_graph_neighbors_count(graph.native(), &in, &out, &weighted), "MPI_Dist_graph_neighbors_count",
                where);
  Neighbors n{std::vector<int>(static_cast<std::size_t>(in)), std::vector<int>(static_cast<std::size_t>(out))};
  detail::check(MPI_Dist_graph_neighbors(graph.native(), in, n.sources.data(), MPI_UNWEIGHTED, out,
                                         n.destinations.data(), MPI_UNWEIGHTED),
                "MPI_Dist_graph_neighbors", where);
  return n;
}

}  // namespace mpisight
