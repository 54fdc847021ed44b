// The shortest repeating part of a type map's basic-type sequence: MPI matches the whole message's sequence, so
// 2 x struct{int, double} and 1 x contiguous(2, struct{int, double}) must get the same signature and element count.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace mpisight::interpose {

// A run of one basic type (its handle) `second` times; neighbouring runs have different basic types.
using BasicRun = std::pair<std::uint32_t, std::uint64_t>;

struct Period {
  std::vector<BasicRun> runs;  // the shortest sequence that repeated `repeats` times gives the whole sequence
  std::uint64_t repeats = 1;
};

// `runs` (merged, non-empty counts) as its shortest period: a repetition may merge its last run with the next
// repetition's first (struct{double, int, double} twice reads double, int, double x2, int, double).
[[nodiscard]] Period shortest_period(const std::vector<BasicRun>& runs);

}  // namespace mpisight::interpose
