# The compiler cache (Debian's ccache), used when it is installed and MMB_CCACHE is on: a rebuild after a small change,
# or the same sources in another build folder (ci, package; aarch64, package-arm64), compiles only what differs.
# Paths are rewritten relative to the source folder (base_dir) and the build folder is not hashed, so two build
# folders of one checkout, or two clones, share entries. The cache lives in ccache's own folder (~/.cache/ccache);
# a wrong or missing entry only costs a compile, never changes what is built.
option(MMB_CCACHE "Compile through ccache when it is installed" ON)
find_program(MMB_CCACHE_PROGRAM ccache)
if(MMB_CCACHE AND MMB_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
                                  ${MMB_CCACHE_PROGRAM})
  message(STATUS "compiler cache: ${MMB_CCACHE_PROGRAM} (MMB_CCACHE=OFF to build without)")
endif()
