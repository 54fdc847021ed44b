// Compares the two ends of every matched message the event model reports. MPI_PACKED matches any signature, and an
// empty message (no elements) has no types to compare.
#include "checks/type_mismatch_check.hpp"

#include <array>
#include <cstdio>
#include <string_view>
#include <utility>

#include "schema/attributes.hpp"

namespace mpisight::analyzer {
namespace {

constexpr std::uint64_t kMpiPacked = 0x4c00010fU;  // MPICH's MPI_PACKED handle

// MPICH's predefined datatype handles (stable values, see the signature rules in schema/attributes.hpp).
constexpr std::array<std::pair<std::uint64_t, std::string_view>, 17> kBasicTypes = {{
    {0x4c000101U, "MPI_CHAR"},
    {0x4c000118U, "MPI_SIGNED_CHAR"},
    {0x4c000102U, "MPI_UNSIGNED_CHAR"},
    {0x4c00010dU, "MPI_BYTE"},
    {0x4c000203U, "MPI_SHORT"},
    {0x4c000204U, "MPI_UNSIGNED_SHORT"},
    {0x4c000405U, "MPI_INT"},
    {0x4c000406U, "MPI_UNSIGNED"},
    {0x4c000807U, "MPI_LONG"},
    {0x4c000808U, "MPI_UNSIGNED_LONG"},
    {0x4c00040aU, "MPI_FLOAT"},
    {0x4c00080bU, "MPI_DOUBLE"},
    {0x4c00100cU, "MPI_LONG_DOUBLE"},
    {0x4c000809U, "MPI_LONG_LONG"},
    {0x4c000819U, "MPI_UNSIGNED_LONG_LONG"},
    {0x4c00010fU, "MPI_PACKED"},
    {0x4c000816U, "MPI_2INT"},
}};

bool signatures_match(const MessageEnd& send, const MessageEnd& receive) {
  if (send.type_signature == schema::kUnknownSignature || receive.type_signature == schema::kUnknownSignature) {
    return true;  // not recorded: nothing to judge
  }
  if (send.elements == 0 || send.type_signature == kMpiPacked || receive.type_signature == kMpiPacked) {
    return true;
  }
  return send.type_signature == receive.type_signature;
}

std::string typed_count(const MessageEnd& end) {
  return std::to_string(end.elements) + " x " + signature_name(end.type_signature);
}

}  // namespace

std::string signature_name(std::uint64_t signature) {
  if (!schema::is_homogeneous_signature(signature)) {
    return "a derived type";
  }
  for (const auto& [handle, name] : kBasicTypes) {
    if (handle == signature) {
      return std::string(name);
    }
  }
  char text[40];
  std::snprintf(text, sizeof text, "basic type 0x%llx", static_cast<unsigned long long>(signature));
  return text;
}

void TypeMismatchCheck::on_event(const trace::Event& /*event*/) {
  const EventModel::Match* match = model().matched();
  if (!match || signatures_match(match->send, match->receive)) {
    return;
  }
  Mismatches& mismatches = mismatches_[{match->send.call.region, match->send.call.site, match->receive.call.region,
                                        match->receive.call.site}];
  if (mismatches.count++ == 0) {
    mismatches.first = *match;
  }
}

void TypeMismatchCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, mismatches] : mismatches_) {
    const MessageEnd& send = mismatches.first.send;
    const MessageEnd& receive = mismatches.first.receive;
    Finding finding;
    finding.check = "messages.type_mismatch";
    finding.severity = Severity::kError;
    finding.ranks = {send.sender, send.receiver};
    finding.calls.push_back(model().describe(send.call, "sent " + typed_count(send)));
    finding.calls.push_back(model().describe(receive.call, "received it as " + typed_count(receive)));
    const std::string count = mismatches.count == 1 ? "A message" : std::to_string(mismatches.count) + " messages";
    finding.message = count + " sent by " + finding.calls[0].function + " on rank " + std::to_string(send.sender) +
                      " as " + signature_name(send.type_signature) + " " + (mismatches.count == 1 ? "was" : "were") +
                      " received by " + finding.calls[1].function + " on rank " + std::to_string(send.receiver) +
                      " as " + signature_name(receive.type_signature) + " (tag " + std::to_string(send.tag) +
                      "): the type signatures do not match, so the data are reinterpreted.";
    finding.hint =
        "Receive with the datatype the message was sent with (or one with the same sequence of basic "
        "types); convert the values after receiving if another type is needed.";
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
