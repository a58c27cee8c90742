# Unity builds (MMB_UNITY, on by default): each target compiles its files in batches of 8 concatenated into one
# translation unit. Most of a cold build's time was the same inline code of the header-only libraries (CLI11,
# nlohmann-json, fmt, GoogleTest) compiled and optimised once per file: an app file took 20-27 s, and precompiled
# headers saved almost none of it (parsing was 4%). Measured on 2 cores, ci preset, no compiler cache: 7 min 41 s
# file by file, 4 min 18 s in batches (issue 27). Files of one target must therefore not define the same name in an
# anonymous namespace; MMB_UNITY=OFF builds file by file, as every file must also compile alone.
option(MMB_UNITY "Compile each target's files in batches (unity build)" ON)
if(MMB_UNITY AND NOT DEFINED CMAKE_UNITY_BUILD)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE 8)
endif()
