// The MPI-IO parts of TraceDefinitions: which file a handle is open on.
#include "trace/definitions.hpp"

namespace mpisight::trace {

std::string TraceDefinitions::io_file_name(IoHandleId handle) const {
  const auto found = io_handles.find(handle);
  if (found == io_handles.end()) {
    return {};
  }
  if (found->second.file) {
    if (const auto file = io_files.find(*found->second.file); file != io_files.end()) {
      return file->second.name;
    }
  }
  return found->second.name;
}

}  // namespace mpisight::trace
