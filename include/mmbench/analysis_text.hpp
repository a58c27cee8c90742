// The sentences people read about an analysis, one function each, shared by analysis.txt, the console, `mmbench
// fit` and report.html so that they cannot drift apart; and analysis.txt itself. The analysis returns data only.
#pragma once
#include <ostream>
#include <string>

#include "mmbench/analysis.hpp"

namespace mmbench {

// The ROOT/Minuit log layout the seed write-up printed (Minimizer, Chi2, NDf, Edm, NCalls, parameters ± errors).
std::string minuit_summary(const FitResult& f);
// The best fit: "overhead describes the data (chi2/NDf = 1.12)", "no model describes the data within the measured
// spreads; closest: ...", or "no model fitted".
std::string fit_verdict(const SeriesAnalysis& sa);
std::string fit_problem_text(const FitProblem& p);  // "power: needs at least 3 points (got 2)"
// The overhead model's parameters: "fixed cost per call t0 = ... s, asymptotic throughput P = ... GFLOP/s".
std::string overhead_text(const FitResult& overhead);
// "N = 1408 -> 1536: time per flop +20% (100.0 -> 83.3 GFLOP/s, 12.3 sigma)"
std::string step_text(const Series& s, const Step& st);
// The bound with its qualifiers: "memory-bound (in cache)", "compute-bound  ABOVE THE ROOF: a measurement error?"
std::string bound_text(const PointVerdict& v);
// One point's roofline: "N = 4096: 87% of attainable 200.0 GFLOP/s (peak 200.0, intensity 682.67 flop/B) - ..."
std::string roofline_text(const Series& s, const SeriesPoint& p, const PointVerdict& v);
// Why a series of a run with roofs has no verdicts; empty when that is not the case.
std::string no_verdict_text(const SeriesAnalysis& sa);
// Whose roofs judged a device series ("roofs of NVIDIA H100 ...: memory 2900.0 GB/s (...); compute: ..."); empty
// for the others.
std::string device_roofs_text(const SeriesAnalysis& sa);
// "eigen becomes faster than cblas:atlas between N = 256 and 512 (fitted curves cross at N ≈ 300)", or why not.
std::string comparison_text(const Comparison& c);

// full: per series every fit with its Minuit summary, verdict and steps, then every comparison's sentence
// (analysis.txt, `mmbench fit`). Otherwise one line per series plus steps and crossovers (the console).
void write_analysis_text(std::ostream& os, const Analysis& a, bool full = true);

}  // namespace mmbench
