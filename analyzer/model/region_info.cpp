// Classifies MPI regions by name, so traces from other tools (same MPI names, other region roles) classify alike.
#include "model/region_info.hpp"

#include <array>
#include <utility>

#include "model/request_calls.hpp"

namespace mpisight::analyzer {
namespace {

using schema::CollectiveOp;

constexpr std::array<std::pair<std::string_view, CollectiveOp>, 17> kCollectives = {{
    {"MPI_Barrier", CollectiveOp::kBarrier},
    {"MPI_Bcast", CollectiveOp::kBcast},
    {"MPI_Gather", CollectiveOp::kGather},
    {"MPI_Gatherv", CollectiveOp::kGatherv},
    {"MPI_Scatter", CollectiveOp::kScatter},
    {"MPI_Scatterv", CollectiveOp::kScatterv},
    {"MPI_Allgather", CollectiveOp::kAllgather},
    {"MPI_Allgatherv", CollectiveOp::kAllgatherv},
    {"MPI_Alltoall", CollectiveOp::kAlltoall},
    {"MPI_Alltoallv", CollectiveOp::kAlltoallv},
    {"MPI_Alltoallw", CollectiveOp::kAlltoallw},
    {"MPI_Allreduce", CollectiveOp::kAllreduce},
    {"MPI_Reduce", CollectiveOp::kReduce},
    {"MPI_Reduce_scatter", CollectiveOp::kReduceScatter},
    {"MPI_Scan", CollectiveOp::kScan},
    {"MPI_Exscan", CollectiveOp::kExscan},
    {"MPI_Reduce_scatter_block", CollectiveOp::kReduceScatterBlock},
}};

constexpr std::array<std::string_view, 12> kReceiveLike = {
    "MPI_Recv",     "MPI_Probe",    "MPI_Mprobe",           "MPI_Wait",  "MPI_Waitall", "MPI_Waitany",
    "MPI_Waitsome", "MPI_Sendrecv", "MPI_Sendrecv_replace", "MPI_Mrecv", "MPI_Recv_c",  "MPI_Mrecv_c",
};

bool is_receive_like(std::string_view name) {
  for (std::string_view known : kReceiveLike) {
    if (name == known) {
      return true;
    }
  }
  return name == "MPI_Sendrecv_c" || name == "MPI_Sendrecv_replace_c";
}

}  // namespace

RegionInfo classify_region(const trace::Region& region) {
  RegionInfo info;
  info.name = region.name;
  info.is_mpi = region.paradigm == trace::Paradigm::kMpi || info.name.starts_with("MPI_");
  info.is_sendrecv = info.name == "MPI_Sendrecv" || info.name == "MPI_Sendrecv_c";
  info.is_standard_send = info.name == "MPI_Send" || info.name == "MPI_Send_c";
  info.is_start = is_start_call(info.name);
  info.is_completion = is_completion_call(info.name);
  info.rma_call = rma_call_of(info.name);
  if (!info.is_mpi) {
    return info;
  }
  info.kind = CallKind::kMpi;
  std::string_view base = info.name;
  if (base.ends_with("_c")) {
    base.remove_suffix(2);  // large-count forms behave like their base function
  }
  if (base == "MPI_Finalize") {
    info.kind = CallKind::kFinalize;
  } else if (base == "MPI_Request_free") {
    info.kind = CallKind::kRequestFree;
  } else if (is_receive_like(info.name)) {
    info.kind = CallKind::kReceive;
  }
  for (const auto& [name, op] : kCollectives) {
    if (base == name) {
      info.collective = op;
    }
  }
  return info;
}

std::string_view collective_name(schema::CollectiveOp op) noexcept {
  for (const auto& [name, known] : kCollectives) {
    if (known == op) {
      return name;
    }
  }
  return "a collective operation";
}

}  // namespace mpisight::analyzer
