# mmbench_warnings(target...): -Wall -Wextra on our own code. Called for every target we compile (the layers, the
# backends and modules, the app, the tests and their doubles, the bench), so a new user's first build prints no
# warning of ours; vendor headers are SYSTEM includes (imported targets are, and the few include folders set by hand
# are marked so), which keeps their warnings theirs.
# Less one: -Wmissing-field-initializers. An aggregate initialiser that names only what differs from the defaults
# (BackendInfo in the backends and test doubles; designated initialisers, which style.md asks for) is our idiom,
# and GCC 12 warns on every member such an initialiser leaves to its default, designated or not.
function(mmbench_warnings)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    foreach(t ${ARGN})
      target_compile_options(${t} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
    endforeach()
  endif()
endfunction()
