// The C++ API against raw MPI on the same buffers: ping-pong and allreduce of typed contiguous data (the API
// should be within 2%), and what the object (serialized) path costs against sending raw bytes.
// Run on two ranks: bench/run_api.sh (or mpiexec -n 2 build/default/bench/api_vs_raw [rounds]).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mpi.h>
#include <string>
#include <thread>
#include <vector>

#include "mpisight/mpisight.hpp"

namespace {

// Raw and API samples alternate (which goes first alternates too), so load drifts hit both sides alike; the best
// sample of each side is the one least disturbed by other processes.
struct Samples {
  std::vector<double> raw;
  std::vector<double> api;
};

template <class F>
double seconds_per_iteration(const mpisight::Communicator& comm, int iterations, F&& body) {
  MPI_Barrier(comm.native());
  const double t0 = MPI_Wtime();
  for (int i = 0; i < iterations; ++i) {
    body();
  }
  double elapsed = (MPI_Wtime() - t0) / iterations;
  // Both ranks agree on the slower of the two, so rank 0 reports what the pair achieved.
  MPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, comm.native());
  return elapsed;
}

template <class Raw, class Api>
Samples interleaved(const mpisight::Communicator& comm, int rounds, int iterations, Raw&& raw, Api&& api) {
  Samples s;
  for (int round = 0; round < rounds; ++round) {
    if (round % 2 == 0) {
      s.raw.push_back(seconds_per_iteration(comm, iterations, raw));
      s.api.push_back(seconds_per_iteration(comm, iterations, api));
    } else {
      s.api.push_back(seconds_per_iteration(comm, iterations, api));
      s.raw.push_back(seconds_per_iteration(comm, iterations, raw));
    }
  }
  return s;
}

double best(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One line per case, machine-readable by bench/run_api.sh: kind, case, bytes, best raw/api (us), median ratio.
void report(const mpisight::Communicator& comm, const char* kind, const std::string& what, std::size_t bytes,
            const Samples& s) {
  if (comm.rank() == 0) {
    std::vector<double> ratios;
    for (std::size_t i = 0; i < s.raw.size(); ++i) {
      ratios.push_back(s.api[i] / s.raw[i]);
    }
    std::printf("%-7s %-30s %9zu B  best raw %11.4f us  best api %11.4f us  best api/raw %7.3f  median %7.3f\n", kind,
                what.c_str(), bytes, best(s.raw) * 1e6, best(s.api) * 1e6, best(s.api) / best(s.raw), median(ratios));
    // Every round's paired ratio, so bench/run_api.sh can pool them over runs.
    std::printf("ratios %s %s %zu", kind, what.c_str(), bytes);
    for (const double r : ratios) {
      std::printf(" %.5f", r);
    }
    std::printf("\n");
    std::fflush(stdout);
  }
}

// Large messages still take enough round trips per measurement that one slow transfer (page cache, another
// job's memory traffic) does not decide a round.
constexpr int kMinIterations = 40;

int iterations_for(std::size_t bytes, int small) {
  return std::max(kMinIterations,
                  static_cast<int>(static_cast<double>(small) * 1024.0 / static_cast<double>(bytes + 1024)));
}

// One raw-MPI round trip of `n` elements of `type` between the two ranks; rank 0 sends first.
// Inlined like the API calls it is measured against.
[[gnu::always_inline]] inline void raw_round_trip(const mpisight::Communicator& comm, void* data, int n,
                                                  MPI_Datatype type) {
  const int peer = 1 - comm.rank();
  if (comm.rank() == 0) {
    MPI_Send(data, n, type, peer, 0, comm.native());
    MPI_Recv(data, n, type, peer, 0, comm.native(), MPI_STATUS_IGNORE);
  } else {
    MPI_Recv(data, n, type, peer, 0, comm.native(), MPI_STATUS_IGNORE);
    MPI_Send(data, n, type, peer, 0, comm.native());
  }
}

void pingpong(const mpisight::Communicator& comm, std::size_t count, int rounds) {
  std::vector<double> buffer(count, 1.0);
  const int peer = 1 - comm.rank();
  const int n = static_cast<int>(count);
  const bool first = comm.rank() == 0;
  const int iterations = iterations_for(count * sizeof(double), 4000);
  const auto raw = [&] { raw_round_trip(comm, buffer.data(), n, MPI_DOUBLE); };
  const auto api = [&] {
    if (first) {
      mpisight::send(comm, buffer, peer, 0);
      mpisight::recv_into(comm, buffer, peer, 0);
    } else {
      mpisight::recv_into(comm, buffer, peer, 0);
      mpisight::send(comm, buffer, peer, 0);
    }
  };
  report(comm, "typed", "ping-pong/vector<double>", count * sizeof(double),
         interleaved(comm, rounds, iterations, raw, api));
  if (count == 1) {
    // Raw against itself: how far apart two identical sides land shows what this method can resolve.
    report(comm, "control", "ping-pong/raw-vs-raw", count * sizeof(double),
           interleaved(comm, rounds, iterations, raw, raw));
  }
}

// The API's own cost per call where nothing else is timed: on MPI_COMM_SELF a call takes tens of ns, so a
// nanosecond shows. Each send or receive meets a request posted just before it, so neither blocks.
void call_cost(int rounds) {
  const auto self = mpisight::Communicator::borrow(MPI_COMM_SELF);
  const MPI_Comm c = self.native();
  std::vector<double> buffer(1, 1.0);
  std::vector<double> other(1, 2.0);
  MPI_Request request = MPI_REQUEST_NULL;
  const int iterations = 200000;
  const auto posted_receive = [&](auto&& send) {
    MPI_Irecv(other.data(), 1, MPI_DOUBLE, 0, 0, c, &request);
    send();
    MPI_Wait(&request, MPI_STATUS_IGNORE);
  };
  const auto posted_send = [&](auto&& receive) {
    MPI_Isend(other.data(), 1, MPI_DOUBLE, 0, 0, c, &request);
    receive();
    MPI_Wait(&request, MPI_STATUS_IGNORE);
  };
  report(
      self, "call", "send", sizeof(double),
      interleaved(
          self, rounds, iterations, [&] { posted_receive([&] { MPI_Send(buffer.data(), 1, MPI_DOUBLE, 0, 0, c); }); },
          [&] { posted_receive([&] { mpisight::send(self, buffer, 0, 0); }); }));
  report(self, "call", "recv_into", sizeof(double),
         interleaved(
             self, rounds, iterations,
             [&] { posted_send([&] { MPI_Recv(buffer.data(), 1, MPI_DOUBLE, 0, 0, c, MPI_STATUS_IGNORE); }); },
             [&] { posted_send([&] { mpisight::recv_into(self, buffer, 0, 0); }); }));
  report(self, "call", "allreduce", sizeof(double),
         interleaved(
             self, rounds, iterations, [&] { MPI_Allreduce(buffer.data(), other.data(), 1, MPI_DOUBLE, MPI_SUM, c); },
             [&] { mpisight::allreduce(self, buffer, other, std::plus<>{}); }));
}

void allreduce(const mpisight::Communicator& comm, std::size_t count, int rounds) {
  std::vector<double> in(count, 1.0);
  std::vector<double> out(count);
  const auto s = interleaved(
      comm, rounds, iterations_for(count * sizeof(double), 4000),
      [&] { MPI_Allreduce(in.data(), out.data(), static_cast<int>(count), MPI_DOUBLE, MPI_SUM, comm.native()); },
      [&] { mpisight::allreduce(comm, in, out, std::plus<>{}); });
  report(comm, "typed", "allreduce/vector<double>", count * sizeof(double), s);
}

// The object path (serialize, send, matched probe, receive, deserialize) against a raw ping-pong of the same
// bytes; "probe" rows isolate the matched-probe receive (MPI_Mprobe + MPI_Mrecv of raw bytes) from the encoding.
template <class T>
void object_path(const mpisight::Communicator& comm, const std::string& what, const T& value, int rounds) {
  const std::vector<std::byte> bytes = mpisight::serialize(value);
  std::vector<std::byte> buffer(bytes);
  const int peer = 1 - comm.rank();
  const int n = static_cast<int>(bytes.size());
  const bool first = comm.rank() == 0;
  const int iterations = iterations_for(bytes.size(), 2000);
  const auto raw = [&] { raw_round_trip(comm, buffer.data(), n, MPI_BYTE); };
  const auto matched_receive = [&] {
    MPI_Message message = MPI_MESSAGE_NULL;
    MPI_Status status;
    MPI_Mprobe(peer, 0, comm.native(), &message, &status);
    int size = 0;
    MPI_Get_count(&status, MPI_BYTE, &size);
    std::vector<std::byte> in(static_cast<std::size_t>(size));
    MPI_Mrecv(in.data(), size, MPI_BYTE, &message, MPI_STATUS_IGNORE);
  };
  const auto probe = [&] {
    if (first) {
      MPI_Send(buffer.data(), n, MPI_BYTE, peer, 0, comm.native());
      matched_receive();
    } else {
      matched_receive();
      MPI_Send(buffer.data(), n, MPI_BYTE, peer, 0, comm.native());
    }
  };
  const auto object = [&] {
    if (first) {
      mpisight::send_object(comm, value, peer, 0);
      const T back = mpisight::recv_object<T>(comm, peer, 0);
      (void)back;
    } else {
      const T got = mpisight::recv_object<T>(comm, peer, 0);
      mpisight::send_object(comm, got, peer, 0);
    }
  };
  report(comm, "probe", what, bytes.size(), interleaved(comm, rounds, iterations, raw, probe));
  report(comm, "object", what, bytes.size(), interleaved(comm, rounds, iterations, raw, object));
  // Encoding alone, per round trip (two encodes and two decodes), next to the raw round trip.
  const auto codec = [&] {
    for (int twice = 0; twice < 2; ++twice) {
      const std::vector<std::byte> encoded = mpisight::serialize(value);
      const T decoded = mpisight::deserialize<T>(encoded);
      (void)decoded;
    }
  };
  report(comm, "codec", what, bytes.size(), interleaved(comm, rounds, iterations, raw, codec));
}

// Rank 1 waits here while rank 0 times calls alone: a rank spinning in MPI_Barrier or MPI_Finalize would take a
// core from it on this 2-core host.
void wait_without_spinning(const mpisight::Communicator& comm) {
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Ibarrier(comm.native(), &request);
  int done = 0;
  while (MPI_Test(&request, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && done == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
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
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 9;
  if (comm.rank() == 0) {
    std::printf("best of %d interleaved rounds per case; api/raw 1.000 = same speed\n", rounds);
  }
  for (const std::size_t count : {std::size_t{1}, std::size_t{128}, std::size_t{8192}, std::size_t{131072}}) {
    pingpong(comm, count, rounds);
  }
  for (const std::size_t count : {std::size_t{1}, std::size_t{1024}, std::size_t{131072}}) {
    allreduce(comm, count, rounds);
  }
  object_path(comm, "vector<double>(8192)", std::vector<double>(8192, 2.0), rounds);
  std::map<std::string, std::vector<int>> table;
  for (int i = 0; i < 200; ++i) {
    table["key" + std::to_string(i)] = std::vector<int>(static_cast<std::size_t>(i % 17), i);
  }
  object_path(comm, "map<string,vector<int>>(200)", table, rounds);
  std::vector<std::string> words;
  for (int i = 0; i < 1000; ++i) {
    words.push_back("word-" + std::to_string(i * 7919));
  }
  object_path(comm, "vector<string>(1000)", words, rounds);
  if (comm.rank() == 0) {
    call_cost(rounds);
  }
  wait_without_spinning(comm);
  return 0;
}
