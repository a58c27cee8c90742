# cmake -DMODULE=<mmbench-x.so> -DEXE=<executable> -DNM=<nm> -P check_module_symbols.cmake: fails when a backend
# module exports a symbol that the executable loading it also defines (its entry point and libstdc++'s own aside).
# The dynamic linker binds the module's calls of such a symbol to the executable's copy: for a template of a
# header-only library (Eigen's kernels) that copy may be compiled with other flags than the module's own, and the
# module then runs code it does not report (issue 17: eigen ran the fits' baseline SSE2 GEMV, not its AVX-512 one).
if(NOT MODULE OR NOT EXE OR NOT NM)
  message(FATAL_ERROR "usage: cmake -DMODULE=<module.so> -DEXE=<executable> -DNM=<nm> -P check_module_symbols.cmake")
endif()

# The names of the dynamic symbols a file defines, demangled.
function(defined_symbols file out)
  execute_process(COMMAND ${NM} -D -C --defined-only ${file} OUTPUT_VARIABLE text RESULT_VARIABLE rc
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${file}: ${err}")
  endif()
  string(REPLACE ";" "\\;" text "${text}")  # names with ';' stay one list element
  string(REPLACE "\n" ";" lines "${text}")
  set(names "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[0-9a-fA-F]+ [A-Za-z] (.+)$")  # "<address> <type> <name>"; names may hold spaces
      list(APPEND names "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

defined_symbols(${MODULE} module_names)
defined_symbols(${EXE} exe_names)
set(shared "")
set(count 0)
foreach(name IN LISTS module_names)
  if(name STREQUAL "mmbench_make_module_backend" OR name MATCHES "^(__bss_start|_edata|_end|_init|_fini)$")
    continue()
  endif()
  # libstdc++'s templates (std::vector<float>::_M_realloc_insert ...) keep default visibility by design (its headers
  # say so) and every copy of them behaves alike; binding to another copy changes no instruction set we report.
  if(name MATCHES "^((typeinfo|typeinfo name|vtable|VTT|guard variable|construction vtable) for )?(std|__gnu_cxx)::"
     OR name MATCHES "^[a-z_ ]+[*&]* (std|__gnu_cxx)::" OR name MATCHES "^operator (new|delete)")
    continue()
  endif()
  list(FIND exe_names "${name}" at)
  if(at GREATER_EQUAL 0)
    math(EXPR count "${count} + 1")
    if(count LESS_EQUAL 10)
      string(APPEND shared "\n  ${name}")
    endif()
  endif()
endforeach()
if(count GREATER 0)
  message(FATAL_ERROR "${MODULE} exports ${count} symbol(s) that ${EXE} also defines; the executable's copies "
                      "would run instead of the module's (build modules with mmbench_module_backend, hidden "
                      "visibility):${shared}")
endif()
message(STATUS "${MODULE}: shares no symbol with ${EXE} but its entry point (and libstdc++'s own templates)")
