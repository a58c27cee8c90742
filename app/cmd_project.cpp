// `mmbench project --model M --backend B --dtype D [STORE]`: decode and prefill tokens/s of a whole LLM from the
// matmuls measured in a store, with the memory-bandwidth bound and the assumptions stated.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/error.hpp"
#include "mmbench/projection_text.hpp"
#include "mmbench/store.hpp"
#include "mmbench/text_format.hpp"
#include "store_args.hpp"

namespace mmbench::app {

Command add_project_command(CLI::App& app) {
  struct Args {
    std::string store = "mmbench-results", model, backend, dtype = "f32", machine;
    int64_t prompt = 128;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("project",
                         "Project decode and prefill tokens/s of an LLM from measured matmuls (measure them with "
                         "`run --preset llm:<model>`), with the memory-bandwidth bound");
  cmd->add_option("store", a->store,
                  "Output folder of a run (or its results.db), or a store URL: sqlite:PATH, postgresql://... "
                  "(with --machine)")
      ->capture_default_str();
  cmd->add_option("--machine", a->machine, "In a store of several machines, use this machine's runs (its label)");
  cmd->add_option("--model", a->model, "Model: " + llm_model_names())->required();
  cmd->add_option("--backend,-b", a->backend, "Backend whose measurements to use")->required();
  cmd->add_option("--dtype,-d", a->dtype, "Data type (default f32)");
  cmd->add_option("--prompt", a->prompt, "Prompt tokens for prefill (default 128)")->check(whole_number_in(1, 1 << 20));
  cmd->add_flag("--json", a->json, "Print JSON");
  return [a, cmd] {
    refuse_empty(cmd,
                 {{"store", &a->store}, {"--model", &a->model}, {"--backend", &a->backend}, {"--dtype", &a->dtype}});
    const LlmModel& model = find_llm_model(a->model);
    const DType dtype = parse_dtype(a->dtype);
    const Report rep = report_of(is_store_url(a->store) ? a->store : store_folder(a->store), a->machine);
    std::optional<Roofs> roofs;
    for (const auto& run : rep.runs)  // the latest run that measured them
      if (run.environment.contains("roofs")) roofs = roofs_from_json(run.environment["roofs"]);
    const Projection p = project(model, rep.records, a->backend, dtype, a->prompt, roofs);
    if (a->json) {
      std::cout << to_json(p).dump(2) << "\n";
      return 0;
    }
    std::cout << fmt::format("{} on {} ({}), {:.0f} M matmul parameters ({} per token)\n", model.name, p.backend,
                             p.dtype, model.matmul_params() / 1e6, human_bytes(p.weight_bytes))
              << fmt::format("decode:  {:.2f} tokens/s ({} per token)\n", p.decode_tokens_per_s,
                             human_seconds_precise(p.decode_s_per_token))
              << fmt::format("prefill: {:.1f} tokens/s ({} for {} tokens)\n", p.prefill_tokens_per_s,
                             human_seconds_precise(p.prefill_s), p.prompt);
    if (p.bandwidth_bound_tokens_per_s)
      std::cout << fmt::format("bandwidth bound: {:.2f} tokens/s at {:.1f} GB/s read; decode reaches {:.0f}% of it\n",
                               *p.bandwidth_bound_tokens_per_s, roofs->read_bandwidth_gbs,
                               100 * p.decode_tokens_per_s / *p.bandwidth_bound_tokens_per_s);
    else
      std::cout << "bandwidth bound: unknown (this store has no roofs: run without --no-probe)\n";
    std::cout << "\nper decoded token:\n";
    for (const auto& t : p.decode)
      std::cout << fmt::format("  {:<16} {:>3} x {:<16} {:>10}  {}\n", t.weight, t.count,
                               fmt::format("{}x{}x{}", t.m, t.n, t.k), human_seconds_precise(t.seconds),
                               term_source(t));
    std::cout << "\nassumptions:\n";
    for (const auto& s : projection_assumptions(p)) std::cout << "  - " << s << "\n";
    return 0;
  };
}

}  // namespace mmbench::app
