// Factory of the reference backend (naive loops; the oracle of the conformance tests).
#pragma once
#include <memory>

#include "mmbench/backend.hpp"

#define MMB_REFERENCE_VERSION "1"

namespace mmbench {
std::unique_ptr<Backend> make_reference_backend();
}
