# Install rules and Debian packages (CPack DEB, one package per component; docs/packages.md). The binary goes to
# bin/, modules to lib/<multiarch>/mmbench/ (found from the binary: module_backend.cpp), the model table and the
# licence to share/. A heavy runtime's module (oneDNN, OpenCV/ONNX, libtorch) is a package of its own, so a board
# owner can leave out a gigabyte of libtorch; the light Eigen module ships with mmbench itself.

# Modules whose package is their own, named mmbench-<folder>. The registry is told (all_backends.cpp), so that
# `mmbench list` names the package that adds a missing module.
set(MMB_OWN_PACKAGE_MODULES onednn onnx torch)
string(REPLACE ";" " " _own "${MMB_OWN_PACKAGE_MODULES}")
target_compile_definitions(mmbench_backends PRIVATE MMB_OWN_PACKAGE_MODULES="${_own}")

install(TARGETS mmbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT mmbench)
install(FILES ${PROJECT_SOURCE_DIR}/data/llm-models.json DESTINATION ${CMAKE_INSTALL_DATADIR}/mmbench
        COMPONENT mmbench)
# Debian policy: the licence as share/doc/<package>/copyright.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/mmbench RENAME copyright
        COMPONENT mmbench)

set(_components mmbench)
get_property(_modules GLOBAL PROPERTY MMB_BACKEND_MODULES)
foreach(m ${_modules})
  string(REGEX REPLACE "^mmbench-" "" folder ${m})
  set(comp mmbench)
  if(folder IN_LIST MMB_OWN_PACKAGE_MODULES)
    set(comp ${folder})
    list(APPEND _components ${comp})
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${m} RENAME copyright
            COMPONENT ${comp})
  endif()
  install(TARGETS ${m} LIBRARY DESTINATION ${MMB_INSTALL_MODULEDIR} COMPONENT ${comp})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mmbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "mmbench developers <mmbench@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "how fast this machine multiplies matrices (CPU libraries, GPU, NPU), and why")
set(CPACK_PACKAGE_DESCRIPTION "mmbench measures every matrix-multiplication backend it finds on one sweep of sizes,
verifies every result against exact arithmetic before reporting its time, and stores each point as it finishes.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING IGNORE)
set(CPACK_COMPONENTS_ALL ${_components})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_MMBENCH_PACKAGE_NAME mmbench)
# Library dependencies from the ELF files themselves (dpkg-shlibdeps); each module package also depends on this
# exact version of mmbench (its symbols come from the executable).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
# What is loaded at run time and so invisible to dpkg-shlibdeps: CBLAS libraries (OpenBLAS, and the reference BLAS,
# a default contender) and gnuplot for the charts (skipped with a warning without it).
set(CPACK_DEBIAN_MMBENCH_PACKAGE_RECOMMENDS "libopenblas0-pthread, libblas3, gnuplot-nox")
set(CPACK_DEBIAN_MMBENCH_PACKAGE_SUGGESTS "libblis4-pthread, libatlas3-base, mmbench-onednn, mmbench-onnx, mmbench-torch")
foreach(comp ${_components})
  if(NOT comp STREQUAL "mmbench")
    string(TOUPPER ${comp} COMP)
    set(CPACK_COMPONENT_${COMP}_DEPENDS mmbench)
    set(CPACK_COMPONENT_${COMP}_DESCRIPTION "the ${comp} backend module of mmbench (loaded only by the workers that use it)")
  endif()
endforeach()
set(CPACK_COMPONENT_MMBENCH_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")

# The package's architecture is the target's, not the build machine's (a cross build makes arm64 packages), and
# dpkg-shlibdeps must look at that architecture's libraries (DEB_HOST_ARCH, set for cpack by the config file).
execute_process(COMMAND dpkg-architecture -t ${CMAKE_LIBRARY_ARCHITECTURE} -qDEB_HOST_ARCH
                OUTPUT_VARIABLE MMB_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(MMB_DEB_ARCH)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${MMB_DEB_ARCH})
  file(WRITE ${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake "set(ENV{DEB_HOST_ARCH} ${MMB_DEB_ARCH})\n")
  set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake)
endif()
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR}/packages)
include(CPack)
