// Process lifecycle under the tracer. The archive is written inside MPI_Finalize, before PMPI_Finalize,
// because OTF2's parallel writer needs MPI; the traced MPI_Finalize therefore ends before MPI's own.
#include "semantics/environment.hpp"

#include <cstdlib>
#include <exception>
#include <filesystem>

#include "core/clock_sync.hpp"
#include "core/module_map.hpp"
#include "core/recorder.hpp"
#include "otf2/convert.hpp"
#include "semantics/comm_registry.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {
namespace {

MPI_Comm g_tool_comm = MPI_COMM_NULL;  // private duplicate of MPI_COMM_WORLD: our traffic never meets the user's

// Written at MPI_Init for recovery after a crash, and again at MPI_Finalize for modules dlopen'ed since.
void save_module_map() {
  if (recorder::recording()) {
    std::error_code ignored;
    std::filesystem::create_directories(recorder::journal_dir(), ignored);
    modules::write_module_map(recorder::module_map_path(), modules::loaded_modules());
  }
}

void on_initialized() {
  int rank = 0;
  int size = 0;
  PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
  PMPI_Comm_size(MPI_COMM_WORLD, &size);
  recorder::set_world(rank, size);
  comms::open_log(rank);
  PMPI_Comm_dup(MPI_COMM_WORLD, &g_tool_comm);
  clock::synchronize(g_tool_comm);
  remember_predefined_types();
  save_module_map();
}

void remove_journals(const std::vector<std::string>& paths) {
  if (const char* keep = std::getenv("MPISIGHT_KEEP_JOURNALS"); keep != nullptr && *keep == '1') {
    return;
  }
  std::error_code ignored;
  for (const std::string& path : paths) {
    std::filesystem::remove(path, ignored);
  }
  std::filesystem::remove(comms::log_path(), ignored);
  std::filesystem::remove(recorder::module_map_path(), ignored);
  std::filesystem::remove(recorder::journal_dir(), ignored);  // only succeeds once every rank removed its own
}

void write_archive() {
  const std::vector<std::string> journals = recorder::own_journal_paths();
  int has_journal = journals.empty() ? 0 : 1;
  int all_have = 0;
  PMPI_Allreduce(&has_journal, &all_have, 1, MPI_INT, MPI_MIN, g_tool_comm);
  if (all_have == 0) {
    return;  // tracing never started on some rank; it already said why
  }
  try {
    otf2::convert_at_finalize(g_tool_comm, recorder::settings().trace_dir, journals);
    PMPI_Barrier(g_tool_comm);
    remove_journals(journals);
  } catch (const std::exception& error) {
    if (recorder::world_rank() == 0) {
      recorder::warn(std::string("could not write the trace: ") + error.what() +
                     "; the journals stay for mpi-trace --recover");
    }
  }
}

}  // namespace

int Semantics<Fn::MPI_Init>::call(CallScope& /*scope*/, decltype(&PMPI_Init) pmpi, int* argc, char*** argv) {
  const int result = pmpi(argc, argv);
  if (result == MPI_SUCCESS) {
    on_initialized();
  }
  return result;
}

int Semantics<Fn::MPI_Init_thread>::call(CallScope& /*scope*/, decltype(&PMPI_Init_thread) pmpi, int* argc,
                                         char*** argv, int required, int* provided) {
  const int result = pmpi(argc, argv, required, provided);
  if (result == MPI_SUCCESS) {
    on_initialized();
  }
  return result;
}

int Semantics<Fn::MPI_Finalize>::call(CallScope& scope, decltype(&PMPI_Finalize) pmpi) {
  if (g_tool_comm != MPI_COMM_NULL) {
    clock::synchronize(g_tool_comm);
    save_module_map();
    scope.leave();
    recorder::stop_recording(journal::StopReason::kFinalized);
    write_archive();
    PMPI_Comm_free(&g_tool_comm);
  }
  return pmpi();
}

}  // namespace mpisight::interpose
