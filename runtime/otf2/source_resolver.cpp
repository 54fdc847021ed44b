// libdwfl offline session: each module reported at the bias it was loaded with, separate debug files found the
// standard way (build-id and .gnu_debuglink under /usr/lib/debug).
#include "otf2/source_resolver.hpp"

#include <cxxabi.h>
#include <elfutils/libdwfl.h>

#include <cstdlib>

namespace mpisight::otf2 {

struct SourceResolver::State {
  Dwfl* dwfl = nullptr;
};

namespace {

const Dwfl_Callbacks kCallbacks = {
    .find_elf = nullptr,  // every module is reported with its file
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = nullptr,
};

}  // namespace

std::string demangle(const char* name) {
  if (name == nullptr) {
    return {};
  }
  int status = 0;
  char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status != 0 || readable == nullptr) {
    return name;
  }
  std::string result(readable);
  std::free(readable);  // NOLINT(cppcoreguidelines-no-malloc): __cxa_demangle's buffer comes from malloc
  return result;
}

SourceResolver::SourceResolver(const std::vector<modules::Module>& modules) : state_(std::make_unique<State>()) {
  state_->dwfl = dwfl_begin(&kCallbacks);
  if (state_->dwfl == nullptr) {
    return;
  }
  dwfl_report_begin(state_->dwfl);
  for (const modules::Module& module : modules) {
    // A module that moved or vanished since the run simply resolves nothing.
    dwfl_report_elf(state_->dwfl, module.path.c_str(), module.path.c_str(), -1, module.bias, false);
  }
  dwfl_report_end(state_->dwfl, nullptr, nullptr);
}

SourceResolver::~SourceResolver() {
  if (state_->dwfl != nullptr) {
    dwfl_end(state_->dwfl);
  }
}

std::optional<SourceSite> SourceResolver::resolve(std::uint64_t return_address) const {
  if (state_->dwfl == nullptr || return_address == 0) {
    return std::nullopt;
  }
  const Dwarf_Addr call = return_address - 1;  // inside the call instruction, not after it
  Dwfl_Module* module = dwfl_addrmodule(state_->dwfl, call);
  if (module == nullptr) {
    return std::nullopt;
  }
  SourceSite site;
  site.function = demangle(dwfl_module_addrname(module, call));
  if (Dwfl_Line* line = dwfl_module_getsrc(module, call)) {
    int line_number = 0;
    if (const char* file = dwfl_lineinfo(line, nullptr, &line_number, nullptr, nullptr, nullptr)) {
      site.file = file;
      site.line = line_number > 0 ? static_cast<std::uint32_t>(line_number) : 0;
    }
  }
  if (site.function.empty() && site.file.empty()) {
    return std::nullopt;
  }
  return site;
}

}  // namespace mpisight::otf2
