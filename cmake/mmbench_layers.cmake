# The layers link downward only: core < analysis < output, and the backends stand on core alone (docs/
# architecture.md). Linking cannot enforce it (the app and the tests link every layer), so mmbench_add_layering_tests()
# adds a test that reads the includes: a file of a layer must not include a header of a layer above it. A layer's
# files are its targets' sources and headers, so a new file is checked as soon as it is listed in CMakeLists.txt.
# A second test feeds the check an upward include it must catch.

# The absolute paths of the targets' sources and headers.
function(mmbench_layer_files out)
  set(files "")
  foreach(t ${ARGN})
    get_target_property(src ${t} SOURCES)
    get_target_property(dir ${t} SOURCE_DIR)
    foreach(f ${src})
      if(NOT IS_ABSOLUTE ${f})
        set(f ${dir}/${f})
      endif()
      list(APPEND files ${f})
    endforeach()
  endforeach()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# The names (as in #include "mmbench/<name>") of the public headers the targets list.
function(mmbench_layer_headers out)
  mmbench_layer_files(files ${ARGN})
  set(names "")
  foreach(f ${files})
    if(f MATCHES "/include/mmbench/([^/]+)$")
      list(APPEND names ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set(${out} ${names} PARENT_SCOPE)
endfunction()

function(mmbench_add_layering_tests)
  get_property(backend_targets GLOBAL PROPERTY MMB_BACKEND_TARGETS)
  get_property(backend_modules GLOBAL PROPERTY MMB_BACKEND_MODULES)
  mmbench_layer_files(core_files mmbench_core)
  mmbench_layer_files(analysis_files mmbench_analysis)
  mmbench_layer_files(backend_files mmbench_backends ${backend_targets} ${backend_modules})
  mmbench_layer_headers(analysis_headers mmbench_analysis)
  mmbench_layer_headers(output_headers mmbench_output)
  set(dir ${CMAKE_CURRENT_BINARY_DIR})
  file(WRITE ${dir}/layers.cmake
       "set(MMB_LAYERS core analysis backends)\n"
       "set(MMB_LAYER_core_FILES \"${core_files}\")\n"
       "set(MMB_LAYER_core_FORBIDDEN \"${analysis_headers};${output_headers}\")\n"
       "set(MMB_LAYER_analysis_FILES \"${analysis_files}\")\n"
       "set(MMB_LAYER_analysis_FORBIDDEN \"${output_headers}\")\n"
       "set(MMB_LAYER_backends_FILES \"${backend_files}\")\n"
       "set(MMB_LAYER_backends_FORBIDDEN \"${analysis_headers};${output_headers}\")\n")
  file(WRITE ${dir}/layering-selftest/upward.cpp "#include \"mmbench/sinks.hpp\"\n")
  file(WRITE ${dir}/layering-selftest/layers.cmake
       "set(MMB_LAYERS core)\n"
       "set(MMB_LAYER_core_FILES \"${dir}/layering-selftest/upward.cpp\")\n"
       "set(MMB_LAYER_core_FORBIDDEN \"${output_headers}\")\n")
  set(check ${PROJECT_SOURCE_DIR}/cmake/check_layers.cmake)
  add_test(NAME layering COMMAND ${CMAKE_COMMAND} -DLAYERS=${dir}/layers.cmake -P ${check})
  add_test(NAME layering_catches_an_upward_include
           COMMAND ${CMAKE_COMMAND} -DLAYERS=${dir}/layering-selftest/layers.cmake -P ${check})
  set_tests_properties(layering layering_catches_an_upward_include PROPERTIES LABELS unit)
  set_tests_properties(layering_catches_an_upward_include PROPERTIES
                       PASS_REGULAR_EXPRESSION "upward.cpp \\(core\\) includes mmbench/sinks.hpp")
endfunction()
