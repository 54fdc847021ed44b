// The API's side of the call-site hook: this binary defines mpisight_call_site_begin/end itself (as the tracer
// does), so every API call must open one call site naming the user's line, close it, and never nest, even when
// one API call is built from others (allgatherv gathers counts first).
#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "mpisight/collectives_v.hpp"
#include "mpisight/nonblocking.hpp"
#include "mpisight/p2p.hpp"
#include "mpisight/trace_hook.h"

namespace {

struct Site {
  std::string file;
  unsigned line;
  std::string function;
};

std::vector<Site> opened;
int depth = 0;
int max_depth = 0;

}  // namespace

extern "C" void mpisight_call_site_begin(const char* file, unsigned line, const char* function) {
  opened.push_back(Site{file, line, function});
  max_depth = std::max(max_depth, ++depth);
}

extern "C" void mpisight_call_site_end(void) {
  --depth;
}

namespace {

void reset() {
  opened.clear();
  depth = 0;
  max_depth = 0;
}

TEST(CallSite, EachApiCallNamesTheUsersLineOnce) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  reset();
  const unsigned first = __LINE__ + 1;
  mpisight::send(comm, comm.rank(), comm.rank(), 3);
  const int got = mpisight::recv<int>(comm, comm.rank(), 3);
  EXPECT_EQ(got, comm.rank());
  const auto gathered = mpisight::allgatherv(comm, std::vector<int>(static_cast<std::size_t>(comm.rank()), 1));
  auto request = mpisight::isend(comm, std::vector<int>{1, 2}, right, 4);
  std::vector<int> in(2);
  mpisight::recv_into(comm, in, left, 4);
  request.wait();
  EXPECT_EQ(depth, 0);
  EXPECT_EQ(max_depth, 1) << "call sites must not nest";
  ASSERT_EQ(opened.size(), 6U);
  const unsigned lines[] = {first, first + 1, first + 3, first + 4, first + 6, first + 7};
  for (std::size_t i = 0; i < opened.size(); ++i) {
    EXPECT_EQ(opened[i].line, lines[i]) << "call " << i;
    EXPECT_NE(opened[i].file.find("call_site_test.cpp"), std::string::npos) << opened[i].file;
    EXPECT_NE(opened[i].function.find("EachApiCallNamesTheUsersLineOnce"), std::string::npos) << opened[i].function;
  }
  EXPECT_EQ(gathered.data.size(), static_cast<std::size_t>(comm.size() * (comm.size() - 1) / 2));
}

TEST(CallSite, ClosedWhenTheCallThrows) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  reset();
  EXPECT_THROW(mpisight::send(comm, 1, comm.size() + 1, 0), mpisight::Error);
  EXPECT_EQ(depth, 0);
  EXPECT_EQ(opened.size(), 1U);
}

}  // namespace
