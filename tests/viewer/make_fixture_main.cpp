// viewer_make_fixture DIR: writes the hostile trace into DIR/hostile and its findings into DIR/hostile/findings.json
// (the browser tests open them).
#include <filesystem>
#include <iostream>

#include "viewer_fixtures.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: viewer_make_fixture DIR\n";
    return 2;
  }
  const std::filesystem::path dir = std::filesystem::path(argv[1]) / "hostile";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  mpisight::testkit::write_hostile_trace(dir);
  mpisight::testkit::write_hostile_findings(dir / "findings.json");
  std::cout << dir.string() << '\n';
  return 0;
}
