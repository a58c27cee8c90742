# mmbench_backend(NAME folder SOURCES ...): adds one backend as its own static library, switched by MMB_WITH_<NAME>
# (set by the caller), and records it so that the registry library links every backend that was built.
# Only that backend's sources see its vendor headers: link vendor targets PRIVATE to mmb_backend_<folder>.
function(mmbench_backend name folder)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  set(target mmb_backend_${folder})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC mmbench_core)
  mmbench_warnings(${target})
  set_property(GLOBAL APPEND PROPERTY MMB_BACKEND_TARGETS ${target})
  set_property(GLOBAL APPEND PROPERTY MMB_BACKEND_DEFINES MMB_WITH_${name}=1)
endfunction()

# mmbench_module_backend(NAME folder SOURCES ...): a backend built as a module, mmbench-<folder>.so in the build
# folder (next to the binary), loaded at run time only by the processes that use it (src/core/module_backend.cpp).
# It takes mmbench's own symbols from the executable; link only its vendor runtime (PRIVATE) to mmbench-<folder>.
# Its symbols are hidden but for MMBENCH_MODULE_ENTRY (module_backend.hpp): header-only code it instantiates stays
# its own, whatever flags the executable compiled its copy with (tests: module_symbols_<folder>).
function(mmbench_module_backend name folder)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  set(target mmbench-${folder})
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}
                        CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(${target} PRIVATE fmt::fmt nlohmann_json::nlohmann_json)
  mmbench_warnings(${target})
  set_property(GLOBAL APPEND PROPERTY MMB_BACKEND_MODULES ${target})
  set_property(GLOBAL APPEND PROPERTY MMB_BACKEND_DEFINES MMB_WITH_${name}=1)
endfunction()

# mmbench_backend_option(NAME "what" FOUND_VAR "packages"): option MMB_WITH_<NAME>, on by default when FOUND_VAR is
# true; forcing it on without the library is a configure error naming what to install.
function(mmbench_backend_option name what found_var packages)
  option(MMB_WITH_${name} "Build ${what} (auto: on when found)" ${${found_var}})
  if(MMB_WITH_${name} AND NOT ${found_var})
    message(FATAL_ERROR "MMB_WITH_${name}=ON but its library was not found (install: ${packages})")
  endif()
endfunction()
