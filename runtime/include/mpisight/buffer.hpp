// Contiguous ranges of mapped types as message buffers, without copies: vector, span, array, string, C arrays.
#pragma once

#include <climits>
#include <cstddef>
#include <mpi.h>
#include <ranges>
#include <span>
#include <type_traits>

#include "mpisight/datatype.hpp"

namespace mpisight {

// A contiguous range whose elements map to an MPI datatype (read-only use).
template <class R>
concept ContiguousBuffer = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
    Mapped<std::remove_cv_t<std::ranges::range_value_t<R>>>;

// The same, writable.
template <class R>
concept MutableBuffer =
    ContiguousBuffer<R> && !std::is_const_v<std::remove_reference_t<std::ranges::range_reference_t<R>>>;

// A single value sent as itself (a mapped type that is not also a range of mapped elements).
template <class T>
concept MappedValue = Mapped<T> && !ContiguousBuffer<T>;

template <class R>
using BufferElement = std::remove_cv_t<std::ranges::range_value_t<R>>;

namespace detail {

// Where a message's data starts, how many elements, and their datatype.
struct RawBuffer {
  void* data;
  std::size_t count;
  MPI_Datatype type;

  [[nodiscard]] bool fits_int() const noexcept { return count <= static_cast<std::size_t>(INT_MAX); }
};

template <ContiguousBuffer R>
RawBuffer raw_buffer(R& range) {
  using Element = BufferElement<R>;
  // MPI's C interface takes void* for receive and const void* for send buffers; constness is enforced by the
  // concepts at the API, not by this cast.
  return RawBuffer{const_cast<Element*>(std::ranges::data(range)),  // NOLINT(cppcoreguidelines-pro-type-const-cast)
                   static_cast<std::size_t>(std::ranges::size(range)), datatype_of<Element>()};
}

template <MappedValue T>
RawBuffer raw_value(T& value) {
  return RawBuffer{const_cast<std::remove_cv_t<T>*>(&value), 1,  // NOLINT(cppcoreguidelines-pro-type-const-cast)
                   datatype_of<T>()};
}

// A single mapped value or a contiguous range, as MPI sees it.
template <class T>
requires ContiguousBuffer<T> || MappedValue<T> RawBuffer value_or_range(const T& data) {
  if constexpr (ContiguousBuffer<T>) {
    return raw_buffer(data);
  } else {
    return raw_value(data);
  }
}

}  // namespace detail
}  // namespace mpisight
