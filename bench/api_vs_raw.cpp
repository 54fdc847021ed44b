// The C++ API against raw MPI on the same buffers: ping-pong and allreduce of typed contiguous data (the API
// should be within 2%), and what the object (serialized) path costs against sending raw bytes.
// Run on two ranks: bench/run_api.sh (or mpiexec -n 2 build/default/bench/api_vs_raw).
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <mpi.h>
#include <string>
#include <vector>

#include "mpisight/mpisight.hpp"

namespace {

constexpr int kRepeats = 7;  // median of interleaved repeats, so drift hits both sides alike

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
double seconds_per_iteration(const mpisight::Communicator& comm, int iterations, F&& body) {
  MPI_Barrier(comm.native());
  const double t0 = MPI_Wtime();
  for (int i = 0; i < iterations; ++i) {
    body();
  }
  return (MPI_Wtime() - t0) / iterations;
}

void report(const mpisight::Communicator& comm, const char* what, std::size_t bytes, std::vector<double> raw,
            std::vector<double> api) {
  if (comm.rank() == 0) {
    const double r = median(std::move(raw));
    const double a = median(std::move(api));
    std::printf("%-28s %10zu B   raw %10.3f us   api %10.3f us   api/raw %6.3f\n", what, bytes, r * 1e6, a * 1e6,
                a / r);
  }
}

void pingpong(const mpisight::Communicator& comm, std::size_t count, int iterations) {
  std::vector<double> buffer(count, 1.0);
  const int peer = 1 - comm.rank();
  const int n = static_cast<int>(count);
  std::vector<double> raw;
  std::vector<double> api;
  for (int rep = 0; rep < kRepeats; ++rep) {
    raw.push_back(seconds_per_iteration(comm, iterations, [&] {
      if (comm.rank() == 0) {
        MPI_Send(buffer.data(), n, MPI_DOUBLE, peer, 0, comm.native());
        MPI_Recv(buffer.data(), n, MPI_DOUBLE, peer, 0, comm.native(), MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(buffer.data(), n, MPI_DOUBLE, peer, 0, comm.native(), MPI_STATUS_IGNORE);
        MPI_Send(buffer.data(), n, MPI_DOUBLE, peer, 0, comm.native());
      }
    }));
    api.push_back(seconds_per_iteration(comm, iterations, [&] {
      if (comm.rank() == 0) {
        mpisight::send(comm, buffer, peer, 0);
        mpisight::recv_into(comm, buffer, peer, 0);
      } else {
        mpisight::recv_into(comm, buffer, peer, 0);
        mpisight::send(comm, buffer, peer, 0);
      }
    }));
  }
  report(comm, "ping-pong vector<double>", count * sizeof(double), raw, api);
}

void allreduce(const mpisight::Communicator& comm, std::size_t count, int iterations) {
  std::vector<double> in(count, 1.0);
  std::vector<double> out(count);
  std::vector<double> raw;
  std::vector<double> api;
  for (int rep = 0; rep < kRepeats; ++rep) {
    raw.push_back(seconds_per_iteration(comm, iterations, [&] {
      MPI_Allreduce(in.data(), out.data(), static_cast<int>(count), MPI_DOUBLE, MPI_SUM, comm.native());
    }));
    api.push_back(seconds_per_iteration(comm, iterations, [&] { mpisight::allreduce(comm, in, out, std::plus<>{}); }));
  }
  report(comm, "allreduce vector<double>", count * sizeof(double), raw, api);
}

// Raw bytes of the same size as the serialized object, against send_object/recv_object.
template <class T>
void object_path(const mpisight::Communicator& comm, const char* what, const T& value, int iterations) {
  const std::vector<std::byte> bytes = mpisight::serialize(value);
  std::vector<std::byte> buffer(bytes);
  const int peer = 1 - comm.rank();
  const int n = static_cast<int>(bytes.size());
  std::vector<double> raw;
  std::vector<double> api;
  for (int rep = 0; rep < kRepeats; ++rep) {
    raw.push_back(seconds_per_iteration(comm, iterations, [&] {
      if (comm.rank() == 0) {
        MPI_Send(buffer.data(), n, MPI_BYTE, peer, 0, comm.native());
        MPI_Recv(buffer.data(), n, MPI_BYTE, peer, 0, comm.native(), MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(buffer.data(), n, MPI_BYTE, peer, 0, comm.native(), MPI_STATUS_IGNORE);
        MPI_Send(buffer.data(), n, MPI_BYTE, peer, 0, comm.native());
      }
    }));
    api.push_back(seconds_per_iteration(comm, iterations, [&] {
      if (comm.rank() == 0) {
        mpisight::send_object(comm, value, peer, 0);
        const T back = mpisight::recv_object<T>(comm, peer, 0);
        (void)back;
      } else {
        const T got = mpisight::recv_object<T>(comm, peer, 0);
        mpisight::send_object(comm, got, peer, 0);
      }
    }));
  }
  report(comm, what, bytes.size(), raw, api);
}

}  // namespace

int main(int argc, char** argv) {
  const mpisight::Environment env(argc, argv);
  const auto comm = mpisight::world().dup();
  if (comm.size() != 2) {
    if (comm.rank() == 0) {
      std::fprintf(stderr, "api_vs_raw: run on exactly 2 ranks\n");
    }
    return 1;
  }
  if (comm.rank() == 0) {
    std::printf("median of %d interleaved repeats; api/raw 1.000 = same speed\n", kRepeats);
  }
  pingpong(comm, 1, 2000);
  pingpong(comm, 128, 2000);
  pingpong(comm, 8192, 200);
  pingpong(comm, 131072, 20);
  allreduce(comm, 1, 2000);
  allreduce(comm, 1024, 500);
  allreduce(comm, 131072, 20);
  object_path(comm, "object vector<double>", std::vector<double>(8192, 2.0), 200);
  std::map<std::string, std::vector<int>> table;
  for (int i = 0; i < 200; ++i) {
    table["key" + std::to_string(i)] = std::vector<int>(static_cast<std::size_t>(i % 17), i);
  }
  object_path(comm, "object map<string,vector>", table, 200);
  return 0;
}
