// Memory for host matrices that keeps its pages from one point to the next. Touching fresh memory costs a page
// fault per page (~3 ms per MiB on our VM, 0.6 s for N = 4096 f32's A, B and C), so buffers from 1 MiB are
// mapped once and handed back to a small process-wide cache on release instead of being unmapped (not under
// AddressSanitizer, whose checks need its own allocator).
#pragma once
#include <cstddef>

namespace mmbench {

// At least `bytes` bytes, 64-byte aligned or better; contents undefined (a recycled buffer holds old data, as with
// malloc). Below 1 MiB plain aligned_alloc; from 1 MiB the smallest cached block that fits, else the largest cached
// block grown by mremap (its touched pages move with it; only the new tail faults), else a fresh anonymous mapping.
// Throws mmbench::Error when memory runs out.
void* acquire_host_buffer(size_t bytes);
// Gives back what acquire_host_buffer(bytes) returned, with the same `bytes`. A mapped block joins the cache, which
// keeps at most 4 blocks and unmaps the smallest beyond that: cold mode releases its many copies before A, B and C,
// and the big ones are those worth keeping. Null is ignored.
void release_host_buffer(void* p, size_t bytes);

// Bytes held by cached (released, still mapped) blocks.
size_t host_buffer_cached_bytes();
// Unmaps every cached block.
void drop_host_buffer_cache();

}  // namespace mmbench
