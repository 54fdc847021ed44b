// Communicator logs read back as written, a record cut off by a kill ends the log, and the catalog unifies what
// several ranks logged: one global id per key, parents numbered before children, intercommunicator groups in
// one order whichever side logged them.
#include "otf2/comm_definitions.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <vector>

#include "core/comm_log_format.hpp"
#include "core/journal_format.hpp"

namespace mpisight::otf2 {
namespace {

class LogBuilder {
 public:
  explicit LogBuilder(int rank) {
    comm_log::LogHeader header{};
    std::memcpy(header.magic, comm_log::kMagic, sizeof(header.magic));
    header.world_rank = rank;
    put(&header, sizeof(header));
  }
  LogBuilder& define(std::uint32_t local_id, std::uint64_t key, std::uint64_t parent,
                     const std::vector<std::int32_t>& local, const std::vector<std::int32_t>& remote = {},
                     bool inter = false) {
    comm_log::DefinitionRecord head{};
    head.kind = comm_log::RecordKind::kDefinition;
    head.bytes = static_cast<std::uint32_t>(sizeof(head) + (local.size() + remote.size()) * 4);
    head.key = key;
    head.parent_key = parent;
    head.local_id = local_id;
    head.flags = inter ? comm_log::kInter : 0U;
    head.local_size = static_cast<std::uint32_t>(local.size());
    head.remote_size = static_cast<std::uint32_t>(remote.size());
    put(&head, sizeof(head));
    put(local.data(), local.size() * 4);
    put(remote.data(), remote.size() * 4);
    return *this;
  }
  LogBuilder& name(std::uint64_t key, const char* text) {
    comm_log::NameRecord record{};
    record.kind = comm_log::RecordKind::kName;
    record.bytes = sizeof(record);
    record.key = key;
    std::strncpy(record.name, text, sizeof(record.name) - 1);
    put(&record, sizeof(record));
    return *this;
  }
  [[nodiscard]] std::vector<std::byte> bytes() const { return bytes_; }

 private:
  void put(const void* data, std::size_t size) {
    if (size == 0) {
      return;
    }
    const std::size_t at = bytes_.size();
    bytes_.resize(at + size);
    std::memcpy(bytes_.data() + at, data, size);
  }
  std::vector<std::byte> bytes_;
};

constexpr std::uint64_t kKeyA = (std::uint64_t{1} << 32U) | 0U;
constexpr std::uint64_t kKeyB = (std::uint64_t{3} << 32U) | 0U;

TEST(CommLog, ReadsDefinitionsAndNamesAsLogged) {
  const auto bytes = LogBuilder(2).define(2, kKeyA, comm_log::kWorldKey, {2, 0}).name(kKeyA, "pair").bytes();
  const RankComms comms = parse_comm_log(bytes);
  EXPECT_EQ(comms.rank, 2);
  ASSERT_EQ(comms.definitions.size(), 1U);
  EXPECT_EQ(comms.definitions[0].key, kKeyA);
  EXPECT_EQ(comms.definitions[0].parent_key, comm_log::kWorldKey);
  EXPECT_EQ(comms.definitions[0].local, (std::vector<std::int32_t>{2, 0}));
  EXPECT_FALSE(comms.definitions[0].inter);
  ASSERT_EQ(comms.local_ids.size(), 1U);
  EXPECT_EQ(comms.local_ids[0], (std::pair<std::uint32_t, std::uint64_t>{2, kKeyA}));
  ASSERT_EQ(comms.names.size(), 1U);
  EXPECT_EQ(comms.names[0].second, "pair");
}

TEST(CommLog, ARecordCutOffEndsTheLog) {
  auto bytes = LogBuilder(0).define(2, kKeyA, 0, {0, 1}).define(3, kKeyB, 0, {0, 1, 2}).bytes();
  bytes.resize(bytes.size() - 3);
  const RankComms comms = parse_comm_log(bytes);
  ASSERT_EQ(comms.definitions.size(), 1U);
  EXPECT_EQ(comms.definitions[0].key, kKeyA);
}

TEST(CommLog, NotALogReadsAsEmpty) {
  auto bytes = LogBuilder(0).define(2, kKeyA, 0, {0, 1}).bytes();
  bytes[0] = std::byte{'X'};
  EXPECT_TRUE(parse_comm_log(bytes).definitions.empty());
  EXPECT_TRUE(parse_comm_log({}).definitions.empty());
  EXPECT_TRUE(read_comm_log("/nonexistent/rank0.comms").empty());
}

TEST(CommCatalog, OneGlobalIdPerKeyWhateverEachRankCalledIt) {
  // Rank 0 knows kKeyB as 2 and kKeyA as 3; rank 1 knows only kKeyA, as 2. kKeyA's parent is kKeyB.
  const RankComms zero =
      parse_comm_log(LogBuilder(0).define(2, kKeyB, 0, {0, 1}).define(3, kKeyA, kKeyB, {1, 0}).bytes());
  const RankComms one = parse_comm_log(LogBuilder(1).define(2, kKeyA, kKeyB, {1, 0}).bytes());
  CommCatalog catalog;
  catalog.add(zero);
  catalog.add(one);
  catalog.finish();
  const std::vector<std::uint32_t> zero_ids = catalog.id_map(zero);
  const std::vector<std::uint32_t> one_ids = catalog.id_map(one);
  ASSERT_EQ(zero_ids.size(), 4U);
  ASSERT_EQ(one_ids.size(), 3U);
  EXPECT_EQ(zero_ids[journal::kCommWorld], journal::kCommWorld);
  EXPECT_EQ(zero_ids[journal::kCommSelf], journal::kCommSelf);
  EXPECT_EQ(zero_ids[3], one_ids[2]);  // kKeyA
  EXPECT_NE(zero_ids[2], zero_ids[3]);
  // The parent (kKeyB) is numbered first although its key is larger.
  EXPECT_EQ(zero_ids[2], 2U);
  EXPECT_EQ(zero_ids[3], 3U);
}

TEST(CommCatalog, IntercommunicatorGroupsAreOrderedTheSameFromBothSides) {
  for (const int logger : {1, 0}) {
    SCOPED_TRACE("logged by rank " + std::to_string(logger));
    const std::vector<std::int32_t> even{0, 2};
    const std::vector<std::int32_t> odd{1, 3};
    const RankComms logged =
        parse_comm_log(LogBuilder(logger)
                           .define(2, kKeyA, 0, logger == 0 ? even : odd, logger == 0 ? odd : even, true)
                           .name(kKeyA, "inter")
                           .bytes());
    CommCatalog catalog;
    catalog.add(logged);
    catalog.finish();
    const CommDefinition* definition = catalog.find(kKeyA);
    ASSERT_NE(definition, nullptr);
    EXPECT_TRUE(definition->inter);
    EXPECT_EQ(definition->local, even);  // group A holds the smallest world rank
    EXPECT_EQ(definition->remote, odd);
  }
}

TEST(CommCatalog, IdsUnknownToTheCatalogStayUnknown) {
  const RankComms logged = parse_comm_log(LogBuilder(0).define(5, kKeyA, 0, {0}).bytes());
  CommCatalog empty;
  empty.finish();
  const std::vector<std::uint32_t> ids = empty.id_map(logged);
  ASSERT_EQ(ids.size(), 6U);
  for (std::size_t id = 2; id < ids.size(); ++id) {
    EXPECT_EQ(ids[id], journal::kCommUnknown) << id;
  }
}

}  // namespace
}  // namespace mpisight::otf2
