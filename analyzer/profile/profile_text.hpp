// Renders a Profile as aligned text tables: one per rank, then all ranks; rows by total time, human units.
#pragma once

#include <string>

#include "profile/profile.hpp"

namespace mpisight::analyzer {

[[nodiscard]] std::string profile_to_text(const Profile& profile);

}  // namespace mpisight::analyzer
