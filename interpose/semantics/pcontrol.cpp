// Recording switched by MPI_Pcontrol, unless MPISIGHT_PCONTROL=ignore (for programs whose Pcontrol levels are
// meant for another tool). Negative levels change nothing: MPI defines only 0, 1 and 2, tools use the rest.
#include "semantics/pcontrol.hpp"

#include "core/recorder.hpp"

namespace mpisight::interpose {

int Semantics<Fn::MPI_Pcontrol>::call(CallScope& /*scope*/, decltype(&PMPI_Pcontrol) pmpi, int level) {
  const int result = pmpi(level);
  if (recorder::settings().pcontrol_switches && level >= 0) {
    recorder::set_paused(level == 0);
  }
  return result;
}

}  // namespace mpisight::interpose
