// Blocking point-to-point through the API: every send mode, values and ranges, status, matched receives of unknown
// length; each element's value is checked, not only arrival.
#include "mpisight/p2p.hpp"

#include <array>
#include <complex>
#include <gtest/gtest.h>
#include <numeric>
#include <string>
#include <vector>

namespace {

using mpisight::Communicator;

Communicator test_comm() {
  return mpisight::world().dup();
}

// Pairs ranks (0,1), (2,3), ...; an odd last rank sits out.
int partner(const Communicator& comm) {
  const int p = comm.rank() ^ 1;
  return p < comm.size() ? p : mpisight::kProcNull;
}

std::vector<double> pattern(int from, int tag, std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = from * 1000.0 + tag * 10.0 + static_cast<double>(i) * 0.5;
  }
  return v;
}

TEST(P2p, EveryModeDeliversEveryElement) {
  const mpisight::Environment env;
  const Communicator comm = test_comm();
  const int peer = partner(comm);
  if (peer == mpisight::kProcNull) {
    GTEST_SKIP() << "no partner";
  }
  const bool sender = comm.rank() % 2 == 0;
  const mpisight::BufferAttachment attachment(mpisight::BufferAttachment::space_for<double>(64));
  for (int mode = 0; mode < 4; ++mode) {
    const int tag = 10 + mode;
    if (sender) {
      const auto data = pattern(comm.rank(), tag, 64);
      if (mode == 3) {
        EXPECT_EQ(mpisight::recv<int>(comm, peer, 99), 1);  // the receiver's go: its receive is posted
      }
      switch (mode) {
        case 0: mpisight::send(comm, data, peer, tag); break;
        case 1: mpisight::ssend(comm, data, peer, tag); break;
        case 2: mpisight::bsend(comm, data, peer, tag); break;
        default: mpisight::rsend(comm, data, peer, tag); break;
      }
    } else {
      std::vector<double> got(64, -1.0);
      mpisight::Status status;
      if (mode == 3) {
        // Post the receive first, then tell the sender, so its ready send finds a receive.
        MPI_Request posted = MPI_REQUEST_NULL;
        MPI_Irecv(got.data(), 64, MPI_DOUBLE, peer, tag, comm.native(), &posted);
        mpisight::send(comm, 1, peer, 99);
        MPI_Wait(&posted, &status.native());
      } else {
        status = mpisight::recv_into(comm, got, peer, tag);
      }
      EXPECT_EQ(status.source(), peer);
      EXPECT_EQ(status.tag(), tag);
      EXPECT_EQ(status.count<double>(), 64);
      EXPECT_EQ(status.bytes(), 64 * sizeof(double));
      EXPECT_EQ(got, pattern(peer, tag, 64)) << "mode " << mode;
    }
  }
}

TEST(P2p, SingleValuesOfEveryBuiltinFamily) {
  const mpisight::Environment env;
  const Communicator comm = test_comm();
  const int peer = partner(comm);
  if (peer == mpisight::kProcNull) {
    GTEST_SKIP() << "no partner";
  }
  if (comm.rank() % 2 == 0) {
    mpisight::send(comm, 42, peer, 1);
    mpisight::send(comm, 2.5F, peer, 2);
    mpisight::send(comm, std::complex<double>(1.5, -2.0), peer, 3);
    mpisight::send(comm, std::byte{0xA5}, peer, 4);
    mpisight::send(comm, true, peer, 5);
    mpisight::send(comm, 123456789012345LL, peer, 6);
  } else {
    mpisight::Status status;
    EXPECT_EQ(mpisight::recv<int>(comm, peer, 1, &status), 42);
    EXPECT_EQ(status.tag(), 1);
    EXPECT_EQ(mpisight::recv<float>(comm, peer, 2), 2.5F);
    EXPECT_EQ(mpisight::recv<std::complex<double>>(comm, peer, 3), std::complex<double>(1.5, -2.0));
    EXPECT_EQ(mpisight::recv<std::byte>(comm, peer, 4), std::byte{0xA5});
    EXPECT_TRUE(mpisight::recv<bool>(comm, peer, 5));
    EXPECT_EQ(mpisight::recv<long long>(comm, peer, 6), 123456789012345LL);
  }
}

TEST(P2p, StringsArraysAndVectorsOfUnknownLength) {
  const mpisight::Environment env;
  const Communicator comm = test_comm();
  const int peer = partner(comm);
  if (peer == mpisight::kProcNull) {
    GTEST_SKIP() << "no partner";
  }
  const std::string text = "rank " + std::to_string(comm.rank()) + " says hello";
  const std::array<int, 5> fixed{1, 1, 2, 3, 5};
  std::vector<long> unknown(static_cast<std::size_t>(100 + comm.rank()));
  std::iota(unknown.begin(), unknown.end(), comm.rank() * 100000L);
  // Both ranks send first: small messages are buffered eagerly, and sendrecv would hide the blocking calls.
  if (comm.rank() % 2 == 0) {
    mpisight::send(comm, text, peer, 7);
    mpisight::send(comm, fixed, peer, 8);
    mpisight::send(comm, unknown, peer, 9);
  } else {
    mpisight::Status status;
    const std::vector<char> got_text = mpisight::recv_vector<char>(comm, peer, 7, &status);
    EXPECT_EQ(std::string(got_text.begin(), got_text.end()), "rank " + std::to_string(peer) + " says hello");
    std::array<int, 5> got_fixed{};
    mpisight::recv_into(comm, got_fixed, peer, 8);
    EXPECT_EQ(got_fixed, fixed);
    const auto got = mpisight::recv_vector<long>(comm, peer, 9, &status);
    ASSERT_EQ(got.size(), static_cast<std::size_t>(100 + peer));
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i], peer * 100000L + static_cast<long>(i));
    }
    EXPECT_EQ(status.source(), peer);
    EXPECT_EQ(status.count<long>(), 100 + peer);
  }
}

TEST(P2p, SendrecvAroundARing) {
  const mpisight::Environment env;
  const Communicator comm = test_comm();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  const auto mine = pattern(comm.rank(), 3, 17);
  std::vector<double> from_left(17);
  const mpisight::Status status = mpisight::sendrecv(comm, mine, right, 3, from_left, left, 3);
  EXPECT_EQ(status.source(), left);
  EXPECT_EQ(from_left, pattern(left, 3, 17));
}

TEST(P2p, MpiErrorsBecomeExceptionsWithClassAndLine) {
  const mpisight::Environment env;
  const Communicator comm = test_comm();
  const int line = __LINE__ + 2;
  try {
    mpisight::send(comm, 1, comm.size() + 5, 0);
    FAIL() << "sending to a rank outside the communicator did not throw";
  } catch (const mpisight::Error& e) {
    EXPECT_EQ(e.error_class(), MPI_ERR_RANK);
    EXPECT_STREQ(e.mpi_function(), "MPI_Send");
    EXPECT_EQ(e.where().line(), static_cast<unsigned>(line));
    EXPECT_NE(std::string(e.what()).find("p2p_test.cpp:" + std::to_string(line)), std::string::npos) << e.what();
  }
  EXPECT_THROW(mpisight::send(comm, 1, 0, -7), mpisight::Error);  // negative tag: MPI_ERR_TAG
}

}  // namespace
