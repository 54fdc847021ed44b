// Object messages' byte format: values of mapped trivially copyable types as raw bytes, standard containers,
// strings, maps, pairs, tuples, optionals, and user types with one hook used for both directions:
//   template <class Archive> void mpisight_serialize(Archive& ar, Particle& p) { ar(p.id, p.name, p.history); }
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <ranges>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "mpisight/datatype.hpp"

namespace mpisight {

class Writer;
class Reader;

namespace detail {

template <class T>
concept HasHook = requires(Writer& w, Reader& r, T& value) {
  mpisight_serialize(w, value);
  mpisight_serialize(r, value);
};

// Stored as their bytes: mapped and trivially copyable (so no pointers hide inside).
template <class T>
concept RawBytes = Mapped<T> && std::is_trivially_copyable_v<T>;

template <class T>
inline constexpr bool kIsOptional = false;
template <class T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

template <class T>
inline constexpr bool kIsPair = false;
template <class A, class B>
inline constexpr bool kIsPair<std::pair<A, B>> = true;

template <class T>
inline constexpr bool kIsTuple = false;
template <class... T>
inline constexpr bool kIsTuple<std::tuple<T...>> = true;

// Containers rebuilt by inserting elements one by one.
template <class T>
concept Insertable = std::ranges::sized_range<T> && requires(T& c, typename T::value_type v) {
  c.clear();
  c.insert(c.end(), std::move(v));
};

}  // namespace detail

template <class T>
concept Serializable = detail::RawBytes<T> || detail::HasHook<T> ||
    (detail::kIsOptional<T> || detail::kIsPair<T> || detail::kIsTuple<T> || detail::Insertable<T>);

class Writer {
 public:
  template <class... T>
  void operator()(const T&... values) {
    (write(values), ...);
  }

  [[nodiscard]] std::vector<std::byte>& bytes() noexcept { return bytes_; }

  template <class T>
  void write(const T& value) {
    using V = std::remove_cv_t<T>;
    if constexpr (detail::RawBytes<V>) {
      append(&value, sizeof(V));
    } else if constexpr (detail::HasHook<V>) {
      mpisight_serialize(*this, const_cast<V&>(value));  // NOLINT: the hook only reads when given a Writer
    } else if constexpr (detail::kIsOptional<V>) {
      write(static_cast<std::uint8_t>(value.has_value()));
      if (value) {
        write(*value);
      }
    } else if constexpr (detail::kIsPair<V>) {
      write(value.first);
      write(value.second);
    } else if constexpr (detail::kIsTuple<V>) {
      std::apply([this](const auto&... element) { (write(element), ...); }, value);
    } else if constexpr (std::ranges::sized_range<V>) {
      write(static_cast<std::uint64_t>(std::ranges::size(value)));
      using Element = std::remove_cv_t<std::ranges::range_value_t<V>>;
      if constexpr (std::ranges::contiguous_range<V> && detail::RawBytes<Element>) {
        append(std::ranges::data(value), std::ranges::size(value) * sizeof(Element));
      } else {
        for (const auto& element : value) {
          write(element);
        }
      }
    } else {
      static_assert(Serializable<V>, "no serialization for this type: give it mpisight_serialize or mpisight_fields");
    }
  }

 private:
  void append(const void* data, std::size_t size) {
    const auto* first = static_cast<const std::byte*>(data);
    bytes_.insert(bytes_.end(), first, first + size);
  }

  std::vector<std::byte> bytes_;
};

// Thrown when bytes end early or do not describe the expected type.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}

  template <class... T>
  void operator()(T&... values) {
    (read(values), ...);
  }

  [[nodiscard]] bool at_end() const noexcept { return position_ == bytes_.size(); }

  template <class T>
  void read(T& value) {
    using V = std::remove_cv_t<T>;
    if constexpr (detail::RawBytes<V>) {
      take(&value, sizeof(V));
    } else if constexpr (detail::HasHook<V>) {
      mpisight_serialize(*this, value);
    } else if constexpr (detail::kIsOptional<V>) {
      std::uint8_t present = 0;
      read(present);
      if (present != 0) {
        typename V::value_type inner{};
        read(inner);
        value = std::move(inner);
      } else {
        value.reset();
      }
    } else if constexpr (detail::kIsPair<V>) {
      read(const_cast<std::remove_const_t<typename V::first_type>&>(value.first));  // NOLINT: map keys
      read(value.second);
    } else if constexpr (detail::kIsTuple<V>) {
      std::apply([this](auto&... element) { (read(element), ...); }, value);
    } else if constexpr (detail::Insertable<V>) {
      std::uint64_t size = 0;
      read(size);
      using Element = typename V::value_type;
      value.clear();
      if constexpr (std::ranges::contiguous_range<V> && detail::RawBytes<Element> &&
                    requires { value.resize(std::size_t{}); }) {
        if (size > (bytes_.size() - position_) / sizeof(Element)) {
          throw DecodeError("object message ends inside a container");
        }
        value.resize(static_cast<std::size_t>(size));
        take(std::ranges::data(value), static_cast<std::size_t>(size) * sizeof(Element));
      } else {
        if constexpr (requires { value.reserve(std::size_t{}); }) {
          // One allocation instead of regrowth; bounded by the bytes left, so a corrupt size reserves little.
          value.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(size, bytes_.size() - position_)));
        }
        for (std::uint64_t i = 0; i < size; ++i) {
          std::remove_const_t<Element> element{};
          read(element);
          value.insert(value.end(), std::move(element));
        }
      }
    } else {
      static_assert(Serializable<V>, "no serialization for this type: give it mpisight_serialize or mpisight_fields");
    }
  }

 private:
  void take(void* out, std::size_t size) {
    if (size > bytes_.size() - position_) {
      throw DecodeError("object message ends early: needed " + std::to_string(size) + " more bytes, " +
                        std::to_string(bytes_.size() - position_) + " left");
    }
    std::memcpy(out, bytes_.data() + position_, size);
    position_ += size;
  }

  std::span<const std::byte> bytes_;
  std::size_t position_ = 0;
};

template <Serializable T>
[[nodiscard]] std::vector<std::byte> serialize(const T& value) {
  Writer writer;
  writer.write(value);
  return std::move(writer.bytes());
}

template <Serializable T>
[[nodiscard]] T deserialize(std::span<const std::byte> bytes) {
  Reader reader(bytes);
  T value{};
  reader.read(value);
  if (!reader.at_end()) {
    throw DecodeError("object message has " + std::to_string(bytes.size()) + " bytes, more than its value used");
  }
  return value;
}

}  // namespace mpisight
