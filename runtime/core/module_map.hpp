// Where each loaded module (executable, shared library) of a traced process lies in memory, saved next to its
// journals so return addresses can be resolved to source lines later, even by another process after a crash.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mpisight::modules {

struct Module {
  std::string path;
  std::uint64_t bias = 0;  // load address minus the ELF file's virtual addresses (0 for non-PIE executables)
};

// The modules loaded in this process now (dl_iterate_phdr); the executable first, by its real path.
[[nodiscard]] std::vector<Module> loaded_modules();

// One "<hex bias> <path>" line per module. Returns false (and leaves no partial file) if it cannot be written.
bool write_module_map(const std::string& path, const std::vector<Module>& modules) noexcept;
// Empty when the file is missing or unreadable: call sites then stay unresolved.
[[nodiscard]] std::vector<Module> read_module_map(const std::string& path);

// <dir>/<host>.<pid>.modules for the journal <dir>/<host>.<pid>.<thread>.journal.
[[nodiscard]] std::string module_map_path_for_journal(const std::string& journal_path);

}  // namespace mpisight::modules
