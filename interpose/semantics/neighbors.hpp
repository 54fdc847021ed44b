// The neighbors of a rank in a communicator with a process topology, as neighborhood collectives see them.
#pragma once

#include <cstdint>
#include <mpi.h>

#include "semantics/mpi_values.hpp"

namespace mpisight::interpose {

namespace coll {

// This rank's neighbors in the order MPI lays out neighborhood buffers, and which of them are real ranks. Asked of
// MPI at every call: neighborhood collectives are not on the point-to-point hot path.
class Neighbors {
 public:
  explicit Neighbors(MPI_Comm comm) noexcept {
    int topology = MPI_UNDEFINED;
    PMPI_Topo_test(comm, &topology);
    if (topology == MPI_CART) {
      int dims = 0;
      PMPI_Cartdim_get(comm, &dims);
      sources_ = destinations_ = 2 * dims;
      // Per dimension: the neighbor below, then the one above (the same list for sources and destinations).
      for (int d = 0; d < dims && 2 * d + 1 < kMaskBits; ++d) {
        int below = MPI_PROC_NULL;
        int above = MPI_PROC_NULL;
        PMPI_Cart_shift(comm, d, 1, &below, &above);
        if (below == MPI_PROC_NULL) {
          proc_null_ |= std::uint64_t{1} << static_cast<unsigned>(2 * d);
        }
        if (above == MPI_PROC_NULL) {
          proc_null_ |= std::uint64_t{1} << static_cast<unsigned>(2 * d + 1);
        }
      }
    } else if (topology == MPI_GRAPH) {
      int rank = 0;
      PMPI_Comm_rank(comm, &rank);
      PMPI_Graph_neighbors_count(comm, rank, &sources_);
      destinations_ = sources_;
    } else if (topology == MPI_DIST_GRAPH) {
      int weighted = 0;
      PMPI_Dist_graph_neighbors_count(comm, &sources_, &destinations_, &weighted);
    }
  }

  [[nodiscard]] int sources() const noexcept { return sources_; }
  [[nodiscard]] int destinations() const noexcept { return destinations_; }
  [[nodiscard]] bool real(int i) const noexcept {
    return i >= kMaskBits || (proc_null_ & (std::uint64_t{1} << static_cast<unsigned>(i))) == 0;
  }
  [[nodiscard]] int real_sources() const noexcept { return count_real(sources_); }
  [[nodiscard]] int real_destinations() const noexcept { return count_real(destinations_); }

  template <class Count>
  [[nodiscard]] std::uint64_t sum(const Count* counts, int n, MPI_Datatype type) const noexcept {
    std::uint64_t total = 0;
    for (int i = 0; i < n; ++i) {
      total += real(i) ? bytes_of(counts[i], type) : 0;
    }
    return total;
  }
  template <class Count>
  [[nodiscard]] std::uint64_t sum(const Count* counts, int n, const MPI_Datatype* types) const noexcept {
    std::uint64_t total = 0;
    for (int i = 0; i < n; ++i) {
      total += real(i) ? bytes_of(counts[i], types[i]) : 0;
    }
    return total;
  }

 private:
  static constexpr int kMaskBits = 64;
  [[nodiscard]] int count_real(int n) const noexcept {
    int real_ones = 0;
    for (int i = 0; i < n; ++i) {
      real_ones += real(i) ? 1 : 0;
    }
    return real_ones;
  }

  int sources_ = 0;
  int destinations_ = 0;
  std::uint64_t proc_null_ = 0;  // bit i: neighbor i is MPI_PROC_NULL
};

}  // namespace coll

}  // namespace mpisight::interpose
