// A fleet writing into one PostgreSQL store, end to end through the mmbench binary: eight runs at once, a run killed
// with kill -9 and resumed, push twice, a report and a comparison across machines, a role that may only read and
// insert, and a password that appears in no output. The test backend `test:paced` (tests/doubles/) stands in for
// the boards' libraries: what is tested is the store, not the speed.
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "../e2e/cli_runner.hpp"
#include "pg_server.hpp"

using namespace mmbench::e2e;
using namespace mmbench::store_test;

namespace {

const std::string kPaced = " MMBENCH_PACE_US=20";

std::string paced_run(const std::string& out, const std::string& machine, const std::string& url, int sizes = 4) {
  return "run -q --no-probe --no-charts -b test:paced --size 8:" + std::to_string(8 * sizes) +
         ":8 --budget 0.01 --machine " + machine + " -o " + out + " --store '" + url + "'";
}

// Every file under `dir`, read whole, concatenated (to look for a string in any output).
std::string all_files(const std::string& dir) {
  std::string all;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir))
    if (f.is_regular_file()) all += read_file(f.path().string());
  return all;
}

class Fleet : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_postgresql()) GTEST_SKIP() << kNoPostgresql;
  }
};

// Eight mmbench processes (8 x 6 points: 8 x 50 writers are in StoreConformance, through the Store API, where a
// point costs a millisecond instead of a measurement).
TEST_F(Fleet, EightRunsAtOnceStoreEveryPointOnceAndReportAcrossMachines) {
  const std::string db = fresh_database("fleet_eight");
  const std::string url = url_for(db);
  std::string cmd;
  for (int i = 0; i < 8; ++i) {
    // Each "board" keeps its own machine id, as separate machines would.
    const std::string state = fresh_dir("state-" + std::to_string(i));
    cmd += fault_env("") + kPaced + " XDG_STATE_HOME=" + state + " " + MMB_BIN + " " +
           paced_run(fresh_dir("eight-" + std::to_string(i)), "board-" + std::to_string(i), url, 6) +
           " >/dev/null 2>&1 & ";
  }
  cmd += "wait";
  ASSERT_EQ(std::system(("bash -c '" + cmd + "'").c_str()), 0);
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM results"), "48");
  EXPECT_EQ(psql_value(db, "SELECT count(DISTINCT (run_id, point)) FROM results"), "48");
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM machines"), "8");
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM runs"), "8");

  const auto m = run_mmbench("machines --store '" + url + "'");
  EXPECT_EQ(m.rc, 0) << m.err;
  EXPECT_NE(m.out.find("8 machines"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("board-7"), std::string::npos) << m.out;

  const std::string out = fresh_dir("fleet-report");
  const auto r = run_mmbench("report --no-charts --store '" + url + "' --machines board-0,board-3 -o " + out);
  EXPECT_EQ(r.rc, 0) << r.err;
  const std::string csv = read_file(out + "/results.csv");
  EXPECT_NE(csv.find("board-0 · test:paced"), std::string::npos) << csv.substr(0, 400);
  EXPECT_NE(csv.find("board-3 · test:paced"), std::string::npos);
  EXPECT_EQ(csv.find("board-1 · "), std::string::npos);
  const auto bad = run_mmbench("report --store '" + url + "' --machines nosuch -o " + out);
  EXPECT_EQ(bad.rc, 2);
  EXPECT_NE(bad.err.find("has no run of machine 'nosuch'"), std::string::npos) << bad.err;

  const auto c = run_mmbench("compare '" + url + "#machine=board-0' '" + url + "#machine=board-1'");
  EXPECT_TRUE(c.rc == 0 || c.rc == 1) << c.out << c.err;
  EXPECT_NE(c.out.find("test:paced f32 8x8x8"), std::string::npos) << c.out;
  const std::string uuid = psql_value(db, "SELECT uuid FROM runs ORDER BY id LIMIT 1");
  const auto byrun = run_mmbench("compare '" + url + "#run=" + uuid + "' '" + url + "#machine=board-2'");
  EXPECT_TRUE(byrun.rc == 0 || byrun.rc == 1) << byrun.err;
  // history and fit read one machine's runs from the shared store (board-4 measures a second time: a history).
  ASSERT_EQ(run_mmbench(paced_run(fresh_dir("eight-4b"), "board-4", url, 6), fault_env("") + kPaced).rc, 0);
  const auto h = run_mmbench("history '" + url + "' --machine board-4");
  EXPECT_EQ(h.rc, 0) << h.out << h.err;
  EXPECT_NE(h.out.find("test:paced"), std::string::npos) << h.out;
  const auto f = run_mmbench("fit '" + url + "' --machine board-5 --json");
  EXPECT_EQ(f.rc, 0) << f.err;
  EXPECT_EQ(run_mmbench("fit '" + url + "'").rc, 2);  // many machines: which one?
  const auto whole = run_mmbench("compare '" + url + "' '" + url + "#machine=board-2'");
  EXPECT_EQ(whole.rc, 2);
  EXPECT_NE(whole.err.find("#machine=LABEL or #run=UUID"), std::string::npos) << whole.err;
}

TEST_F(Fleet, AKilledRunLosesOnlyItsPointInFlightAndResumeFinishesIt) {
  const std::string db = fresh_database("fleet_kill");
  const std::string url = url_for(db);
  const std::string out = fresh_dir("killed");
  const std::string pidfile = fresh_dir("killed-pid") + "/pid";
  // 20 ms a call: the 12 points take several seconds, time enough to kill the run in the middle.
  const std::string start = fault_env("") + " MMBENCH_PACE_US=20000 " + MMB_BIN + " " +
                            paced_run(out, "board-k", url, 12) + " >/dev/null 2>&1 & echo $! >" + pidfile;
  ASSERT_EQ(std::system(("bash -c '" + start + "'").c_str()), 0);
  const auto t0 = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60)) {
    const std::string n = psql_value(db, "SELECT count(*) FROM results");
    if (!n.empty() && n != "0" && std::stoi(n) >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string pid = read_file(pidfile);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  ASSERT_FALSE(pid.empty());
  // The run and its workers (they share its process group only when started by a shell; kill both ways).
  std::system(("pkill -9 -P " + pid + "; kill -9 " + pid).c_str());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const int before = std::stoi(psql_value(db, "SELECT count(*) FROM results"));
  EXPECT_GE(before, 3);
  EXPECT_LT(before, 12) << "the run finished before it was killed: nothing was tested";

  const auto resumed = run_mmbench("run -q --no-charts --resume " + out + " --store '" + url + "'",
                                   fault_env("") + " MMBENCH_PACE_US=20000");
  // Which point failed, if one did (-q prints none): seen once in a loaded suite, not reproduced alone or under load.
  EXPECT_EQ(resumed.rc, 0) << resumed.err << read_file(out + "/results.json").substr(0, 20000);
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM results"), "12");
  EXPECT_EQ(psql_value(db, "SELECT count(DISTINCT point) FROM results"), "12");
  // Pushing the folder again, twice, adds nothing: every run and point is keyed.
  for (int i = 0; i < 2; ++i) {
    const auto p = run_mmbench("push " + out + " --store '" + url + "'");
    EXPECT_EQ(p.rc, 0) << p.err;
    EXPECT_NE(p.out.find(", 0 new, into"), std::string::npos) << p.out;
  }
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM results"), "12");
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM runs"), "2");  // the killed run and the one that resumed it
}

TEST_F(Fleet, PushAndPullAreIdempotentAndAnOfflineBoardKeepsMeasuring) {
  const std::string db = fresh_database("fleet_push");
  const std::string url = url_for(db);
  // Offline: the store cannot be reached, the run measures into its folder and says how to copy it later.
  const std::string out = fresh_dir("offline");
  const auto off =
      run_mmbench(paced_run(out, "board-o", "postgresql://nobody@127.0.0.1:1/none", 3), fault_env("") + kPaced);
  EXPECT_EQ(off.rc, 0) << off.err;
  EXPECT_NE(off.err.find("mmbench push"), std::string::npos) << off.err;
  for (int i = 0; i < 2; ++i) {
    const auto p = run_mmbench("push " + out + " --store '" + url + "'");
    EXPECT_EQ(p.rc, 0) << p.err;
    EXPECT_NE(p.out.find(i == 0 ? "3 records, 3 new" : "3 records, 0 new"), std::string::npos) << p.out;
  }
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM results"), "3");
  const std::string back = fresh_dir("pulled");
  for (int i = 0; i < 2; ++i) {
    const auto p = run_mmbench("pull --store '" + url + "' --machine board-o " + back);
    EXPECT_EQ(p.rc, 0) << p.err;
  }
  const auto rep = run_mmbench("report --no-charts " + back);
  EXPECT_EQ(rep.rc, 0) << rep.err;
  EXPECT_EQ(std::count(rep.out.begin(), rep.out.end(), '\n') > 0, true);
  const auto cmp = run_mmbench("compare " + out + " " + back);  // the same run on both sides
  EXPECT_EQ(cmp.rc, 0) << cmp.out << cmp.err;
}

TEST_F(Fleet, ARoleThatMayOnlyReadAndInsertIsEnoughAndItsPasswordIsNeverShown) {
  const std::string db = fresh_database("fleet_role");
  const std::string password = "pw-Zq81-do-not-print";
  // The owner makes the tables once; boards then write as a role with SELECT and INSERT only (docs/fleet.md).
  const auto init = run_mmbench("machines --store '" + url_for(db) + "'");
  ASSERT_EQ(init.rc, 0) << init.err;
  psql(db, "DROP ROLE IF EXISTS mmbench_board");
  ASSERT_EQ(psql(db, "CREATE ROLE mmbench_board LOGIN PASSWORD '" + password + "'"), 0);
  ASSERT_EQ(psql(db,
                 "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO mmbench_board; "
                 "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO mmbench_board"),
            0);
  const std::string url = url_for(db, "mmbench_board", password);
  const std::string out = fresh_dir("role-run");
  const auto run = run_mmbench(paced_run(out, "board-r", url, 3), fault_env("") + kPaced + " PGPASSWORD=");
  EXPECT_EQ(run.rc, 0) << run.err;
  EXPECT_EQ(run.err.find("mmbench push"), std::string::npos) << run.err;  // the store was written, not skipped
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM results"), "3");
  const std::string rep = fresh_dir("role-report");
  const auto report =
      run_mmbench("report --no-charts --store '" + url + "' --machines board-r -o " + rep, "PGPASSWORD=");
  EXPECT_EQ(report.rc, 0) << report.err;
  const auto push = run_mmbench("push " + out + " --store '" + url + "'", "PGPASSWORD=");
  EXPECT_EQ(push.rc, 0) << push.err;
  // The role really is limited: it may not delete what the fleet measured.
  EXPECT_NE(std::system(("PGPASSWORD='" + password + "' psql -q -U mmbench_board -d " + db +
                         " -c 'DELETE FROM results' >/dev/null 2>&1")
                            .c_str()),
            0);
  // A wrong password: refused in one line, and neither password is printed.
  const auto wrong =
      run_mmbench("machines --store '" + url_for(db, "mmbench_board", "wrong-Zq81-secret") + "'", "PGPASSWORD=");
  EXPECT_EQ(wrong.rc, 2);
  EXPECT_NE(wrong.err.find("mmbench_board:***@"), std::string::npos) << wrong.err;
  for (const auto* r : {&run, &report, &push, &wrong}) {
    EXPECT_EQ((r->out + r->err).find("Zq81"), std::string::npos) << r->out << r->err;
  }
  EXPECT_EQ(all_files(out).find("Zq81"), std::string::npos);
  EXPECT_EQ(all_files(rep).find("Zq81"), std::string::npos);
  EXPECT_EQ(psql_value(db, "SELECT count(*) FROM runs WHERE plan::text || environment::text LIKE '%Zq81%'"), "0");
}

TEST_F(Fleet, AStoreOfANewerSchemaIsRefusedWithTheVersionItNeeds) {
  const std::string db = fresh_database("fleet_newer");
  ASSERT_EQ(run_mmbench("machines --store '" + url_for(db) + "'").rc, 0);
  ASSERT_EQ(psql(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"), 0);
  const auto r = run_mmbench("machines --store '" + url_for(db) + "'");
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("schema version 99 is newer"), std::string::npos) << r.err;
}

}  // namespace
