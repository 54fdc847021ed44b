// A GoogleTest failure as it travels from one rank to rank 0: the fields of a TestPartResult, flattened to bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mpisight::detail {

struct FailureRecord {
  std::string file;  // empty when GoogleTest knows no location
  int line = -1;
  bool fatal = false;
  std::string message;

  friend bool operator==(const FailureRecord&, const FailureRecord&) = default;
};

// Appends `record` to `out`. Fields are length-prefixed, so file names and messages may hold any bytes.
void encode_failure(const FailureRecord& record, std::string& out);

// Reads back everything encode_failure appended; nullopt if `bytes` is not a whole sequence of records.
[[nodiscard]] std::optional<std::vector<FailureRecord>> decode_failures(std::string_view bytes);

}  // namespace mpisight::detail
