// OTF2's buffer format (unchanged since OTF2 1.0): a file is a sequence of chunks of the archive's chunk size,
// each starting with an 18-byte header
//   [0x03][endianness: 0x42 little | 0x23 big][first event number: u64][last event number: u64]
// (event numbers count from 1 across chunks; definition chunks say 1 and 0), every chunk but the last is zero-padded
// to the chunk size, and the writer ends the file with END_OF_FILE (0x02) and END_OF_BUFFER (0x01).
#include "trace/detail/file_layout.hpp"

#include <array>
#include <fstream>
#include <system_error>

namespace mpisight::trace::detail {
namespace {

constexpr std::size_t kChunkHeaderBytes = 18;
constexpr std::uint8_t kChunkHeader = 0x03;
constexpr std::uint8_t kLittleEndian = 0x42;
constexpr std::uint8_t kBigEndian = 0x23;
constexpr std::array<char, 2> kEndOfFile = {0x02, 0x01};

using Header = std::array<char, kChunkHeaderBytes>;

std::uint64_t decode_u64(const Header& header, std::size_t offset, bool little_endian) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<std::uint8_t>(header[offset + (little_endian ? 7 - i : i)]);
  }
  return value;
}

}  // namespace

FileLayout check_file_layout(const std::filesystem::path& file, std::string_view what, std::uint64_t chunk_bytes,
                             bool numbered_events) {
  FileLayout layout;
  const std::string name(what);
  if (chunk_bytes < kChunkHeaderBytes) {
    return layout;  // a nonsensical chunk size is OTF2's to report; stepping by it could loop forever
  }
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  std::ifstream in(file, std::ios::binary);
  if (error || !in) {
    layout.damage =
        "cannot open the " + name + ": " + (error ? error.message() : "unreadable") + " ('" + file.string() + "')";
    return layout;
  }
  if (size < kChunkHeaderBytes + kEndOfFile.size()) {
    layout.damage = "truncated " + name + ": " + std::to_string(size) + " bytes, too short for an OTF2 file";
    return layout;
  }
  for (std::uintmax_t offset = 0; offset < size; offset += chunk_bytes) {
    Header header{};
    if (!in.seekg(static_cast<std::streamoff>(offset)) || !in.read(header.data(), header.size())) {
      layout.damage = "truncated " + name + ": the chunk at byte " + std::to_string(offset) + " is cut short";
      return layout;
    }
    const auto endianness = static_cast<std::uint8_t>(header[1]);
    if (static_cast<std::uint8_t>(header[0]) != kChunkHeader ||
        (endianness != kLittleEndian && endianness != kBigEndian)) {
      layout.damage = "corrupt " + name + ": no OTF2 chunk header at byte " + std::to_string(offset);
      return layout;
    }
    layout.big_endian |= endianness == kBigEndian;
    if (numbered_events) {
      const std::uint64_t first = decode_u64(header, 2, endianness == kLittleEndian);
      const std::uint64_t last = decode_u64(header, 10, endianness == kLittleEndian);
      if (first != layout.events + 1 || last + 1 < first) {
        layout.damage = "corrupt " + name + ": the chunk at byte " + std::to_string(offset) + " numbers events " +
                        std::to_string(first) + " to " + std::to_string(last) + " after event " +
                        std::to_string(layout.events);
        return layout;
      }
      layout.events = last;
    }
  }
  std::array<char, kEndOfFile.size()> tail{};
  if (!in.seekg(static_cast<std::streamoff>(size - tail.size())) || !in.read(tail.data(), tail.size()) ||
      tail != kEndOfFile) {
    layout.damage =
        "truncated " + name + ": its " + std::to_string(size) + " bytes end before OTF2's end-of-file marker";
  }
  return layout;
}

}  // namespace mpisight::trace::detail
