// Tells the tracer (when it is loaded) which user source line the MPI calls of one API call belong to.
// Only the outermost API call on a thread opens a call site, so helpers calling helpers keep the user's line.
#pragma once

#include <source_location>

#include "mpisight/trace_hook.h"

namespace mpisight::detail {

inline thread_local int call_site_depth = 0;

class CallSite {
 public:
  explicit CallSite(const std::source_location& where) noexcept {
    if (call_site_depth++ == 0 && mpisight_call_site_begin != nullptr) {
      mpisight_call_site_begin(where.file_name(), static_cast<unsigned>(where.line()), where.function_name());
    }
  }
  ~CallSite() {
    if (--call_site_depth == 0 && mpisight_call_site_end != nullptr) {
      mpisight_call_site_end();
    }
  }
  CallSite(const CallSite&) = delete;
  CallSite& operator=(const CallSite&) = delete;
};

}  // namespace mpisight::detail
