// The flat columns of a record: name, type and how to read the value. One list feeds the store's results table
// (CREATE, INSERT, the migration of older stores) and the CSV (header and rows), so the two cannot drift apart.
// The JSON form (record_json.cpp) is nested and complete; these columns are the flat view for sqlite3 and
// spreadsheets.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mmbench/record.hpp"

namespace mmbench {

// A column's value; which alternative a column holds is fixed by its getter's return type, so its SQL type cannot
// disagree with its values.
using ColumnValue = std::variant<int64_t, uint64_t, double, std::string>;
using ColumnGetter = std::variant<int64_t (*)(const Record&), uint64_t (*)(const Record&), double (*)(const Record&),
                                  std::string (*)(const Record&)>;

struct RecordColumn {
  std::string_view name;
  ColumnGetter get;
  int csv_digits = 0;  // reals: significant digits in the CSV (the store keeps the full double)

  std::string_view sql_type() const;  // "INTEGER", "REAL" or "TEXT"
  ColumnValue value(const Record& r) const;
};

// Every column, in the CSV's order (scripts rely on it: only ever append).
const std::vector<RecordColumn>& record_columns();

}  // namespace mmbench
