// The colour families of the timeline: every region is one of them, decided by its OTF2 role and paradigm, with
// the MPI function name as a fallback for traces whose writer left roles unset.
#pragma once

#include <cstdint>
#include <string_view>

#include "trace/definitions.hpp"

namespace mpisight::viewer {

enum class Family : std::uint8_t { kUser = 0, kP2p = 1, kCollective = 2, kRma = 3, kIo = 4, kOther = 5 };
inline constexpr std::size_t kFamilyCount = 6;

[[nodiscard]] Family family_of(const trace::Region& region);
[[nodiscard]] std::string_view family_name(Family family) noexcept;

}  // namespace mpisight::viewer
