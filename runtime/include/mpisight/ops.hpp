// Reduction operations: standard function objects map to MPI's predefined operations on builtin types; anything
// else invocable as T(T, T) (user lambdas without captures, std::plus on a registered struct) goes through
// MPI_Op_create once per (operation, type) and is cached. User operations count as non-commutative (always
// correct) unless wrapped in mpisight::commutative(op).
#pragma once

#include <concepts>
#include <functional>
#include <mpi.h>
#include <type_traits>

#include "mpisight/datatype.hpp"

namespace mpisight {

namespace ops {

struct Max {
  template <class T>
  constexpr T operator()(const T& a, const T& b) const {
    return a < b ? b : a;
  }
};
struct Min {
  template <class T>
  constexpr T operator()(const T& a, const T& b) const {
    return b < a ? b : a;
  }
};

inline constexpr Max max{};  // NOLINT(readability-identifier-naming): reads like std::plus<>{}
inline constexpr Min min{};  // NOLINT(readability-identifier-naming)

}  // namespace ops

template <class F>
struct Commutative {
  F op;
};

// Declares a user operation commutative, letting MPI reorder its applications.
template <class F>
[[nodiscard]] constexpr Commutative<F> commutative(F op) {
  return Commutative<F>{op};
}

namespace detail {

template <class Op, class T>
MPI_Op predefined_op() {
  using O = std::remove_cvref_t<Op>;
  if constexpr (std::same_as<O, std::plus<T>> || std::same_as<O, std::plus<>>) {
    return MPI_SUM;
  } else if constexpr (std::same_as<O, std::multiplies<T>> || std::same_as<O, std::multiplies<>>) {
    return MPI_PROD;
  } else if constexpr (std::same_as<O, ops::Max>) {
    return MPI_MAX;
  } else if constexpr (std::same_as<O, ops::Min>) {
    return MPI_MIN;
  } else if constexpr (std::same_as<O, std::logical_and<T>> || std::same_as<O, std::logical_and<>>) {
    return MPI_LAND;
  } else if constexpr (std::same_as<O, std::logical_or<T>> || std::same_as<O, std::logical_or<>>) {
    return MPI_LOR;
  } else if constexpr (std::same_as<O, std::bit_and<T>> || std::same_as<O, std::bit_and<>>) {
    return MPI_BAND;
  } else if constexpr (std::same_as<O, std::bit_or<T>> || std::same_as<O, std::bit_or<>>) {
    return MPI_BOR;
  } else if constexpr (std::same_as<O, std::bit_xor<T>> || std::same_as<O, std::bit_xor<>>) {
    return MPI_BXOR;
  } else {
    return MPI_OP_NULL;
  }
}

// MPI computes inout[i] = in[i] (op) inout[i], with `in` from the lower ranks.
template <class F, class T>
void apply_user_op(void* in, void* inout, int* length, MPI_Datatype* /*type*/) {
  const F op{};
  const auto* a = static_cast<const T*>(in);
  auto* b = static_cast<T*>(inout);
  for (int i = 0; i < *length; ++i) {
    b[i] = op(a[i], b[i]);
  }
}

template <class F, class T, bool kCommutes>
MPI_Op user_op() {
  static const MPI_Op op = [] {
    MPI_Op created = MPI_OP_NULL;
    MPI_Op_create(&apply_user_op<F, T>, kCommutes ? 1 : 0, &created);
    return created;
  }();
  return op;
}

template <class Op>
struct OpTraits {
  using Function = std::remove_cvref_t<Op>;
  static constexpr bool kCommutes = false;
};
template <class F>
struct OpTraits<Commutative<F>> {
  using Function = F;
  static constexpr bool kCommutes = true;
};

}  // namespace detail

// Op can combine two T's: a predefined MPI operation for T, or a stateless function object MPI can call.
template <class Op, class T>
concept ReductionFor = Mapped<T> &&
    std::is_invocable_r_v<T, const typename detail::OpTraits<std::remove_cvref_t<Op>>::Function&, const T&, const T&>;

template <class T, class Op>
requires ReductionFor<Op, T>
[[nodiscard]] MPI_Op op_of(const Op& /*op*/) {
  using Traits = detail::OpTraits<std::remove_cvref_t<Op>>;
  using F = typename Traits::Function;
  if constexpr (Builtin<T>) {
    const MPI_Op predefined = detail::predefined_op<F, T>();
    if (predefined != MPI_OP_NULL) {
      return predefined;
    }
  }
  static_assert(std::is_empty_v<F> && std::is_default_constructible_v<F>,
                "a user reduction must be stateless (a lambda without captures or an empty function object): MPI "
                "calls it through a plain function pointer");
  return detail::user_op<F, T, Traits::kCommutes>();
}

}  // namespace mpisight
