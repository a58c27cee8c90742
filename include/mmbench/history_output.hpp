// The charts of `mmbench history`: one per point, its run values (median, with the rounds' range or the median's
// interval as error bars) against the run, the levels of the piecewise-constant fit drawn over them and each
// change point marked. gnuplot, as for a run's charts; a missing gnuplot is a warning.
#pragma once
#include <string>
#include <vector>

#include "mmbench/charts.hpp"
#include "mmbench/history.hpp"

namespace mmbench {

// <out>/charts/history-<point>.{gp,png,svg} for each point.
ChartResult write_history_charts(const std::string& out_dir, const std::vector<const PointHistory*>& points,
                                 const std::vector<HistorySource>& sources, const std::string& gnuplot = "gnuplot");

}  // namespace mmbench
