// The optional extra attributes of trace events (runtime/schema/attributes.hpp: call site, return code,
// reduction op, type signature) as the checks use them; a trace without them (another tool's) yields nothing.
#pragma once

#include <cstdint>
#include <optional>

#include "findings/finding.hpp"

namespace mpisight::analyzer {

// The calling-context id of an Enter's call site.
template <class EnterEvent>
[[nodiscard]] std::optional<std::uint32_t> call_site_id(const EnterEvent& event) {
  if (event.call_site) {
    return static_cast<std::uint32_t>(*event.call_site);
  }
  return std::nullopt;
}

// The file, line and function of a calling context; nullopt if undefined or without a file.
template <class Definitions>
[[nodiscard]] std::optional<SourceLocation> resolve_call_site(const Definitions& defs, std::uint32_t id) {
  if (auto site = defs.call_site(id); site && !site->file.empty()) {
    return SourceLocation{.file = site->file, .line = site->line, .function = site->function};
  }
  return std::nullopt;
}

// The MPI error code a Leave carries when the call did not return MPI_SUCCESS.
template <class LeaveEvent>
[[nodiscard]] std::optional<std::int32_t> return_code(const LeaveEvent& event) {
  if (event.return_code) {
    return static_cast<std::int32_t>(*event.return_code);
  }
  return std::nullopt;
}

// The MPI_Op handle of a reduction's MpiCollectiveEnd.
template <class CollectiveEndEvent>
[[nodiscard]] std::optional<std::uint32_t> reduction_op(const CollectiveEndEvent& event) {
  if (event.reduction_op) {
    return static_cast<std::uint32_t>(*event.reduction_op);
  }
  return std::nullopt;
}

// A p2p record's type signature and element count ({0, 0}: unknown), see schema::TypeSignature's rules.
struct Signature {
  std::uint64_t signature = 0;
  std::uint64_t elements = 0;
};
template <class P2pEvent>
[[nodiscard]] Signature type_signature(const P2pEvent& event) {
  if (event.type) {
    return Signature{.signature = event.type->signature, .elements = event.type->elements};
  }
  return {};
}

}  // namespace mpisight::analyzer
