// An object message needs a serialization hook (or a datatype mapping).
#include "mpisight/object.hpp"

struct NoHook {
  int* pointer;
};
struct WithHook {
  int value;
};
template <class Archive>
void mpisight_serialize(Archive& ar, WithHook& w) {
  ar(w.value);
}

void f(const mpisight::Communicator& comm) {
#ifdef MPISIGHT_MISUSE
  mpisight::send_object(comm, NoHook{nullptr}, 0);
#else
  mpisight::send_object(comm, WithHook{1}, 0);
#endif
}
