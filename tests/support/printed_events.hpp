// The events of a trace as otf2-print shows them, for checking records the analyzer's event model does not hold
// (RMA and MPI-IO): one entry per event line with its fields and mpisight attributes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mpisight::testkit {

struct PrintedEvent {
  std::string kind;  // otf2-print's name: RMA_PUT, IO_OPERATION_BEGIN, ...
  std::uint64_t location = 0;
  std::map<std::string, std::string> fields;        // "Window" -> "\"MPI_Win_create window 0\" <0>"
  std::map<std::string, std::uint64_t> attributes;  // "mpisight:rma_target_disp" -> 2

  // The field's number: a leading integer ("Remote: 1 (...)"), else the reference in <> ("Window: ... <3>").
  // Fails the test and returns 0 when the field is missing.
  [[nodiscard]] std::uint64_t number(const std::string& name) const;
  [[nodiscard]] std::string text(const std::string& name) const;         // the field as printed
  [[nodiscard]] std::uint64_t attribute(const std::string& name) const;  // fails the test when absent
};

// Runs otf2-print on `archive` (traces.otf2) and parses every event line.
[[nodiscard]] std::vector<PrintedEvent> printed_events(const std::filesystem::path& archive);

// The events of `location` whose kind starts with `prefix` ("RMA_", "IO_"), in order.
[[nodiscard]] std::vector<PrintedEvent> printed_of(const std::vector<PrintedEvent>& events, std::uint64_t location,
                                                   const std::string& prefix);

// The global definition lines otf2-print -G shows for `kind` (e.g. "RMA_WIN", "IO_HANDLE"), fields parsed alike.
[[nodiscard]] std::vector<PrintedEvent> printed_definitions(const std::filesystem::path& archive,
                                                            const std::string& kind);

}  // namespace mpisight::testkit
