// The extra attributes of one event (runtime/schema/attributes.hpp) on their way into an OTF2 event writer.
// Attribute definitions use the schema enum's value as their id (see global_definitions.cpp).
#pragma once

#include <cstdint>
#include <otf2/otf2.h>

#include "schema/attributes.hpp"

namespace mpisight::otf2 {

class AttributeList {
 public:
  AttributeList() : list_(OTF2_AttributeList_New()) {}
  AttributeList(const AttributeList&) = delete;
  AttributeList& operator=(const AttributeList&) = delete;
  ~AttributeList() { OTF2_AttributeList_Delete(list_); }

  // Adds `value` as the attribute's schema type (signed values arrive sign-extended).
  void add(schema::Attribute attribute, std::uint64_t value);
  // Adds a signature and element count when the signature is known.
  void add_signature(schema::Attribute signature, schema::Attribute count, std::uint64_t type_signature,
                     std::uint64_t elements);

  // For the next event: the list, or nullptr when empty. Call clear() once the event is written.
  [[nodiscard]] OTF2_AttributeList* for_event() const;
  void clear();

 private:
  OTF2_AttributeList* list_;
};

}  // namespace mpisight::otf2
