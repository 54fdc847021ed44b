// The tracer reads datatype sizes and received byte counts straight from MPICH's handles and statuses; these
// tests hold that shortcut to what PMPI itself answers, for every builtin type and for real receives.
#include "semantics/mpi_values.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace mpisight::interpose {
namespace {

TEST(MpiValues, BuiltinTypeSizesMatchPmpi) {
  const MPI_Datatype types[] = {MPI_CHAR,
                                MPI_SIGNED_CHAR,
                                MPI_UNSIGNED_CHAR,
                                MPI_BYTE,
                                MPI_WCHAR,
                                MPI_SHORT,
                                MPI_UNSIGNED_SHORT,
                                MPI_INT,
                                MPI_UNSIGNED,
                                MPI_LONG,
                                MPI_UNSIGNED_LONG,
                                MPI_FLOAT,
                                MPI_DOUBLE,
                                MPI_LONG_DOUBLE,
                                MPI_LONG_LONG_INT,
                                MPI_UNSIGNED_LONG_LONG,
                                MPI_PACKED,
                                MPI_INT8_T,
                                MPI_INT16_T,
                                MPI_INT32_T,
                                MPI_INT64_T,
                                MPI_UINT8_T,
                                MPI_UINT16_T,
                                MPI_UINT32_T,
                                MPI_UINT64_T,
                                MPI_C_BOOL,
                                MPI_C_FLOAT_COMPLEX,
                                MPI_C_DOUBLE_COMPLEX,
                                MPI_C_LONG_DOUBLE_COMPLEX,
                                MPI_AINT,
                                MPI_OFFSET,
                                MPI_COUNT,
                                MPI_FLOAT_INT,
                                MPI_DOUBLE_INT,
                                MPI_LONG_INT,
                                MPI_SHORT_INT,
                                MPI_2INT,
                                MPI_LONG_DOUBLE_INT,
                                MPI_CXX_BOOL,
                                MPI_CXX_DOUBLE_COMPLEX};
  for (const MPI_Datatype type : types) {
    MPI_Count expected = 0;
    ASSERT_EQ(PMPI_Type_size_c(type, &expected), MPI_SUCCESS);
    EXPECT_EQ(type_size(type), static_cast<std::uint64_t>(expected)) << "handle 0x" << std::hex << type;
  }
}

TEST(MpiValues, DerivedTypesAskMpi) {
  MPI_Datatype vector = MPI_DATATYPE_NULL;
  MPI_Type_vector(3, 2, 5, MPI_DOUBLE, &vector);
  MPI_Type_commit(&vector);
  EXPECT_EQ(type_size(vector), 3U * 2U * 8U);
  EXPECT_EQ(bytes_of(4, vector), 4U * 48U);
  EXPECT_EQ(bytes_of(0, vector), 0U);
  MPI_Type_free(&vector);
}

TEST(MpiValues, ReceivedBytesMatchGetCount) {
  for (const int count : {0, 1, 7, 1000, 100000}) {
    std::vector<int> out(static_cast<std::size_t>(count) + 1, 3);
    std::vector<int> in(out.size());
    MPI_Status status;
    MPI_Sendrecv(out.data(), count, MPI_INT, 0, 5, in.data(), count + 1, MPI_INT, 0, 5, MPI_COMM_SELF, &status);
    MPI_Count expected = 0;
    PMPI_Get_count_c(&status, MPI_BYTE, &expected);
    EXPECT_EQ(received_bytes(status), static_cast<std::uint64_t>(expected));
    EXPECT_EQ(received_bytes(status), 4U * static_cast<std::uint64_t>(count));
  }
}

}  // namespace
}  // namespace mpisight::interpose

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  const int result = RUN_ALL_TESTS();
  MPI_Finalize();
  return result;
}
