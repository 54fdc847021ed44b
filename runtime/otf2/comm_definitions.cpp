// Reading communicator logs, unifying their definitions by key, and writing them as OTF2 definitions.
#include "otf2/comm_definitions.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "core/comm_log_format.hpp"
#include "core/journal_format.hpp"

namespace mpisight::otf2 {
namespace {

void check(OTF2_ErrorCode status, const char* what) {
  if (status != OTF2_SUCCESS) {
    throw std::runtime_error(std::string("OTF2 could not write the ") + what +
                             " definition: " + OTF2_Error_GetDescription(status));
  }
}

// Created communicators announce CommCreate and CommDestroy events (interpose/semantics/comms.hpp); the
// predefined ones live for the whole run and have none.
constexpr OTF2_CommFlag kLifetimeEvents = OTF2_COMM_FLAG_CREATE_DESTROY_EVENTS;

template <class T>
T read_at(std::span<const std::byte> bytes, std::size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

bool holds_smallest_rank(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b) {
  if (a.empty() || b.empty()) {
    return !a.empty();
  }
  return *std::min_element(a.begin(), a.end()) < *std::min_element(b.begin(), b.end());
}

}  // namespace

std::vector<std::byte> read_comm_log(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return {};
  }
  std::vector<char> chars((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(chars.size());
  std::memcpy(bytes.data(), chars.data(), chars.size());
  return bytes;
}

RankComms parse_comm_log(std::span<const std::byte> bytes) {
  RankComms comms;
  if (bytes.size() < sizeof(comm_log::LogHeader)) {
    return comms;
  }
  const auto header = read_at<comm_log::LogHeader>(bytes, 0);
  if (std::memcmp(header.magic, comm_log::kMagic, sizeof(header.magic)) != 0) {
    return comms;
  }
  comms.rank = header.world_rank;
  std::size_t at = sizeof(header);
  while (at + 8 <= bytes.size()) {
    const auto kind = read_at<comm_log::RecordKind>(bytes, at);
    const auto size = read_at<std::uint32_t>(bytes, at + 4);
    if (size < 8 || at + size > bytes.size()) {
      break;
    }
    if (kind == comm_log::RecordKind::kDefinition && size >= sizeof(comm_log::DefinitionRecord)) {
      const auto head = read_at<comm_log::DefinitionRecord>(bytes, at);
      const std::size_t ranks = std::size_t{head.local_size} + head.remote_size;
      if (sizeof(head) + ranks * sizeof(std::int32_t) != size) {
        break;
      }
      CommDefinition definition{head.key, head.parent_key, (head.flags & comm_log::kInter) != 0, {}, {}};
      definition.local.resize(head.local_size);
      definition.remote.resize(head.remote_size);
      std::memcpy(definition.local.data(), bytes.data() + at + sizeof(head), head.local_size * sizeof(std::int32_t));
      std::memcpy(definition.remote.data(), bytes.data() + at + sizeof(head) + head.local_size * sizeof(std::int32_t),
                  head.remote_size * sizeof(std::int32_t));
      comms.local_ids.emplace_back(head.local_id, head.key);
      comms.definitions.push_back(std::move(definition));
    } else if (kind == comm_log::RecordKind::kName && size == sizeof(comm_log::NameRecord)) {
      auto record = read_at<comm_log::NameRecord>(bytes, at);
      record.name[sizeof(record.name) - 1] = '\0';
      comms.names.emplace_back(record.key, record.name);
    } else {
      break;  // damaged
    }
    at += size;
  }
  return comms;
}

void CommCatalog::add(const RankComms& comms) {
  for (const CommDefinition& definition : comms.definitions) {
    auto [it, inserted] = entries_.try_emplace(definition.key);
    if (inserted) {
      it->second.definition = definition;
      if (definition.inter && !holds_smallest_rank(definition.local, definition.remote)) {
        std::swap(it->second.definition.local, it->second.definition.remote);
      }
    }
  }
  for (const auto& [key, name] : comms.names) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      it->second.name = name;
    }
  }
}

void CommCatalog::finish() {
  order_.clear();
  std::map<std::uint64_t, bool> placed;
  // Parents first; a parent chain is finite because a parent was created before its children.
  auto place = [&](auto&& self, std::uint64_t key, std::size_t depth) -> void {
    auto it = entries_.find(key);
    if (it == entries_.end() || placed[key] || depth > entries_.size()) {
      return;
    }
    placed[key] = true;
    self(self, it->second.definition.parent_key, depth + 1);
    it->second.global_id = static_cast<std::uint32_t>(journal::kCommSelf + 1 + order_.size());
    order_.push_back(key);
  };
  for (const auto& [key, entry] : entries_) {
    place(place, key, 0);
  }
}

const CommDefinition* CommCatalog::find(std::uint64_t key) const {
  auto it = entries_.find(key);
  return it != entries_.end() ? &it->second.definition : nullptr;
}

std::vector<std::uint32_t> CommCatalog::id_map(const RankComms& comms) const {
  std::vector<std::uint32_t> ids{journal::kCommWorld, journal::kCommSelf};
  for (const auto& [local_id, key] : comms.local_ids) {
    if (local_id >= ids.size()) {
      ids.resize(std::size_t{local_id} + 1, journal::kCommUnknown);
    }
    auto it = entries_.find(key);
    ids[local_id] = it != entries_.end() ? it->second.global_id : journal::kCommUnknown;
  }
  return ids;
}

void CommCatalog::write(OTF2_GlobalDefWriter* writer, const std::function<OTF2_StringRef(const std::string&)>& string,
                        OTF2_GroupRef world_group, OTF2_GroupRef first_group, std::size_t world_size) const {
  std::map<std::vector<std::int32_t>, OTF2_GroupRef> groups;
  std::vector<std::int32_t> world(world_size);
  for (std::size_t rank = 0; rank < world_size; ++rank) {
    world[rank] = static_cast<std::int32_t>(rank);
  }
  groups.emplace(world, world_group);
  OTF2_GroupRef next_group = first_group;
  auto group_of = [&](const std::vector<std::int32_t>& members) {
    auto [it, inserted] = groups.try_emplace(members, next_group);
    if (inserted) {
      ++next_group;
      const std::vector<std::uint64_t> indices(members.begin(), members.end());  // into COMM_LOCATIONS
      check(OTF2_GlobalDefWriter_WriteGroup(writer, it->second, string(""), OTF2_GROUP_TYPE_COMM_GROUP,
                                            OTF2_PARADIGM_MPI, OTF2_GROUP_FLAG_NONE,
                                            static_cast<std::uint32_t>(indices.size()), indices.data()),
            "group");
    }
    return it->second;
  };
  const auto parent_of = [&](const CommDefinition& definition) -> OTF2_CommRef {
    if (definition.parent_key == comm_log::kWorldKey) {
      return journal::kCommWorld;
    }
    if (definition.parent_key == comm_log::kSelfKey) {
      return journal::kCommSelf;
    }
    auto it = entries_.find(definition.parent_key);
    return it != entries_.end() ? it->second.global_id : OTF2_UNDEFINED_COMM;
  };
  for (const std::uint64_t key : order_) {
    const Entry& entry = entries_.at(key);
    const CommDefinition& definition = entry.definition;
    if (definition.inter) {
      check(OTF2_GlobalDefWriter_WriteInterComm(writer, entry.global_id, string(entry.name), group_of(definition.local),
                                                group_of(definition.remote), parent_of(definition), kLifetimeEvents),
            "intercommunicator");
    } else {
      check(OTF2_GlobalDefWriter_WriteComm(writer, entry.global_id, string(entry.name), group_of(definition.local),
                                           parent_of(definition), kLifetimeEvents),
            "communicator");
    }
  }
}

}  // namespace mpisight::otf2
