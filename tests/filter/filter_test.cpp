// MPISIGHT_FILTER rules: exclude and include lists over exact names and families, later rules overriding
// earlier ones, the functions the tracer always keeps, and bad rules reported by token while the rest applies.
#include "core/filter.hpp"

#include <algorithm>
#include <gtest/gtest.h>

#include "core/function_info.hpp"

namespace mpisight::recorder {
namespace {

std::size_t index_of(std::string_view name) {
  const std::optional<std::size_t> found = function_index(name);
  EXPECT_TRUE(found.has_value()) << name;
  return found.value_or(0);
}

bool keeps(const FunctionFilter& filter, std::string_view name) {
  return filter.recorded.at(index_of(name));
}

std::size_t kept_count(const FunctionFilter& filter) {
  return static_cast<std::size_t>(std::count(filter.recorded.begin(), filter.recorded.end(), true));
}

// The always-recorded functions and those of the listed families.
std::size_t functions_in(std::initializer_list<Family> families) {
  std::size_t count = 0;
  for (const FunctionInfo& f : function_table()) {
    count += always_recorded(f.name) || std::find(families.begin(), families.end(), f.family) != families.end();
  }
  return count;
}

TEST(Filter, EmptyTextKeepsEverything) {
  for (const char* text : {"", "  ", ",", " , ,"}) {
    const FunctionFilter filter = parse_filter(text);
    EXPECT_EQ(filter.recorded.size(), function_table().size());
    EXPECT_EQ(kept_count(filter), function_table().size()) << "'" << text << "'";
    EXPECT_TRUE(filter.rejected.empty());
  }
}

TEST(Filter, ExcludeListDropsExactlyTheNamedFunctions) {
  const FunctionFilter filter = parse_filter("-MPI_Wtime,-MPI_Comm_rank");
  EXPECT_TRUE(filter.rejected.empty());
  EXPECT_FALSE(keeps(filter, "MPI_Wtime"));
  EXPECT_FALSE(keeps(filter, "MPI_Comm_rank"));
  EXPECT_TRUE(keeps(filter, "MPI_Wtick"));
  EXPECT_TRUE(keeps(filter, "MPI_Comm_size"));
  EXPECT_EQ(kept_count(filter), function_table().size() - 2);
}

TEST(Filter, NamesAreExactAndCaseSensitive) {
  const FunctionFilter filter = parse_filter("-MPI_Send");
  EXPECT_FALSE(keeps(filter, "MPI_Send"));
  EXPECT_TRUE(keeps(filter, "MPI_Send_c"));
  EXPECT_TRUE(keeps(filter, "MPI_Send_init"));
  const FunctionFilter lower = parse_filter("-mpi_send");
  EXPECT_TRUE(keeps(lower, "MPI_Send"));
  ASSERT_EQ(lower.rejected.size(), 1U);
  EXPECT_EQ(lower.rejected[0], "'-mpi_send' (no MPI function has this exact name)");
}

TEST(Filter, IncludeListKeepsOnlyItsFamiliesAndWhatTheTracerNeeds) {
  const FunctionFilter filter = parse_filter("+family:p2p,+family:collective");
  EXPECT_TRUE(filter.rejected.empty());
  EXPECT_TRUE(keeps(filter, "MPI_Send"));
  EXPECT_TRUE(keeps(filter, "MPI_Irecv"));
  EXPECT_TRUE(keeps(filter, "MPI_Allreduce"));
  EXPECT_FALSE(keeps(filter, "MPI_Wtime"));
  EXPECT_FALSE(keeps(filter, "MPI_Comm_rank"));
  EXPECT_FALSE(keeps(filter, "MPI_Wait"));
  for (const char* needed : {"MPI_Init", "MPI_Init_thread", "MPI_Finalize", "MPI_Pcontrol"}) {
    EXPECT_TRUE(keeps(filter, needed)) << needed;
  }
  EXPECT_EQ(kept_count(filter), functions_in({Family::kP2p, Family::kCollective}));
}

TEST(Filter, FamilyExclusionSparesWhatTheTracerNeeds) {
  const FunctionFilter filter = parse_filter("-family:environment");
  EXPECT_TRUE(filter.rejected.empty());
  EXPECT_FALSE(keeps(filter, "MPI_Wtime"));
  EXPECT_FALSE(keeps(filter, "MPI_Initialized"));
  for (const char* needed : {"MPI_Init", "MPI_Init_thread", "MPI_Finalize", "MPI_Pcontrol"}) {
    EXPECT_TRUE(keeps(filter, needed)) << needed;
  }
  EXPECT_TRUE(keeps(filter, "MPI_Send"));
}

TEST(Filter, EveryFamilyNameIsAccepted) {
  for (const Family family : {Family::kEnvironment, Family::kP2p, Family::kCollective, Family::kRequest, Family::kComm,
                              Family::kRma, Family::kIo, Family::kDatatype, Family::kTools, Family::kOther}) {
    const FunctionFilter filter = parse_filter("+family:" + std::string(family_name(family)));
    EXPECT_TRUE(filter.rejected.empty()) << family_name(family);
    EXPECT_EQ(kept_count(filter), functions_in({family})) << family_name(family);
  }
}

TEST(Filter, LaterRulesOverrideEarlierOnes) {
  const FunctionFilter some_comm = parse_filter("-family:comm,+MPI_Comm_rank");
  EXPECT_TRUE(keeps(some_comm, "MPI_Comm_rank"));
  EXPECT_FALSE(keeps(some_comm, "MPI_Comm_size"));
  EXPECT_TRUE(keeps(some_comm, "MPI_Wtime"));  // an exclude list: everything else stays

  const FunctionFilter p2p_but_send = parse_filter("+family:p2p,-MPI_Send");
  EXPECT_FALSE(keeps(p2p_but_send, "MPI_Send"));
  EXPECT_TRUE(keeps(p2p_but_send, "MPI_Recv"));
  EXPECT_FALSE(keeps(p2p_but_send, "MPI_Wtime"));  // an include list: nothing else comes back

  const FunctionFilter back_again = parse_filter("-MPI_Wtime,+MPI_Wtime");
  EXPECT_EQ(kept_count(back_again), function_table().size());
}

TEST(Filter, SpacesAroundRulesAreIgnored) {
  const FunctionFilter filter = parse_filter(" -MPI_Wtime ,\t-family:datatype ,");
  EXPECT_TRUE(filter.rejected.empty());
  EXPECT_FALSE(keeps(filter, "MPI_Wtime"));
  EXPECT_FALSE(keeps(filter, "MPI_Type_size"));
  EXPECT_TRUE(keeps(filter, "MPI_Send"));
}

TEST(Filter, BadRulesAreNamedAndTheRestApplies) {
  const FunctionFilter filter =
      parse_filter("MPI_Barrier,-MPI_Bogus,-MPI_Wtime,-family:nope,-MPI_Finalize,-MPI_Pcontrol,+,-family:");
  EXPECT_FALSE(keeps(filter, "MPI_Wtime"));
  EXPECT_TRUE(keeps(filter, "MPI_Barrier"));
  EXPECT_TRUE(keeps(filter, "MPI_Finalize"));
  EXPECT_TRUE(keeps(filter, "MPI_Pcontrol"));
  EXPECT_EQ(kept_count(filter), function_table().size() - 1);
  const std::string families =
      "families are environment, p2p, collective, request, comm, rma, io, datatype, tools, other";
  EXPECT_EQ(filter.rejected, (std::vector<std::string>{
                                 "'MPI_Barrier' (a rule starts with + or -)",
                                 "'-MPI_Bogus' (no MPI function has this exact name)",
                                 "'-family:nope' (no such family; " + families + ")",
                                 "'-MPI_Finalize' (MPI_Finalize is always recorded)",
                                 "'-MPI_Pcontrol' (MPI_Pcontrol is always recorded)",
                                 "'+' (no MPI function has this exact name)",
                                 "'-family:' (no such family; " + families + ")",
                             }));
}

TEST(Filter, ABadFirstRuleDoesNotTurnTheRestIntoAnIncludeList) {
  const FunctionFilter filter = parse_filter("+MPI_Bogus,-MPI_Wtime");
  EXPECT_EQ(filter.rejected.size(), 1U);
  EXPECT_EQ(kept_count(filter), function_table().size() - 1);
}

}  // namespace
}  // namespace mpisight::recorder
