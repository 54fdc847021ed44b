// The archive's global definitions: clock, paradigm, system tree, ranks and threads, MPI regions, and the
// communicators, the calling functions and source lines of call sites, and the extra attributes, laid out as
// Score-P does so OTF2 tools read them as MPI.
#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "core/function_info.hpp"
#include "otf2/archive_writer.hpp"
#include "otf2/call_sites.hpp"
#include "otf2/shared_definitions.hpp"
#include "schema/attributes.hpp"

namespace mpisight::otf2 {
namespace {

constexpr std::uint64_t kNsPerSecond = 1'000'000'000ULL;
constexpr OTF2_GroupRef kLocationsGroup = 0;
constexpr OTF2_GroupRef kWorldGroup = 1;
constexpr OTF2_GroupRef kSelfGroup = 2;
constexpr OTF2_GroupRef kFirstCommGroup = 3;
constexpr OTF2_SystemTreeNodeRef kMachineNode = 0;

void check(OTF2_ErrorCode status, const char* what) {
  if (status != OTF2_SUCCESS) {
    throw std::runtime_error(std::string("OTF2 could not write the ") + what +
                             " definition: " + OTF2_Error_GetDescription(status));
  }
}

// Interns strings, writing each definition the first time it is used.
class StringTable {
 public:
  explicit StringTable(OTF2_GlobalDefWriter* writer) : writer_(writer) {}
  OTF2_StringRef operator()(const std::string& text) {
    auto [it, inserted] = refs_.try_emplace(text, static_cast<OTF2_StringRef>(refs_.size()));
    if (inserted) {
      check(OTF2_GlobalDefWriter_WriteString(writer_, it->second, text.c_str()), "string");
    }
    return it->second;
  }

 private:
  OTF2_GlobalDefWriter* writer_;
  std::map<std::string, OTF2_StringRef> refs_;
};

OTF2_RegionRole otf2_role(RegionRole role) {
  switch (role) {
    case RegionRole::kFunction: return OTF2_REGION_ROLE_FUNCTION;
    case RegionRole::kPoint2Point: return OTF2_REGION_ROLE_POINT2POINT;
    case RegionRole::kCollOne2All: return OTF2_REGION_ROLE_COLL_ONE2ALL;
    case RegionRole::kCollAll2One: return OTF2_REGION_ROLE_COLL_ALL2ONE;
    case RegionRole::kCollAll2All: return OTF2_REGION_ROLE_COLL_ALL2ALL;
    case RegionRole::kCollOther: return OTF2_REGION_ROLE_COLL_OTHER;
    case RegionRole::kBarrier: return OTF2_REGION_ROLE_BARRIER;
    case RegionRole::kRma: return OTF2_REGION_ROLE_RMA;
    case RegionRole::kFileIo: return OTF2_REGION_ROLE_FILE_IO;
    case RegionRole::kFileIoMetadata: return OTF2_REGION_ROLE_FILE_IO_METADATA;
    case RegionRole::kAllocate: return OTF2_REGION_ROLE_ALLOCATE;
    case RegionRole::kDeallocate: return OTF2_REGION_ROLE_DEALLOCATE;
  }
  return OTF2_REGION_ROLE_FUNCTION;
}

void write_clock(OTF2_GlobalDefWriter* writer, const std::vector<ProcessSummary>& processes) {
  std::uint64_t first = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t last = 0;
  std::int64_t realtime_offset = 0;
  for (const ProcessSummary& process : processes) {
    for (const LocationSummary& location : process.locations) {
      if (location.events > 0) {
        first = std::min(first, location.first_ns);
        last = std::max(last, location.last_ns);
      }
    }
    if (process.rank == 0) {
      realtime_offset = process.realtime_offset_ns;
    }
  }
  if (first > last) {
    first = last = 0;
  }
  const auto realtime = static_cast<std::uint64_t>(static_cast<std::int64_t>(first) + realtime_offset);
  check(OTF2_GlobalDefWriter_WriteClockProperties(writer, kNsPerSecond, first, last - first + 1, realtime),
        "clock properties");
}

OTF2_Type otf2_type(schema::AttributeType type) {
  switch (type) {
    case schema::AttributeType::kInt32: return OTF2_TYPE_INT32;
    case schema::AttributeType::kUint32: return OTF2_TYPE_UINT32;
    case schema::AttributeType::kUint64: return OTF2_TYPE_UINT64;
    case schema::AttributeType::kCallingContext: return OTF2_TYPE_CALLING_CONTEXT;
    case schema::AttributeType::kString: return OTF2_TYPE_STRING;
  }
  return OTF2_TYPE_NONE;
}

// The schema's attributes, with the enum value as id (otf2/attribute_list.hpp relies on it).
void write_attributes(OTF2_GlobalDefWriter* writer, StringTable& string) {
  for (const schema::AttributeSpec& spec : schema::kAttributes) {
    check(OTF2_GlobalDefWriter_WriteAttribute(writer, static_cast<OTF2_AttributeRef>(spec.attribute),
                                              string(std::string(spec.name)), string(""), otf2_type(spec.type)),
          "attribute");
  }
}

// Calling functions become USER regions after the MPI ones; each calling context is a function at a line.
void write_call_sites(OTF2_GlobalDefWriter* writer, StringTable& string, const CallSiteTable& sites,
                      OTF2_RegionRef first_region) {
  for (std::size_t i = 0; i < sites.functions().size(); ++i) {
    const OTF2_StringRef name = string(sites.functions()[i]);
    check(OTF2_GlobalDefWriter_WriteRegion(writer, first_region + static_cast<OTF2_RegionRef>(i), name, name,
                                           string(""), OTF2_REGION_ROLE_FUNCTION, OTF2_PARADIGM_USER,
                                           OTF2_REGION_FLAG_NONE, string(""), 0, 0),
          "region");
  }
  for (std::size_t i = 0; i < sites.locations().size(); ++i) {
    const auto& [file, line] = sites.locations()[i];
    check(OTF2_GlobalDefWriter_WriteSourceCodeLocation(writer, static_cast<OTF2_SourceCodeLocationRef>(i), string(file),
                                                       line),
          "source code location");
  }
  for (std::size_t i = 0; i < sites.contexts().size(); ++i) {
    const CallSiteTable::Context& context = sites.contexts()[i];
    check(
        OTF2_GlobalDefWriter_WriteCallingContext(
            writer, static_cast<OTF2_CallingContextRef>(i), first_region + context.function,
            context.location ? *context.location : OTF2_UNDEFINED_SOURCE_CODE_LOCATION, OTF2_UNDEFINED_CALLING_CONTEXT),
        "calling context");
  }
}

const char* flavor_name(std::uint32_t flavor) {
  switch (static_cast<journal::WinFlavor>(flavor)) {
    case journal::WinFlavor::kCreate: return "MPI_Win_create";
    case journal::WinFlavor::kAllocate: return "MPI_Win_allocate";
    case journal::WinFlavor::kShared: return "MPI_Win_allocate_shared";
    case journal::WinFlavor::kDynamic: return "MPI_Win_create_dynamic";
  }
  return "MPI window";
}

static_assert(kFirstCommGroup == kFirstRmaGroupRef, "PSCW groups come right after the fixed groups");

// The groups of PSCW epochs (otf2/shared_definitions.hpp).
void write_rma_groups(OTF2_GlobalDefWriter* writer, StringTable& string, const SharedDefinitions& shared) {
  for (std::size_t i = 0; i < shared.groups().size(); ++i) {
    const std::vector<std::int32_t>& ranks = shared.groups()[i];
    const std::vector<std::uint64_t> members(ranks.begin(), ranks.end());
    check(OTF2_GlobalDefWriter_WriteGroup(writer, static_cast<OTF2_GroupRef>(kFirstRmaGroupRef + i), string(""),
                                          OTF2_GROUP_TYPE_COMM_GROUP, OTF2_PARADIGM_MPI, OTF2_GROUP_FLAG_NONE,
                                          static_cast<std::uint32_t>(members.size()), members.data()),
          "group");
  }
}

// Windows, and MPI-IO's paradigm, files and handles (otf2/shared_definitions.hpp).
void write_shared(OTF2_GlobalDefWriter* writer, StringTable& string, const SharedDefinitions& shared) {
  for (std::size_t i = 0; i < shared.windows().size(); ++i) {
    const WindowDefinition& window = shared.windows()[i];
    const std::string name = std::string(flavor_name(window.flavor)) + " window " + std::to_string(i);
    check(OTF2_GlobalDefWriter_WriteRmaWin(writer, static_cast<OTF2_RmaWinRef>(i), string(name), window.comm,
                                           OTF2_RMA_WIN_FLAG_CREATE_DESTROY_EVENTS),
          "RMA window");
  }
  if (shared.files().empty()) {
    return;
  }
  check(OTF2_GlobalDefWriter_WriteIoParadigm(writer, 0, string("MPI-IO"), string("MPI I/O"),
                                             OTF2_IO_PARADIGM_CLASS_PARALLEL, OTF2_IO_PARADIGM_FLAG_NONE, 0, nullptr,
                                             nullptr, nullptr),
        "I/O paradigm");
  for (std::size_t i = 0; i < shared.files().size(); ++i) {
    check(OTF2_GlobalDefWriter_WriteIoRegularFile(writer, static_cast<OTF2_IoFileRef>(i), string(shared.files()[i]),
                                                  kMachineNode),
          "I/O file");
  }
  for (std::size_t i = 0; i < shared.io_handles().size(); ++i) {
    const IoHandleDefinition& handle = shared.io_handles()[i];
    check(OTF2_GlobalDefWriter_WriteIoHandle(writer, static_cast<OTF2_IoHandleRef>(i), string(handle.file),
                                             shared.file_ref(handle.file).value(), 0, OTF2_IO_HANDLE_FLAG_NONE,
                                             handle.comm == journal::kCommUnknown ? OTF2_UNDEFINED_COMM : handle.comm,
                                             OTF2_UNDEFINED_IO_HANDLE),
          "I/O handle");
  }
}

}  // namespace

void write_global_definitions(OTF2_GlobalDefWriter* writer, const std::vector<ProcessSummary>& processes,
                              int world_size, const CommCatalog& comms, const CallSiteTable& sites,
                              const SharedDefinitions& shared) {
  write_clock(writer, processes);
  StringTable string(writer);
  for (const std::string& counts : shared.peer_counts()) {
    string(counts);  // String definitions 0..n-1: the refs events were written with (shared_definitions.hpp)
  }
  check(OTF2_GlobalDefWriter_WriteParadigm(writer, OTF2_PARADIGM_MPI, string("MPI"), OTF2_PARADIGM_CLASS_PROCESS),
        "paradigm");

  // System tree: one machine, one node per host, one location group per rank.
  check(OTF2_GlobalDefWriter_WriteSystemTreeNode(writer, kMachineNode, string("cluster"), string("machine"),
                                                 OTF2_UNDEFINED_SYSTEM_TREE_NODE),
        "system tree");
  std::map<std::string, OTF2_SystemTreeNodeRef> nodes;
  std::vector<const ProcessSummary*> by_rank(static_cast<std::size_t>(world_size), nullptr);
  for (const ProcessSummary& process : processes) {
    if (process.rank >= 0 && process.rank < world_size) {
      by_rank[static_cast<std::size_t>(process.rank)] = &process;
    }
    auto [it, inserted] = nodes.try_emplace(process.host, static_cast<OTF2_SystemTreeNodeRef>(nodes.size() + 1));
    if (inserted) {
      check(OTF2_GlobalDefWriter_WriteSystemTreeNode(writer, it->second, string(process.host), string("node"),
                                                     kMachineNode),
            "system tree");
    }
  }

  // Every rank gets a location group and a main-thread location, even one whose journals were lost,
  // so that communicator groups can name all members.
  std::vector<std::uint64_t> rank_locations;
  for (int rank = 0; rank < world_size; ++rank) {
    const ProcessSummary* process = by_rank[static_cast<std::size_t>(rank)];
    const OTF2_SystemTreeNodeRef node = process != nullptr ? nodes.at(process->host) : kMachineNode;
    check(OTF2_GlobalDefWriter_WriteLocationGroup(
              writer, static_cast<OTF2_LocationGroupRef>(rank), string("MPI Rank " + std::to_string(rank)),
              OTF2_LOCATION_GROUP_TYPE_PROCESS, node, OTF2_UNDEFINED_LOCATION_GROUP),
          "location group");
    std::vector<LocationSummary> locations;
    if (process != nullptr) {
      locations = process->locations;
    }
    if (std::none_of(locations.begin(), locations.end(),
                     [](const LocationSummary& l) { return l.thread_index == 0; })) {
      locations.push_back({});
    }
    for (const LocationSummary& location : locations) {
      const std::string name =
          location.thread_index == 0 ? "Master thread" : "Thread " + std::to_string(location.thread_index);
      check(OTF2_GlobalDefWriter_WriteLocation(writer, location_id(rank, location.thread_index), string(name),
                                               OTF2_LOCATION_TYPE_CPU_THREAD, location.events,
                                               static_cast<OTF2_LocationGroupRef>(rank)),
            "location");
    }
    rank_locations.push_back(location_id(rank, 0));
  }

  const auto functions = function_table();
  for (std::size_t id = 0; id < functions.size(); ++id) {
    const FunctionInfo& function = functions[id];
    const OTF2_StringRef name = string(std::string(function.name));
    check(OTF2_GlobalDefWriter_WriteRegion(writer, static_cast<OTF2_RegionRef>(id), name, name, string(""),
                                           otf2_role(function.role), OTF2_PARADIGM_MPI, OTF2_REGION_FLAG_NONE,
                                           string(""), 0, 0),
          "region");
  }
  write_call_sites(writer, string, sites, static_cast<OTF2_RegionRef>(functions.size()));
  write_attributes(writer, string);

  // Communicators: the locations of all ranks, then each communicator's members as indices into them.
  std::vector<std::uint64_t> world_members(rank_locations.size());
  for (std::size_t i = 0; i < world_members.size(); ++i) {
    world_members[i] = i;
  }
  check(OTF2_GlobalDefWriter_WriteGroup(writer, kLocationsGroup, string(""), OTF2_GROUP_TYPE_COMM_LOCATIONS,
                                        OTF2_PARADIGM_MPI, OTF2_GROUP_FLAG_NONE,
                                        static_cast<std::uint32_t>(rank_locations.size()), rank_locations.data()),
        "group");
  check(OTF2_GlobalDefWriter_WriteGroup(writer, kWorldGroup, string(""), OTF2_GROUP_TYPE_COMM_GROUP, OTF2_PARADIGM_MPI,
                                        OTF2_GROUP_FLAG_NONE, static_cast<std::uint32_t>(world_members.size()),
                                        world_members.data()),
        "group");
  check(OTF2_GlobalDefWriter_WriteGroup(writer, kSelfGroup, string(""), OTF2_GROUP_TYPE_COMM_SELF, OTF2_PARADIGM_MPI,
                                        OTF2_GROUP_FLAG_NONE, 0, nullptr),
        "group");
  check(OTF2_GlobalDefWriter_WriteComm(writer, journal::kCommWorld, string("MPI_COMM_WORLD"), kWorldGroup,
                                       OTF2_UNDEFINED_COMM, OTF2_COMM_FLAG_NONE),
        "communicator");
  check(OTF2_GlobalDefWriter_WriteComm(writer, journal::kCommSelf, string("MPI_COMM_SELF"), kSelfGroup,
                                       OTF2_UNDEFINED_COMM, OTF2_COMM_FLAG_NONE),
        "communicator");
  // PSCW groups first, then the communicators' groups after them: group references stay dense and ascending.
  write_rma_groups(writer, string, shared);
  comms.write(
      writer, [&](const std::string& text) { return string(text); }, kWorldGroup,
      static_cast<OTF2_GroupRef>(kFirstCommGroup + shared.groups().size()), rank_locations.size());
  write_shared(writer, string, shared);
}

}  // namespace mpisight::otf2
