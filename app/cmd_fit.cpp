// `mmbench fit`: fit models of time against size, either to series of a store (per backend, dtype, mode and shape
// family) or to a user's own CSV (--data), printing Minuit-style summaries or JSON.
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/analysis.hpp"
#include "mmbench/analysis_json.hpp"
#include "mmbench/analysis_text.hpp"
#include "mmbench/error.hpp"
#include "mmbench/fit_csv.hpp"
#include "mmbench/range_parser.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_url.hpp"
#include "store_args.hpp"

namespace mmbench::app {
namespace {

struct FitArgs {
  std::string store, data, model, backends, dtype, machine;
  bool json = false;
};

int fit_data(const FitArgs& a) {
  const FitData d = read_fit_csv_file(a.data);
  const Model m = parse_model(a.model.empty() ? "exp" : a.model);
  const FitResult r = fit(m, d);
  if (a.json) {
    std::cout << to_json(r).dump(2) << "\n";
  } else {
    std::cout << model_formula(m) << "   (" << d.x.size() << " points from " << a.data
              << (d.sigma.empty() ? ", unweighted: errors scaled by sqrt(chi2/NDf)" : "") << ")\n"
              << minuit_summary(r)
              << fmt::format("chi2/NDf = {:.4g}: {}\n", r.reduced_chi2(),
                             r.consistent() ? "consistent with the errors" : "larger than the errors allow");
  }
  return 0;
}

int fit_store(const FitArgs& a) {
  const std::string source = is_store_url(a.store) ? a.store : store_folder(a.store);
  const std::string where = is_store_url(a.store) ? parse_store_url(a.store).redacted() : store_path(source);
  const Report rep = report_of(source, a.machine);
  std::set<std::string> have_b, have_d;
  for (const auto& r : rep.records)
    have_b.insert(r.key.backend), have_d.insert(std::string(to_string(r.key.problem.dtype)));
  auto join = [](const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
    return out.empty() ? std::string("none") : out;
  };
  std::vector<Record> chosen;
  const auto want_b = a.backends.empty() ? std::vector<std::string>{} : split_list(a.backends, "backend");
  for (const auto& b : want_b)
    if (!have_b.count(b))
      throw UsageError("store " + where + " has no results for backend '" + b + "' (it has: " + join(have_b) + ")");
  if (!a.dtype.empty()) {
    parse_dtype(a.dtype);
    if (!have_d.count(a.dtype))
      throw UsageError("store " + where + " has no results in " + a.dtype + " (it has: " + join(have_d) + ")");
  }
  for (const auto& r : rep.records) {
    if (!want_b.empty() && std::find(want_b.begin(), want_b.end(), r.key.backend) == want_b.end()) continue;
    if (!a.dtype.empty() && to_string(r.key.problem.dtype) != a.dtype) continue;
    chosen.push_back(r);
  }
  std::vector<Model> models = all_models();
  if (!a.model.empty() && a.model != "all") models = {parse_model(a.model)};
  std::optional<Roofs> roofs;
  if (!rep.runs.empty() && rep.runs.back().environment.contains("roofs"))
    roofs = roofs_from_json(rep.runs.back().environment["roofs"]);
  const Analysis an = analyze(chosen, models, roofs);
  if (a.json)
    std::cout << to_json(an).dump(2) << "\n";
  else
    write_analysis_text(std::cout, an);
  bool any = false;
  for (const auto& s : an.series) any = any || !s.fits.empty();
  if (!any) std::cerr << "mmbench: no series in " << where << " has enough verified points to fit\n";
  return any ? 0 : 1;
}

}  // namespace

Command add_fit_command(CLI::App& app) {
  auto a = std::make_shared<FitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fit",
      "Fit time vs size: exp (the seed's t = exp(Constant + Slope*N)), power (t = a*N^b) and overhead "
      "(t = t0 + flops/P) to a store's series, or to your own CSV with --data");
  cmd->add_option("store", a->store,
                  "Output folder of a run (or its results.db), or a store URL: sqlite:PATH, postgresql://... "
                  "(with --machine)");
  cmd->add_option("--machine", a->machine, "In a store of several machines, fit this machine's runs (its label)");
  cmd->add_option("--data", a->data,
                  "CSV with a header x,y or x,y,sigma (x: the size N of a square problem, y: seconds; no sigma = "
                  "unweighted); fits one model (default exp)");
  cmd->add_option("--model,-m", a->model, "exp, power, overhead (or all, the default for a store)");
  cmd->add_option("--backend,-b", a->backends, "Only these backends of the store, comma-separated");
  cmd->add_option("--dtype,-d", a->dtype, "Only this data type of the store");
  cmd->add_flag("--json", a->json,
                "Print JSON: for --data one object {model, parameters: [{name, value, error}], "
                "chi2, ndf, edm, ncalls, ...}; for a store {series, comparisons}");
  return [a, cmd] {
    refuse_empty(cmd, {{"store", &a->store},
                       {"--data", &a->data},
                       {"--model", &a->model},
                       {"--backend", &a->backends},
                       {"--dtype", &a->dtype}});
    if (a->data.empty() == a->store.empty())
      throw UsageError("fit needs either a store folder or --data FILE.csv (one of them)");
    if (!a->data.empty()) {
      if (!a->backends.empty() || !a->dtype.empty())
        throw UsageError("--backend and --dtype select series of a store, not of --data");
      if (a->model == "all") throw UsageError("--data fits one model at a time: --model exp, power or overhead");
      return fit_data(*a);
    }
    return fit_store(*a);
  };
}

}  // namespace mmbench::app
