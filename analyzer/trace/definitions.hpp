// The global definitions of a trace as plain C++ values: names are strings, references are IDs into these maps,
// and every communicator is resolved to the world ranks of its members. Free of OTF2 headers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schema/attributes.hpp"

namespace mpisight::trace {

using StringId = std::uint32_t;
using SystemTreeNodeId = std::uint32_t;
using LocationGroupId = std::uint32_t;
using LocationId = std::uint64_t;
using RegionId = std::uint32_t;
using GroupId = std::uint32_t;
using CommId = std::uint32_t;
using RequestId = std::uint64_t;
using WorldRank = std::uint32_t;
using AttributeId = std::uint32_t;
using SourceLocationId = std::uint32_t;
using CallingContextId = std::uint32_t;
using RmaWinId = std::uint32_t;
using IoFileId = std::uint32_t;
using IoHandleId = std::uint32_t;

// The enumerators below carry the numeric values of the OTF2 enums they mirror (checked in definitions.cpp),
// so values this list does not name still round-trip.

enum class RegionRole : std::uint8_t {
  kUnknown = 0,
  kFunction = 1,
  kWrapper = 2,
  kLoop = 3,
  kCode = 4,
  kParallel = 5,
  kSections = 6,
  kSection = 7,
  kWorkshare = 8,
  kSingle = 9,
  kSingleSblock = 10,
  kMaster = 11,
  kCritical = 12,
  kCriticalSblock = 13,
  kAtomic = 14,
  kBarrier = 15,
  kImplicitBarrier = 16,
  kFlush = 17,
  kOrdered = 18,
  kOrderedSblock = 19,
  kTask = 20,
  kTaskCreate = 21,
  kTaskWait = 22,
  kCollOne2All = 23,
  kCollAll2One = 24,
  kCollAll2All = 25,
  kCollOther = 26,
  kFileIo = 27,
  kPoint2Point = 28,
  kRma = 29,
  kDataTransfer = 30,
  kArtificial = 31,
  kThreadCreate = 32,
  kThreadWait = 33,
  kTaskUntied = 34,
  kAllocate = 35,
  kDeallocate = 36,
  kReallocate = 37,
  kFileIoMetadata = 38,
};

enum class Paradigm : std::uint8_t {
  kUnknown = 0,
  kUser = 1,
  kCompiler = 2,
  kOpenMp = 3,
  kMpi = 4,
  kCuda = 5,
  kMeasurementSystem = 6,
  kPthread = 7,
  kHmpp = 8,
  kOmpss = 9,
  kHardware = 10,
  kGaspi = 11,
  kUpc = 12,
  kShmem = 13,
  kWinthread = 14,
  kQtthread = 15,
  kAcethread = 16,
  kTbbthread = 17,
  kOpenAcc = 18,
  kOpenCl = 19,
  kMtapi = 20,
  kSampling = 21,
  kNone = 22,
  kHip = 23,
  kKokkos = 24,
};

enum class LocationType : std::uint8_t { kUnknown = 0, kCpuThread = 1, kAcceleratorStream = 2, kMetric = 3 };

enum class LocationGroupType : std::uint8_t { kUnknown = 0, kProcess = 1, kAccelerator = 2 };

enum class GroupType : std::uint8_t {
  kUnknown = 0,
  kLocations = 1,
  kRegions = 2,
  kMetric = 3,
  kCommLocations = 4,  // members are location IDs; member index = rank in the paradigm's world
  kCommGroup = 5,      // members are indices into the paradigm's kCommLocations group
  kCommSelf = 6,       // the group of MPI_COMM_SELF: no members, means "the calling rank"
};

// Timestamps in the archive are ticks; `timer_resolution` ticks make one second, tick `global_offset` is time 0.
struct ClockProperties {
  std::uint64_t timer_resolution = 1'000'000'000;
  std::uint64_t global_offset = 0;
  std::uint64_t trace_length = 0;        // ticks
  std::uint64_t realtime_timestamp = 0;  // wall-clock time of `global_offset`, as the writer recorded it
  bool defined = false;                  // false: the archive had no ClockProperties (defaults above apply)
};

struct SystemTreeNode {
  SystemTreeNodeId id = 0;
  std::string name;
  std::string class_name;
  std::optional<SystemTreeNodeId> parent;
};

struct LocationGroup {
  LocationGroupId id = 0;
  std::string name;
  LocationGroupType type = LocationGroupType::kUnknown;
  std::optional<SystemTreeNodeId> system_tree_parent;
  std::optional<LocationGroupId> creating_location_group;
  std::optional<WorldRank> world_rank;  // derived: the MPI rank this process is, if it is one
};

struct Location {
  LocationId id = 0;
  std::string name;
  LocationType type = LocationType::kUnknown;
  std::uint64_t number_of_events = 0;
  LocationGroupId location_group = 0;
  std::optional<WorldRank> world_rank;  // derived from the location group: every thread of a rank has its rank
};

struct Region {
  RegionId id = 0;
  std::string name;
  std::string canonical_name;
  std::string description;
  RegionRole role = RegionRole::kUnknown;
  Paradigm paradigm = Paradigm::kUnknown;
  std::uint32_t flags = 0;
  std::string source_file;
  std::uint32_t begin_line = 0;
  std::uint32_t end_line = 0;
};

struct Group {
  GroupId id = 0;
  std::string name;
  GroupType type = GroupType::kUnknown;
  Paradigm paradigm = Paradigm::kUnknown;
  std::uint32_t flags = 0;
  std::vector<std::uint64_t> members;  // meaning depends on `type`, see GroupType
};

// A Comm definition, or an InterComm one (`remote_group` set): then `group` and `remote_group` are OTF2's
// groups A and B, and a peer rank names a process of the group the caller is not in.
struct Communicator {
  CommId id = 0;
  std::string name;
  GroupId group = 0;
  std::optional<GroupId> remote_group;  // intercommunicators only
  std::optional<CommId> parent;         // intercommunicators: the common (peer) communicator
  std::uint32_t flags = 0;
  bool is_self = false;                       // MPI_COMM_SELF-like: rank 0 is whoever uses it
  std::vector<WorldRank> world_ranks;         // derived: world_ranks[rank in comm]; empty when is_self
  std::vector<WorldRank> remote_world_ranks;  // derived, intercommunicators: the ranks of group B

  [[nodiscard]] bool is_inter() const noexcept { return remote_group.has_value(); }
};

// An RMA window: its members are those of `comm`, and a remote rank in an RMA record is a rank in `comm`.
struct RmaWindow {
  RmaWinId id = 0;
  std::string name;
  CommId comm = 0;
  std::uint32_t flags = 0;
};

// An MPI-IO file (OTF2 IoRegularFile or IoDirectory): `name` is the path the program opened it by.
struct IoFile {
  IoFileId id = 0;
  std::string name;
  bool directory = false;
};

// An open file (OTF2 IoHandle): one process's MPI_File, over the ranks of `comm`.
struct IoHandle {
  IoHandleId id = 0;
  std::string name;
  std::optional<IoFileId> file;
  std::uint32_t flags = 0;  // OTF2_IoHandleFlag
  std::optional<CommId> comm;
  std::optional<IoHandleId> parent;
};

struct SourceCodeLocation {
  SourceLocationId id = 0;
  std::string file;
  std::uint32_t line = 0;
};

struct CallingContext {
  CallingContextId id = 0;
  RegionId region = 0;
  std::optional<SourceLocationId> source_location;
  std::optional<CallingContextId> parent;
};

// An OTF2 attribute definition; `type` is the OTF2_Type value.
struct AttributeDefinition {
  AttributeId id = 0;
  std::string name;
  std::string description;
  std::uint8_t type = 0;
};

// Where user code made a call: the calling function and, when known, file and line.
struct CallSite {
  std::string function;
  std::string file;  // empty when unknown
  std::uint32_t line = 0;
};

struct TraceDefinitions {
  ClockProperties clock;
  std::map<StringId, std::string> strings;
  std::map<SystemTreeNodeId, SystemTreeNode> system_tree_nodes;
  std::map<LocationGroupId, LocationGroup> location_groups;
  std::map<LocationId, Location> locations;
  std::map<RegionId, Region> regions;
  std::map<GroupId, Group> groups;
  std::map<CommId, Communicator> comms;
  std::map<RmaWinId, RmaWindow> windows;
  std::map<IoFileId, IoFile> io_files;
  std::map<IoHandleId, IoHandle> io_handles;
  std::map<SourceLocationId, SourceCodeLocation> source_locations;
  std::map<CallingContextId, CallingContext> calling_contexts;
  std::map<AttributeId, AttributeDefinition> attributes;
  // derived: attribute ids whose names the schema knows (runtime/schema/attributes.hpp); others are ignored
  std::map<AttributeId, schema::Attribute> schema_attributes;
  std::vector<LocationId> rank_locations;  // derived: rank_locations[world rank] = that rank's MPI location

  [[nodiscard]] std::size_t world_size() const noexcept { return rank_locations.size(); }

  // The world rank behind `rank_in_comm` of `comm`, as seen from `caller` (needed for self-communicators).
  [[nodiscard]] std::optional<WorldRank> world_rank(CommId comm, std::uint32_t rank_in_comm, LocationId caller) const;
  [[nodiscard]] std::optional<WorldRank> world_rank_of(LocationId location) const;
  [[nodiscard]] std::optional<LocationId> location_of(WorldRank rank) const;

  // "MPI_Send", or "<region 7>" when the ID is undefined, so printers never need to handle a miss.
  [[nodiscard]] std::string region_name(RegionId region) const;
  [[nodiscard]] const Region* find_region(RegionId region) const;
  // The function, file and line of a calling context (an Enter's call_site); nullopt when it is undefined.
  [[nodiscard]] std::optional<CallSite> call_site(CallingContextId context) const;
  // The name of the file an I/O handle is open on (the handle's own name if its file is unknown), or "".
  [[nodiscard]] std::string io_file_name(IoHandleId handle) const;
};

}  // namespace mpisight::trace
