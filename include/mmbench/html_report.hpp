// The self-contained HTML report (<out>/report.html): environment, warnings, the comparison table, the charts
// (SVG embedded as data URIs), every fit's summary, steps and crossovers. No script, no network: it opens
// anywhere, from a mail attachment too.
#pragma once
#include <ostream>

#include "mmbench/analysis.hpp"
#include "mmbench/charts.hpp"
#include "mmbench/report.hpp"

namespace mmbench {

void write_html_report(std::ostream& os, const Report& rep, const Analysis& an, const ChartResult& charts);

}  // namespace mmbench
