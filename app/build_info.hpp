// What --version says beyond the version: the commit this binary was built from (generated at build time by
// cmake/build_commit.cmake, so never stale) and, from the configure step, what it was built with (MMB_BUILD_TEXT).
#pragma once

const char* mmb_build_commit();
