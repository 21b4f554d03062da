// The one row reader of the store: steps a prepared statement to the end,
// mapping each row. Shared by the SQLite port implementations.
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

#include "store/database.h"

namespace sfn::store {

// Steps `q` to the end, calling `read(q)` for each row (it returns a Result
// or a plain value), and always resets the statement.
template <typename T, typename Read>
Result<std::vector<T>> ReadAll(Statement* q, Read read) {
  std::vector<T> out;
  while (true) {
    Result<bool> row = q->Step();
    if (!row.ok()) {
      q->Reset();
      return row.status();
    }
    if (!*row) break;
    if constexpr (std::is_same_v<decltype(read(*q)), Result<T>>) {
      Result<T> item = read(*q);
      if (!item.ok()) {
        q->Reset();
        return item.status();
      }
      out.push_back(std::move(item).value());
    } else {
      out.push_back(read(*q));
    }
  }
  q->Reset();
  return out;
}


}  // namespace sfn::store
