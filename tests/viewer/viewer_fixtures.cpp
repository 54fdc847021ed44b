// The viewer's synthetic traces (see viewer_fixtures.hpp for their exact content).
#include "viewer_fixtures.hpp"

#include <nlohmann/json.hpp>

#include "otf2_fixture.hpp"

namespace mpisight::testkit {

using trace::CollectiveOp;
using trace::Paradigm;
using trace::RegionRole;

std::filesystem::path write_hostile_trace(const std::filesystem::path& dir) {
  Otf2ArchiveBuilder builder(4);
  const auto main_region = builder.region("main", RegionRole::kFunction, Paradigm::kUser);
  const auto hostile = builder.region(kHostileRegion, RegionRole::kPoint2Point);
  const auto send = builder.region("MPI_Send", RegionRole::kPoint2Point);
  const auto recv = builder.region("MPI_Recv", RegionRole::kPoint2Point);
  const auto allreduce = builder.region("MPI_Allreduce", RegionRole::kCollAll2All);
  const auto barrier = builder.region("MPI_Barrier", RegionRole::kBarrier);
  const auto put = builder.region("MPI_Put", RegionRole::kRma);
  const auto flush = builder.region("MPI_Win_flush", RegionRole::kRma);
  const auto comm = builder.add_comm(kHostileComm, {0, 1, 2, 3});
  const auto window = builder.add_window(kHostileWindow);
  for (trace::LocationId r = 0; r < 4; ++r) {
    builder.enter(r, 0, main_region);
    if (r == 0) {
      builder.enter(0, 1000, hostile).send(0, 1100, 1, 5, 128, comm).leave(0, 2000, hostile);
    } else if (r == 1) {
      builder.enter(1, 1500, recv).recv(1, 2500, 0, 5, 128, comm).leave(1, 2600, recv);
    } else if (r == 2) {
      builder.enter(2, 3000, send).send(2, 3100, 3, 6, 64).leave(2, 3500, send);
    } else {
      builder.enter(3, 2800, recv).recv(3, 3600, 2, 6, 64).leave(3, 3700, recv);
    }
    const auto i = static_cast<std::int64_t>(r);
    builder.enter(r, 10000 + 100 * i, allreduce)
        .collective_begin(r, 10000 + 100 * i)
        .collective_end(r, 20000 + 10 * i, CollectiveOp::kAllreduce, trace::kRootNone, 8, 8)
        .leave(r, 20005 + 10 * i, allreduce);
    builder.enter(r, 30000, barrier)
        .collective_begin(r, 30000)
        .collective_end(r, 31000 + i, CollectiveOp::kBarrier, trace::kRootNone, 0, 0, comm)
        .leave(r, 31000 + i, barrier);
    if (r == 2) {
      trace::RmaOp op{.location = 2, .time_ns = 40100, .kind = trace::RmaOpKind::kPut, .win = window, .remote = 3};
      op.bytes_sent = 32;
      op.matching_id = 1;
      op.target_bytes = trace::ByteRange{8, 40};
      builder.enter(2, 40000, put).add(op).leave(2, 41000, put);
      builder.enter(2, 42000, flush)
          .add(trace::RmaOpComplete{.location = 2, .time_ns = 42500, .win = window, .matching_id = 1})
          .leave(2, 43000, flush);
    }
    builder.leave(r, 100000, main_region);
  }
  return builder.write(dir);
}

void write_hostile_findings(const std::filesystem::path& file) {
  const nlohmann::json report = {{"findings",
                                  {{{"check", "hostile-check"},
                                    {"severity", "error"},
                                    {"message", "<b>hostile</b> finding"},
                                    {"calls",
                                     {{{"rank", 1},
                                       {"function", "MPI_Recv"},
                                       {"time_ns", 1500},
                                       {"location", {{"file", "<x>.c"}, {"line", 12}, {"function", "main"}}},
                                       {"role", "waits here"}},
                                      {{"rank", 0}, {"time_ns", 1000}, {"location", nullptr}}}},
                                    {"hint", "<i>fix</i> it"}}}}};
  write_file(file, report.dump(2));
}

}  // namespace mpisight::testkit
