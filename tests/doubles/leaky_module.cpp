// A module built the default way (no hidden visibility), for the test module_symbols_catches_a_shared_template: it
// exports its copy of leaky::twice<double>, which leaky_host also defines, so loading it would bind the module's
// call to the host's copy. Never loaded; only its symbol table is read.
#include "leaky.hpp"

extern "C" __attribute__((visibility("default"))) double mmbench_make_module_backend(double x) {
  return leaky::twice(x);
}
