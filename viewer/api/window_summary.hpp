// The panels' numbers for one time window: time and calls per function and rank, bytes between rank pairs, and a
// histogram of message sizes (power-of-two buckets).
#pragma once

#include <cstdint>

#include "api/api_json.hpp"
#include "index/trace_index.hpp"

namespace mpisight::viewer {

// {"functions": [{name, family, calls, time_ns, per_rank: [[rank, calls, time_ns]...]}...] (by time, descending),
//  "matrix": {"ranks": n, "bytes": [[from, to, bytes, count]...]}, "histogram": [[log2 lower bound, count]...]}.
// Calls overlapping the window count once, with the part of their time inside it.
[[nodiscard]] Json window_summary(const TraceIndex& index, std::int64_t t0_ns, std::int64_t t1_ns);

}  // namespace mpisight::viewer
