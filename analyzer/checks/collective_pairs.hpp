// The per-pair rules of the v and w collectives (MPI 4.0 chapter 6): the block rank i sends to rank j must have
// the type signature rank j expects from rank i; Reduce_scatter's recvcounts must be equal on every rank. Judged
// from the per-peer counts each member recorded (schema kSendCounts/kRecvCounts) on an intracommunicator.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "checks/collective_signatures.hpp"
#include "schema/collective_op.hpp"
#include "trace/events.hpp"

namespace mpisight::analyzer {

// One member's call, indexed by its rank in the communicator.
struct PairSides {
  trace::WorldRank rank = 0;
  bool is_root = false;
  std::optional<trace::TypeSignature> send;  // the side's signature and total; empty if unused or MPI_IN_PLACE
  std::optional<trace::TypeSignature> recv;
  trace::PeerCounts send_counts;
  trace::PeerCounts recv_counts;
};

// The first pair of members that disagree: indices into the members, what each said, and how many other pairs
// disagree too.
struct PairMismatch {
  SignatureProblem problem = SignatureProblem::kCount;
  std::size_t first = 0;   // the sender (Reduce_scatter: one rank whose recvcounts differ)
  std::size_t second = 0;  // the receiver (Reduce_scatter: the other rank)
  std::string detail;      // "rank 0 sends 1 x MPI_INT (4 bytes) to rank 2, but rank 2 expects 2 x MPI_INT ..."
  std::string first_role;  // "sends 1 x MPI_INT (4 bytes) to rank 2"
  std::string second_role;
  std::size_t others = 0;
};

struct PairVerdict {
  bool judged = false;  // false: some member lacks the per-peer counts this collective needs
  std::optional<PairMismatch> mismatch;
};

[[nodiscard]] PairVerdict compare_pairs(schema::CollectiveOp op, std::span<const PairSides> members);

// "2 x MPI_INT (8 bytes)": the bytes where the signature is a basic type that says its size.
[[nodiscard]] std::string typed_amount(const trace::TypeSignature& type);

}  // namespace mpisight::analyzer
