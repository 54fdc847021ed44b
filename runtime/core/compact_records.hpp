// The compact blocking point-to-point records (EnterSend, EnterReceive, ReceiveLeave) and the full records each
// stands for: the writer packs with these functions, the reader unpacks with them, so the two cannot drift apart.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "core/journal_format.hpp"

namespace mpisight::journal {

// The buffer length of a record, or nothing when it does not fit 32 bits (or the range is inverted).
[[nodiscard, gnu::always_inline]] constexpr std::optional<std::uint32_t> buffer_bytes32(std::uint64_t begin,
                                                                                        std::uint64_t end) noexcept {
  if (end < begin || !fits32(end - begin)) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(end - begin);
}

// Enter(fn, caller) + `send`, or nothing when a value does not fit.
[[nodiscard, gnu::always_inline]] constexpr std::optional<EnterSend> pack_enter_send(std::uint32_t fn,
                                                                                     std::uint64_t caller,
                                                                                     const MpiSend& send) noexcept {
  const auto buffer = buffer_bytes32(send.buffer_begin, send.buffer_end);
  if (!buffer || !fits32(send.bytes) || !fits32(send.elements)) {
    return std::nullopt;
  }
  return EnterSend{{.arg = fn, .ticks = send.header.ticks},
                   caller,
                   send.header.arg,
                   send.peer,
                   send.tag,
                   static_cast<std::uint32_t>(send.bytes),
                   send.type_signature,
                   static_cast<std::uint32_t>(send.elements),
                   *buffer,
                   send.buffer_begin};
}

[[nodiscard]] constexpr Enter unpacked_enter(const EnterSend& packed) noexcept {
  return Enter{{Kind::kEnter, sizeof(Enter) / 8, packed.header.arg, packed.header.ticks}, packed.caller};
}

[[nodiscard]] constexpr MpiSend unpacked_send(const EnterSend& packed) noexcept {
  return MpiSend{{Kind::kMpiSend, sizeof(MpiSend) / 8, packed.comm, packed.header.ticks},
                 packed.peer,
                 packed.tag,
                 packed.bytes,
                 packed.type_signature,
                 packed.elements,
                 packed.buffer_begin,
                 packed.buffer_begin + packed.buffer_bytes};
}

// ReceiveWaits + Enter(fn, caller); its time is set when it is written.
[[nodiscard, gnu::always_inline]] constexpr EnterReceive pack_enter_receive(std::uint32_t fn, std::uint64_t caller,
                                                                            const ReceiveWaits& waits) noexcept {
  return EnterReceive{{}, fn, waits.source, caller, waits.header.arg, waits.tag};
}

[[nodiscard]] constexpr ReceiveWaits unpacked_waits(const EnterReceive& packed, std::uint64_t ticks) noexcept {
  return ReceiveWaits{{Kind::kReceiveWaits, sizeof(ReceiveWaits) / 8, packed.comm, ticks}, packed.source, packed.tag};
}

[[nodiscard]] constexpr Enter unpacked_enter(const EnterReceive& packed, std::uint64_t ticks) noexcept {
  return Enter{{Kind::kEnter, sizeof(Enter) / 8, packed.function, ticks}, packed.caller};
}

// `receive` + the Leave of the receive entered last, or nothing when a value does not fit. What the receive asked
// for is not kept: the ReceiveWaits at its Enter says it (the caller makes sure they agree).
[[nodiscard, gnu::always_inline]] constexpr std::optional<ReceiveLeave> pack_receive_leave(
    const MpiRecv& receive) noexcept {
  const auto buffer = buffer_bytes32(receive.buffer_begin, receive.buffer_end);
  if (!buffer || !fits32(receive.bytes) || !fits32(receive.elements)) {
    return std::nullopt;
  }
  return ReceiveLeave{{},
                      receive.peer,
                      receive.tag,
                      static_cast<std::uint32_t>(receive.bytes),
                      static_cast<std::uint32_t>(receive.elements),
                      receive.type_signature,
                      receive.buffer_begin,
                      *buffer};
}

// The MpiRecv a ReceiveLeave stands for, given the ReceiveWaits of the receive's Enter.
[[nodiscard]] constexpr MpiRecv unpacked_receive(const ReceiveLeave& packed, std::uint64_t ticks,
                                                 const ReceiveWaits& waits) noexcept {
  return MpiRecv{{Kind::kMpiRecv, sizeof(MpiRecv) / 8, waits.header.arg, ticks},
                 packed.peer,
                 packed.tag,
                 packed.bytes,
                 packed.type_signature,
                 packed.elements,
                 waits.source,
                 waits.tag,
                 packed.buffer_begin,
                 packed.buffer_begin + packed.buffer_bytes};
}

[[nodiscard]] constexpr Leave unpacked_leave(std::uint32_t fn, std::uint64_t ticks) noexcept {
  return Leave{{Kind::kLeave, sizeof(Leave) / 8, fn, ticks}};
}

// The last compact record of each kind in the chunk being written (recorder) or read (JournalReader): what a repeat
// word stands for. Writer and reader both clear it at every chunk start, so a repeat never refers to another chunk.
class LastCompact {
 public:
  template <RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] bool has() const noexcept {
    return (present_ & bit<R>()) != 0;
  }
  template <RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] const R& get() const noexcept {
    return slot<R>(*this);
  }
  template <RepeatableRecord R>
  [[gnu::always_inline]] void remember(const R& record) noexcept {
    slot<R>(*this) = record;
    present_ |= bit<R>();
    ++versions_[index<R>()];
  }
  void clear() noexcept { present_ = 0; }
  // How many records of kind R were remembered so far: a writer that knows what produced the last one can tell,
  // by this count alone, whether it is still the last (interpose/semantics/repeat_keys.hpp).
  template <RepeatableRecord R>
  [[nodiscard, gnu::always_inline]] std::uint64_t version() const noexcept {
    return versions_[index<R>()];
  }

 private:
  template <class R>
  static constexpr unsigned index() noexcept {
    return static_cast<unsigned>(R::kRepeatKind) - static_cast<unsigned>(Kind::kEnterSendRepeat);
  }
  template <class R>
  static constexpr std::uint32_t bit() noexcept {
    return std::uint32_t{1} << index<R>();
  }
  template <class R, class Self>
  [[gnu::always_inline]] static auto& slot(Self& self) noexcept {
    if constexpr (std::is_same_v<R, EnterSend>) {
      return self.enter_send_;
    } else if constexpr (std::is_same_v<R, EnterReceive>) {
      return self.enter_receive_;
    } else {
      static_assert(std::is_same_v<R, ReceiveLeave>);
      return self.receive_leave_;
    }
  }

  std::uint32_t present_ = 0;                // one bit per kind (bit<R>)
  std::array<std::uint64_t, 3> versions_{};  // per kind (index<R>)
  EnterSend enter_send_{};
  EnterReceive enter_receive_{};
  ReceiveLeave receive_leave_{};
};

}  // namespace mpisight::journal
