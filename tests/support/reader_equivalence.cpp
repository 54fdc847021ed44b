// Both readers of one archive, compared event by event.
#include "reader_equivalence.hpp"

#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>

#include "trace/trace_reader.hpp"

namespace mpisight::testkit {
namespace {

constexpr const char* kLibraryReaderVariable = "MPISIGHT_OTF2_LIBRARY_READER";

class LibraryReaderSwitch {
 public:
  explicit LibraryReaderSwitch(bool library) {
    if (library) {
      setenv(kLibraryReaderVariable, "1", 1);
    } else {
      unsetenv(kLibraryReaderVariable);
    }
  }
  ~LibraryReaderSwitch() { unsetenv(kLibraryReaderVariable); }
  LibraryReaderSwitch(const LibraryReaderSwitch&) = delete;
  LibraryReaderSwitch& operator=(const LibraryReaderSwitch&) = delete;
};

template <class T>
bool same_value(const std::shared_ptr<const T>& a, const std::shared_ptr<const T>& b) {
  return a == b || (a && b && *a == *b);
}

// `to` adopts `from`'s per-peer count vectors where they hold equal values.
template <class T>
void adopt_counts(T& to, const T& from) {
  if (same_value(to.send_counts, from.send_counts)) {
    to.send_counts = from.send_counts;
  }
  if (same_value(to.recv_counts, from.recv_counts)) {
    to.recv_counts = from.recv_counts;
  }
}

// The two readers share no definitions: where `from` holds an equal value, `to` adopts its pointer, so that the
// events' defaulted comparison (which compares pointers) compares values.
void adopt_shared_values(trace::Event& to, const trace::Event& from) {
  if (to.index() != from.index()) {
    return;
  }
  if (auto* leave = std::get_if<trace::Leave>(&to)) {
    const auto& other = std::get<trace::Leave>(from);
    if (leave->collective_init && other.collective_init) {
      auto init = *leave->collective_init;
      adopt_counts(init, *other.collective_init);
      if (init == *other.collective_init) {
        leave->collective_init = other.collective_init;
      }
    }
  } else if (auto* end = std::get_if<trace::MpiCollectiveEnd>(&to)) {
    adopt_counts(*end, std::get<trace::MpiCollectiveEnd>(from));
  } else if (auto* request = std::get_if<trace::NonBlockingCollectiveRequest>(&to)) {
    adopt_counts(*request, std::get<trace::NonBlockingCollectiveRequest>(from));
  }
}

}  // namespace

std::vector<trace::Event> read_event_stream(const std::filesystem::path& archive, bool library,
                                            bool* decoded_directly) {
  const LibraryReaderSwitch reader_switch(library);
  trace::TraceReader reader(archive);
  std::vector<trace::Event> events;
  reader.read_events([&](const trace::Event& event) { events.push_back(event); });
  if (decoded_directly != nullptr) {
    *decoded_directly = reader.decoded_directly();
  }
  return events;
}

std::vector<trace::Event> expect_readers_agree(const std::filesystem::path& archive) {
  bool direct_ran = false;
  bool library_direct = true;
  std::vector<trace::Event> direct = read_event_stream(archive, false, &direct_ran);
  const std::vector<trace::Event> library = read_event_stream(archive, true, &library_direct);
  EXPECT_TRUE(direct_ran) << "the direct decoder did not read " << archive;
  EXPECT_FALSE(library_direct) << "MPISIGHT_OTF2_LIBRARY_READER=1 did not force the library reader";
  EXPECT_EQ(direct.size(), library.size());
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < std::min(direct.size(), library.size()) && mismatches < 5; ++i) {
    adopt_shared_values(direct[i], library[i]);
    if (!(direct[i] == library[i])) {
      ++mismatches;
      ADD_FAILURE() << "event " << i << " differs: direct alternative " << direct[i].index() << " at "
                    << trace::event_time_ns(direct[i]) << " on location " << trace::event_location(direct[i])
                    << ", library alternative " << library[i].index() << " at " << trace::event_time_ns(library[i])
                    << " on location " << trace::event_location(library[i]);
    }
  }
  for (std::size_t i = 1; i < direct.size(); ++i) {
    const auto before = std::pair(trace::event_time_ns(direct[i - 1]), trace::event_location(direct[i - 1]));
    const auto after = std::pair(trace::event_time_ns(direct[i]), trace::event_location(direct[i]));
    // Within a location file order rules (times never decrease there); across locations, the earlier time and
    // then the lower location id come first.
    if (before.second != after.second && !(before < after)) {
      ADD_FAILURE() << "event " << i << " is out of (time, location) order";
      break;
    }
  }
  return direct;
}

}  // namespace mpisight::testkit
