// Object messages: STL containers, strings, maps, optionals and user structs with a serialization hook travel
// intact; receives use a matched probe, so concurrent senders with kAnySource never mix up sizes and payloads.
#include "mpisight/object.hpp"

#include <gtest/gtest.h>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "mpisight/collectives.hpp"

namespace inventory {

struct Item {
  std::string name;
  int count = 0;
  std::vector<double> prices;
  std::map<std::string, std::set<int>> tags;
  std::optional<std::string> note;

  bool operator==(const Item&) const = default;
};

template <class Archive>
void mpisight_serialize(Archive& ar, Item& item) {
  ar(item.name, item.count, item.prices, item.tags, item.note);
}

}  // namespace inventory

namespace {

using inventory::Item;

Item item_of(int rank, int i) {
  Item item;
  item.name = "item-" + std::to_string(rank) + "-" + std::to_string(i) + std::string(static_cast<std::size_t>(i), 'x');
  item.count = rank * 100 + i;
  for (int k = 0; k < i; ++k) {
    item.prices.push_back(rank + k * 0.5);
  }
  item.tags["even"] = {0, 2, rank * 2};
  item.tags["r" + std::to_string(rank)] = {i};
  if (i % 2 == 0) {
    item.note = "note " + std::to_string(i);
  }
  return item;
}

TEST(Object, RoundTripWithoutMpi) {
  const Item item = item_of(3, 5);
  EXPECT_EQ(mpisight::deserialize<Item>(mpisight::serialize(item)), item);
  const std::unordered_map<int, std::vector<std::string>> table{{1, {"a", "bc"}}, {7, {}}};
  EXPECT_EQ((mpisight::deserialize<std::unordered_map<int, std::vector<std::string>>>(mpisight::serialize(table))),
            table);
  auto bytes = mpisight::serialize(std::string("truncated"));
  bytes.pop_back();
  EXPECT_THROW(mpisight::deserialize<std::string>(bytes), mpisight::DecodeError);
}

TEST(Object, UserStructsAndContainersArriveIntact) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  // Even ranks send first, odd ranks receive first: a ring without relying on buffering.
  std::vector<Item> items;
  for (int i = 0; i < 6; ++i) {
    items.push_back(item_of(comm.rank(), i));
  }
  const std::map<std::string, std::vector<int>> index{{"rank", {comm.rank()}}, {"all", {1, 2, 3}}};
  std::vector<Item> got;
  std::map<std::string, std::vector<int>> got_index;
  mpisight::Status status;
  if (comm.rank() % 2 == 0) {
    mpisight::send_object(comm, items, right, 4);
    mpisight::send_object(comm, index, right, 5);
    got = mpisight::recv_object<std::vector<Item>>(comm, left, 4, &status);
    got_index = mpisight::recv_object<std::map<std::string, std::vector<int>>>(comm, left, 5);
  } else {
    got = mpisight::recv_object<std::vector<Item>>(comm, left, 4, &status);
    got_index = mpisight::recv_object<std::map<std::string, std::vector<int>>>(comm, left, 5);
    mpisight::send_object(comm, items, right, 4);
    mpisight::send_object(comm, index, right, 5);
  }
  EXPECT_EQ(status.source(), left);
  EXPECT_EQ(status.tag(), 4);
  ASSERT_EQ(got.size(), 6U);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(got[static_cast<std::size_t>(i)], item_of(left, i));
  }
  EXPECT_EQ(got_index, (std::map<std::string, std::vector<int>>{{"rank", {left}}, {"all", {1, 2, 3}}}));
}

// Every other rank sends rank 0 objects of different sizes at once; each receive must get one whole message.
TEST(Object, AnySourceReceivesAreMatched) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  constexpr int kPerRank = 20;
  if (comm.rank() == 0) {
    std::map<int, int> next;  // per sender, the next expected sequence number (MPI keeps pairwise order)
    for (int n = 0; n < kPerRank * (comm.size() - 1); ++n) {
      mpisight::Status status;
      const auto got = mpisight::recv_object<std::tuple<int, int, std::string>>(comm, mpisight::kAnySource, 9, &status);
      const auto& [from, seq, text] = got;
      EXPECT_EQ(from, status.source());
      EXPECT_EQ(seq, next[from]++);
      EXPECT_EQ(text, std::string(static_cast<std::size_t>(seq * 37 + from), static_cast<char>('A' + from)));
    }
    for (int r = 1; r < comm.size(); ++r) {
      EXPECT_EQ(next[r], kPerRank);
    }
  } else {
    for (int seq = 0; seq < kPerRank; ++seq) {
      mpisight::send_object(comm,
                            std::tuple{comm.rank(), seq,
                                       std::string(static_cast<std::size_t>(seq * 37 + comm.rank()),
                                                   static_cast<char>('A' + comm.rank()))},
                            0, 9);
    }
  }
}

TEST(Object, BroadcastOfAnObject) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int root = comm.size() - 1;
  Item item;
  if (comm.rank() == root) {
    item = item_of(root, 9);
  }
  mpisight::bcast_object(comm, item, root);
  EXPECT_EQ(item, item_of(root, 9));
}

}  // namespace
