// Global definition callbacks, then the derivations OTF2 leaves to readers: names from string IDs, and world
// ranks of locations and communicators following the Score-P group conventions (see GroupType).
#include "trace/detail/definition_callbacks.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <otf2/otf2.h>
#include <string>
#include <utility>
#include <vector>

#include "trace/detail/archive_files.hpp"
#include "trace/detail/definition_collector.hpp"
#include "trace/detail/io_definition_callbacks.hpp"

namespace mpisight::trace::detail {
namespace {

OTF2_CallbackCode on_clock_properties(void* user_data, std::uint64_t timer_resolution, std::uint64_t global_offset,
                                      std::uint64_t trace_length, std::uint64_t realtime_timestamp) {
  return guarded(user_data, [&](Collector& c) {
    c.defs.clock = ClockProperties{.timer_resolution = timer_resolution,
                                   .global_offset = global_offset,
                                   .trace_length = trace_length,
                                   .realtime_timestamp = realtime_timestamp,
                                   .defined = true};
  });
}

OTF2_CallbackCode on_string(void* user_data, OTF2_StringRef self, const char* string) {
  return guarded(user_data, [&](Collector& c) { c.defs.strings[self] = string != nullptr ? string : ""; });
}

OTF2_CallbackCode on_system_tree_node(void* user_data, OTF2_SystemTreeNodeRef self, OTF2_StringRef name,
                                      OTF2_StringRef class_name, OTF2_SystemTreeNodeRef parent) {
  return guarded(user_data, [&](Collector& c) {
    SystemTreeNode& node = c.defs.system_tree_nodes[self];
    node.id = self;
    node.parent = defined(parent, OTF2_UNDEFINED_SYSTEM_TREE_NODE);
    c.name(node.name, name);
    c.name(node.class_name, class_name);
  });
}

OTF2_CallbackCode on_location_group(void* user_data, OTF2_LocationGroupRef self, OTF2_StringRef name,
                                    OTF2_LocationGroupType type, OTF2_SystemTreeNodeRef system_tree_parent,
                                    OTF2_LocationGroupRef creating_location_group) {
  return guarded(user_data, [&](Collector& c) {
    LocationGroup& group = c.defs.location_groups[self];
    group.id = self;
    group.type = static_cast<LocationGroupType>(type);
    group.system_tree_parent = defined(system_tree_parent, OTF2_UNDEFINED_SYSTEM_TREE_NODE);
    group.creating_location_group = defined(creating_location_group, OTF2_UNDEFINED_LOCATION_GROUP);
    c.name(group.name, name);
  });
}

OTF2_CallbackCode on_location(void* user_data, OTF2_LocationRef self, OTF2_StringRef name, OTF2_LocationType type,
                              std::uint64_t number_of_events, OTF2_LocationGroupRef location_group) {
  return guarded(user_data, [&](Collector& c) {
    Location& location = c.defs.locations[self];
    location.id = self;
    location.type = static_cast<LocationType>(type);
    location.number_of_events = number_of_events;
    location.location_group = location_group;
    c.name(location.name, name);
  });
}

OTF2_CallbackCode on_region(void* user_data, OTF2_RegionRef self, OTF2_StringRef name, OTF2_StringRef canonical_name,
                            OTF2_StringRef description, OTF2_RegionRole role, OTF2_Paradigm paradigm,
                            OTF2_RegionFlag flags, OTF2_StringRef source_file, std::uint32_t begin_line,
                            std::uint32_t end_line) {
  return guarded(user_data, [&](Collector& c) {
    Region& region = c.defs.regions[self];
    region.id = self;
    region.role = static_cast<RegionRole>(role);
    region.paradigm = static_cast<Paradigm>(paradigm);
    region.flags = flags;
    region.begin_line = begin_line;
    region.end_line = end_line;
    c.name(region.name, name);
    c.name(region.canonical_name, canonical_name);
    c.name(region.description, description);
    c.name(region.source_file, source_file);
  });
}

OTF2_CallbackCode on_source_code_location(void* user_data, OTF2_SourceCodeLocationRef self, OTF2_StringRef file,
                                          std::uint32_t line) {
  return guarded(user_data, [&](Collector& c) {
    SourceCodeLocation& location = c.defs.source_locations[self];
    location.id = self;
    location.line = line;
    c.name(location.file, file);
  });
}

OTF2_CallbackCode on_calling_context(void* user_data, OTF2_CallingContextRef self, OTF2_RegionRef region,
                                     OTF2_SourceCodeLocationRef source_code_location, OTF2_CallingContextRef parent) {
  return guarded(user_data, [&](Collector& c) {
    c.defs.calling_contexts[self] =
        CallingContext{.id = self,
                       .region = region,
                       .source_location = defined(source_code_location, OTF2_UNDEFINED_SOURCE_CODE_LOCATION),
                       .parent = defined(parent, OTF2_UNDEFINED_CALLING_CONTEXT)};
  });
}

OTF2_CallbackCode on_attribute(void* user_data, OTF2_AttributeRef self, OTF2_StringRef name, OTF2_StringRef description,
                               OTF2_Type type) {
  return guarded(user_data, [&](Collector& c) {
    AttributeDefinition& attribute = c.defs.attributes[self];
    attribute.id = self;
    attribute.type = type;
    c.name(attribute.name, name);
    c.name(attribute.description, description);
  });
}

OTF2_CallbackCode on_group(void* user_data, OTF2_GroupRef self, OTF2_StringRef name, OTF2_GroupType type,
                           OTF2_Paradigm paradigm, OTF2_GroupFlag flags, std::uint32_t number_of_members,
                           const std::uint64_t* members) {
  return guarded(user_data, [&](Collector& c) {
    Group& group = c.defs.groups[self];
    group.id = self;
    group.type = static_cast<GroupType>(type);
    group.paradigm = static_cast<Paradigm>(paradigm);
    group.flags = flags;
    group.members.assign(members, members + (members != nullptr ? number_of_members : 0));
    c.name(group.name, name);
  });
}

OTF2_CallbackCode on_comm(void* user_data, OTF2_CommRef self, OTF2_StringRef name, OTF2_GroupRef group,
                          OTF2_CommRef parent, OTF2_CommFlag flags) {
  return guarded(user_data, [&](Collector& c) {
    Communicator& comm = c.defs.comms[self];
    comm.id = self;
    comm.group = group;
    comm.parent = defined(parent, OTF2_UNDEFINED_COMM);
    comm.flags = flags;
    c.name(comm.name, name);
  });
}

OTF2_CallbackCode on_inter_comm(void* user_data, OTF2_CommRef self, OTF2_StringRef name, OTF2_GroupRef group_a,
                                OTF2_GroupRef group_b, OTF2_CommRef common_comm, OTF2_CommFlag flags) {
  return guarded(user_data, [&](Collector& c) {
    Communicator& comm = c.defs.comms[self];
    comm.id = self;
    comm.group = group_a;
    comm.remote_group = group_b;
    comm.parent = defined(common_comm, OTF2_UNDEFINED_COMM);
    comm.flags = flags;
    c.name(comm.name, name);
  });
}

OTF2_CallbackCode on_rma_win(void* user_data, OTF2_RmaWinRef self, OTF2_StringRef name, OTF2_CommRef comm,
                             OTF2_RmaWinFlag flags) {
  return guarded(user_data, [&](Collector& c) {
    RmaWindow& window = c.defs.windows[self];
    window.id = self;
    window.comm = comm;
    window.flags = flags;
    c.name(window.name, name);
  });
}

struct CallbacksDeleter {
  void operator()(OTF2_GlobalDefReaderCallbacks* callbacks) const { OTF2_GlobalDefReaderCallbacks_Delete(callbacks); }
};

// Derivations; each throws through `fail` on a dangling reference.
class Resolver {
 public:
  Resolver(TraceDefinitions& defs, const std::filesystem::path& anchor) : defs_(defs), anchor_(anchor) {}

  void resolve_names(const std::vector<std::pair<std::string*, StringId>>& names) {
    for (const auto& [target, id] : names) {
      auto it = defs_.strings.find(id);
      if (it == defs_.strings.end()) {
        fail("a definition refers to undefined string " + std::to_string(id));
      }
      *target = it->second;
    }
  }

  void resolve_ranks() {
    for (const auto& [id, location] : defs_.locations) {
      if (!defs_.location_groups.contains(location.location_group)) {
        fail("location " + std::to_string(id) + " refers to undefined location group " +
             std::to_string(location.location_group));
      }
    }
    if (const Group* world = comm_locations(Paradigm::kMpi)) {
      for (std::size_t rank = 0; rank < world->members.size(); ++rank) {
        const LocationId member = world->members[rank];
        auto location = defs_.locations.find(member);
        if (location == defs_.locations.end()) {
          fail("MPI locations group " + std::to_string(world->id) + " lists undefined location " +
               std::to_string(member));
        }
        defs_.location_groups.at(location->second.location_group).world_rank = static_cast<WorldRank>(rank);
        defs_.rank_locations.push_back(member);
      }
    }
    for (auto& [id, location] : defs_.locations) {
      location.world_rank = defs_.location_groups.at(location.location_group).world_rank;
    }
    for (auto& [id, comm] : defs_.comms) {
      resolve_comm(comm);
    }
  }

 private:
  // The group whose member index is the world rank of `paradigm`; the lowest ID wins if a writer made several.
  [[nodiscard]] const Group* comm_locations(Paradigm paradigm) const {
    for (const auto& [id, group] : defs_.groups) {
      if (group.type == GroupType::kCommLocations && group.paradigm == paradigm) {
        return &group;
      }
    }
    return nullptr;
  }

  void resolve_comm(Communicator& comm) {
    if (comm.remote_group) {
      bool self_a = false;
      bool self_b = false;
      resolve_group(comm, comm.group, comm.world_ranks, self_a);
      resolve_group(comm, *comm.remote_group, comm.remote_world_ranks, self_b);
      if (self_a || self_b) {
        fail("intercommunicator " + std::to_string(comm.id) + " has a self group, which names no rank");
      }
      return;
    }
    resolve_group(comm, comm.group, comm.world_ranks, comm.is_self);
  }

  void resolve_group(const Communicator& comm, GroupId group_id, std::vector<WorldRank>& world_ranks, bool& is_self) {
    const std::string what = "communicator " + std::to_string(comm.id);
    auto group = defs_.groups.find(group_id);
    if (group == defs_.groups.end()) {
      fail(what + " refers to undefined group " + std::to_string(group_id));
    }
    switch (group->second.type) {
      case GroupType::kCommSelf: is_self = true; return;
      case GroupType::kCommLocations:  // a writer may point a world communicator straight at the locations
        for (std::size_t rank = 0; rank < group->second.members.size(); ++rank) {
          world_ranks.push_back(static_cast<WorldRank>(rank));
        }
        return;
      case GroupType::kCommGroup: {
        const Group* world = comm_locations(group->second.paradigm);
        const std::size_t world_size = world != nullptr ? world->members.size() : 0;
        for (std::uint64_t member : group->second.members) {
          if (member >= world_size) {
            fail(what + ": member " + std::to_string(member) + " of group " + std::to_string(group_id) +
                 " is not a rank (world size " + std::to_string(world_size) + ")");
          }
          world_ranks.push_back(static_cast<WorldRank>(member));
        }
        return;
      }
      default: fail(what + " refers to group " + std::to_string(group_id) + ", which is not a communicator group");
    }
  }

  [[noreturn]] void fail(const std::string& reason) const {
    throw_trace_error(anchor_, "corrupt definitions: " + reason);
  }

  TraceDefinitions& defs_;
  const std::filesystem::path& anchor_;
};

}  // namespace

TraceDefinitions read_global_definitions(OTF2_Reader* reader, Otf2ErrorCapture& capture,
                                         const std::filesystem::path& anchor) {
  const auto check = [&](OTF2_ErrorCode code, std::string_view doing) { check_otf2(code, capture, anchor, doing); };

  const std::string def_file = "'" + global_definition_file(anchor).filename().string() + "'";
  OTF2_GlobalDefReader* def_reader = OTF2_Reader_GetGlobalDefReader(reader);
  if (def_reader == nullptr) {
    check(OTF2_ERROR_FILE_CAN_NOT_OPEN, "cannot read the global definition file " + def_file);
  }
  std::unique_ptr<OTF2_GlobalDefReaderCallbacks, CallbacksDeleter> callbacks(OTF2_GlobalDefReaderCallbacks_New());
  if (!callbacks) {
    throw std::bad_alloc();
  }
  const std::string_view registering = "registering definition callbacks";
  check(OTF2_GlobalDefReaderCallbacks_SetClockPropertiesCallback(callbacks.get(), on_clock_properties), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetStringCallback(callbacks.get(), on_string), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetSystemTreeNodeCallback(callbacks.get(), on_system_tree_node), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetLocationGroupCallback(callbacks.get(), on_location_group), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetLocationCallback(callbacks.get(), on_location), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetRegionCallback(callbacks.get(), on_region), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetGroupCallback(callbacks.get(), on_group), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetCommCallback(callbacks.get(), on_comm), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetInterCommCallback(callbacks.get(), on_inter_comm), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetRmaWinCallback(callbacks.get(), on_rma_win), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetSourceCodeLocationCallback(callbacks.get(), on_source_code_location),
        registering);
  check(OTF2_GlobalDefReaderCallbacks_SetCallingContextCallback(callbacks.get(), on_calling_context), registering);
  check(OTF2_GlobalDefReaderCallbacks_SetAttributeCallback(callbacks.get(), on_attribute), registering);
  check(set_io_definition_callbacks(callbacks.get()), registering);

  Collector collector;
  check(OTF2_Reader_RegisterGlobalDefCallbacks(reader, def_reader, callbacks.get(), &collector), registering);
  std::uint64_t definitions_read = 0;
  const OTF2_ErrorCode read = OTF2_Reader_ReadAllGlobalDefinitions(reader, def_reader, &definitions_read);
  if (collector.error) {
    std::rethrow_exception(collector.error);
  }
  check(read, "corrupt or truncated global definition file " + def_file);
  // Garbage can decode into fewer records that all look fine; the anchor file says how many there should be.
  std::uint64_t announced_definitions = 0;
  std::uint64_t announced_locations = 0;
  check(OTF2_Reader_GetNumberOfGlobalDefinitions(reader, &announced_definitions), "reading the anchor file");
  check(OTF2_Reader_GetNumberOfLocations(reader, &announced_locations), "reading the anchor file");
  if (definitions_read != announced_definitions) {
    throw_trace_error(anchor, "corrupt global definition file " + def_file + ": read " +
                                  std::to_string(definitions_read) + " definitions, the anchor file announces " +
                                  std::to_string(announced_definitions));
  }
  if (collector.defs.locations.size() != announced_locations) {
    throw_trace_error(anchor, "corrupt global definition file " + def_file + ": defines " +
                                  std::to_string(collector.defs.locations.size()) +
                                  " locations, the anchor file announces " + std::to_string(announced_locations));
  }
  check(OTF2_Reader_CloseGlobalDefReader(reader, def_reader), "closing the global definitions");

  if (collector.defs.clock.defined && collector.defs.clock.timer_resolution == 0) {
    throw_trace_error(anchor, "corrupt definitions: timer resolution is 0");
  }
  Resolver resolver(collector.defs, anchor);
  resolver.resolve_names(collector.names);
  resolver.resolve_ranks();
  // Attributes are known by name (and must have the schema's type), so other writers' ids do not matter.
  for (const auto& [id, attribute] : collector.defs.attributes) {
    if (const auto known = schema::attribute_named(attribute.name)) {
      collector.defs.schema_attributes.emplace(id, *known);
    }
  }
  return std::move(collector.defs);
}

}  // namespace mpisight::trace::detail
