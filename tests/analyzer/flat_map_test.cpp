// FlatMap (analyzer/model/flat_map.hpp): lookups, inserts and erases agree with std::map under heavy churn,
// including keys that collide and probe runs that wrap around the table's end.
#include "model/flat_map.hpp"

#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <string>

namespace mpisight::analyzer {
namespace {

// Every key in one bucket: probe runs are long and wrap.
struct CollidingHash {
  std::size_t operator()(std::uint64_t /*key*/) const noexcept { return 7; }
};

template <class Map>
void expect_same(const Map& flat, const std::map<std::uint64_t, std::string>& reference) {
  ASSERT_EQ(flat.size(), reference.size());
  for (const auto& [key, value] : reference) {
    const std::string* found = flat.find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value);
  }
  std::size_t seen = 0;
  flat.for_each([&](std::uint64_t key, const std::string& value) {
    ++seen;
    EXPECT_EQ(reference.at(key), value);
  });
  EXPECT_EQ(seen, reference.size());
}

template <class Hash>
void churn(unsigned seed) {
  FlatMap<std::uint64_t, std::string, Hash> flat;
  std::map<std::uint64_t, std::string> reference;
  std::mt19937_64 random(seed);
  for (int step = 0; step < 20000; ++step) {
    // Aligned keys from a small range, like request handles and variable addresses.
    const std::uint64_t key = (random() % 64) * 16;
    switch (random() % 3) {
      case 0: {
        auto [value, made] = flat.try_emplace(key, std::to_string(step));
        auto [it, inserted] = reference.try_emplace(key, std::to_string(step));
        EXPECT_EQ(made, inserted);
        EXPECT_EQ(*value, it->second);
        break;
      }
      case 1: EXPECT_EQ(flat.erase(key), reference.erase(key) == 1); break;
      default: EXPECT_EQ(flat.contains(key), reference.contains(key)); break;
    }
    if (step % 1000 == 0) {
      expect_same(flat, reference);
    }
  }
  expect_same(flat, reference);
}

TEST(FlatMap, AgreesWithStdMapUnderChurn) {
  churn<std::hash<std::uint64_t>>(1);
  churn<std::hash<std::uint64_t>>(2);
}

TEST(FlatMap, AgreesWithStdMapWhenEveryKeyCollides) {
  churn<CollidingHash>(3);
}

TEST(FlatMap, EraseIfSeesEachEntryOnceAndKeepsTheRest) {
  FlatMap<std::uint64_t, std::string, CollidingHash> flat;
  for (std::uint64_t key = 0; key < 40; ++key) {
    flat[key] = std::to_string(key);
  }
  std::map<std::uint64_t, int> seen;
  flat.erase_if([&](std::uint64_t key, std::string& /*value*/) {
    ++seen[key];
    return key % 3 == 0;
  });
  EXPECT_EQ(seen.size(), 40u);
  for (const auto& [key, times] : seen) {
    EXPECT_EQ(times, 1) << key;
    EXPECT_EQ(flat.contains(key), key % 3 != 0) << key;
  }
  EXPECT_EQ(flat.size(), 26u);
}

TEST(FlatMap, EraseValueErasesTheEntryFoundAndKeepsTheRest) {
  FlatMap<std::uint64_t, std::string, CollidingHash> flat;  // one probe run: erasing shifts later entries up
  for (std::uint64_t key = 0; key < 20; ++key) {
    flat[key] = std::to_string(key);
  }
  for (std::uint64_t key = 0; key < 20; key += 2) {
    flat.erase_value(flat.find(key));
  }
  flat.erase_value(flat.try_emplace(99, "new").first);
  EXPECT_EQ(flat.size(), 10u);
  for (std::uint64_t key = 0; key < 20; ++key) {
    ASSERT_EQ(flat.contains(key), key % 2 == 1) << key;
    if (key % 2 == 1) {
      EXPECT_EQ(*flat.find(key), std::to_string(key));
    }
  }
  EXPECT_FALSE(flat.contains(99));
}

TEST(FlatMap, InsertOrAssignAndIndexReplaceOrMake) {
  FlatMap<std::uint64_t, std::string> flat;
  EXPECT_TRUE(flat.empty());
  EXPECT_EQ(flat.find(5), nullptr);
  flat.insert_or_assign(5, "a");
  flat.insert_or_assign(5, "b");
  flat[6] += "c";
  EXPECT_EQ(*flat.find(5), "b");
  EXPECT_EQ(*flat.find(6), "c");
  EXPECT_EQ(flat.size(), 2u);
  EXPECT_FALSE(flat.erase(7));
}

}  // namespace
}  // namespace mpisight::analyzer
