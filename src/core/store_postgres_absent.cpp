// The PostgreSQL engine of a build configured without libpq: a clear refusal instead of a link error.
#include "mmbench/error.hpp"
#include "store_engine.hpp"

namespace mmbench {

std::unique_ptr<StoreEngine> open_postgresql_engine(const StoreUrl& url) {
  throw UsageError("store " + url.redacted() +
                   ": this mmbench was built without PostgreSQL support (install libpq-dev and rebuild)");
}

}  // namespace mmbench
