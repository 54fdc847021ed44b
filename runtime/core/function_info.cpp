// Names of call families, for reports and filters.
#include "core/function_info.hpp"

namespace mpisight {

std::optional<std::size_t> function_index(std::string_view name) noexcept {
  const auto table = function_table();
  for (std::size_t id = 0; id < table.size(); ++id) {
    if (table[id].name == name) {
      return id;
    }
  }
  return std::nullopt;
}

std::string_view family_name(Family family) noexcept {
  switch (family) {
    case Family::kEnvironment: return "environment";
    case Family::kP2p: return "p2p";
    case Family::kCollective: return "collective";
    case Family::kRequest: return "request";
    case Family::kComm: return "comm";
    case Family::kRma: return "rma";
    case Family::kIo: return "io";
    case Family::kDatatype: return "datatype";
    case Family::kTools: return "tools";
    case Family::kOther: return "other";
  }
  return "other";
}

}  // namespace mpisight
