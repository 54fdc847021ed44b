// Computes datatype signatures from their type maps at commit time and keeps them for the hot path.
// A type map is walked as runs of (basic type, count); nested repetitions multiply counts instead of
// unrolling them whenever the repeated part is a single run. A mixed sequence is hashed as its shortest period.
#include "semantics/type_signature.hpp"

#include <utility>
#include <vector>

#include "core/no_destroy.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/repeat_keys.hpp"
#include "semantics/signature_period.hpp"

namespace mpisight::interpose {
namespace shape_cache {

void TypeShapeTable::store(MPI_Datatype type, const TypeShape& shape) noexcept {
  repeat_keys::handles_changed();  // a reused handle's records change
  const auto key = static_cast<std::uint32_t>(type);
  const std::size_t start = home(key);
  for (std::size_t probe = 0; probe < kSlots; ++probe) {
    Slot& slot = slots_[(start + probe) & (kSlots - 1)];
    std::uint32_t seen = slot.key.load(std::memory_order_relaxed);
    // A handle committed again (MPICH reuses freed handles) takes its old slot over.
    if ((seen == kEmpty || seen == key) &&
        slot.key.compare_exchange_strong(seen, kFilling, std::memory_order_acquire)) {
      slot.shape = shape;
      slot.key.store(key, std::memory_order_release);
      return;
    }
  }
}

TypeShapeTable& type_shapes() noexcept {
  static ::mpisight::detail::NoDestroy<TypeShapeTable> table;
  return *table;
}

}  // namespace shape_cache

namespace {

constexpr std::size_t kMaxRuns = 1U << 16U;  // longer basic-type sequences get an unknown signature
constexpr int kMaxDepth = 32;

class Runs {
 public:
  void add(std::uint32_t basic, std::uint64_t count) {
    if (count == 0) {
      return;
    }
    if (!runs_.empty() && runs_.back().first == basic) {
      runs_.back().second += count;
    } else if (runs_.size() < kMaxRuns) {
      runs_.emplace_back(basic, count);
    } else {
      failed_ = true;
    }
  }
  void append(const Runs& part, std::uint64_t times) {
    failed_ = failed_ || part.failed_;
    if (part.runs_.size() == 1) {
      add(part.runs_[0].first, part.runs_[0].second * times);
      return;
    }
    if (times * part.runs_.size() > kMaxRuns) {
      failed_ = true;
      return;
    }
    for (std::uint64_t i = 0; i < times && !failed_; ++i) {
      for (const auto& [basic, count] : part.runs_) {
        add(basic, count);
      }
    }
  }
  void fail() { failed_ = true; }
  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] const std::vector<std::pair<std::uint32_t, std::uint64_t>>& runs() const { return runs_; }

 private:
  std::vector<std::pair<std::uint32_t, std::uint64_t>> runs_;
  bool failed_ = false;
};

std::uint64_t non_negative(int value) {
  return value < 0 ? 0 : static_cast<std::uint64_t>(value);
}

Runs sequence_of(MPI_Datatype type, int depth);

// Contents of a derived type, with the datatypes it returns freed again when they are derived themselves.
struct Contents {
  std::vector<int> ints;
  std::vector<MPI_Aint> addresses;
  std::vector<MPI_Datatype> types;
  int combiner = MPI_COMBINER_NAMED;
  bool ok = false;

  explicit Contents(MPI_Datatype type) {
    int ni = 0;
    int na = 0;
    int nd = 0;
    if (PMPI_Type_get_envelope(type, &ni, &na, &nd, &combiner) != MPI_SUCCESS) {
      return;
    }
    if (combiner == MPI_COMBINER_NAMED) {
      ok = true;
      return;
    }
    ints.resize(static_cast<std::size_t>(ni));
    addresses.resize(static_cast<std::size_t>(na));
    types.resize(static_cast<std::size_t>(nd));
    ok = PMPI_Type_get_contents(type, ni, na, nd, ints.data(), addresses.data(), types.data()) == MPI_SUCCESS;
    if (!ok) {
      types.clear();
    }
  }
  Contents(const Contents&) = delete;
  Contents& operator=(const Contents&) = delete;
  ~Contents() {
    for (MPI_Datatype& inner : types) {
      int ni = 0;
      int na = 0;
      int nd = 0;
      int inner_combiner = MPI_COMBINER_NAMED;
      if (PMPI_Type_get_envelope(inner, &ni, &na, &nd, &inner_combiner) == MPI_SUCCESS &&
          inner_combiner != MPI_COMBINER_NAMED) {
        PMPI_Type_free(&inner);
      }
    }
  }
};

std::uint64_t sum(const std::vector<int>& ints, std::size_t first, std::size_t count) {
  std::uint64_t total = 0;
  for (std::size_t i = first; i < first + count && i < ints.size(); ++i) {
    total += non_negative(ints[i]);
  }
  return total;
}

Runs sequence_of(MPI_Datatype type, int depth) {
  Runs result;
  const Contents contents(type);
  if (!contents.ok || depth > kMaxDepth) {
    result.fail();
    return result;
  }
  const std::vector<int>& i = contents.ints;
  auto repeat = [&](std::uint64_t times) { result.append(sequence_of(contents.types.at(0), depth + 1), times); };
  switch (contents.combiner) {
    case MPI_COMBINER_NAMED:
    case MPI_COMBINER_F90_REAL:
    case MPI_COMBINER_F90_COMPLEX:
    case MPI_COMBINER_F90_INTEGER: result.add(static_cast<std::uint32_t>(type), 1); break;
    case MPI_COMBINER_DUP:
    case MPI_COMBINER_RESIZED: repeat(1); break;
    case MPI_COMBINER_CONTIGUOUS: repeat(non_negative(i.at(0))); break;
    case MPI_COMBINER_VECTOR:
    case MPI_COMBINER_HVECTOR:
    case MPI_COMBINER_INDEXED_BLOCK:
    case MPI_COMBINER_HINDEXED_BLOCK: repeat(non_negative(i.at(0)) * non_negative(i.at(1))); break;
    case MPI_COMBINER_INDEXED:
    case MPI_COMBINER_HINDEXED: repeat(sum(i, 1, non_negative(i.at(0)))); break;
    case MPI_COMBINER_STRUCT: {
      const std::size_t count = non_negative(i.at(0));
      for (std::size_t k = 0; k < count && !result.failed(); ++k) {
        result.append(sequence_of(contents.types.at(k), depth + 1), non_negative(i.at(1 + k)));
      }
      break;
    }
    case MPI_COMBINER_SUBARRAY: {
      const std::size_t dims = non_negative(i.at(0));
      std::uint64_t elements = 1;
      for (std::size_t d = 0; d < dims; ++d) {
        elements *= non_negative(i.at(1 + dims + d));  // subsizes
      }
      repeat(elements);
      break;
    }
    default: {
      // Darray and the like: a homogeneous old type repeats size / basic size times; others stay unknown.
      const Runs inner = contents.types.size() == 1 ? sequence_of(contents.types[0], depth + 1) : Runs{};
      MPI_Count size = 0;
      MPI_Count basic_size = 0;
      if (!inner.failed() && inner.runs().size() == 1 && PMPI_Type_size_c(type, &size) == MPI_SUCCESS &&
          PMPI_Type_size_c(static_cast<MPI_Datatype>(inner.runs()[0].first), &basic_size) == MPI_SUCCESS &&
          basic_size > 0) {
        result.add(inner.runs()[0].first, static_cast<std::uint64_t>(size / basic_size));
      } else {
        result.fail();
      }
      break;
    }
  }
  return result;
}

std::uint64_t hash_runs(const std::vector<std::pair<std::uint32_t, std::uint64_t>>& runs) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a over (basic, count) words
  auto mix = [&](std::uint64_t word) {
    for (int byte = 0; byte < 8; ++byte) {
      hash ^= (word >> (8 * byte)) & 0xffU;
      hash *= 0x100000001b3ULL;
    }
  };
  for (const auto& [basic, count] : runs) {
    mix(basic);
    mix(count);
  }
  return hash | schema::kMixedSignatureBit;
}

// Type-map errors must not reach the program's error handler: they are the tracer's business.
class QuietErrors {
 public:
  QuietErrors() {
    PMPI_Comm_get_errhandler(MPI_COMM_SELF, &saved_);
    PMPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
  }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  ~QuietErrors() {
    PMPI_Comm_set_errhandler(MPI_COMM_SELF, saved_);
    PMPI_Errhandler_free(&saved_);
  }

 private:
  MPI_Errhandler saved_ = MPI_ERRHANDLER_NULL;
};

}  // namespace

namespace {

// The type's layout in memory, for buffer ranges; left unknown (true extent 0) if MPI cannot say.
void add_layout(MPI_Datatype type, TypeShape& shape) noexcept {
  MPI_Count lb = 0;
  MPI_Count extent = 0;
  MPI_Count true_lb = 0;
  MPI_Count true_extent = 0;
  if (PMPI_Type_get_extent_c(type, &lb, &extent) == MPI_SUCCESS &&
      PMPI_Type_get_true_extent_c(type, &true_lb, &true_extent) == MPI_SUCCESS && true_extent > 0) {
    shape.true_lb = true_lb;
    shape.extent = extent;
    shape.true_extent = true_extent;
  }
}

TypeShape signature_shape(MPI_Datatype type) noexcept {
  try {
    const Runs sequence = sequence_of(type, 0);
    if (sequence.failed() || sequence.runs().empty()) {
      return {};
    }
    if (sequence.runs().size() == 1) {
      const auto [basic, count] = sequence.runs()[0];
      return {basic, count, type_size(static_cast<MPI_Datatype>(basic))};
    }
    // The hash names the shortest repeating part, and each repetition counts as one element, so equal type maps
    // over a whole message compare equal however the program grouped them into items.
    const Period period = shortest_period(sequence.runs());
    return {hash_runs(period.runs), period.repeats, type_size(type) / period.repeats};
  } catch (...) {  // bad_alloc, or contents shorter than the standard promises
    return {};
  }
}

}  // namespace

TypeShape compute_type_shape(MPI_Datatype type) noexcept {
  const QuietErrors quiet;
  TypeShape shape = signature_shape(type);
  add_layout(type, shape);
  return shape;
}

void remember_predefined_types() noexcept {
  for (MPI_Datatype type : {MPI_FLOAT_INT, MPI_DOUBLE_INT, MPI_LONG_INT, MPI_SHORT_INT, MPI_LONG_DOUBLE_INT}) {
    if (type != MPI_DATATYPE_NULL && (static_cast<std::uint32_t>(type) >> 30U) != 1U) {
      shape_cache::type_shapes().store(type, compute_type_shape(type));
    }
  }
}

int Semantics<Fn::MPI_Type_commit>::call(CallScope& /*scope*/, decltype(&PMPI_Type_commit) pmpi,
                                         MPI_Datatype* datatype) {
  const int result = pmpi(datatype);
  if (result == MPI_SUCCESS) {
    shape_cache::type_shapes().store(*datatype, compute_type_shape(*datatype));
  }
  return result;
}

}  // namespace mpisight::interpose
