// Return address -> calling function, source file and line, from the DWARF of the modules a process had loaded
// (elfutils' libdwfl, offline: only the files on disk are read, so a dead process's addresses resolve too).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/module_map.hpp"

namespace mpisight::otf2 {

struct SourceSite {
  std::string function;  // demangled; empty when the address lies in no known symbol
  std::string file;      // empty when the module has no line information
  std::uint32_t line = 0;

  friend bool operator==(const SourceSite&, const SourceSite&) = default;
  friend auto operator<=>(const SourceSite&, const SourceSite&) = default;
};

class SourceResolver {
 public:
  explicit SourceResolver(const std::vector<modules::Module>& modules);
  SourceResolver(const SourceResolver&) = delete;
  SourceResolver& operator=(const SourceResolver&) = delete;
  ~SourceResolver();

  // The site of the call instruction before `return_address`; nullopt when neither function nor line is known.
  [[nodiscard]] std::optional<SourceSite> resolve(std::uint64_t return_address) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// "_ZN3foo3barEv" -> "foo::bar()"; other names come back unchanged.
[[nodiscard]] std::string demangle(const char* name);

}  // namespace mpisight::otf2
