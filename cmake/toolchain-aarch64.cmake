# Cross-building for aarch64 (the RK3588's Cortex-A76/A55) on Debian with crossbuild-essential-arm64 and arm64
# multiarch -dev packages. ctest runs the test binaries under qemu-aarch64 with -L / (with arm64 packages present,
# -L /usr/aarch64-linux-gnu can hang in pthread_create: shared/machine-notes.md).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/)
# The RK3588's cores: Cortex-A76 (big) and A55 (little), both ARMv8.2-A with FP16 arithmetic and dot product.
# GCC tunes for the pair and enables those NEON extensions everywhere (Eigen, the probe's FMA kernel).
set(CMAKE_C_FLAGS_INIT "-mcpu=cortex-a76.cortex-a55")
set(CMAKE_CXX_FLAGS_INIT "-mcpu=cortex-a76.cortex-a55")
