// What the request checks share: keys for per-rank request state (requests belong to a process, any of its threads
// may complete one) and the MPI functions whose Leave names a request (trace::Leave::request_handle).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "trace/definitions.hpp"

namespace mpisight::analyzer {

// A rank and a 64-bit value of it: a request id, an MPI_Request handle or the address of a request variable.
struct RankKey {
  trace::WorldRank rank = 0;
  std::uint64_t value = 0;
  bool operator==(const RankKey&) const = default;
};

struct RankKeyHash {
  std::size_t operator()(const RankKey& key) const noexcept {
    return std::hash<std::uint64_t>{}(key.value * 0x9E3779B97F4A7C15ULL + key.rank);
  }
};

// MPI_Start and MPI_Startall.
[[nodiscard]] inline bool is_start_call(std::string_view function) noexcept {
  return function == "MPI_Start" || function == "MPI_Startall";
}

// Every Wait and Test variant (MPI_Wait, MPI_Waitall, MPI_Testsome...).
[[nodiscard]] inline bool is_completion_call(std::string_view function) noexcept {
  return function.starts_with("MPI_Wait") || (function.starts_with("MPI_Test") && function != "MPI_Test_cancelled");
}

}  // namespace mpisight::analyzer
