// SharedDefinitions: what several ranks report is merged into one numbering that every rank computes alike,
// whatever order the reports come in, and it survives packing for the Allgather.
#include "otf2/shared_definitions.hpp"

#include <gtest/gtest.h>

namespace mpisight::otf2 {
namespace {

SharedDefinitions rank_reports(int rank) {
  SharedDefinitions defs;
  defs.add(WindowDefinition{(std::uint64_t{0} << 32U) | 1U, 0, 1});  // a window over all ranks
  defs.add(WindowDefinition{(std::uint64_t{static_cast<std::uint32_t>(rank)} << 32U) | 7U, 1, 2});  // own
  defs.add_group({(rank + 1) % 4});
  defs.add_file("/data/shared.bin");
  defs.add_file("/data/rank" + std::to_string(rank) + ".bin");
  defs.add(IoHandleDefinition{rank, 0, 0, "/data/shared.bin"});
  defs.finish();
  return defs;
}

SharedDefinitions merged(const std::vector<int>& order) {
  SharedDefinitions all;
  for (const int rank : order) {
    all.merge(SharedDefinitions::unpack(rank_reports(rank).pack()));
  }
  all.finish();
  return all;
}

TEST(SharedDefinitions, EveryMergeOrderNumbersAlike) {
  const SharedDefinitions a = merged({0, 1, 2, 3});
  const SharedDefinitions b = merged({3, 1, 0, 2});
  ASSERT_EQ(a.windows().size(), 5U);  // the common window once, plus one per rank
  EXPECT_EQ(a.windows(), b.windows());
  EXPECT_EQ(a.files(), b.files());
  EXPECT_EQ(a.groups(), b.groups());
  EXPECT_EQ(a.io_handles(), b.io_handles());
  EXPECT_EQ(a.window_ref(1), 0U);
  EXPECT_EQ(a.window_ref((std::uint64_t{3} << 32U) | 7U), 4U);
  EXPECT_FALSE(a.window_ref(2).has_value());
}

TEST(SharedDefinitions, FilesByNameGroupsAfterTheFixedOnesHandlesPerRank) {
  const SharedDefinitions all = merged({2, 0, 3, 1});
  ASSERT_EQ(all.files().size(), 5U);  // one shared file and four own ones, each once
  EXPECT_EQ(all.file_ref("/data/rank0.bin"), 0U);
  EXPECT_EQ(all.file_ref("/data/shared.bin"), 4U);
  EXPECT_FALSE(all.file_ref("/data/none.bin").has_value());
  EXPECT_EQ(all.group_ref({0}), kFirstRmaGroupRef);
  EXPECT_EQ(all.group_ref({3}), kFirstRmaGroupRef + 3);
  EXPECT_FALSE(all.group_ref({0, 1}).has_value());
  ASSERT_EQ(all.io_handles().size(), 4U);
  for (int rank = 0; rank < 4; ++rank) {
    EXPECT_EQ(all.io_handle_ref(rank, 0), static_cast<std::uint32_t>(rank));
  }
  EXPECT_FALSE(all.io_handle_ref(0, 1).has_value());
}

TEST(SharedDefinitions, CutShortBytesAreAnError) {
  std::vector<std::byte> bytes = rank_reports(0).pack();
  bytes.resize(bytes.size() - 3);
  EXPECT_THROW((void)SharedDefinitions::unpack(bytes), std::runtime_error);
}

}  // namespace
}  // namespace mpisight::otf2
