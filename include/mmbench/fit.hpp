// Least-squares fits of time against size: the original experiment's exponential, a power law, and fixed
// overhead plus throughput. Pure: data in, parameters with errors, χ², NDf, Minuit's EDM and call count out.
// The minimiser is Eigen's Levenberg–Marquardt (a MINPACK port); covariance and EDM are computed here (fit.cpp).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mmbench {

enum class Model { exp, power, overhead };
std::string_view to_string(Model m);
Model parse_model(std::string_view name);  // throws UsageError naming the known models
const std::vector<Model>& all_models();
std::string model_formula(Model m);  // "t = exp(Constant + Slope·N)"

// One series to fit. `sigma` empty = unweighted (every σ = 1, errors then scaled by √(χ²/NDf) as ROOT does for
// graphs without errors). `flops` is the work at each x (the overhead model needs it); empty = a square problem,
// 2·x³.
struct FitData {
  std::vector<double> x, y, sigma, flops;
};

struct FitParam {
  std::string name;
  double value = 0, error = 0;
};

struct FitResult {
  Model model = Model::exp;
  std::vector<FitParam> params;
  double chi2 = 0;
  int ndf = 0;
  double edm = 0;
  int ncalls = 0;  // function + Jacobian evaluations of the minimiser
  bool weighted = true;
  bool converged = false;
  std::string minimizer = "Eigen / Levenberg-Marquardt (MINPACK lmder)";
  double reduced_chi2() const { return ndf > 0 ? chi2 / ndf : 0; }
  // χ²/NDf within 3 standard deviations of its expectation (1 ± 3·√(2/NDf)): the model describes the data
  // within the measured spreads.
  bool consistent() const;
};

// Throws UsageError (a clear sentence) when the data cannot be fitted: fewer points than parameters + 1,
// non-finite values, times <= 0, sigma <= 0, mismatched lengths.
FitResult fit(Model m, const FitData& d);
// The fitted time at x with work `flops` (ignored except by the overhead model).
double evaluate(const FitResult& f, double x, double flops);

}  // namespace mmbench
