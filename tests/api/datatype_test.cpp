// Datatypes: std::array, C arrays and registered aggregates map to derived datatypes built once and cached;
// arrays of registered structs (with padding) arrive intact, field by field.
#include <array>
#include <complex>
#include <cstdint>
#include <gtest/gtest.h>
#include <tuple>
#include <vector>

#include "mpisight/p2p.hpp"

namespace geometry {

// Padding after `id` and at the end: the datatype must skip it and keep the extent at sizeof.
struct Particle {
  double x;
  std::int32_t id;
  double velocity[3];
  char kind;
};

constexpr auto mpisight_fields(mpisight::TypeTag<Particle>) {
  return std::tuple{&Particle::x, &Particle::id, &Particle::velocity, &Particle::kind};
}

struct Cell {
  std::array<float, 4> corners;
  Particle centre;
  std::complex<double> field;
};

constexpr auto mpisight_fields(mpisight::TypeTag<Cell>) {
  return std::tuple{&Cell::corners, &Cell::centre, &Cell::field};
}

}  // namespace geometry

namespace {

using geometry::Cell;
using geometry::Particle;

static_assert(mpisight::Mapped<Particle>);
static_assert(mpisight::Mapped<Cell>);
static_assert(mpisight::Mapped<std::array<std::array<int, 2>, 3>>);
static_assert(!mpisight::Mapped<std::vector<int>>);
static_assert(!mpisight::Builtin<Particle>);

struct Unregistered {
  int a;
};
static_assert(!mpisight::Mapped<Unregistered>);

Particle particle(int rank, int i) {
  Particle p{};
  p.x = rank + i * 0.25;
  p.id = rank * 1000 + i;
  p.velocity[0] = i;
  p.velocity[1] = -i;
  p.velocity[2] = rank;
  p.kind = static_cast<char>('a' + (i % 26));
  return p;
}

void expect_particle(const Particle& got, const Particle& want) {
  EXPECT_EQ(got.x, want.x);
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.velocity[0], want.velocity[0]);
  EXPECT_EQ(got.velocity[1], want.velocity[1]);
  EXPECT_EQ(got.velocity[2], want.velocity[2]);
  EXPECT_EQ(got.kind, want.kind);
}

TEST(Datatype, BuiltOnceAndCached) {
  const mpisight::Environment env;
  const MPI_Datatype first = mpisight::datatype_of<Particle>();
  EXPECT_EQ(first, mpisight::datatype_of<Particle>());
  MPI_Aint lb = -1;
  MPI_Aint extent = 0;
  MPI_Type_get_extent(first, &lb, &extent);
  EXPECT_EQ(lb, 0);
  EXPECT_EQ(extent, static_cast<MPI_Aint>(sizeof(Particle)));
  int size = 0;
  MPI_Type_size(first, &size);
  EXPECT_EQ(size, static_cast<int>(sizeof(double) + sizeof(std::int32_t) + 3 * sizeof(double) + 1));
  EXPECT_EQ(mpisight::datatype_of<int>(), MPI_INT);
  EXPECT_EQ(mpisight::datatype_of<std::complex<float>>(), MPI_CXX_FLOAT_COMPLEX);
  EXPECT_EQ(mpisight::datatype_of<std::byte>(), MPI_BYTE);
}

TEST(Datatype, ArraysOfRegisteredStructsArriveFieldByField) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  std::vector<Particle> mine;
  for (int i = 0; i < 33; ++i) {
    mine.push_back(particle(comm.rank(), i));
  }
  std::vector<Particle> got(33);
  const auto status = mpisight::sendrecv(comm, mine, right, 1, got, left, 1);
  EXPECT_EQ(status.count<Particle>(), 33);
  for (int i = 0; i < 33; ++i) {
    expect_particle(got[static_cast<std::size_t>(i)], particle(left, i));
  }
}

TEST(Datatype, NestedAggregatesAndStdArrays) {
  const mpisight::Environment env;
  const auto comm = mpisight::world().dup();
  const int right = (comm.rank() + 1) % comm.size();
  const int left = (comm.rank() + comm.size() - 1) % comm.size();
  Cell cell{};
  cell.corners = {1.0F * comm.rank(), 2.0F, 3.0F, 4.5F};
  cell.centre = particle(comm.rank(), 7);
  cell.field = {0.5 * comm.rank(), -1.0};
  const std::array<std::array<int, 2>, 3> grid{{{comm.rank(), 1}, {2, 3}, {4, comm.rank() * 5}}};
  std::vector<Cell> got(1);
  mpisight::sendrecv(comm, cell, right, 2, got, left, 2);
  EXPECT_EQ(got[0].corners, (std::array<float, 4>{1.0F * left, 2.0F, 3.0F, 4.5F}));
  expect_particle(got[0].centre, particle(left, 7));
  EXPECT_EQ(got[0].field, std::complex<double>(0.5 * left, -1.0));
  std::array<std::array<std::array<int, 2>, 3>, 1> got_grid{};
  mpisight::sendrecv(comm, grid, right, 3, got_grid, left, 3);
  EXPECT_EQ(got_grid[0], (std::array<std::array<int, 2>, 3>{{{left, 1}, {2, 3}, {4, left * 5}}}));
}

}  // namespace
