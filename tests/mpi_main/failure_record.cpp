// Byte format of a FailureRecord: "<fatal 0|1> <line> <file size> <message size>\n<file><message>".
#include "failure_record.hpp"

#include <charconv>
#include <cstddef>
#include <system_error>
#include <utility>

namespace mpisight::detail {
namespace {

// Parses a decimal number followed by `separator`, advancing `bytes` past both.
template <typename Number>
bool take_number(std::string_view& bytes, char separator, Number& value) {
  const char* const end = bytes.data() + bytes.size();
  const auto [next, error] = std::from_chars(bytes.data(), end, value);
  if (error != std::errc{} || next == end || *next != separator) {
    return false;
  }
  bytes.remove_prefix(static_cast<std::size_t>(next - bytes.data()) + 1);
  return true;
}

bool take_text(std::string_view& bytes, std::size_t size, std::string& text) {
  if (bytes.size() < size) {
    return false;
  }
  text.assign(bytes.substr(0, size));
  bytes.remove_prefix(size);
  return true;
}

}  // namespace

void encode_failure(const FailureRecord& record, std::string& out) {
  out += record.fatal ? "1 " : "0 ";
  out += std::to_string(record.line);
  out += ' ';
  out += std::to_string(record.file.size());
  out += ' ';
  out += std::to_string(record.message.size());
  out += '\n';
  out += record.file;
  out += record.message;
}

std::optional<std::vector<FailureRecord>> decode_failures(std::string_view bytes) {
  std::vector<FailureRecord> records;
  while (!bytes.empty()) {
    FailureRecord record;
    int fatal = 0;
    std::size_t file_size = 0;
    std::size_t message_size = 0;
    if (!take_number(bytes, ' ', fatal) || (fatal != 0 && fatal != 1) || !take_number(bytes, ' ', record.line) ||
        !take_number(bytes, ' ', file_size) || !take_number(bytes, '\n', message_size) ||
        !take_text(bytes, file_size, record.file) || !take_text(bytes, message_size, record.message)) {
      return std::nullopt;
    }
    record.fatal = fatal == 1;
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace mpisight::detail
