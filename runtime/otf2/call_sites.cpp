// Resolution and unification of call sites; see call_sites.hpp.
#include "otf2/call_sites.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "core/module_map.hpp"

namespace mpisight::otf2 {
namespace {

// The file and function strings of SiteName records, by site id.
using SiteNames = std::map<std::uint32_t, std::pair<std::string, std::string>>;

void read_site_name(const journal::RecordView& record, SiteNames& names) {
  const auto head = record.as<journal::SiteName>();
  const auto* text = reinterpret_cast<const char*>(record.bytes() + sizeof(journal::SiteName));
  // The reader checked the record's total size; lengths beyond the cap mean damage and are ignored.
  if (head.file_bytes <= journal::kMaxSiteNameBytes && head.function_bytes <= journal::kMaxSiteNameBytes) {
    names[record.arg()] = {std::string(text, head.file_bytes),
                           std::string(text + head.file_bytes, head.function_bytes)};
  }
}

void put_u32(std::vector<std::byte>& out, std::uint32_t value) {
  const auto* bytes = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(value));
}

void put_u64(std::vector<std::byte>& out, std::uint64_t value) {
  const auto* bytes = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(value));
}

void put_string(std::vector<std::byte>& out, const std::string& text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  const auto* bytes = reinterpret_cast<const std::byte*>(text.data());
  out.insert(out.end(), bytes, bytes + text.size());
}

class Unpacker {
 public:
  Unpacker(const std::byte* bytes, std::size_t size) : at_(bytes), end_(bytes + size) {}
  template <class T>
  T get() {
    T value{};
    need(sizeof(T));
    std::memcpy(&value, at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string string() {
    const auto size = get<std::uint32_t>();
    need(size);
    std::string text(reinterpret_cast<const char*>(at_), size);
    at_ += size;
    return text;
  }
  [[nodiscard]] bool done() const { return at_ == end_; }

 private:
  void need(std::size_t bytes) const {
    if (static_cast<std::size_t>(end_ - at_) < bytes) {
      throw std::runtime_error("call sites from another rank arrived cut short");
    }
  }
  const std::byte* at_;
  const std::byte* end_;
};

}  // namespace

ProcessSites resolve_call_sites(const ProcessJournals& process) {
  std::set<std::uint64_t> callers;
  SiteNames names;
  for (const journal::JournalReader& thread : process.threads) {
    thread.for_each([&](const journal::RecordView& record) {
      if (record.kind() == journal::Kind::kEnter) {
        callers.insert(record.as<journal::Enter>().caller);
      } else if (record.kind() == journal::Kind::kSiteName) {
        read_site_name(record, names);
      }
    });
  }
  ProcessSites sites;
  std::optional<SourceResolver> resolver;
  for (const std::uint64_t caller : callers) {
    if (journal::is_hook_site(caller)) {
      if (const auto name = names.find(journal::hook_site_id(caller)); name != names.end()) {
        sites.emplace_back(caller,
                           SourceSite{name->second.second, name->second.first, journal::hook_site_line(caller)});
      }
      continue;
    }
    if (!resolver) {
      resolver.emplace(modules::read_module_map(process.module_map_path));
    }
    if (auto site = resolver->resolve(caller)) {
      sites.emplace_back(caller, std::move(*site));
    }
  }
  return sites;
}

std::vector<std::byte> pack_sites(const ProcessSites& sites) {
  std::vector<std::byte> out;
  for (const auto& [caller, site] : sites) {
    put_u64(out, caller);
    put_u32(out, site.line);
    put_string(out, site.function);
    put_string(out, site.file);
  }
  return out;
}

ProcessSites unpack_sites(const std::byte* bytes, std::size_t size) {
  ProcessSites sites;
  Unpacker in(bytes, size);
  while (!in.done()) {
    const auto caller = in.get<std::uint64_t>();
    const auto line = in.get<std::uint32_t>();
    std::string function = in.string();
    std::string file = in.string();
    sites.emplace_back(caller, SourceSite{std::move(function), std::move(file), line});
  }
  return sites;
}

CallSiteTable::CallSiteTable(const std::vector<ProcessSites>& processes) {
  std::map<std::string, std::uint32_t> function_ids;
  std::map<std::pair<std::string, std::uint32_t>, std::uint32_t> location_ids;
  std::map<std::pair<std::uint32_t, std::optional<std::uint32_t>>, std::uint32_t> context_ids;
  for (const ProcessSites& sites : processes) {
    CallingContexts& contexts = contexts_.emplace_back();
    for (const auto& [caller, site] : sites) {
      const std::string function = site.function.empty() ? "<unknown>" : site.function;
      const auto [f, new_function] = function_ids.try_emplace(function, static_cast<std::uint32_t>(functions_.size()));
      if (new_function) {
        functions_.push_back(function);
      }
      std::optional<std::uint32_t> location;
      if (!site.file.empty()) {
        const auto [l, new_location] =
            location_ids.try_emplace({site.file, site.line}, static_cast<std::uint32_t>(locations_.size()));
        if (new_location) {
          locations_.emplace_back(site.file, site.line);
        }
        location = l->second;
      }
      const auto [c, new_context] =
          context_ids.try_emplace({f->second, location}, static_cast<std::uint32_t>(context_list_.size()));
      if (new_context) {
        context_list_.push_back({f->second, location});
      }
      contexts.emplace(caller, c->second);
    }
  }
}

}  // namespace mpisight::otf2
