// CSV sink: one line per record, RFC 4180 quoting, a fixed header so spreadsheets and scripts can rely on it. The
// columns, their order and each real's precision come from record_columns(), the list the store's table uses too.
#include <iterator>

#include <fmt/format.h>

#include "mmbench/record_columns.hpp"
#include "mmbench/sinks.hpp"
#include "mmbench/text_format.hpp"

namespace mmbench {
namespace {

void append_cell(fmt::memory_buffer& out, const RecordColumn& c, const Record& r) {
  const auto v = c.value(r);
  if (const auto* d = std::get_if<double>(&v))
    fmt::format_to(std::back_inserter(out), "{:.{}g}", *d, c.csv_digits);
  else if (const auto* s = std::get_if<std::string>(&v))
    fmt::format_to(std::back_inserter(out), "{}", csv_quoted(*s));
  else
    std::visit([&](auto x) { fmt::format_to(std::back_inserter(out), "{}", x); }, v);
}

}  // namespace

void write_csv(std::ostream& os, const Report& rep) {
  const auto& columns = record_columns();
  fmt::memory_buffer line;
  auto flush = [&] {
    line.push_back('\n');
    os.write(line.data(), static_cast<std::streamsize>(line.size()));
    line.clear();
  };
  for (const auto& c : columns) fmt::format_to(std::back_inserter(line), "{}{}", line.size() ? "," : "", c.name);
  flush();
  for (const auto& r : rep.records) {
    for (const auto& c : columns) {
      if (&c != &columns.front()) line.push_back(',');
      append_cell(line, c, r);
    }
    flush();
  }
}

}  // namespace mmbench
