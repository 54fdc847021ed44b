// The type-signature rules of one collective call (MPI 4.0 section 6.1: the data a member sends must have the type
// signature the receiving member expects; datatypes may differ). Judged from what each member recorded
// (schema::Attribute::kTypeSignature/kRecvTypeSignature): one block, or for the v-forms the total of its counts.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "schema/collective_op.hpp"
#include "trace/events.hpp"

namespace mpisight::analyzer {

// One member's call as the rules need it; a side the member does not use (or gave MPI_IN_PLACE for) is empty.
struct CollectiveSides {
  trace::WorldRank rank = 0;
  bool is_root = false;
  std::optional<trace::TypeSignature> send;
  std::optional<trace::TypeSignature> recv;
};

enum class SignatureProblem : std::uint8_t {
  kNone,
  kType,   // different sequences of basic types (MPI_INT against MPI_FLOAT)
  kCount,  // the same basic type, a different number of elements
};

struct SignatureVerdict {
  SignatureProblem problem = SignatureProblem::kNone;
  std::string detail;  // "rank 0: 4 x MPI_INT, rank 1: 4 x MPI_FLOAT"
};

// nullopt when the records cannot tell (no signatures, derived types whose sequences differ in shape only).
// The v-forms record totals, not per-peer counts: for them only the sums and the basic types are compared.
[[nodiscard]] std::optional<SignatureVerdict> compare_signatures(schema::CollectiveOp op,
                                                                 std::span<const CollectiveSides> members);

// "4 x MPI_INT"
[[nodiscard]] std::string typed_count(const trace::TypeSignature& type);

}  // namespace mpisight::analyzer
