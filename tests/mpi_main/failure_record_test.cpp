// Round trips of the failure records that ranks send to rank 0, and rejection of damaged input.
#include "failure_record.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace mpisight::detail {
namespace {

TEST(FailureRecord, RoundTripKeepsEveryField) {
  const std::vector<FailureRecord> records = {
      {"/src/a_test.cpp", 42, false, "Expected equality of these values:\n  a\n  b"},
      {"", -1, true, "unknown location"},
      {"x 1 2\n", 7, true, ""},  // separators inside fields must not confuse the reader
  };
  std::string bytes;
  for (const FailureRecord& record : records) {
    encode_failure(record, bytes);
  }
  const auto decoded = decode_failures(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, records);
}

TEST(FailureRecord, EmptyInputIsNoRecords) {
  const auto decoded = decode_failures("");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->empty());
}

TEST(FailureRecord, TruncatedInputIsRejected) {
  std::string bytes;
  encode_failure({"f.cpp", 3, false, "message"}, bytes);
  for (std::size_t keep = 1; keep < bytes.size(); ++keep) {
    EXPECT_FALSE(decode_failures(bytes.substr(0, keep)).has_value()) << "kept " << keep << " bytes";
  }
}

TEST(FailureRecord, MalformedHeaderIsRejected) {
  EXPECT_FALSE(decode_failures("2 1 0 0\n").has_value());      // fatal flag must be 0 or 1
  EXPECT_FALSE(decode_failures("0 x 0 0\n").has_value());      // line is not a number
  EXPECT_FALSE(decode_failures("0 1 0 0 extra").has_value());  // header not ended by a newline
  EXPECT_FALSE(decode_failures("0 1 5 0\nab").has_value());    // file shorter than announced
}

}  // namespace
}  // namespace mpisight::detail
