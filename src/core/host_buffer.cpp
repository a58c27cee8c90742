// The host buffer cache: a handful of released anonymous mappings, reused or grown in place of fresh ones so that
// their pages stay resident. No MADV_HUGEPAGE: measured matrices keep the page size an application would get.
#include "mmbench/host_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "mmbench/error.hpp"

namespace mmbench {

namespace {

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer every buffer comes from the allocator it watches: an overrun of a mapped block (a backend
// reading past B at 1 x 4096 x 64) would go unseen.
constexpr size_t mapped_from = SIZE_MAX;
#else
constexpr size_t mapped_from = size_t{1} << 20;  // below, malloc's own free lists already keep pages
#endif
constexpr size_t max_cached_blocks = 4;  // A, B, C and one more: what a point needs

struct Block {
  void* p;
  size_t capacity;  // bytes mapped, a whole number of pages
};

struct Cache {
  std::mutex mutex;
  std::vector<Block> idle;                   // released, pages still resident
  std::unordered_map<void*, size_t> in_use;  // capacity of each block handed out: release is told only the bytes
};

// Never destroyed: a HostMatrix with static storage may be released after the cache would have been.
Cache& cache() {
  static Cache* c = new Cache;
  return *c;
}

size_t page_round(size_t bytes) {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return (bytes + page - 1) / page * page;
}

[[noreturn]] void out_of_memory(size_t bytes) {
  throw Error("out of memory allocating " + std::to_string(bytes) + " bytes");
}

void* map_fresh(size_t capacity) {
  void* p = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

// A block that fits, else the largest grown to fit, else a fresh mapping; the caller holds the lock.
Block take_block(std::vector<Block>& idle, size_t bytes) {
  const size_t capacity = page_round(bytes);
  auto fits = idle.end();
  for (auto it = idle.begin(); it != idle.end(); ++it)
    if (it->capacity >= bytes && (fits == idle.end() || it->capacity < fits->capacity)) fits = it;
  if (fits != idle.end()) {
    const Block b = *fits;
    idle.erase(fits);
    return b;
  }
  if (!idle.empty()) {
    const auto largest =
        std::max_element(idle.begin(), idle.end(), [](Block x, Block y) { return x.capacity < y.capacity; });
    const Block b = *largest;
    idle.erase(largest);
    void* p = mremap(b.p, b.capacity, capacity, MREMAP_MAYMOVE);
    if (p != MAP_FAILED) return {p, capacity};
    munmap(b.p, b.capacity);  // no room to grow it: let its pages go before mapping anew
  }
  return {map_fresh(capacity), capacity};
}

}  // namespace

void* acquire_host_buffer(size_t bytes) {
  if (bytes < mapped_from) {
    void* p = std::aligned_alloc(64, std::max<size_t>(64, (bytes + 63) / 64 * 64));  // a multiple of the alignment
    if (!p) out_of_memory(bytes);
    return p;
  }
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  const Block b = take_block(c.idle, bytes);
  if (!b.p) out_of_memory(bytes);
  c.in_use.emplace(b.p, b.capacity);
  return b.p;
}

void release_host_buffer(void* p, size_t bytes) {
  if (!p) return;
  if (bytes < mapped_from) {
    std::free(p);
    return;
  }
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  const auto it = c.in_use.find(p);
  if (it == c.in_use.end()) return;  // not ours; unmapping a guess could take someone else's pages
  c.idle.push_back({p, it->second});
  c.in_use.erase(it);
  if (c.idle.size() > max_cached_blocks) {
    const auto smallest =
        std::min_element(c.idle.begin(), c.idle.end(), [](Block x, Block y) { return x.capacity < y.capacity; });
    munmap(smallest->p, smallest->capacity);
    c.idle.erase(smallest);
  }
}

size_t host_buffer_cached_bytes() {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  size_t total = 0;
  for (const Block& b : c.idle) total += b.capacity;
  return total;
}

void drop_host_buffer_cache() {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  for (const Block& b : c.idle) munmap(b.p, b.capacity);
  c.idle.clear();
}

}  // namespace mmbench
