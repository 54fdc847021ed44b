// Dynamic processes: spawning children (an intercommunicator to them), the parent seen from a child, and
// connecting two running jobs through a port.
#pragma once

#include <mpi.h>
#include <source_location>
#include <string>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"

namespace mpisight {

// Collective over `comm`: starts `count` processes of `command` with `args`; the result's remote group is them.
[[nodiscard]] inline Communicator spawn(const Communicator& comm, const std::string& command,
                                        const std::vector<std::string>& args, int count, int root = 0,
                                        std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));  // NOLINT: MPI's signature is not const-correct
  }
  argv.push_back(nullptr);
  std::vector<int> codes(static_cast<std::size_t>(count));
  MPI_Comm children = MPI_COMM_NULL;
  detail::check(
      MPI_Comm_spawn(command.c_str(), argv.data(), count, MPI_INFO_NULL, root, comm.native(), &children, codes.data()),
      "MPI_Comm_spawn", where);
  for (const int code : codes) {
    detail::check(code, "MPI_Comm_spawn (child)", where);
  }
  return Communicator::adopt(children, where);
}

// In a spawned process: the intercommunicator to the parents (null when not spawned).
[[nodiscard]] inline Communicator parent(std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  MPI_Comm comm = MPI_COMM_NULL;
  detail::check(MPI_Comm_get_parent(&comm), "MPI_Comm_get_parent", where);
  return Communicator::borrow(comm, where);
}

// A port name other jobs can connect() to; close_port() when done.
[[nodiscard]] inline std::string open_port(std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  char name[MPI_MAX_PORT_NAME] = {};
  detail::check(MPI_Open_port(MPI_INFO_NULL, name), "MPI_Open_port", where);
  return name;
}
inline void close_port(const std::string& port, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::check(MPI_Close_port(port.c_str()), "MPI_Close_port", where);
}
[[nodiscard]] inline Communicator accept(const std::string& port, const Communicator& comm, int root = 0,
                                         std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  MPI_Comm out = MPI_COMM_NULL;
  detail::check(MPI_Comm_accept(port.c_str(), MPI_INFO_NULL, root, comm.native(), &out), "MPI_Comm_accept", where);
  return Communicator::adopt(out, where);
}
[[nodiscard]] inline Communicator connect(const std::string& port, const Communicator& comm, int root = 0,
                                          std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  MPI_Comm out = MPI_COMM_NULL;
  detail::check(MPI_Comm_connect(port.c_str(), MPI_INFO_NULL, root, comm.native(), &out), "MPI_Comm_connect", where);
  return Communicator::adopt(out, where);
}

}  // namespace mpisight
