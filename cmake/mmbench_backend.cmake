# mmbench_backend(NAME folder SOURCES ...): adds one backend as its own static library, switched by MMB_WITH_<NAME>
# (set by the caller), and records it so that the registry library links every backend that was built.
# Only that backend's sources see its vendor headers: link vendor targets PRIVATE to mmb_backend_<folder>.
function(mmbench_backend name folder)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  set(target mmb_backend_${folder})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC mmbench_core)
  set_property(GLOBAL APPEND PROPERTY MMB_BACKEND_TARGETS ${target})
  set_property(GLOBAL APPEND PROPERTY MMB_BACKEND_DEFINES MMB_WITH_${name}=1)
endfunction()
