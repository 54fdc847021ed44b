// Writes schema attributes with the OTF2 value type the schema gives them.
#include "otf2/attribute_list.hpp"

namespace mpisight::otf2 {

void AttributeList::add(schema::Attribute attribute, std::uint64_t value) {
  const auto id = static_cast<OTF2_AttributeRef>(attribute);
  // A failed add (only an attribute added twice to one event) keeps the first value.
  switch (schema::spec(attribute).type) {
    case schema::AttributeType::kInt32: OTF2_AttributeList_AddInt32(list_, id, static_cast<std::int32_t>(value)); break;
    case schema::AttributeType::kUint32:
      OTF2_AttributeList_AddUint32(list_, id, static_cast<std::uint32_t>(value));
      break;
    case schema::AttributeType::kUint64: OTF2_AttributeList_AddUint64(list_, id, value); break;
    case schema::AttributeType::kCallingContext:
      OTF2_AttributeList_AddCallingContextRef(list_, id, static_cast<OTF2_CallingContextRef>(value));
      break;
    case schema::AttributeType::kString:
      OTF2_AttributeList_AddStringRef(list_, id, static_cast<OTF2_StringRef>(value));
      break;
  }
}

void AttributeList::add_signature(schema::Attribute signature, schema::Attribute count, std::uint64_t type_signature,
                                  std::uint64_t elements) {
  if (type_signature != schema::kUnknownSignature) {
    add(signature, type_signature);
    add(count, elements);
  }
}

OTF2_AttributeList* AttributeList::for_event() const {
  return OTF2_AttributeList_GetNumberOfElements(list_) == 0 ? nullptr : list_;
}

void AttributeList::clear() {
  OTF2_AttributeList_RemoveAllAttributes(list_);
}

}  // namespace mpisight::otf2
