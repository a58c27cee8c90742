// The executable of the module_symbols self-test: it exports (ENABLE_EXPORTS) its own leaky::twice<double>, as
// mmbench exports the Eigen templates its fits instantiate. Never run; only its symbol table is read.
#include "leaky.hpp"

int main(int argc, char**) {
  return static_cast<int>(leaky::twice(static_cast<double>(argc)));
}
