// The sinks of `mmbench compare`: a console table (colour only on a terminal), Markdown to paste into a pull
// request, CSV and schema-versioned JSON (docs/output-schema.md). They only format a RunComparison.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmbench/comparison.hpp"

namespace mmbench {

// What the header of every output says besides the points: the two sides, what differs between their machines
// and software, where δ came from, and notes (between-run noise unknown, fields ignored in matching...).
struct CompareContext {
  std::string a, b;  // "base (run 1, 3 rounds)"
  std::vector<Difference> differences;
  std::string delta_text;
  std::vector<std::string> notes;
};

inline constexpr int kCompareSchemaVersion = 1;

void write_compare_text(std::ostream& os, const RunComparison& c, const CompareContext& ctx, bool colour);
void write_compare_markdown(std::ostream& os, const RunComparison& c, const CompareContext& ctx);
void write_compare_csv(std::ostream& os, const RunComparison& c);
nlohmann::json compare_json(const RunComparison& c, const CompareContext& ctx);
// "1.016 [0.990, 1.043]"
std::string ratio_text(double ratio, double low, double high);
// The verdict cell: "slower", "same", "inconclusive (~6 runs)", "ok -> WRONG", ...
std::string verdict_text(const PointComparison& p);

}  // namespace mmbench
