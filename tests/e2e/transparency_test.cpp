// Under the tracer a program prints the same output and exits with the same status as without it.
#include <gtest/gtest.h>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

struct Case {
  const char* example;
  int ranks;
};

class Transparency : public ::testing::TestWithParam<Case> {};

TEST_P(Transparency, SameStdoutAndExitStatus) {
  const Case c = GetParam();
  const ProcessResult native = run_native(c.ranks, example_path(c.example));
  const std::filesystem::path dir = fresh_trace_dir(std::string("same-") + c.example);
  const ProcessResult traced = run_traced(dir, c.ranks, example_path(c.example));
  ASSERT_FALSE(native.out.empty());
  EXPECT_EQ(traced.out, native.out);
  EXPECT_EQ(traced.exit_code, native.exit_code);
  EXPECT_EQ(native.exit_code, 0) << native.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
}

TEST(Transparency, BadArgumentsFailTheSameWay) {
  const ProcessResult native = run_native(2, example_path("ring"), {"not-a-number"});
  const ProcessResult traced = run_traced(fresh_trace_dir("same-ring-bad"), 2, example_path("ring"), {"not-a-number"});
  EXPECT_NE(native.exit_code, 0);
  EXPECT_EQ(traced.exit_code, native.exit_code);
  EXPECT_EQ(traced.out, native.out);
}

INSTANTIATE_TEST_SUITE_P(Examples, Transparency,
                         ::testing::Values(Case{"ring", 2}, Case{"ring", 4}, Case{"allreduce_loop", 4},
                                           Case{"halo", 3}),
                         [](const auto& info) {
                           return std::string(info.param.example) + "_np" + std::to_string(info.param.ranks);
                         });

}  // namespace
}  // namespace mpisight::testkit
