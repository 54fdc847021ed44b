// SharedWindow: every rank of the node reads every other rank's part directly after sync() (each element
// checked); a read of a part written since the last sync() is reported with the reader's line.
#include "mpisight/shared_window.hpp"

#include <gtest/gtest.h>
#include <vector>

#include "mpisight/collectives.hpp"

namespace {

TEST(SharedWindow, EveryPartReadableAfterSync) {
  const mpisight::Environment env;
  const auto node = mpisight::world().split_shared();
  const int r = node.rank();
  // Different sizes per rank: rank i holds 10 + i elements.
  auto win = mpisight::SharedWindow<double>::allocate(node, static_cast<std::size_t>(10 + r));
  auto mine = win.local();
  ASSERT_EQ(mine.size(), static_cast<std::size_t>(10 + r));
  for (std::size_t i = 0; i < mine.size(); ++i) {
    mine[i] = r * 100.0 + static_cast<double>(i);
  }
  win.sync();
  std::vector<mpisight::Misuse> reports;
  const auto previous = mpisight::set_misuse_handler([&](const mpisight::Misuse& m) { reports.push_back(m); });
  for (int other = 0; other < node.size(); ++other) {
    const auto part = win.part(other);
    ASSERT_EQ(part.size(), static_cast<std::size_t>(10 + other));
    for (std::size_t i = 0; i < part.size(); ++i) {
      EXPECT_EQ(part[i], other * 100.0 + static_cast<double>(i));
    }
  }
  mpisight::set_misuse_handler(previous);
  EXPECT_TRUE(reports.empty());
  win.sync();
}

TEST(SharedWindow, ReadingUnsynchronizedWriteIsReported) {
  const mpisight::Environment env;
  const auto node = mpisight::world().split_shared();
  auto win = mpisight::SharedWindow<int>::allocate(node, 4);
  std::vector<mpisight::Misuse> reports;
  const auto previous = mpisight::set_misuse_handler([&](const mpisight::Misuse& m) { reports.push_back(m); });
  if (node.rank() == 0) {
    win.local()[0] = 42;  // write access after the last sync
  }
  mpisight::barrier(node);  // a barrier orders, but is not the window synchronization
  int line = 0;
  if (node.rank() == 1) {
    line = __LINE__ + 1;
    (void)win.part(0);
  }
  mpisight::set_misuse_handler(previous);
  if (node.rank() == 1) {
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_EQ(reports[0].kind, mpisight::MisuseKind::kSharedReadUnsynchronized);
    EXPECT_EQ(reports[0].where.line(), static_cast<unsigned>(line));
    EXPECT_NE(reports[0].message.find("rank 0"), std::string::npos);
  } else {
    EXPECT_TRUE(reports.empty());
  }
  win.sync();
  const auto previous2 = mpisight::set_misuse_handler([&](const mpisight::Misuse& m) { reports.push_back(m); });
  reports.clear();
  EXPECT_EQ(win.part(0)[0], 42);  // synchronized now: no report
  mpisight::set_misuse_handler(previous2);
  EXPECT_TRUE(reports.empty());
  win.sync();
}

}  // namespace
