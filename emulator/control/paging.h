// The one paging helper of every List call: Step Functions' nextToken /
// maxResults and Lambda's Marker / MaxItems.
//
// A token is opaque to the client; it encodes where the next page starts and
// the listing it pages (its scope: the operation and its filters), so a
// token from one listing is rejected by another. A malformed or foreign
// token is the service's own error: Step Functions answers InvalidToken,
// Lambda InvalidParameterValueException. Pure functions and values;
// thread-safe.
//
// Two kinds of token, one per way a listing is read:
// - an offset token ("sfnpage1", FetchPage / PageOf): the number of rows the
//   earlier pages held. Reading at an offset costs the rows skipped, so it
//   serves the short listings (state machines, versions, aliases, ...);
// - a keyset token ("sfnpage2", FetchKeysetPage): the sort key of the last
//   row given out (its Position). The store seeks to it through an index,
//   so a deep page of a million executions costs what the first does (issue
//   16 part 5). A listing that moved from one kind to the other refuses the
//   other kind's tokens with the bad-token error, like a foreign token (AWS
//   tokens expire after 24 hours anyway).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/core/status.h"

namespace sfn::control {

// How one API pages: its default page size and its answer to a bad token.
struct PagingRules {
  int default_page_size = 100;
  Status (*bad_token)(const std::string& token) = nullptr;
};

// Step Functions: 100 per page unless maxResults says otherwise (0 means the
// default); a bad nextToken is InvalidToken.
extern const PagingRules kStepFunctionsPaging;
// Lambda: 50 per page unless MaxItems says otherwise; a bad Marker is
// InvalidParameterValueException.
extern const PagingRules kLambdaPaging;

// One page request: `scope` names the listing (operation and filters);
// `max_results` and `token` are the request's members.
struct PageQuery {
  std::string scope;
  std::optional<int> max_results;
  std::optional<std::string> token;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;  // absent on the last page
};

std::string EncodeToken(const std::string& scope, int64_t offset);
// The offset `token` encodes for `scope` (0 when absent); rules.bad_token's
// Status for a malformed or foreign token.
Result<int64_t> DecodeToken(const std::string& scope, const std::optional<std::string>& token,
                            const PagingRules& rules = kStepFunctionsPaging);
// The page size a request asks for (the default for none or 0).
int PageSize(std::optional<int> max_results, const PagingRules& rules = kStepFunctionsPaging);

// A page of a listing the store pages: `fetch(offset, limit)` returns up to
// `limit` items from `offset` as Result<std::vector<T>>. Asks for one item
// more than the page holds to know whether another page follows.
template <typename T, typename Fetch>
Result<Page<T>> FetchPage(const PageQuery& query, const PagingRules& rules, Fetch&& fetch) {
  SFN_ASSIGN_OR_RETURN(int64_t offset, DecodeToken(query.scope, query.token, rules));
  int limit = PageSize(query.max_results, rules);
  SFN_ASSIGN_OR_RETURN(std::vector<T> items, fetch(offset, limit + 1));
  Page<T> page;
  if (items.size() > static_cast<size_t>(limit)) {
    items.resize(static_cast<size_t>(limit));
    page.next_token = EncodeToken(query.scope, offset + limit);
  }
  page.items = std::move(items);
  return page;
}

// Where a row stands in its listing's order: the values of its sort key, most
// significant first (ListExecutions: start time and insertion order;
// GetExecutionHistory: the event id). A page starts after the position of
// the previous page's last row.
using Position = std::vector<int64_t>;

// A row of a keyset listing with its position.
template <typename T>
struct Positioned {
  T item;
  Position position;
};

std::string EncodeKeysetToken(const std::string& scope, const Position& after);
// The position `token` encodes for `scope` (nullopt when absent: the first
// page); rules.bad_token's Status for a malformed or foreign token, or one
// whose position has not `key_size` values (a token of another listing or an
// offset token).
Result<std::optional<Position>> DecodeKeysetToken(const std::string& scope,
                                                  const std::optional<std::string>& token,
                                                  size_t key_size,
                                                  const PagingRules& rules = kStepFunctionsPaging);

// A page of a listing the store reads by keyset: `fetch(after, limit)`
// returns up to `limit` rows after the position `after` (nullopt: from the
// first row) as Result<std::vector<Positioned<T>>>, each position of
// `key_size` values. Asks for one row more than the page holds to know
// whether another page follows; the next token carries the position of the
// page's last row.
template <typename T, typename Fetch>
Result<Page<T>> FetchKeysetPage(const PageQuery& query, size_t key_size, const PagingRules& rules,
                                Fetch&& fetch) {
  SFN_ASSIGN_OR_RETURN(std::optional<Position> after,
                       DecodeKeysetToken(query.scope, query.token, key_size, rules));
  int limit = PageSize(query.max_results, rules);
  SFN_ASSIGN_OR_RETURN(std::vector<Positioned<T>> rows, fetch(after, limit + 1));
  Page<T> page;
  if (rows.size() > static_cast<size_t>(limit)) {
    rows.resize(static_cast<size_t>(limit));
    page.next_token = EncodeKeysetToken(query.scope, rows.back().position);
  }
  page.items.reserve(rows.size());
  for (Positioned<T>& row : rows) page.items.push_back(std::move(row.item));
  return page;
}

// A page of a listing held in memory.
template <typename T>
Result<Page<T>> PageOf(std::vector<T> all, const PageQuery& query, const PagingRules& rules) {
  return FetchPage<T>(query, rules, [&all](int64_t offset, int limit) -> Result<std::vector<T>> {
    std::vector<T> out;
    for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && i < offset + limit; ++i) {
      out.push_back(std::move(all[static_cast<size_t>(i)]));
    }
    return out;
  });
}

}  // namespace sfn::control
