// settle_allocator: after it, a block of a few MiB comes from the heap, not from its own mapping, and freeing it
// leaves the heap its size, so the next call of a library that allocates per call reuses warm pages instead of
// faulting in fresh zeroed ones. Checked through glibc's own counters (mallinfo2), not through timings.
#include "mmbench/allocator.hpp"

#include <cstdlib>

#include <gtest/gtest.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

TEST(Allocator, FreedBlocksStayInTheProcess) {
  const std::string& what = mmbench::settle_allocator();
  EXPECT_EQ(&what, &mmbench::settle_allocator());  // once per process
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
  EXPECT_EQ(what.rfind("not set: ", 0), 0u) << what;
  GTEST_SKIP() << what;
#else
  EXPECT_EQ(what, "glibc malloc: mmap threshold 32 MiB, trim threshold 1 GiB");
  const size_t bytes = size_t{4} << 20;  // above glibc's default 128 KiB mmap and trim thresholds
  const struct mallinfo2 before = mallinfo2();
  auto* p = static_cast<volatile char*>(std::malloc(bytes));
  ASSERT_NE(p, nullptr);
  for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;  // touched, so the pair cannot be elided
  const struct mallinfo2 held = mallinfo2();
  EXPECT_EQ(held.hblks, before.hblks) << "the block was mapped on its own";
  EXPECT_GE(held.uordblks, before.uordblks + bytes) << "the heap did not hold the block";
  std::free(const_cast<char*>(p));
  const struct mallinfo2 after = mallinfo2();
  EXPECT_EQ(after.arena, held.arena) << "the heap was trimmed on free";
#endif
}
