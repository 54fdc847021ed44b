// Ports between two groups of one job (rank 0 accepts, rank 1 connects): the port name travels over the world, the
// accepting side sends a block over the new intercommunicator and checks every element of the doubled answer.
// MPICH 4.0.2 with ch4:ucx refuses ports ("not supported with ucx netmod"): then the test checks that each refusal
// arrives as an mpisight::Error naming its MPI function and this file's line, and says so.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "mpisight/collectives.hpp"
#include "mpisight/dynamic.hpp"
#include "mpisight/p2p.hpp"

namespace {

using PortName = std::array<char, MPI_MAX_PORT_NAME>;

// Whether `e` names `function` at `line` of this file; prints what it got otherwise.
bool names(const mpisight::Error& e, const std::string& function, unsigned line) {
  const bool ok = e.mpi_function() == function && e.where().line() == line &&
                  std::string(e.where().file_name()).ends_with("ports_test.cpp") && e.error_class() != MPI_SUCCESS;
  if (!ok) {
    std::fprintf(stderr, "ports_test: unexpected error report: %s\n", e.what());
  }
  return ok;
}

std::vector<int> block() {
  std::vector<int> v(32);
  std::iota(v.begin(), v.end(), 7);
  return v;
}

// Over a working connection: the acceptor sends, the connector answers with every element doubled.
bool exchange(const mpisight::Communicator& inter, bool accepting) {
  if (!accepting) {
    std::vector<int> got = mpisight::recv_vector<int>(inter, 0, 1);
    for (int& v : got) {
      v *= 2;
    }
    mpisight::send(inter, got, 0, 2);
    return true;
  }
  mpisight::send(inter, block(), 0, 1);
  std::vector<int> expected = block();
  for (int& v : expected) {
    v *= 2;
  }
  return mpisight::recv_vector<int>(inter, 0, 2) == expected;
}

}  // namespace

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto world = mpisight::world();
  if (world.size() != 2) {
    std::fprintf(stderr, "ports_test: run on 2 ranks\n");
    return EXIT_FAILURE;
  }
  const bool accepting = world.rank() == 0;
  const auto side = world.split(accepting ? 0 : 1);
  int ok = 1;
  bool refused = false;

  PortName port{};
  if (accepting) {
    const unsigned open_line = __LINE__ + 2;
    try {
      const std::string name = mpisight::open_port();
      name.copy(port.data(), port.size() - 1);
    } catch (const mpisight::Error& e) {
      ok &= static_cast<int>(names(e, "MPI_Open_port", open_line));
      refused = true;
    }
  }
  mpisight::bcast(world, port, 0);

  mpisight::Communicator inter;
  const unsigned meet_line = __LINE__ + 3;
  try {
    const std::string name(port.data());
    inter = accepting ? mpisight::accept(name, side) : mpisight::connect(name, side);
  } catch (const mpisight::Error& e) {
    ok &= static_cast<int>(names(e, accepting ? "MPI_Comm_accept" : "MPI_Comm_connect", meet_line));
    refused = true;
  }
  if (!inter.is_null()) {
    ok &= static_cast<int>(inter.is_inter() && inter.remote_size() == 1 && exchange(inter, accepting));
  }
  if (accepting && port[0] != '\0') {
    mpisight::close_port(port.data());
  }

  const int all_ok = mpisight::allreduce(world, ok, mpisight::ops::min);
  const int any_refused = mpisight::allreduce(world, static_cast<int>(refused), mpisight::ops::max);
  if (world.rank() == 0 && all_ok == 1) {
    std::printf(any_refused != 0 ? "ports_test: ports unsupported here, each refusal reported as mpisight::Error\n"
                                 : "ports_test: connected through a port, data checked\n");
  }
  return all_ok == 1 ? EXIT_SUCCESS : EXIT_FAILURE;
}
