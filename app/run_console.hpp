// The console's view of a run (`mmbench run`): warnings always, and unless --quiet the roofs, one progress line per
// point with its outcome, the interruption and the total time, on the stream it is given (stderr).
#pragma once
#include <memory>
#include <ostream>

#include "mmbench/runner.hpp"

namespace mmbench::app {

// `tty`: the stream is a terminal, so each progress line also shows the elapsed and the expected remaining time
// (logs and pipes keep one plain line per point).
std::unique_ptr<RunObserver> make_console_observer(std::ostream& log, bool quiet, bool tty);

}  // namespace mmbench::app
