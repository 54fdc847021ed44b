// Collective operations as the tracer records them and the analyzer reads them; the values equal
// OTF2_CollectiveOp, so neither side needs OTF2's headers to name them.
#pragma once

#include <cstdint>

namespace mpisight::schema {

enum class CollectiveOp : std::uint8_t {
  kBarrier = 0,
  kBcast = 1,
  kGather = 2,
  kGatherv = 3,
  kScatter = 4,
  kScatterv = 5,
  kAllgather = 6,
  kAllgatherv = 7,
  kAlltoall = 8,
  kAlltoallv = 9,
  kAlltoallw = 10,
  kAllreduce = 11,
  kReduce = 12,
  kReduceScatter = 13,
  kScan = 14,
  kExscan = 15,
  kReduceScatterBlock = 16,
  kCreateHandle = 17,
  kDestroyHandle = 18,
  kAllocate = 19,
  kDeallocate = 20,
  kCreateHandleAndAllocate = 21,
  kDestroyHandleAndDeallocate = 22,
};

}  // namespace mpisight::schema
