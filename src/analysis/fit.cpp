// Weighted least squares with Eigen's Levenberg–Marquardt (unsupported/Eigen/NonLinearOptimization, MINPACK's
// lmder). What the library does not give is computed here from the Jacobian J of the weighted residuals at the
// minimum, as Minuit's HESSE would for a χ² cost (ERRORDEF 1, errors valid for Δχ² = 1):
//   Cov = (JᵀJ)⁻¹                                   (the Gauss–Newton Hessian of χ² is 2·JᵀJ; Minuit's V = H⁻¹,
//                                                    errors √(2·UP·V) = √diag(JᵀJ)⁻¹)
//   EDM = ½·gᵀ·H⁻¹·g with g = ∇χ² = 2·Jᵀr  ⇒  EDM = (Jᵀr)ᵀ·Cov·(Jᵀr)   (F. James, MINUIT Reference Manual, §"EDM")
// Minuit's errors use the full Hessian and differ from these by ≈0.05% on the seed's data (shared/machine-notes.md).
#include "mmbench/fit.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>
#include <fmt/format.h>
#include <unsupported/Eigen/NonLinearOptimization>

#include "mmbench/error.hpp"
#include "mmbench/problem.hpp"

namespace mmbench {
namespace {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

// A model in its internal parameters (chosen for conditioning: the power law fits ln a, not a).
struct ModelSpec {
  int npar;
  double (*value)(const double* p, double x, double flops);
  void (*grad)(const double* p, double x, double flops, double* g);  // ∂value/∂p
};

double exp_value(const double* p, double x, double) {
  return std::exp(p[0] + p[1] * x);
}
void exp_grad(const double* p, double x, double, double* g) {
  const double v = std::exp(p[0] + p[1] * x);
  g[0] = v;
  g[1] = x * v;
}
// internal: p0 = ln a, p1 = b
double power_value(const double* p, double x, double) {
  return std::exp(p[0] + p[1] * std::log(x));
}
void power_grad(const double* p, double x, double, double* g) {
  const double v = std::exp(p[0] + p[1] * std::log(x));
  g[0] = v;
  g[1] = std::log(x) * v;
}
// internal: p0 = t0 [s], p1 = 1/P [s per GFLOP]. Linear in its parameters, so the minimum is unique and no
// parameter runs off to infinity (fitting P itself did, when the data barely constrain the throughput).
double overhead_value(const double* p, double, double flops) {
  return p[0] + flops * 1e-9 * p[1];
}
void overhead_grad(const double*, double, double flops, double* g) {
  g[0] = 1;
  g[1] = flops * 1e-9;
}

ModelSpec spec_of(Model m) {
  switch (m) {
    case Model::exp:
      return {2, exp_value, exp_grad};
    case Model::power:
      return {2, power_value, power_grad};
    case Model::overhead:
      return {2, overhead_value, overhead_grad};
  }
  return {2, exp_value, exp_grad};
}

struct Residuals {
  using Scalar = double;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };
  using InputType = Vec;
  using ValueType = Vec;
  using JacobianType = Mat;

  const ModelSpec& spec;
  const std::vector<double>& x;
  const std::vector<double>& y;
  const std::vector<double>& s;
  const std::vector<double>& f;

  int inputs() const { return spec.npar; }
  int values() const { return static_cast<int>(x.size()); }
  int operator()(const Vec& p, Vec& r) const {
    for (size_t i = 0; i < x.size(); ++i) r[i] = (y[i] - spec.value(p.data(), x[i], f[i])) / s[i];
    return r.allFinite() ? 0 : -1;
  }
  int df(const Vec& p, Mat& jac) const {
    double g[4];
    for (size_t i = 0; i < x.size(); ++i) {
      spec.grad(p.data(), x[i], f[i], g);
      for (int k = 0; k < spec.npar; ++k) jac(i, k) = -g[k] / s[i];
    }
    return jac.allFinite() ? 0 : -1;
  }
};

// Weighted linear regression of v on u (weights w): returns {intercept, slope}.
std::pair<double, double> line_fit(const std::vector<double>& u, const std::vector<double>& v,
                                   const std::vector<double>& w) {
  double sw = 0, su = 0, sv = 0, suu = 0, suv = 0;
  for (size_t i = 0; i < u.size(); ++i) {
    sw += w[i], su += w[i] * u[i], sv += w[i] * v[i], suu += w[i] * u[i] * u[i], suv += w[i] * u[i] * v[i];
  }
  const double det = sw * suu - su * su;
  if (det == 0) return {sv / sw, 0};
  return {(suu * sv - su * suv) / det, (sw * suv - su * sv) / det};
}

Vec initial_guess(Model m, const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& s,
                  const std::vector<double>& f) {
  std::vector<double> u(x.size()), v(x.size()), w(x.size());
  Vec p(2);
  switch (m) {
    case Model::exp:
    case Model::power: {
      for (size_t i = 0; i < x.size(); ++i) {
        u[i] = m == Model::exp ? x[i] : std::log(x[i]);
        v[i] = std::log(y[i]);
        w[i] = (y[i] / s[i]) * (y[i] / s[i]);  // σ(ln y) = σ/y
      }
      const auto [c, sl] = line_fit(u, v, w);
      p << c, sl;
      break;
    }
    case Model::overhead: {
      for (size_t i = 0; i < x.size(); ++i) u[i] = f[i], v[i] = y[i], w[i] = 1 / (s[i] * s[i]);
      const auto [t0, q] = line_fit(u, v, w);
      p << t0, q * 1e9;
      break;
    }
  }
  return p;
}

void check(const FitData& d, int npar, Model m) {
  const size_t n = d.x.size();
  if (d.y.size() != n || (!d.sigma.empty() && d.sigma.size() != n) || (!d.flops.empty() && d.flops.size() != n))
    throw UsageError("fit: x, y, sigma and flops must have the same number of values");
  if (n < static_cast<size_t>(npar) + 1)
    throw UsageError(fmt::format("fit: the {} model has {} parameters and needs at least {} points (got {})",
                                 to_string(m), npar, npar + 1, n));
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(d.x[i]) || !std::isfinite(d.y[i]))
      throw UsageError(fmt::format("fit: point {} is not a finite number (x={}, y={})", i + 1, d.x[i], d.y[i]));
    if (d.y[i] <= 0)
      throw UsageError(fmt::format("fit: time must be > 0, point {} has y={} (x={})", i + 1, d.y[i], d.x[i]));
    if (!d.sigma.empty() && !(d.sigma[i] > 0 && std::isfinite(d.sigma[i])))
      throw UsageError(fmt::format("fit: sigma must be > 0, point {} has sigma={} (x={})", i + 1, d.sigma[i], d.x[i]));
    if (m == Model::power && d.x[i] <= 0)
      throw UsageError(fmt::format("fit: the power law needs x > 0, point {} has x={}", i + 1, d.x[i]));
    if (m == Model::overhead && !d.flops.empty() && !(d.flops[i] > 0))
      throw UsageError(fmt::format("fit: the overhead model needs work > 0, point {} has {} flops", i + 1, d.flops[i]));
    if (m == Model::overhead && d.flops.empty() && d.x[i] <= 0)
      throw UsageError(
          fmt::format("fit: the overhead model needs x > 0 (N of a square problem), point {} has x={}", i + 1, d.x[i]));
  }
  bool distinct = false;
  for (size_t i = 1; i < n; ++i) distinct = distinct || d.x[i] != d.x[0];
  if (!distinct) throw UsageError("fit: every point has the same x; a curve needs at least two distinct sizes");
}

}  // namespace

std::string_view to_string(Model m) {
  switch (m) {
    case Model::exp:
      return "exp";
    case Model::power:
      return "power";
    case Model::overhead:
      return "overhead";
  }
  return "?";
}

const std::vector<Model>& all_models() {
  static const std::vector<Model> v{Model::exp, Model::power, Model::overhead};
  return v;
}

Model parse_model(std::string_view name) {
  for (Model m : all_models())
    if (to_string(m) == name) return m;
  throw UsageError(fmt::format("unknown model '{}' (known: exp, power, overhead)", name));
}

std::string model_formula(Model m) {
  switch (m) {
    case Model::exp:
      return "t = exp(Constant + Slope*N)";
    case Model::power:
      return "t = a*N^b";
    case Model::overhead:
      return "t = t0 + flops/P  (P in GFLOP/s)";
  }
  return "";
}

bool FitResult::consistent() const {
  return ndf > 0 && reduced_chi2() <= 1 + 3 * std::sqrt(2.0 / ndf);
}

FitResult fit(Model m, const FitData& d) {
  const ModelSpec spec = spec_of(m);
  check(d, spec.npar, m);
  const size_t n = d.x.size();
  const bool weighted = !d.sigma.empty();
  const std::vector<double> s = weighted ? d.sigma : std::vector<double>(n, 1.0);
  std::vector<double> f = d.flops;
  if (f.empty())
    for (double x : d.x) f.push_back(Problem::flops_of(x, x, x));

  Residuals fn{spec, d.x, d.y, s, f};
  Vec p = initial_guess(m, d.x, d.y, s, f);
  Eigen::LevenbergMarquardt<Residuals> lm(fn);
  lm.parameters.maxfev = 2000;
  lm.parameters.ftol = lm.parameters.xtol = 1e-12;
  const auto status = lm.minimize(p);

  FitResult out;
  out.model = m;
  out.weighted = weighted;
  out.ncalls = static_cast<int>(lm.nfev + lm.njev);
  out.converged = status >= Eigen::LevenbergMarquardtSpace::RelativeReductionTooSmall &&
                  status <= Eigen::LevenbergMarquardtSpace::CosinusTooSmall;
  Vec r(n);
  Mat jac(n, spec.npar);
  if (fn(p, r) != 0 || fn.df(p, jac) != 0)
    throw UsageError(fmt::format("fit: the {} model diverged on this data (no finite minimum)", to_string(m)));
  out.chi2 = r.squaredNorm();
  out.ndf = static_cast<int>(n) - spec.npar;
  const Mat jtj = jac.transpose() * jac;
  Eigen::FullPivLU<Mat> lu(jtj);
  if (!lu.isInvertible())
    throw UsageError(fmt::format("fit: the {} model's parameters are not determined by this data", to_string(m)));
  Mat cov = lu.inverse();
  const Vec g = jac.transpose() * r;
  out.edm = std::abs(g.dot(cov * g));
  if (!weighted && out.ndf > 0) cov *= out.chi2 / out.ndf;  // unit errors: scale to the observed scatter

  auto err = [&](int k) { return std::sqrt(std::max(0.0, cov(k, k))); };
  switch (m) {
    case Model::exp:
      out.params = {{"Constant", p[0], err(0)}, {"Slope", p[1], err(1)}};
      break;
    case Model::power: {
      const double a = std::exp(p[0]);
      out.params = {{"a", a, a * err(0)}, {"b", p[1], err(1)}};  // σ_a = a·σ_ln a (first order)
      break;
    }
    case Model::overhead:
      if (!(p[1] > 0))
        throw UsageError(
            "fit: the overhead model's throughput came out <= 0 (time does not grow with the work "
            "in this data)");
      out.params = {{"t0", p[0], err(0)}, {"P", 1 / p[1], err(1) / (p[1] * p[1])}};  // σ_P = σ_q / q²
      break;
  }
  for (const auto& q : out.params)
    if (!std::isfinite(q.value) || !std::isfinite(q.error))
      throw UsageError(fmt::format("fit: the {} model gave a non-finite parameter on this data", to_string(m)));
  return out;
}

double evaluate(const FitResult& r, double x, double flops) {
  const double a = r.params.at(0).value, b = r.params.at(1).value;
  switch (r.model) {
    case Model::exp:
      return std::exp(a + b * x);
    case Model::power:
      return a * std::pow(x, b);
    case Model::overhead:
      return a + flops / (b * 1e9);
  }
  return 0;
}

}  // namespace mmbench
