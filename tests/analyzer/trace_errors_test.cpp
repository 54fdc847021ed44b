// Bad input to the trace model: every failure is one TraceError line that names the trace and the damage, and
// OTF2's own error printing never reaches stderr.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <string>

#include "otf2_fixture.hpp"
#include "trace/load_trace.hpp"
#include "trace/trace_error.hpp"

namespace mpisight::trace {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testkit::Otf2ArchiveBuilder;
using testkit::TempDir;

// load_trace's error message, checked to be a single line with nothing printed to stderr meanwhile.
std::string load_error(const fs::path& path) {
  ::testing::internal::CaptureStderr();
  std::string message;
  try {
    (void)load_trace(path);
  } catch (const TraceError& error) {
    message = error.what();
  }
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "") << "OTF2 or the reader printed to stderr";
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_FALSE(message.empty()) << "no TraceError for " << path;
  return message;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Overwrites bytes [begin, size - keep_tail) of `file` with seeded random bytes.
void scramble(const fs::path& file, std::size_t begin, std::size_t keep_tail, std::uint32_t seed) {
  std::string bytes = read_file(file);
  std::mt19937 random(seed);
  for (std::size_t i = begin; i + keep_tail < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(random() & 0xFFu);
  }
  testkit::write_file(file, bytes);
}

TEST(TraceErrors, MissingPath) {
  TempDir dir;
  const fs::path missing = dir.path() / "no-such-run";
  EXPECT_EQ(load_error(missing), "cannot read trace '" + missing.string() + "': no such file or directory");
}

TEST(TraceErrors, DirectoryWithoutAnchorFile) {
  TempDir dir;
  EXPECT_EQ(load_error(dir.path()), "cannot read trace '" + dir.path().string() + "': directory holds no traces.otf2");
}

TEST(TraceErrors, EmptyAnchorFile) {
  TempDir dir;
  const fs::path anchor = dir.path() / "traces.otf2";
  testkit::write_file(anchor, "");
  EXPECT_EQ(load_error(dir.path()), "cannot read trace '" + anchor.string() + "': empty file, not an OTF2 anchor file");
}

TEST(TraceErrors, FileThatIsNotOtf2) {
  TempDir dir;
  const fs::path anchor = dir.path() / "traces.otf2";
  testkit::write_file(anchor, "this is a text file, not a trace\n");
  EXPECT_THAT(load_error(anchor),
              HasSubstr("cannot read trace '" + anchor.string() + "': not a readable OTF2 archive: "));
}

TEST(TraceErrors, TruncatedGlobalDefinitionFile) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  const fs::path defs = testkit::global_definition_file(dir.path());
  const std::uintmax_t half = fs::file_size(defs) / 2;
  testkit::truncate_file(defs, half);
  EXPECT_THAT(load_error(dir.path()),
              ::testing::EndsWith("': truncated global definition file 'traces.def': its " + std::to_string(half) +
                                  " bytes end before OTF2's end-of-file marker"));
}

TEST(TraceErrors, EmptyGlobalDefinitionFile) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  testkit::truncate_file(testkit::global_definition_file(dir.path()), 0);
  EXPECT_THAT(load_error(dir.path()),
              ::testing::EndsWith("': truncated global definition file 'traces.def': 0 bytes, too short for an "
                                  "OTF2 file"));
}

TEST(TraceErrors, MissingGlobalDefinitionFile) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  fs::remove(testkit::global_definition_file(dir.path()));
  EXPECT_THAT(load_error(dir.path()),
              HasSubstr("': cannot open the global definition file 'traces.def': No such file or directory"));
}

TEST(TraceErrors, GlobalDefinitionRecordsScrambled) {
  // Intact chunk header and end marker, so OTF2 itself has to reject the records.
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    TempDir dir;
    testkit::write_ping_pong(dir.path());
    scramble(testkit::global_definition_file(dir.path()), 18, 2, seed);
    EXPECT_THAT(load_error(dir.path()), HasSubstr("global definition")) << "seed " << seed;
  }
}

TEST(TraceErrors, TruncatedLocalDefinitionFile) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  testkit::truncate_file(dir.path() / "traces" / "1.def", 10);
  EXPECT_THAT(load_error(dir.path()),
              ::testing::EndsWith("': truncated local definition file for location 1: 10 bytes, too short for an "
                                  "OTF2 file"));
}

TEST(TraceErrors, TruncatedEventFileNamesTheLocation) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  const fs::path events = testkit::event_file(dir.path(), 1);
  testkit::truncate_file(events, fs::file_size(events) - 20);  // cuts into the last records
  EXPECT_THAT(load_error(dir.path()),
              ::testing::EndsWith("': truncated event file for location 1: its 80 bytes end before OTF2's "
                                  "end-of-file marker"));
}

TEST(TraceErrors, EventFileCutAtAChunkBoundary) {
  constexpr std::uint64_t kChunkBytes = std::uint64_t{256} * 1024;
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  builder.set_event_chunk_bytes(kChunkBytes);
  const RegionId test = builder.region("MPI_Test");
  for (std::int64_t t = 0; t < 80'000; t += 2) {
    builder.enter(0, t, test).leave(0, t + 1, test);
  }
  builder.write(dir.path());
  const fs::path events = testkit::event_file(dir.path(), 0);
  ASSERT_GT(fs::file_size(events), 2 * kChunkBytes);
  testkit::truncate_file(events, kChunkBytes);
  EXPECT_THAT(load_error(dir.path()),
              ::testing::EndsWith("': truncated event file for location 0: its 262144 bytes end before OTF2's "
                                  "end-of-file marker"));
}

TEST(TraceErrors, EventFileHoldingFewerEventsThanItsDefinitionSays) {
  // A file that ends cleanly but early; only the location's event count in the definitions shows the loss.
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  const RegionId barrier = builder.region("MPI_Barrier");
  builder.enter(1, 10, barrier).leave(1, 20, barrier);
  builder.claim_event_count(1, 5);
  builder.write(dir.path());
  EXPECT_THAT(load_error(dir.path()), ::testing::EndsWith("': truncated event file for location 1: 2 of 5 events"));
}

TEST(TraceErrors, MoreEventsThanTheDefinitionCountsAreFine) {
  // OTF2 itself adds BufferFlush records that the writer never counted.
  TempDir dir;
  Otf2ArchiveBuilder builder(2);
  const RegionId barrier = builder.region("MPI_Barrier");
  builder.enter(1, 10, barrier).leave(1, 20, barrier);
  builder.claim_event_count(1, 1);
  EXPECT_EQ(load_trace(builder.write(dir.path())).events.at(1).size(), 2u);
}

TEST(TraceErrors, MissingEventFile) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  fs::remove(testkit::event_file(dir.path(), 1));
  EXPECT_THAT(load_error(dir.path()), HasSubstr("': cannot open the event file for location 1: "));
}

TEST(TraceErrors, EventFileOfRandomBytes) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    TempDir dir;
    testkit::write_ping_pong(dir.path());
    testkit::overwrite_with_garbage(testkit::event_file(dir.path(), 0), seed);
    EXPECT_THAT(load_error(dir.path()), HasSubstr("': corrupt event file for location 0: ")) << "seed " << seed;
  }
}

TEST(TraceErrors, EventFileScrambledBehindItsChunkHeader) {
  for (std::size_t begin : {16u, 24u, 40u}) {
    for (std::uint32_t seed = 1; seed <= 10; ++seed) {
      TempDir dir;
      testkit::write_ping_pong(dir.path());
      scramble(testkit::event_file(dir.path(), 1), begin, 0, seed);
      EXPECT_THAT(load_error(dir.path()), HasSubstr("event file for location 1"))
          << "begin " << begin << " seed " << seed;
    }
  }
}

TEST(TraceErrors, EventRecordsScrambledBetweenIntactHeaderAndEnd) {
  // The layout check passes, so OTF2 has to decode the garbage; the failing location is still named.
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    TempDir dir;
    testkit::write_ping_pong(dir.path());
    scramble(testkit::event_file(dir.path(), 1), 18, 2, seed);
    EXPECT_THAT(load_error(dir.path()), HasSubstr("event file for location 1")) << "seed " << seed;
  }
}

// The ping-pong's event file of location 1 (see write_ping_pong) starts with an 18-byte chunk header, a timestamp,
// the Enter of MPI_Recv (id byte 27, its region's compressed size byte 28), another timestamp and the MpiRecv
// (id byte 39, its record length byte 40, 6 bytes of fields).
void poke(const fs::path& file, std::size_t offset, std::uint8_t value) {
  std::string bytes = read_file(file);
  ASSERT_LT(offset, bytes.size());
  bytes[offset] = static_cast<char>(value);
  testkit::write_file(file, bytes);
}

TEST(TraceErrors, RecordLongerThanWhatIsLeftOfItsChunk) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  poke(testkit::event_file(dir.path(), 1), 40, 0xF0);
  EXPECT_THAT(load_error(dir.path()),
              ::testing::EndsWith("': corrupt event file for location 1: a record runs past its chunk at byte 41"));
}

TEST(TraceErrors, CompressedFieldWithMoreBytesThanItsType) {
  TempDir dir;
  testkit::write_ping_pong(dir.path());
  poke(testkit::event_file(dir.path(), 1), 28, 9);  // a 32-bit region id in 9 bytes
  EXPECT_THAT(load_error(dir.path()), ::testing::EndsWith("': corrupt event file for location 1: a record field is "
                                                          "malformed or cut short at byte 28"));
}

}  // namespace
}  // namespace mpisight::trace
