// The text of a PeerCounts string (schema kSendCounts/kRecvCounts, see attributes.hpp): written by the converter,
// read back by the analyzer, so both sides share this one definition of the format.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mpisight::schema {

// One peer's entry: elements as kElementCount counts them, and the datatype signature when the entry has its
// own (Alltoallw); 0 (kUnknownSignature) means "the side's signature".
struct PeerCount {
  std::uint64_t elements = 0;
  std::uint64_t signature = 0;
  friend bool operator==(const PeerCount&, const PeerCount&) = default;
};

// `signatures` is empty, or one per entry.
[[nodiscard]] inline std::string format_peer_counts(std::span<const std::uint64_t> elements,
                                                    std::span<const std::uint64_t> signatures) {
  std::string text;
  text.reserve(elements.size() * (signatures.empty() ? 3 : 12));
  char number[24];
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) {
      text += ' ';
    }
    text.append(number, std::to_chars(number, number + sizeof number, elements[i]).ptr);
    if (!signatures.empty()) {
      text += ':';
      text.append(number, std::to_chars(number, number + sizeof number, signatures[i], 16).ptr);
    }
  }
  return text;
}

// nullopt when `text` is not a PeerCounts string (another tool's string, a damaged trace).
[[nodiscard]] inline std::optional<std::vector<PeerCount>> parse_peer_counts(std::string_view text) {
  std::vector<PeerCount> counts;
  const char* at = text.data();
  const char* const end = text.data() + text.size();
  while (at < end) {
    PeerCount entry;
    std::from_chars_result read = std::from_chars(at, end, entry.elements);
    if (read.ec != std::errc{}) {
      return std::nullopt;
    }
    if (read.ptr < end && *read.ptr == ':') {
      read = std::from_chars(read.ptr + 1, end, entry.signature, 16);
      if (read.ec != std::errc{}) {
        return std::nullopt;
      }
    }
    const char* next = read.ptr;
    counts.push_back(entry);
    if (next < end && *next != ' ') {
      return std::nullopt;
    }
    at = next < end ? next + 1 : end;
  }
  return counts;
}

}  // namespace mpisight::schema
