// Placing findings: a call named by (rank, time) is the innermost span of that rank's lane containing the time.
#include "findings/findings.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>

namespace mpisight::viewer {
namespace {

const Json* field(const Json& object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto it = object.find(name); it != object.end() && !it->is_null()) {
      return &*it;
    }
  }
  return nullptr;
}

std::optional<LaneId> lane_of_rank(const TraceIndex& index, std::uint32_t rank) {
  for (LaneId lane = 0; lane < index.lanes.size(); ++lane) {
    if (index.lanes[lane].rank == rank && index.lanes[lane].thread == 0) {
      return lane;
    }
  }
  return std::nullopt;
}

// The deepest span of `lane` that contains `time_ns`, or the nearest one starting after it.
std::optional<SpanId> span_at(const TraceIndex& index, LaneId lane, std::int64_t time_ns) {
  const LaneInfo& info = index.lanes[lane];
  const Span* first = index.spans.data() + info.span_begin;
  const Span* last = index.spans.data() + info.span_end;
  const Span* after =
      std::upper_bound(first, last, time_ns, [](std::int64_t t, const Span& s) { return t < s.start_ns; });
  for (const Span* s = after; s != first;) {
    --s;
    if (s->end_ns >= time_ns) {
      return static_cast<SpanId>(s - index.spans.data());  // latest start containing the time: the innermost
    }
    if (s->depth == 0) {
      break;
    }
  }
  if (after != last) {
    return static_cast<SpanId>(after - index.spans.data());
  }
  return std::nullopt;
}

Json place_call(const TraceIndex& index, const Json& call) {
  Json placed = {{"rank", nullptr}, {"lane", nullptr}, {"span", nullptr}};
  for (const char* key : {"function", "file", "line", "role"}) {
    if (const Json* value = field(call, {key})) {
      placed[key] = *value;
    }
  }
  // mpi-analyze nests the call site: "location": {"file", "line", "function" (the caller)}.
  if (const Json* location = field(call, {"location"}); location != nullptr && location->is_object()) {
    for (const char* key : {"file", "line"}) {
      if (const Json* value = field(*location, {key})) {
        placed[key] = *value;
      }
    }
  }
  const Json* rank = field(call, {"rank", "world_rank"});
  const Json* time = field(call, {"time_ns", "enter_ns", "start_ns", "timestamp_ns"});
  if (rank == nullptr || !rank->is_number_unsigned()) {
    return placed;
  }
  placed["rank"] = *rank;
  const auto lane = lane_of_rank(index, rank->get<std::uint32_t>());
  if (!lane) {
    return placed;
  }
  placed["lane"] = *lane;
  if (time != nullptr && time->is_number()) {
    if (const auto span = span_at(index, *lane, time->get<std::int64_t>())) {
      const Span& s = index.spans[*span];
      placed["span"] = *span;
      placed["start_ns"] = s.start_ns;
      placed["end_ns"] = s.end_ns;
      if (!placed.contains("function")) {
        placed["function"] = index.regions[s.region].name;
      }
    }
  }
  return placed;
}

}  // namespace

Json place_findings(const TraceIndex& index, const Json& report) {
  Json out = {{"findings", Json::array()}};
  const Json* list = report.is_array() ? &report : field(report, {"findings"});
  if (list == nullptr || !list->is_array()) {
    return out;
  }
  std::uint32_t id = 0;
  for (const Json& finding : *list) {
    if (!finding.is_object()) {
      continue;
    }
    Json placed = {{"id", id++}};
    const Json* check = field(finding, {"check", "kind", "type", "rule"});
    const Json* severity = field(finding, {"severity", "level"});
    const Json* message = field(finding, {"message", "title", "summary", "description"});
    placed["check"] = check != nullptr && check->is_string() ? *check : Json("finding");
    placed["severity"] = severity != nullptr && severity->is_string() ? *severity : Json("warning");
    placed["message"] = message != nullptr && message->is_string() ? *message : Json("");
    if (const Json* hint = field(finding, {"hint"}); hint != nullptr && hint->is_string()) {
      placed["hint"] = *hint;
    }
    Json calls = Json::array();
    std::int64_t start = std::numeric_limits<std::int64_t>::max();
    std::int64_t end = std::numeric_limits<std::int64_t>::min();
    Json ranks = Json::array();
    if (const Json* given = field(finding, {"calls", "events", "locations"}); given != nullptr && given->is_array()) {
      for (const Json& call : *given) {
        if (!call.is_object()) {
          continue;
        }
        Json c = place_call(index, call);
        if (c.contains("start_ns")) {
          start = std::min(start, c["start_ns"].get<std::int64_t>());
          end = std::max(end, c["end_ns"].get<std::int64_t>());
        }
        if (!c["rank"].is_null() && std::find(ranks.begin(), ranks.end(), c["rank"]) == ranks.end()) {
          ranks.push_back(c["rank"]);
        }
        calls.push_back(std::move(c));
      }
    }
    if (const Json* given = field(finding, {"ranks"}); given != nullptr && given->is_array()) {
      ranks = *given;
    }
    placed["ranks"] = std::move(ranks);
    placed["calls"] = std::move(calls);
    if (start <= end) {
      placed["start_ns"] = start;
      placed["end_ns"] = end;
    }
    out["findings"].push_back(std::move(placed));
  }
  return out;
}

Json analyze_findings(const TraceIndex& index, const std::filesystem::path& analyzer) {
  auto failed = [](const std::string& why) { return Json{{"findings", Json::array()}, {"error", why}}; };
  std::error_code error;
  if (!std::filesystem::exists(analyzer, error)) {
    return failed("mpi-analyze not found at " + analyzer.string());
  }
  // popen goes through the shell: quote both paths as single-quoted words.
  auto quote = [](const std::string& text) {
    std::string out = "'";
    for (char c : text) {
      out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
  };
  const std::string command = quote(analyzer.string()) + " --format json " + quote(index.trace_path) + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) {
    return failed("cannot run mpi-analyze");
  }
  std::string output;
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) {
    output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe.release());
  const Json report = Json::parse(output, nullptr, false);
  if (report.is_discarded()) {
    return failed("mpi-analyze gave no JSON report (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
  }
  return place_findings(index, report);
}

}  // namespace mpisight::viewer
