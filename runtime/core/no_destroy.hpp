// Holds a process-lifetime object that is never destroyed, so threads still recording during exit()
// never touch a destructed registry.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace mpisight::detail {

template <class T>
class NoDestroy {
 public:
  template <class... Args>
  explicit NoDestroy(Args&&... args) noexcept(std::is_nothrow_constructible_v<T, Args...>) {
    std::construct_at(get(), std::forward<Args>(args)...);
  }
  NoDestroy(const NoDestroy&) = delete;
  NoDestroy& operator=(const NoDestroy&) = delete;
  ~NoDestroy() = default;

  T* get() noexcept { return std::launder(reinterpret_cast<T*>(storage_)); }
  T& operator*() noexcept { return *get(); }
  T* operator->() noexcept { return get(); }

 private:
  alignas(T) std::byte storage_[sizeof(T)];
};

}  // namespace mpisight::detail
