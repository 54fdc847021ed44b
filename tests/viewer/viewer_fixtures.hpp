// Synthetic traces for the viewer's tests, written with the shared OTF2 fixture: a 4-rank trace whose names are
// hostile markup (times below), and a findings report about it in mpi-analyze's JSON shape.
#pragma once

#include <filesystem>

namespace mpisight::testkit {

inline constexpr const char* kHostileComm = "<script>alert(1)</script>";
inline constexpr const char* kHostileRegion = "<img src=x onerror=alert(2)>";
inline constexpr const char* kHostileWindow = "<svg onload=alert(4)>";

// Four ranks, all inside a user region "main" [0, 100000]. Times in ns:
//   rank 0: kHostileRegion [1000, 2000] sends 128 B, tag 5, on kHostileComm to rank 1 at 1100
//   rank 1: MPI_Recv [1500, 2600] receives it at 2500
//   rank 2: MPI_Send [3000, 3500] sends 64 B, tag 6, on MPI_COMM_WORLD to rank 3 at 3100
//   rank 3: MPI_Recv [2800, 3700] receives it at 3600
//   rank r: MPI_Allreduce on MPI_COMM_WORLD [10000 + 100 r, 20005 + 10 r], collective begin 10000 + 100 r,
//           end 20000 + 10 r; MPI_Barrier on kHostileComm [30000, 31000 + r] (end 31000 + r)
//   rank 2: MPI_Put [40000, 41000] puts 32 B at 40100 into rank 3's window kHostileWindow (target bytes [8, 40));
//           MPI_Win_flush [42000, 43000] completes it at 42500
// Returns the anchor path.
std::filesystem::path write_hostile_trace(const std::filesystem::path& dir);

// A report in mpi-analyze's JSON shape with one finding ("<b>hostile</b> finding") whose calls are rank 1's
// MPI_Recv (entered at 1500, source <x>.c:12) and rank 0's kHostileRegion call (entered at 1000).
void write_hostile_findings(const std::filesystem::path& file);

}  // namespace mpisight::testkit
