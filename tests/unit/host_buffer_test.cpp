// Host buffers: a released buffer comes back with its pages resident (few page faults the second time), a grown one
// faults only its new tail, the cache keeps at most 4 blocks and the largest of them, and every buffer is aligned.
#include "mmbench/host_buffer.hpp"

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "mmbench/host_matrix.hpp"

using namespace mmbench;

namespace {

constexpr size_t MiB = size_t{1} << 20;
const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));

long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// Writes one byte in every page and returns the page faults that took.
long faults_touching(void* p, size_t bytes) {
  volatile char* c = static_cast<char*>(p);
  const long before = minor_faults();
  for (size_t i = 0; i < bytes; i += page) c[i] = 1;
  return minor_faults() - before;
}

// Counted in base pages even where transparent huge pages are "always": only what the cache keeps is under test.
void* acquire_small_pages(size_t bytes) {
  void* p = acquire_host_buffer(bytes);
  madvise(p, bytes, MADV_NOHUGEPAGE);
  return p;
}

}  // namespace

// Builds with AddressSanitizer keep every buffer in the allocator it watches (host_buffer.cpp): no cache to test.
#if defined(__SANITIZE_ADDRESS__)
#define SKIP_UNDER_ASAN() GTEST_SKIP() << "AddressSanitizer build: host buffers are not cached"
#else
#define SKIP_UNDER_ASAN() (void)0
#endif

TEST(HostBuffer, ReleasedBufferKeepsItsPages) {
  SKIP_UNDER_ASAN();
  drop_host_buffer_cache();
  const size_t bytes = 16 * MiB;
  const long pages = static_cast<long>(bytes / page);
  void* p = acquire_small_pages(bytes);
  EXPECT_GE(faults_touching(p, bytes), pages * 9 / 10);
  release_host_buffer(p, bytes);
  EXPECT_EQ(host_buffer_cached_bytes(), bytes);
  void* q = acquire_host_buffer(bytes);
  EXPECT_LT(faults_touching(q, bytes), pages / 10);
  release_host_buffer(q, bytes);
  drop_host_buffer_cache();
  EXPECT_EQ(host_buffer_cached_bytes(), 0u);
}

TEST(HostBuffer, GrowingFaultsOnlyTheNewTail) {
  SKIP_UNDER_ASAN();
  drop_host_buffer_cache();
  void* p = acquire_small_pages(8 * MiB);
  faults_touching(p, 8 * MiB);
  release_host_buffer(p, 8 * MiB);
  void* q = acquire_host_buffer(16 * MiB);
  EXPECT_EQ(host_buffer_cached_bytes(), 0u);  // the cached block was grown, not left beside a fresh one
  const long new_half = static_cast<long>(8 * MiB / page);
  const long faults = faults_touching(q, 16 * MiB);
  EXPECT_GE(faults, new_half * 9 / 10);
  EXPECT_LT(faults, new_half * 13 / 10);  // slack for sanitizers' shadow pages if the block moved
  release_host_buffer(q, 16 * MiB);
  drop_host_buffer_cache();
}

TEST(HostBuffer, CacheKeepsTheFourLargestAndHandsOutTheSmallestThatFits) {
  SKIP_UNDER_ASAN();
  drop_host_buffer_cache();
  std::vector<void*> blocks;
  for (size_t m = 1; m <= 5; ++m) blocks.push_back(acquire_host_buffer(m * MiB));
  for (size_t m = 5; m >= 1; --m) release_host_buffer(blocks[m - 1], m * MiB);  // the smallest last: evicted
  EXPECT_EQ(host_buffer_cached_bytes(), (2 + 3 + 4 + 5) * MiB);

  void* fits = acquire_host_buffer(3 * MiB + 1);  // the 4 MiB block, not the 5
  EXPECT_EQ(host_buffer_cached_bytes(), (2 + 3 + 5) * MiB);
  void* grown = acquire_host_buffer(6 * MiB);  // none fits: the 5 MiB block grows
  EXPECT_EQ(host_buffer_cached_bytes(), (2 + 3) * MiB);
  release_host_buffer(fits, 3 * MiB + 1);  // hands back all 4 MiB, not the bytes asked for
  release_host_buffer(grown, 6 * MiB);
  EXPECT_EQ(host_buffer_cached_bytes(), (2 + 3 + 4 + 6) * MiB);

  drop_host_buffer_cache();  // the smallest first: it is the one evicted all the same
  blocks.clear();
  for (size_t m = 1; m <= 5; ++m) blocks.push_back(acquire_host_buffer(m * MiB));
  for (size_t m = 1; m <= 5; ++m) release_host_buffer(blocks[m - 1], m * MiB);
  EXPECT_EQ(host_buffer_cached_bytes(), (2 + 3 + 4 + 5) * MiB);
  drop_host_buffer_cache();
  EXPECT_EQ(host_buffer_cached_bytes(), 0u);
}

TEST(HostBuffer, SmallBuffersAndAlignment) {
  drop_host_buffer_cache();
  for (size_t bytes : {size_t{0}, size_t{1}, size_t{100}, MiB - 1, MiB, 3 * MiB + 7}) {
    void* p = acquire_host_buffer(bytes);
    ASSERT_NE(p, nullptr) << bytes;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u) << bytes;
    std::memset(p, 0xa5, bytes);
    release_host_buffer(p, bytes);
  }
#if !defined(__SANITIZE_ADDRESS__)  // (ASan builds cache nothing)
  // Only the mapped ones are cached, and the 1 MiB block grew into the last: whole pages of it.
  EXPECT_EQ(host_buffer_cached_bytes(), (3 * MiB + 7 + page - 1) / page * page);
#endif
  drop_host_buffer_cache();
}

TEST(HostBuffer, HostMatrixRecyclesItsMemory) {
  SKIP_UNDER_ASAN();
  drop_host_buffer_cache();
  void* first = nullptr;
  {
    HostMatrix m(1024, 1024, DType::f32);
    first = m.data();
  }
  EXPECT_EQ(host_buffer_cached_bytes(), 4 * MiB);
  HostMatrix again(1024, 1024, DType::f32);
  EXPECT_EQ(again.data(), first);
  EXPECT_EQ(host_buffer_cached_bytes(), 0u);
}
