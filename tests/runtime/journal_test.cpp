// The recorder writes per-thread journals that read back exactly, across chunk boundaries and threads, and
// it stops cleanly (with the reason recorded) at its size limit or when the file cannot grow.
// ctest runs this with MPISIGHT_TRACE_DIR, MPISIGHT_CHUNK_KB=64 and MPISIGHT_JOURNAL_LIMIT_MB=2 set.
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "core/compact_records.hpp"
#include "core/journal_reader.hpp"
#include "core/recorder.hpp"

namespace mpisight {
namespace {

using journal::Kind;

std::vector<journal::RecordView> read_all(const journal::JournalReader& reader, bool* clean = nullptr) {
  std::vector<journal::RecordView> records;
  const bool ok = reader.for_each([&](const journal::RecordView& record) { records.push_back(record); });
  if (clean != nullptr) {
    *clean = ok;
  }
  return records;
}

// The records a test wrote, without the clock anchors and the stop record the recorder adds (views into `reader`).
std::vector<journal::RecordView> event_records(const journal::JournalReader& reader) {
  std::vector<journal::RecordView> records;
  for (const auto& record : read_all(reader)) {
    if (record.kind() != Kind::kClockAnchor && record.kind() != Kind::kTracingStopped) {
      records.push_back(record);
    }
  }
  return records;
}

std::string journal_of_thread(std::uint32_t thread_index) {
  for (const std::string& path : recorder::own_journal_paths()) {
    if (journal::JournalReader(path).header().thread_index == thread_index) {
      return path;
    }
  }
  return "";
}

// Writes `count` Enter/Leave pairs for function `fn` on the calling thread and returns its thread index.
std::uint32_t write_calls(std::uint32_t fn, int count) {
  recorder::ThreadState& state = recorder::this_thread();
  for (int i = 0; i < count; ++i) {
    recorder::record(state, clock::ticks(), journal::Enter{{.arg = fn}, static_cast<std::uint64_t>(i)});
    recorder::record(state, clock::ticks(), journal::Leave{{.arg = fn}});
  }
  const std::size_t before = recorder::own_journal_paths().size();
  return static_cast<std::uint32_t>(before - 1);
}

TEST(Journal, ThreadsWriteSeparateJournalsThatReadBackInOrderAcrossChunks) {
  ASSERT_TRUE(recorder::recording()) << "MPISIGHT_TRACE_DIR must be set by ctest";
  constexpr int kCalls = 5000;  // 5000 * 40 bytes spans several 64 KiB chunks
  std::vector<std::thread> threads;
  for (std::uint32_t t = 0; t < 3; ++t) {
    threads.emplace_back([t] { write_calls(100 + t, kCalls); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const auto paths = recorder::own_journal_paths();
  ASSERT_EQ(paths.size(), 3U);
  std::set<std::uint32_t> functions_seen;
  for (const std::string& path : paths) {
    const journal::JournalReader reader(path);
    EXPECT_EQ(reader.header().pid, static_cast<std::uint32_t>(getpid()));
    EXPECT_EQ(reader.header().chunk_bytes, 64U * 1024U);
    bool clean = false;
    const auto records = read_all(reader, &clean);
    EXPECT_TRUE(clean);
    std::uint64_t previous_ticks = 0;
    int enters = 0;
    std::uint32_t function = 0;
    for (const auto& record : records) {
      if (record.kind() == Kind::kClockAnchor) {
        continue;
      }
      EXPECT_GE(record.ticks(), previous_ticks);
      previous_ticks = record.ticks();
      if (record.kind() == Kind::kEnter) {
        const auto enter = record.as<journal::Enter>();
        EXPECT_EQ(enter.caller, static_cast<std::uint64_t>(enters)) << "enter records out of order";
        function = enter.header.arg;
        ++enters;
      } else if (record.kind() == Kind::kLeave) {
        EXPECT_EQ(record.arg(), function);
      } else if (record.kind() != Kind::kTracingStopped) {
        ADD_FAILURE() << "unexpected record kind " << static_cast<int>(record.kind());
      }
    }
    EXPECT_EQ(enters, kCalls);
    functions_seen.insert(function);
    // Threads that exited closed their journals with a final record.
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.back().kind(), Kind::kTracingStopped);
    EXPECT_EQ(records.back().arg(), static_cast<std::uint32_t>(journal::StopReason::kThreadExit));
  }
  EXPECT_EQ(functions_seen, (std::set<std::uint32_t>{100, 101, 102}));
}

TEST(Journal, ReaderStopsAtARecordThatWasReservedButNeverCommitted) {
  std::uint32_t index = 0;
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    recorder::record(state, clock::ticks(), journal::Enter{{.arg = 7}, 1});
    // A process killed between reserving and committing leaves zeroes where the record would be.
    [[maybe_unused]] std::byte* torn = recorder::reserve(state, sizeof(journal::Leave));
    recorder::record(state, clock::ticks(), journal::Enter{{.arg = 8}, 2});
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const journal::JournalReader reader(journal_of_thread(index));
  std::vector<std::uint32_t> entered;
  for (const auto& record : read_all(reader)) {
    if (record.kind() == Kind::kEnter) {
      entered.push_back(record.arg());
    }
  }
  // Reading stops at the hole: nothing after it in that chunk is trusted.
  EXPECT_EQ(entered, std::vector<std::uint32_t>{7});
}

TEST(Journal, DamagedRecordEndsReadingAndIsReported) {
  std::uint32_t index = 0;
  std::thread([&] {
    write_calls(9, 10);
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const std::string path = journal_of_thread(index);
  {
    // A journal always opens with a clock anchor in the window, after its ChunkStart.
    const auto first = read_all(journal::JournalReader(path)).front();
    ASSERT_EQ(first.kind(), Kind::kClockAnchor);
    // Overwrite the size field of the second record with nonsense.
    const std::size_t offset = journal::kHeaderBytes + sizeof(journal::ChunkStart) + sizeof(journal::ClockAnchor);
    const std::uint16_t bad_words = 999;
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(file.good());
    file.seekp(static_cast<std::streamoff>(offset + 2));
    file.write(reinterpret_cast<const char*>(&bad_words), sizeof(bad_words));
  }
  bool clean = true;
  const auto records = read_all(journal::JournalReader(path), &clean);
  EXPECT_FALSE(clean);
  EXPECT_EQ(records.size(), 1U);
}

TEST(Journal, SiteNamesAndAttributesReadBackWhole) {
  std::uint32_t index = 0;
  const std::string long_function(journal::kMaxSiteNameBytes + 10, 'f');
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    recorder::record_site_name(state, 5, "src/app.cpp", "void solve(int)");
    recorder::record_site_name(state, 6, "x.c", long_function);
    recorder::record(state, clock::ticks(), journal::Enter{{.arg = 3}, journal::hook_site(5, 42)});
    recorder::record(state, clock::ticks(), journal::Attribute{{.arg = 1}, static_cast<std::uint64_t>(-7)});
    recorder::record(state, clock::ticks(), journal::Leave{{.arg = 3}});
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const journal::JournalReader reader(journal_of_thread(index));
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<Kind> kinds;
  bool clean = true;
  for (const auto& record : read_all(reader, &clean)) {
    kinds.push_back(record.kind());
    if (record.kind() == Kind::kSiteName) {
      const auto head = record.as<journal::SiteName>();
      const auto* text = reinterpret_cast<const char*>(record.bytes() + sizeof(journal::SiteName));
      names.emplace_back(std::string(text, head.file_bytes), std::string(text + head.file_bytes, head.function_bytes));
    } else if (record.kind() == Kind::kEnter) {
      const std::uint64_t caller = record.as<journal::Enter>().caller;
      EXPECT_TRUE(journal::is_hook_site(caller));
      EXPECT_EQ(journal::hook_site_id(caller), 5U);
      EXPECT_EQ(journal::hook_site_line(caller), 42U);
    } else if (record.kind() == Kind::kAttribute) {
      EXPECT_EQ(static_cast<std::int64_t>(record.as<journal::Attribute>().value), -7);
    }
  }
  EXPECT_TRUE(clean);
  ASSERT_EQ(names.size(), 2U);
  EXPECT_EQ(names[0], (std::pair<std::string, std::string>{"src/app.cpp", "void solve(int)"}));
  EXPECT_EQ(names[1].second, long_function.substr(0, journal::kMaxSiteNameBytes)) << "long names are cut";
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), Kind::kAttribute), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), Kind::kLeave), 1) << "records after the names read on";
}

// A blocking send's and receive's compact records read back as the full records they stand for, times included.
TEST(Journal, CompactPointToPointRecordsReadBackAsTheFullRecords) {
  std::uint32_t index = 0;
  std::uint64_t send_ticks = 0;
  std::uint64_t enter_ticks = 0;
  std::uint64_t leave_ticks = 0;
  const journal::MpiSend send{{.arg = 4}, 3, 17, 40, 0xabcdef, 5, 0x1000, 0x1028};
  const journal::ReceiveWaits waits{{.arg = 6}, -2, -1};  // any source, any tag
  const journal::MpiRecv receive{{.arg = 6}, 1, 9, 24, 0x5151, 3, -2, -1, 0x2000, 0x2200};
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    send_ticks = clock::ticks();
    const auto packed_send = journal::pack_enter_send(21, 0x4242, send);
    ASSERT_TRUE(packed_send.has_value());
    recorder::record(state, send_ticks, *packed_send);
    recorder::record_leave(state, clock::ticks(), 21);
    enter_ticks = clock::ticks();
    ASSERT_TRUE(recorder::record_short(state, enter_ticks, journal::pack_enter_receive(22, 0x4343, waits)));
    leave_ticks = enter_ticks + 1000;
    const auto packed_receive = journal::pack_receive_leave(receive);
    ASSERT_TRUE(packed_receive.has_value());
    ASSERT_TRUE(recorder::record_short(state, leave_ticks, *packed_receive));
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const journal::JournalReader reader(journal_of_thread(index));
  const std::vector<journal::RecordView> records = event_records(reader);
  const std::vector<Kind> expected{Kind::kEnter, Kind::kMpiSend, Kind::kLeave, Kind::kReceiveWaits,
                                   Kind::kEnter, Kind::kMpiRecv, Kind::kLeave};
  ASSERT_EQ(records.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(records[i].kind(), expected[i]) << "record " << i;
  }
  EXPECT_EQ(records[0].arg(), 21U);
  EXPECT_EQ(records[0].as<journal::Enter>().caller, 0x4242U);
  const auto sent = records[1].as<journal::MpiSend>();
  EXPECT_EQ(records[0].ticks(), send_ticks);
  EXPECT_EQ(sent.header.ticks, send_ticks);
  EXPECT_EQ(sent.header.arg, 4U);
  EXPECT_EQ(
      std::tie(sent.peer, sent.tag, sent.bytes, sent.type_signature, sent.elements, sent.buffer_begin, sent.buffer_end),
      std::tie(send.peer, send.tag, send.bytes, send.type_signature, send.elements, send.buffer_begin,
               send.buffer_end));
  const auto waited = records[3].as<journal::ReceiveWaits>();
  EXPECT_EQ(std::tie(waited.header.arg, waited.source, waited.tag),
            std::tie(waits.header.arg, waits.source, waits.tag));
  EXPECT_EQ(records[3].ticks(), enter_ticks);
  EXPECT_EQ(records[4].ticks(), enter_ticks);
  EXPECT_EQ(records[4].arg(), 22U);
  EXPECT_EQ(records[4].as<journal::Enter>().caller, 0x4343U);
  const auto got = records[5].as<journal::MpiRecv>();
  EXPECT_EQ(got.header.ticks, leave_ticks);
  EXPECT_EQ(got.header.arg, 6U);
  EXPECT_EQ(std::tie(got.peer, got.tag, got.bytes, got.type_signature, got.elements, got.requested_source,
                     got.requested_tag, got.buffer_begin, got.buffer_end),
            std::tie(receive.peer, receive.tag, receive.bytes, receive.type_signature, receive.elements,
                     receive.requested_source, receive.requested_tag, receive.buffer_begin, receive.buffer_end));
  EXPECT_EQ(records[6].ticks(), leave_ticks);
  EXPECT_EQ(records[6].arg(), 22U) << "the Leave closes the receive";
}

TEST(Journal, CompactRecordsRefuseValuesBeyond32Bits) {
  const journal::MpiSend large{{.arg = 0}, 1, 0, std::uint64_t{1} << 32U, 1, 1, 0, 8};
  EXPECT_FALSE(journal::pack_enter_send(1, 0, large).has_value());
  const journal::MpiSend long_buffer{{.arg = 0}, 1, 0, 8, 1, 1, 0, std::uint64_t{1} << 33U};
  EXPECT_FALSE(journal::pack_enter_send(1, 0, long_buffer).has_value());
  const journal::MpiRecv many{{.arg = 0}, 1, 0, 8, 1, std::uint64_t{1} << 32U, 0, 0, 0, 8};
  EXPECT_FALSE(journal::pack_receive_leave(many).has_value());
  const journal::MpiRecv inverted{{.arg = 0}, 1, 0, 8, 1, 1, 0, 0, 16, 8};
  EXPECT_FALSE(journal::pack_receive_leave(inverted).has_value());
}

// A ReceiveLeave must close a receive: after any other Enter it is damage, and reading stops there.
TEST(Journal, ReceiveLeaveAfterAnotherCallIsDamage) {
  std::uint32_t index = 0;
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    recorder::record(state, clock::ticks(), journal::Enter{{.arg = 5}, 1});
    const journal::MpiRecv receive{{.arg = 0}, 1, 0, 0, 0, 0, 1, 0, 0, 0};
    ASSERT_TRUE(recorder::record_short(state, clock::ticks(), *journal::pack_receive_leave(receive)));
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  bool clean = true;
  const auto records = read_all(journal::JournalReader(journal_of_thread(index)), &clean);
  EXPECT_FALSE(clean);
  EXPECT_EQ(records.back().kind(), Kind::kEnter);
}

// A send and a receive repeated but for their times take one word per compact record, and read back as the
// full records, each with its own time, across chunk switches (each chunk writes the first of each in full).
TEST(Journal, RepeatedPointToPointRecordsTakeOneWordAndReadBackWhole) {
  constexpr int kLoops = 6000;
  constexpr int kTagChangeEvery = 1000;
  const journal::ReceiveWaits waits{{.arg = 6}, 2, 9};
  const journal::MpiRecv receive{{.arg = 6}, 2, 9, 16, 0x77, 2, 2, 9, 0x3000, 0x3010};
  std::uint32_t index = 0;
  std::uint64_t base = 0;
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    base = clock::ticks();
    for (int i = 0; i < kLoops; ++i) {
      const std::uint64_t at = base + static_cast<std::uint64_t>(i) * 100;
      const journal::MpiSend send{{.arg = 4}, 3, i / kTagChangeEvery, 8, 0x55, 1, 0x1000, 0x1008};
      ASSERT_TRUE(recorder::record_compact(state, at, *journal::pack_enter_send(21, 0x4242, send)));
      recorder::record_leave(state, at + 10, 21);
      ASSERT_TRUE(recorder::record_compact(state, at + 20, journal::pack_enter_receive(22, 0x4343, waits)));
      ASSERT_TRUE(recorder::record_compact(state, at + 30, *journal::pack_receive_leave(receive)));
    }
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const journal::JournalReader reader(journal_of_thread(index));
  const std::vector<journal::RecordView> records = event_records(reader);
  constexpr std::size_t kPerLoop = 7;
  ASSERT_EQ(records.size(), kLoops * kPerLoop);
  for (int i = 0; i < kLoops; ++i) {
    const journal::RecordView* loop = &records[static_cast<std::size_t>(i) * kPerLoop];
    const std::uint64_t at = base + static_cast<std::uint64_t>(i) * 100;
    ASSERT_EQ(loop[1].kind(), Kind::kMpiSend) << "loop " << i;
    const auto sent = loop[1].as<journal::MpiSend>();
    ASSERT_EQ(
        std::tie(sent.header.ticks, sent.peer, sent.tag, sent.bytes, sent.buffer_begin, sent.buffer_end),
        std::make_tuple(at, 3, i / kTagChangeEvery, std::uint64_t{8}, std::uint64_t{0x1000}, std::uint64_t{0x1008}))
        << "loop " << i;
    ASSERT_EQ(std::make_tuple(loop[0].kind(), loop[0].ticks(), loop[0].as<journal::Enter>().caller),
              std::make_tuple(Kind::kEnter, at, std::uint64_t{0x4242}));
    ASSERT_EQ(std::make_tuple(loop[2].kind(), loop[2].ticks(), loop[2].arg()),
              std::make_tuple(Kind::kLeave, at + 10, 21U));
    const auto waited = loop[3].as<journal::ReceiveWaits>();
    ASSERT_EQ(std::make_tuple(loop[3].kind(), waited.header.ticks, waited.source, waited.tag),
              std::make_tuple(Kind::kReceiveWaits, at + 20, 2, 9));
    ASSERT_EQ(std::make_tuple(loop[4].kind(), loop[4].ticks(), loop[4].arg()),
              std::make_tuple(Kind::kEnter, at + 20, 22U));
    const auto got = loop[5].as<journal::MpiRecv>();
    ASSERT_EQ(std::make_tuple(loop[5].kind(), got.header.ticks, got.peer, got.tag, got.bytes, got.buffer_end),
              std::make_tuple(Kind::kMpiRecv, at + 30, 2, 9, std::uint64_t{16}, std::uint64_t{0x3010}));
    ASSERT_EQ(std::make_tuple(loop[6].kind(), loop[6].ticks(), loop[6].arg()),
              std::make_tuple(Kind::kLeave, at + 30, 22U));
  }
  // In full, 152 bytes a loop would fill 14 chunks of 64 KiB; repeated, 32 bytes a loop fill 3.
  const std::size_t chunk = reader.header().chunk_bytes;
  EXPECT_LE(reader.header().window_chunk, 4U);
  EXPECT_LE(std::filesystem::file_size(reader.path()), journal::kHeaderBytes + 8 * chunk);
}

// A repeat with nothing before it in its chunk to repeat is damage: reading stops there.
TEST(Journal, RepeatWithoutARecordToRepeatIsDamage) {
  std::uint32_t index = 0;
  std::thread([&] {
    recorder::ThreadState& state = recorder::this_thread();
    recorder::record(state, clock::ticks(), journal::Enter{{.arg = 5}, 1});
    std::byte* at = recorder::reserve(state, sizeof(std::uint64_t));
    ASSERT_NE(at, nullptr);
    journal::commit_word(at, journal::repeat_word(Kind::kEnterSendRepeat, 7));
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  bool clean = true;
  const auto records = read_all(journal::JournalReader(journal_of_thread(index)), &clean);
  EXPECT_FALSE(clean);
  EXPECT_EQ(records.back().kind(), Kind::kEnter);
}

std::vector<std::uint64_t> enter_callers(const std::string& path) {
  std::vector<std::uint64_t> callers;
  const journal::JournalReader reader(path);  // views point into its mapping
  for (const auto& record : read_all(reader)) {
    if (record.kind() == Kind::kEnter) {
      callers.push_back(record.as<journal::Enter>().caller);
    }
  }
  return callers;
}

std::vector<char> read_file(const std::string& path) {
  std::vector<char> bytes(std::filesystem::file_size(path));
  std::ifstream(path, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

void write_file(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Copies of a journal frozen at each step of a chunk switch (as SIGKILL could leave it) read the same records.
TEST(Journal, EveryMomentOfAChunkSwitchReadsWithoutLossOrDuplicates) {
  std::uint32_t index = 0;
  std::thread([&] {
    write_calls(13, 3000);  // > 1 chunk of 64 KiB, so the window holds chunk >= 1
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const std::string path = journal_of_thread(index);
  const std::vector<std::uint64_t> expected = enter_callers(path);
  ASSERT_EQ(expected.size(), 3000U);
  const std::vector<char> original = read_file(path);
  journal::FileHeader header{};
  std::memcpy(&header, original.data(), sizeof(header));
  const std::size_t chunk = header.chunk_bytes;
  const std::size_t k = header.window_chunk;
  ASSERT_GE(k, 1U);
  const std::size_t window = journal::kHeaderBytes;
  const std::size_t slot_k = journal::kHeaderBytes + (k + 1) * chunk;
  const std::string copy = path + ".frozen";

  // 1. Killed inside pwrite: half of chunk k reached the file, the header still names the window.
  std::vector<char> bytes = original;
  bytes.resize(slot_k + chunk / 2);
  std::memcpy(bytes.data() + slot_k, original.data() + window, chunk / 2);
  write_file(copy, bytes);
  EXPECT_EQ(enter_callers(copy), expected) << "torn pwrite";

  // 2. pwrite done and the header bumped, window not yet cleared: the window must be ignored.
  bytes.resize(slot_k + chunk);
  std::memcpy(bytes.data() + slot_k, original.data() + window, chunk);
  const std::uint64_t bumped = k + 1;
  std::memcpy(bytes.data() + offsetof(journal::FileHeader, window_chunk), &bumped, sizeof(bumped));
  write_file(copy, bytes);
  EXPECT_EQ(enter_callers(copy), expected) << "bumped before the window was cleared";

  // 3. Window half cleared.
  std::memset(bytes.data() + window, 0, chunk / 2);
  write_file(copy, bytes);
  EXPECT_EQ(enter_callers(copy), expected) << "window half cleared";
  std::filesystem::remove(copy);
}

TEST(Journal, NotAJournalIsRejectedWithOneLine) {
  const std::string path = recorder::settings().trace_dir + "/garbage.journal";
  std::ofstream(path, std::ios::binary) << std::string(8192, 'x');
  try {
    const journal::JournalReader reader(path);
    FAIL() << "accepted garbage";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("is not an mpisight journal"), std::string::npos) << error.what();
  }
  EXPECT_THROW(journal::JournalReader("/nonexistent/x.journal"), std::runtime_error);
}

TEST(Journal, LimitStopsTheThreadWithTheReasonRecorded) {
  std::uint32_t index = 0;
  std::thread([&] {
    write_calls(11, 200'000);  // 8 MB of records against a 2 MiB limit
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  const journal::JournalReader reader(journal_of_thread(index));
  const auto records = read_all(reader);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().kind(), Kind::kTracingStopped);
  EXPECT_EQ(records.back().arg(), static_cast<std::uint32_t>(journal::StopReason::kLimitReached));
  EXPECT_LE(std::filesystem::file_size(reader.path()), journal::kHeaderBytes + (std::size_t{2} << 20U));
  EXPECT_TRUE(recorder::any_journal_failed());
}

TEST(Journal, FileThatCannotGrowStopsTracingNotTheProgram) {
  // RLIMIT_FSIZE makes posix_fallocate fail the way a full disk does; SIGXFSZ must not kill us.
  signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = rlim_t{300} * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::uint32_t index = 0;
  std::thread([&] {
    write_calls(12, 50'000);
    index = static_cast<std::uint32_t>(recorder::own_journal_paths().size() - 1);
  }).join();
  setrlimit(RLIMIT_FSIZE, &old);
  const auto records = read_all(journal::JournalReader(journal_of_thread(index)));
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().kind(), Kind::kTracingStopped);
  EXPECT_EQ(records.back().arg(), static_cast<std::uint32_t>(journal::StopReason::kNoSpace));
}

}  // namespace
}  // namespace mpisight
