// Human-readable durations and byte counts for text reports: "600 ns", "1.50 ms", "64 B", "1.50 MiB".
#pragma once

#include <cstdint>
#include <string>

namespace mpisight::analyzer {

// Whole nanoseconds below 1 us, else two decimals in us, ms or s (ASCII "us" keeps columns aligned).
[[nodiscard]] std::string format_duration_ns(double duration_ns);
// Whole bytes below 1 KiB, else two decimals in KiB, MiB, GiB or TiB.
[[nodiscard]] std::string format_bytes(std::uint64_t bytes);

}  // namespace mpisight::analyzer
