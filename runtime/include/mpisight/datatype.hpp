// Which C++ types map to an MPI datatype: arithmetic types, std::complex, std::byte, std::array and C arrays of
// mapped types, and trivially copyable aggregates registered once with mpisight_fields (built once, cached).
//
// Registration: in the type's namespace,
//   constexpr auto mpisight_fields(mpisight::TypeTag<Particle>) { return std::tuple{&Particle::x, &Particle::id}; }
// Every non-static member should be listed; the type's extent is sizeof(T), so arrays of T work.
#pragma once

#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <mpi.h>
#include <tuple>
#include <type_traits>

namespace mpisight {

template <class T>
struct TypeTag {};

namespace detail {

template <class T>
struct BuiltinType {
  static constexpr bool kMapped = false;
};

#define MPISIGHT_BUILTIN(cpp_type, mpi_type)                     \
  template <>                                                    \
  struct BuiltinType<cpp_type> {                                 \
    static constexpr bool kMapped = true;                        \
    static MPI_Datatype datatype() noexcept { return mpi_type; } \
  }

MPISIGHT_BUILTIN(char, MPI_CHAR);
MPISIGHT_BUILTIN(signed char, MPI_SIGNED_CHAR);
MPISIGHT_BUILTIN(unsigned char, MPI_UNSIGNED_CHAR);
MPISIGHT_BUILTIN(wchar_t, MPI_WCHAR);
MPISIGHT_BUILTIN(short, MPI_SHORT);
MPISIGHT_BUILTIN(unsigned short, MPI_UNSIGNED_SHORT);
MPISIGHT_BUILTIN(int, MPI_INT);
MPISIGHT_BUILTIN(unsigned, MPI_UNSIGNED);
MPISIGHT_BUILTIN(long, MPI_LONG);
MPISIGHT_BUILTIN(unsigned long, MPI_UNSIGNED_LONG);
MPISIGHT_BUILTIN(long long, MPI_LONG_LONG);
MPISIGHT_BUILTIN(unsigned long long, MPI_UNSIGNED_LONG_LONG);
MPISIGHT_BUILTIN(float, MPI_FLOAT);
MPISIGHT_BUILTIN(double, MPI_DOUBLE);
MPISIGHT_BUILTIN(long double, MPI_LONG_DOUBLE);
MPISIGHT_BUILTIN(bool, MPI_CXX_BOOL);
MPISIGHT_BUILTIN(std::byte, MPI_BYTE);
MPISIGHT_BUILTIN(std::complex<float>, MPI_CXX_FLOAT_COMPLEX);
MPISIGHT_BUILTIN(std::complex<double>, MPI_CXX_DOUBLE_COMPLEX);
MPISIGHT_BUILTIN(std::complex<long double>, MPI_CXX_LONG_DOUBLE_COMPLEX);
MPISIGHT_BUILTIN(char8_t, MPI_UNSIGNED_CHAR);
MPISIGHT_BUILTIN(char16_t, MPI_UINT16_T);
MPISIGHT_BUILTIN(char32_t, MPI_UINT32_T);

#undef MPISIGHT_BUILTIN

template <class T>
concept Registered = requires {
  mpisight_fields(TypeTag<T>{});
};

template <class T>
struct TypeMap;

}  // namespace detail

// T has an MPI datatype: messages of T need no copy and no serialization.
template <class T>
concept Mapped = requires {
  detail::TypeMap<std::remove_cv_t<T>>::datatype();
};

// The datatypes MPI defines itself (reductions with predefined operations need one of these).
template <class T>
concept Builtin = detail::BuiltinType<std::remove_cv_t<T>>::kMapped;

namespace detail {

inline MPI_Datatype commit(MPI_Datatype type) {
  MPI_Type_commit(&type);
  return type;
}

inline MPI_Datatype contiguous(MPI_Datatype element, std::size_t n, std::size_t extent) {
  MPI_Datatype block = MPI_DATATYPE_NULL;
  MPI_Type_contiguous(static_cast<int>(n), element, &block);
  MPI_Datatype resized = MPI_DATATYPE_NULL;
  MPI_Type_create_resized(block, 0, static_cast<MPI_Aint>(extent), &resized);
  MPI_Type_free(&block);
  return commit(resized);
}

template <class T>
requires BuiltinType<T>::kMapped struct TypeMap<T> {
  static MPI_Datatype datatype() noexcept { return BuiltinType<T>::datatype(); }
};

template <class T, std::size_t N>
requires(Mapped<T>&& N > 0) struct TypeMap<std::array<T, N>> {
  static MPI_Datatype datatype() {
    static const MPI_Datatype kType = contiguous(TypeMap<std::remove_cv_t<T>>::datatype(), N, sizeof(std::array<T, N>));
    return kType;
  }
};

template <class T, std::size_t N>
requires(Mapped<T>&& N > 0) struct TypeMap<T[N]> {
  static MPI_Datatype datatype() {
    static const MPI_Datatype kType = contiguous(TypeMap<std::remove_cv_t<T>>::datatype(), N, sizeof(T[N]));
    return kType;
  }
};

template <class Member>
struct MemberType;
template <class Class, class Field>
struct MemberType<Field Class::*> {
  using Type = std::remove_cv_t<Field>;
};

template <class T, class Fields>
inline constexpr bool kAllFieldsMapped = false;
template <class T, class... Members>
inline constexpr bool kAllFieldsMapped<T, std::tuple<Members...>> = (Mapped<typename MemberType<Members>::Type> && ...);

// Built once per type: offsets are measured on a value-initialised object, the extent is sizeof(T).
template <class T>
MPI_Datatype build_struct() {
  constexpr auto kFields = mpisight_fields(TypeTag<T>{});
  constexpr std::size_t kCount = std::tuple_size_v<std::remove_cv_t<decltype(kFields)>>;
  const T probe{};
  const auto* base = reinterpret_cast<const std::byte*>(&probe);
  std::array<int, kCount> lengths{};
  std::array<MPI_Aint, kCount> offsets{};
  std::array<MPI_Datatype, kCount> types{};
  std::size_t i = 0;
  std::apply(
      [&](auto... member) {
        ((lengths[i] = 1, offsets[i] = reinterpret_cast<const std::byte*>(&(probe.*member)) - base,
          types[i] = TypeMap<typename MemberType<decltype(member)>::Type>::datatype(), ++i),
         ...);
      },
      kFields);
  MPI_Datatype raw = MPI_DATATYPE_NULL;
  MPI_Type_create_struct(static_cast<int>(kCount), lengths.data(), offsets.data(), types.data(), &raw);
  MPI_Datatype resized = MPI_DATATYPE_NULL;
  MPI_Type_create_resized(raw, 0, static_cast<MPI_Aint>(sizeof(T)), &resized);
  MPI_Type_free(&raw);
  return commit(resized);
}

template <class T>
requires(Registered<T>&& std::is_trivially_copyable_v<T>&& std::is_default_constructible_v<T>&&
             kAllFieldsMapped<T, std::remove_cv_t<decltype(mpisight_fields(TypeTag<T>{}))>>) struct TypeMap<T> {
  static MPI_Datatype datatype() {
    static const MPI_Datatype kType = build_struct<T>();
    return kType;
  }
};

}  // namespace detail

// The MPI datatype of T (built and committed on first use, then cached for the life of the process).
template <Mapped T>
[[nodiscard]] MPI_Datatype datatype_of() {
  return detail::TypeMap<std::remove_cv_t<T>>::datatype();
}

}  // namespace mpisight
