# Finds OTF2 (Debian ships no otf2-config): defines OTF2::OTF2, OTF2_PRINT_EXECUTABLE and OTF2_VERSION.
find_path(OTF2_INCLUDE_DIR otf2/otf2.h)
find_library(OTF2_LIBRARY NAMES open-trace-format2 otf2)  # Debian renames libotf2
find_program(OTF2_PRINT_EXECUTABLE otf2-print)

if(OTF2_INCLUDE_DIR AND EXISTS "${OTF2_INCLUDE_DIR}/otf2/OTF2_GeneralDefinitions.h")
  file(STRINGS "${OTF2_INCLUDE_DIR}/otf2/OTF2_GeneralDefinitions.h" _otf2_version_lines
       REGEX "#define OTF2_VERSION_(MAJOR|MINOR|BUGFIX) ")
  foreach(_part MAJOR MINOR BUGFIX)
    string(REGEX MATCH "OTF2_VERSION_${_part} +([0-9]+)" _m "${_otf2_version_lines}")
    set(OTF2_VERSION_${_part} "${CMAKE_MATCH_1}")
  endforeach()
  set(OTF2_VERSION "${OTF2_VERSION_MAJOR}.${OTF2_VERSION_MINOR}.${OTF2_VERSION_BUGFIX}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OTF2
  REQUIRED_VARS OTF2_LIBRARY OTF2_INCLUDE_DIR
  VERSION_VAR OTF2_VERSION)

if(OTF2_FOUND AND NOT TARGET OTF2::OTF2)
  add_library(OTF2::OTF2 UNKNOWN IMPORTED)
  set_target_properties(OTF2::OTF2 PROPERTIES
    IMPORTED_LOCATION "${OTF2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${OTF2_INCLUDE_DIR}")
endif()
mark_as_advanced(OTF2_INCLUDE_DIR OTF2_LIBRARY OTF2_PRINT_EXECUTABLE)
