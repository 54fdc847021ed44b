#include <gtest/gtest.h>
#include <iostream>
#include <fstream>
#include <random>
#include "otf2_fixture.hpp"
#include "trace/load_trace.hpp"
#include "trace/trace_error.hpp"
using namespace mpisight;
TEST(Explore, All) {
  auto attempt = [](const std::filesystem::path& p, const char* label) {
    try { auto t = trace::load_trace(p); std::cerr << label << ": OK\n"; }
    catch (const trace::TraceError& e) { std::cerr << label << ": " << e.what() << "\n"; }
  };
  { testkit::TempDir d; auto a = testkit::write_ping_pong(d.path()); 
    for (auto& e : std::filesystem::recursive_directory_iterator(d.path())) std::cerr << e.path() << " " << (e.is_regular_file()? e.file_size():0) << "\n";
    attempt(a, "good"); attempt(d.path(), "gooddir"); }
  { testkit::TempDir d; attempt(d.path() / "nope", "missing"); attempt(d.path(), "emptydir"); }
  { testkit::TempDir d; testkit::write_file(d.path()/"traces.otf2", ""); attempt(d.path(), "empty"); }
  { testkit::TempDir d; testkit::write_file(d.path()/"traces.otf2", "hello world\n"); attempt(d.path(), "textanchor"); }
  for (int keep : {0, 10, 100, 200, 400}) { testkit::TempDir d; testkit::write_ping_pong(d.path()); auto f = testkit::global_definition_file(d.path()); auto sz = std::filesystem::file_size(f); if (keep < (int)sz) testkit::truncate_file(f, keep); attempt(d.path(), ("truncdef" + std::to_string(keep) + "/" + std::to_string(sz)).c_str()); }
  for (int keep : {0, 1, 5, 10, 20, 30, 40, 50}) { testkit::TempDir d; testkit::write_ping_pong(d.path()); auto f = testkit::event_file(d.path(), 1); auto sz = std::filesystem::file_size(f); if (keep < (int)sz) testkit::truncate_file(f, keep); attempt(d.path(), ("truncevt" + std::to_string(keep) + "/" + std::to_string(sz)).c_str()); }
  for (int seed = 0; seed < 20; ++seed) { testkit::TempDir d; testkit::write_ping_pong(d.path()); testkit::overwrite_with_garbage(testkit::event_file(d.path(), 1), seed); attempt(d.path(), ("garbage" + std::to_string(seed)).c_str()); }
  { testkit::TempDir d; testkit::write_ping_pong(d.path()); std::filesystem::remove(testkit::event_file(d.path(), 1)); attempt(d.path(), "noevt"); }
  for (int keep : {8, 12, 16, 20, 24, 32, 40, 48, 60, 70, 80}) for (int seed = 0; seed < 30; ++seed) { testkit::TempDir d; testkit::write_ping_pong(d.path()); auto f = testkit::event_file(d.path(), 1);
      std::ifstream in(f, std::ios::binary); std::string c((std::istreambuf_iterator<char>(in)), {}); std::mt19937 g(seed); for (size_t i = keep; i < c.size(); ++i) c[i] = char(g());
      testkit::write_file(f, c); attempt(d.path(), ("partgarbage" + std::to_string(keep) + "/" + std::to_string(seed)).c_str()); }
  for (int keep : {8, 16, 24, 40, 60, 100, 150, 200, 300}) for (int seed = 0; seed < 20; ++seed) { testkit::TempDir d; testkit::write_ping_pong(d.path()); auto f = testkit::global_definition_file(d.path());
      std::ifstream in(f, std::ios::binary); std::string c((std::istreambuf_iterator<char>(in)), {}); std::mt19937 g(seed); for (size_t i = keep; i < c.size(); ++i) c[i] = char(g());
      testkit::write_file(f, c); attempt(d.path(), ("defgarbage" + std::to_string(keep) + "/" + std::to_string(seed)).c_str()); }
  { testkit::TempDir d; testkit::write_ping_pong(d.path()); std::filesystem::remove(d.path()/"traces"/"1.def"); attempt(d.path(), "nolocaldef"); }
}
