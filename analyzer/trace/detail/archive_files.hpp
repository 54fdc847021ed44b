// Where the POSIX substrate keeps an archive's files, derived from its anchor file <dir>/<name>.otf2.
#pragma once

#include <filesystem>
#include <string>

#include "trace/definitions.hpp"

namespace mpisight::trace::detail {

[[nodiscard]] inline std::filesystem::path global_definition_file(const std::filesystem::path& anchor) {
  return std::filesystem::path(anchor).replace_extension(".def");
}

[[nodiscard]] inline std::filesystem::path event_file(const std::filesystem::path& anchor, LocationId location) {
  return anchor.parent_path() / anchor.stem() / (std::to_string(location) + ".evt");
}

[[nodiscard]] inline std::filesystem::path local_definition_file(const std::filesystem::path& anchor,
                                                                 LocationId location) {
  return anchor.parent_path() / anchor.stem() / (std::to_string(location) + ".def");
}

}  // namespace mpisight::trace::detail
