// The state behind repeat_keys.hpp: the handle generation and each thread's keys.
#include "semantics/repeat_keys.hpp"

namespace mpisight::interpose::repeat_keys {

std::atomic<std::uint32_t> g_handle_generation{0};

constinit thread_local ThreadKeys t_keys __attribute__((tls_model("initial-exec"))){};

}  // namespace mpisight::interpose::repeat_keys
