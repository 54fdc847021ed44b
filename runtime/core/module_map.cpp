// Module maps: written with dl_iterate_phdr at MPI_Init and again at MPI_Finalize (which catches modules
// dlopen'ed in between), read by the converter.
#include "core/module_map.hpp"

#include <link.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace mpisight::modules {
namespace {

std::string executable_path() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : path.string();
}

}  // namespace

std::vector<Module> loaded_modules() {
  std::vector<Module> modules;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t /*size*/, void* data) {
        auto& found = *static_cast<std::vector<Module>*>(data);
        const char* name = info->dlpi_name;
        if (found.empty() && (name == nullptr || *name == '\0')) {
          found.push_back({executable_path(), info->dlpi_addr});
        } else if (name != nullptr && name[0] == '/') {  // skips the vDSO, which has no file
          found.push_back({name, info->dlpi_addr});
        }
        return 0;
      },
      &modules);
  return modules;
}

bool write_module_map(const std::string& path, const std::vector<Module>& modules) noexcept {
  try {
    const std::string partial = path + ".partial";
    {
      std::ofstream out(partial, std::ios::trunc);
      for (const Module& module : modules) {
        if (!module.path.empty()) {
          char bias[32];
          std::snprintf(bias, sizeof(bias), "%llx", static_cast<unsigned long long>(module.bias));
          out << bias << ' ' << module.path << '\n';
        }
      }
      if (!out.flush()) {
        std::filesystem::remove(partial);
        return false;
      }
    }
    std::filesystem::rename(partial, path);  // a crash mid-write leaves the previous map whole
    return true;
  } catch (...) {
    return false;
  }
}

std::vector<Module> read_module_map(const std::string& path) {
  std::vector<Module> modules;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    if (space == std::string::npos || space == 0) {
      continue;
    }
    try {
      modules.push_back({line.substr(space + 1), std::stoull(line.substr(0, space), nullptr, 16)});
    } catch (...) {
      continue;  // a damaged line loses one module, not the map
    }
  }
  return modules;
}

std::string module_map_path_for_journal(const std::string& journal_path) {
  std::string stem = journal_path;
  if (const auto dot = stem.rfind(".journal"); dot != std::string::npos) {
    stem.resize(dot);
  }
  if (const auto dot = stem.rfind('.'); dot != std::string::npos) {
    stem.resize(dot);  // the thread index
  }
  return stem + ".modules";
}

}  // namespace mpisight::modules
