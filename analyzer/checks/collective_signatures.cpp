// Two shapes of rule: most collectives move blocks that must all carry one signature ("uniform"); the v-forms move
// per-peer counts the trace only has as totals, so what the senders give together must be what receivers expect.
#include "checks/collective_signatures.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>
#include <vector>

#include "checks/type_mismatch_check.hpp"
#include "findings/finding.hpp"
#include "schema/attributes.hpp"

namespace mpisight::analyzer {
namespace {

using schema::CollectiveOp;
using trace::TypeSignature;

constexpr std::uint64_t kMpiPacked = 0x4c00010fU;  // MPICH's MPI_PACKED handle: matches any signature

struct Entry {
  trace::WorldRank rank = 0;
  TypeSignature type;
};

bool is_known(const TypeSignature& type) {
  return type.signature != schema::kUnknownSignature;
}

// Whether two amounts carry the same sequence of basic types; nullopt when the records cannot tell.
std::optional<SignatureProblem> relate(const TypeSignature& a, const TypeSignature& b) {
  if (!is_known(a) || !is_known(b)) {
    return std::nullopt;
  }
  if (a.elements == 0 || b.elements == 0) {
    return a.elements == b.elements ? SignatureProblem::kNone : SignatureProblem::kCount;
  }
  if (a.signature == kMpiPacked || b.signature == kMpiPacked) {
    return SignatureProblem::kNone;
  }
  if (a.signature == b.signature) {
    return a.elements == b.elements ? SignatureProblem::kNone : SignatureProblem::kCount;
  }
  const bool a_plain = schema::is_homogeneous_signature(a.signature);
  const bool b_plain = schema::is_homogeneous_signature(b.signature);
  if (a_plain || b_plain) {
    return SignatureProblem::kType;  // a derived (mixed) type holds two basic types at least: never one alone
  }
  return std::nullopt;  // two derived types: their hashes describe one element each, repetition is not visible
}

std::string ranks_text(const std::set<trace::WorldRank>& ranks) {
  return (ranks.size() == 1 ? "rank " : "ranks ") + rank_list({ranks.begin(), ranks.end()});
}

// Every entry must carry the same signature as every other.
std::optional<SignatureVerdict> uniform(const std::vector<Entry>& entries) {
  SignatureVerdict verdict;
  std::vector<std::pair<TypeSignature, std::set<trace::WorldRank>>> groups;  // in order of first appearance
  for (const Entry& entry : entries) {
    if (!is_known(entry.type)) {
      return std::nullopt;
    }
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == entry.type; });
    if (group == groups.end()) {
      groups.emplace_back(entry.type, std::set<trace::WorldRank>{});
      group = std::prev(groups.end());
    }
    group->second.insert(entry.rank);
    const std::optional<SignatureProblem> problem = relate(groups.front().first, entry.type);
    if (!problem) {
      return std::nullopt;
    }
    verdict.problem = std::max(verdict.problem, *problem);
  }
  for (const auto& [type, ranks] : groups) {
    verdict.detail += (verdict.detail.empty() ? "" : ", ") + ranks_text(ranks) + ": " + typed_count(type);
  }
  return verdict;
}

// The contributions together must be `expected` (when `whole`, else only their basic types are known to
// matter): a v-form's root or receivers against the total of the other side.
std::optional<SignatureVerdict> totals(const TypeSignature& expected, const std::string& expected_text,
                                       const std::vector<Entry>& contributions, const std::string& verb, bool whole) {
  if (!is_known(expected)) {
    return std::nullopt;
  }
  SignatureVerdict verdict;
  std::uint64_t sum = 0;
  std::string parts;
  for (const Entry& entry : contributions) {
    parts += (parts.empty() ? "" : ", ") + std::string("rank ") + std::to_string(entry.rank) + ": " +
             typed_count(entry.type);
    if (entry.type.elements == 0) {
      continue;
    }
    const std::optional<SignatureProblem> problem =
        relate(TypeSignature{expected.signature, 1}, TypeSignature{entry.type.signature, 1});
    if (!problem) {
      return std::nullopt;
    }
    if (*problem == SignatureProblem::kType) {
      verdict.problem = SignatureProblem::kType;
    }
    sum += entry.type.elements;
  }
  if (verdict.problem == SignatureProblem::kType) {
    verdict.detail = expected_text + " " + typed_count(expected) + " but " + verb + " " + parts;
    return verdict;
  }
  if (whole && sum != expected.elements && expected.signature != kMpiPacked) {
    verdict.problem = SignatureProblem::kCount;
    verdict.detail = expected_text + " " + typed_count(expected) + " in total but " + verb + " " + std::to_string(sum) +
                     " together (" + parts + ")";
  }
  return verdict;
}

void add(std::vector<Entry>& entries, trace::WorldRank rank, const std::optional<TypeSignature>& type) {
  if (type) {
    entries.push_back(Entry{rank, *type});
  }
}

// A rooted v-form: the root's `total` side against the other side of every member.
std::optional<SignatureVerdict> rooted_totals(std::span<const CollectiveSides> members, bool root_receives) {
  const CollectiveSides* root = nullptr;
  for (const CollectiveSides& member : members) {
    if (member.is_root) {
      root = &member;
    }
  }
  if (root == nullptr) {
    return std::nullopt;
  }
  const std::optional<TypeSignature>& total = root_receives ? root->recv : root->send;
  if (!total) {
    return std::nullopt;
  }
  std::vector<Entry> contributions;
  bool whole = true;
  for (const CollectiveSides& member : members) {
    const std::optional<TypeSignature>& side = root_receives ? member.send : member.recv;
    add(contributions, member.rank, side);
    whole = whole && side.has_value();  // MPI_IN_PLACE at the root: its own block is not recorded
  }
  return root_receives ? totals(*total, "the root (rank " + std::to_string(root->rank) + ") receives", contributions,
                                "the ranks send", whole)
                       : totals(*total, "the root (rank " + std::to_string(root->rank) + ") sends", contributions,
                                "the ranks receive", whole);
}

// Allgatherv, Alltoallv: every member's receive total agrees (Allgatherv) and all sends together are all
// receives together.
std::optional<SignatureVerdict> all_totals(CollectiveOp op, std::span<const CollectiveSides> members) {
  std::vector<Entry> sends;
  std::vector<Entry> receives;
  bool whole = true;
  for (const CollectiveSides& member : members) {
    add(sends, member.rank, member.send);
    add(receives, member.rank, member.recv);
    whole = whole && member.send.has_value() && member.recv.has_value();
  }
  if (receives.empty()) {
    return std::nullopt;
  }
  TypeSignature expected = receives.front().type;
  if (op == CollectiveOp::kAllgatherv) {
    std::optional<SignatureVerdict> agreed = uniform(receives);
    if (!agreed || agreed->problem != SignatureProblem::kNone) {
      if (agreed) {
        agreed->detail = "the receive totals differ: " + agreed->detail;
      }
      return agreed;
    }
    return totals(expected, "every rank receives", sends, "the ranks send", whole);
  }
  for (std::size_t i = 1; i < receives.size(); ++i) {
    if (!is_known(receives[i].type)) {
      return std::nullopt;
    }
    expected.elements += receives[i].type.elements;
  }
  return totals(expected, "the ranks receive", sends, "they send", whole);
}

}  // namespace

std::string typed_count(const TypeSignature& type) {
  return std::to_string(type.elements) + " x " + signature_name(type.signature);
}

std::optional<SignatureVerdict> compare_signatures(CollectiveOp op, std::span<const CollectiveSides> members) {
  std::vector<Entry> entries;
  for (const CollectiveSides& m : members) {
    switch (op) {
      case CollectiveOp::kBcast: add(entries, m.rank, m.is_root ? m.send : m.recv); break;
      case CollectiveOp::kGather:
      case CollectiveOp::kScatter:
      case CollectiveOp::kAllgather:
      case CollectiveOp::kAlltoall:
        add(entries, m.rank, m.send);
        add(entries, m.rank, m.recv);
        break;
      case CollectiveOp::kAllreduce:
      case CollectiveOp::kScan:
      case CollectiveOp::kExscan:
      case CollectiveOp::kReduce:
      case CollectiveOp::kReduceScatter:  // the send side is the sum of recvcounts: the same array everywhere
        add(entries, m.rank, m.send ? m.send : m.recv);
        break;
      case CollectiveOp::kReduceScatterBlock: add(entries, m.rank, m.recv); break;
      case CollectiveOp::kGatherv: return rooted_totals(members, true);
      case CollectiveOp::kScatterv: return rooted_totals(members, false);
      case CollectiveOp::kAllgatherv:
      case CollectiveOp::kAlltoallv: return all_totals(op, members);
      default: return SignatureVerdict{};  // nothing moves, or no single signature per side (Alltoallw)
    }
  }
  if (entries.empty()) {
    return std::nullopt;
  }
  return uniform(entries);
}

}  // namespace mpisight::analyzer
