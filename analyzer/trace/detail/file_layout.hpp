// Checks the byte layout of an OTF2 definition or event file without decoding records. OTF2 needs this done for it:
// a file cut inside its last chunk makes OTF2 decode whatever memory follows the bytes it read, so a truncation
// would otherwise surface as a random error, or none.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mpisight::trace::detail {

struct FileLayout {
  std::uint64_t events = 0;           // event files: events the chunk headers announce
  bool big_endian = false;            // some chunk says its numbers are big-endian
  std::optional<std::string> damage;  // e.g. "truncated event file for location 3: its 80 bytes end before ..."
};

// `what` names the file in messages ("event file for location 3"). Event files number their events across
// chunks; definition files do not (`numbered_events` false). Only for uncompressed files of the POSIX substrate.
[[nodiscard]] FileLayout check_file_layout(const std::filesystem::path& file, std::string_view what,
                                           std::uint64_t chunk_bytes, bool numbered_events);

}  // namespace mpisight::trace::detail
