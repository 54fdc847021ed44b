// The one exception the trace model throws: a single line naming the trace and what is wrong with it.
#pragma once

#include <stdexcept>

namespace mpisight::trace {

// what() reads like "cannot read trace 'run/traces.otf2': truncated event file for location 3".
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mpisight::trace
