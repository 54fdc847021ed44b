// For each pair (sender i, receiver j) the block is described twice: by i's send side and by j's receive side.
// MPI_IN_PLACE members describe their own block with their receive side (MPI 4.0: the counts of the receive side
// then describe the data in place), or not at all where nothing moves (a root's own block).
#include "checks/collective_pairs.hpp"

#include <vector>

#include "findings/finding.hpp"

namespace mpisight::analyzer {
namespace {

using schema::CollectiveOp;
using trace::TypeSignature;

constexpr std::uint64_t kMpiPacked = 0x4c00010fU;  // MPICH's MPI_PACKED handle: matches any signature

// Whether two blocks carry the same sequence of basic types; nullopt when the records cannot tell.
std::optional<SignatureProblem> relate(const TypeSignature& a, const TypeSignature& b) {
  if (a.elements == 0 || b.elements == 0) {
    return a.elements == b.elements ? SignatureProblem::kNone : SignatureProblem::kCount;
  }
  if (a.signature == schema::kUnknownSignature || b.signature == schema::kUnknownSignature) {
    return std::nullopt;
  }
  if (a.signature == kMpiPacked || b.signature == kMpiPacked) {
    return SignatureProblem::kNone;
  }
  if (a.signature == b.signature) {
    return a.elements == b.elements ? SignatureProblem::kNone : SignatureProblem::kCount;
  }
  if (schema::is_homogeneous_signature(a.signature) || schema::is_homogeneous_signature(b.signature)) {
    return SignatureProblem::kType;
  }
  return std::nullopt;  // two derived types: the hashes describe one element each
}

// Entry `peer` of a counts vector, with the side's signature unless the entry has its own (Alltoallw).
std::optional<TypeSignature> entry(const trace::PeerCounts& counts, const std::optional<TypeSignature>& side,
                                   std::size_t peer) {
  if (!counts || peer >= counts->size()) {
    return std::nullopt;
  }
  const schema::PeerCount& c = (*counts)[peer];
  if (c.signature != schema::kUnknownSignature || c.elements == 0) {
    return TypeSignature{c.signature, c.elements};
  }
  if (!side) {
    return std::nullopt;
  }
  return TypeSignature{side->signature, c.elements};
}

bool in_place(const PairSides& m) {
  return !m.send && !m.send_counts;
}

// What member i says it sends to member j; nullopt when it moves nothing to j or did not record it.
std::optional<TypeSignature> sent(CollectiveOp op, std::span<const PairSides> members, std::size_t i, std::size_t j) {
  const PairSides& m = members[i];
  switch (op) {
    case CollectiveOp::kGatherv: return m.send;
    case CollectiveOp::kScatterv: return entry(m.send_counts, m.send, j);
    case CollectiveOp::kAllgatherv: return in_place(m) ? entry(m.recv_counts, m.recv, i) : m.send;
    case CollectiveOp::kAlltoallv:
    case CollectiveOp::kAlltoallw:
      return in_place(m) ? entry(m.recv_counts, m.recv, j) : entry(m.send_counts, m.send, j);
    default: return std::nullopt;
  }
}

// What member j says it expects from member i.
std::optional<TypeSignature> expected(CollectiveOp op, std::span<const PairSides> members, std::size_t j,
                                      std::size_t i) {
  const PairSides& m = members[j];
  switch (op) {
    case CollectiveOp::kScatterv: return m.recv;
    case CollectiveOp::kGatherv:
    case CollectiveOp::kAllgatherv:
    case CollectiveOp::kAlltoallv:
    case CollectiveOp::kAlltoallw: return entry(m.recv_counts, m.recv, i);
    default: return std::nullopt;
  }
}

// Whether every member recorded the counts vectors this collective's rules read.
bool has_counts(CollectiveOp op, std::span<const PairSides> members) {
  const std::size_t n = members.size();
  auto full = [n](const trace::PeerCounts& counts) { return counts && counts->size() == n; };
  for (const PairSides& m : members) {
    switch (op) {
      case CollectiveOp::kGatherv:
        if (m.is_root && !full(m.recv_counts)) {
          return false;
        }
        break;
      case CollectiveOp::kScatterv:
        if (m.is_root && !full(m.send_counts)) {
          return false;
        }
        break;
      case CollectiveOp::kAllgatherv:
      case CollectiveOp::kReduceScatter:
        if (!full(m.recv_counts)) {
          return false;
        }
        break;
      case CollectiveOp::kAlltoallv:
      case CollectiveOp::kAlltoallw:
        if (!full(m.recv_counts) || (!in_place(m) && !full(m.send_counts))) {
          return false;
        }
        break;
      default: return false;
    }
  }
  if (op == CollectiveOp::kGatherv || op == CollectiveOp::kScatterv) {
    std::size_t roots = 0;
    for (const PairSides& m : members) {
      roots += m.is_root ? 1 : 0;
    }
    return roots == 1;
  }
  return true;
}

std::string rank_text(const PairSides& m) {
  return "rank " + std::to_string(m.rank);
}

// Reduce_scatter: every member's recvcounts array must be the same.
PairVerdict equal_counts(std::span<const PairSides> members) {
  PairVerdict verdict{.judged = true, .mismatch = {}};
  const std::vector<schema::PeerCount>& reference = *members.front().recv_counts;
  for (std::size_t j = 1; j < members.size(); ++j) {
    const std::vector<schema::PeerCount>& counts = *members[j].recv_counts;
    for (std::size_t k = 0; k < counts.size(); ++k) {
      if (counts[k].elements == reference[k].elements) {
        continue;
      }
      if (verdict.mismatch) {
        ++verdict.mismatch->others;
        break;
      }
      const std::string block = "recvcounts[" + std::to_string(k) + "]";
      const std::string said_first = block + " = " + std::to_string(reference[k].elements);
      const std::string said_second = block + " = " + std::to_string(counts[k].elements);
      verdict.mismatch = PairMismatch{.problem = SignatureProblem::kCount,
                                      .first = 0,
                                      .second = j,
                                      .detail = rank_text(members.front()) + " gives " + said_first + " but " +
                                                rank_text(members[j]) + " gives " + said_second,
                                      .first_role = "gave " + said_first,
                                      .second_role = "gave " + said_second,
                                      .others = 0};
      break;
    }
  }
  return verdict;
}

}  // namespace

std::string typed_amount(const TypeSignature& type) {
  std::string text = typed_count(type);
  // MPICH builtin handles carry their size in bits 8-15 (kind 01 in bits 30-31).
  if (schema::is_homogeneous_signature(type.signature) && (type.signature >> 30U) == 1U) {
    text += " (" + std::to_string(type.elements * ((type.signature >> 8U) & 0xffU)) + " bytes)";
  }
  return text;
}

PairVerdict compare_pairs(CollectiveOp op, std::span<const PairSides> members) {
  if (members.empty() || !has_counts(op, members)) {
    return {};
  }
  if (op == CollectiveOp::kReduceScatter) {
    return equal_counts(members);
  }
  PairVerdict verdict{.judged = true, .mismatch = {}};
  for (std::size_t i = 0; i < members.size(); ++i) {
    for (std::size_t j = 0; j < members.size(); ++j) {
      if ((op == CollectiveOp::kGatherv && !members[j].is_root) ||
          (op == CollectiveOp::kScatterv && !members[i].is_root)) {
        continue;
      }
      const std::optional<TypeSignature> out = sent(op, members, i, j);
      const std::optional<TypeSignature> in = expected(op, members, j, i);
      if (!out || !in) {
        continue;  // a root's own block under MPI_IN_PLACE moves nothing
      }
      const std::optional<SignatureProblem> problem = relate(*out, *in);
      if (!problem || *problem == SignatureProblem::kNone) {
        continue;
      }
      if (verdict.mismatch) {
        ++verdict.mismatch->others;
        continue;
      }
      const std::string to = i == j ? "itself" : rank_text(members[j]);
      const std::string from = i == j ? "itself" : rank_text(members[i]);
      verdict.mismatch =
          PairMismatch{.problem = *problem,
                       .first = i,
                       .second = j,
                       .detail = rank_text(members[i]) + " sends " + typed_amount(*out) + " to " + to + ", but " +
                                 (i == j ? std::string("expects ") : rank_text(members[j]) + " expects ") +
                                 typed_amount(*in) + " from " + from,
                       .first_role = "sends " + typed_amount(*out) + " to " + to,
                       .second_role = "expects " + typed_amount(*in) + " from " + from,
                       .others = 0};
    }
  }
  return verdict;
}

}  // namespace mpisight::analyzer
