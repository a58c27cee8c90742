# cmake -DLAYERS=<file> -P check_layers.cmake: fails when a file of a layer includes a header of a layer above it.
# <file> (written by tests/CMakeLists.txt from the targets' source lists) sets MMB_LAYERS, and per layer L the
# variables MMB_LAYER_<L>_FILES (its sources and headers) and MMB_LAYER_<L>_FORBIDDEN (header names above it).
# Linking cannot catch an upward include: the app and the tests link every layer.
cmake_minimum_required(VERSION 3.22)
include(${LAYERS})
set(violations "")
foreach(layer ${MMB_LAYERS})
  foreach(file ${MMB_LAYER_${layer}_FILES})
    file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]mmbench/[^\">]+[\">]")
    foreach(line ${includes})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]mmbench/([^\">]+)[\">].*$" "\\1" header "${line}")
      if(header IN_LIST MMB_LAYER_${layer}_FORBIDDEN)
        string(APPEND violations "  ${file} (${layer}) includes mmbench/${header}, a header of a layer above it\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "upward includes (the layers link downward only: docs/architecture.md):\n${violations}")
endif()
list(LENGTH MMB_LAYERS n)
message(STATUS "layers: ${n} checked (${MMB_LAYERS}), no upward include")
