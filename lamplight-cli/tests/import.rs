//! `lamplight import`, run as the real binary against a real sandbox: results, journal,
//! resume after SIGKILL and after Ctrl-C, and errors that name the line and column.

mod common;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{TestSandbox, journal_rows, results};
use lamplight_sandbox::Fault;

const REFERRAL_MAP: &str = r#"
[fields]
attendee = "Email"
reason = "Why"
"How did you hear" = "Source"
"Support needed" = { column = "Needs", separator = ";" }
"school year" = "Year"

[constants]
workarea = 11

[defaults]
"How did you hear" = "Other"
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn good_and_bad_rows_give_exact_results_and_state() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = write(
        dir.path(),
        "referrals.csv",
        "Email,Why,Source,Needs,Year\n\
         aisha.khan@example.org,good one,Website,Confidence;Education,9\n\
         654,good two,,,\n\
         not-an-email,bad email,Website,,9\n\
         654,bad option,Telepathy,,8\n\
         655,too many cells,School,,1,extra\n\
         654,bad year,School,,nine\n\
         654,<b>html</b>,School,,\n\
         ,no attendee,School,,\n\
         \"656\",\"good\nthree\",School,Wellbeing,7\n",
    );
    let map = write(dir.path(), "map.toml", REFERRAL_MAP);
    let results_path = dir.path().join("out.csv");
    let run = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&results_path),
            "--concurrency",
            "1",
        ])
        .expect(3);
    assert!(run.stdout.contains("stored"), "{}", run.stdout);

    let rows = results(&results_path);
    let summary: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("1", "2", "done", "5001"),
            ("2", "3", "done", "5002"),
            ("3", "4", "failed", ""),
            ("4", "5", "failed", ""),
            ("5", "6", "failed", ""),
            ("6", "7", "failed", ""),
            ("7", "8", "failed", ""),
            ("8", "9", "failed", ""),
            ("9", "10", "done", "5003"),
        ]
    );
    let message = |row: usize| rows[row - 1][4].as_str();
    assert!(
        message(3).contains("line 4, column `Email` (field `attendee`)"),
        "{}",
        message(3)
    );
    assert!(message(3).contains("not-an-email"), "{}", message(3));
    assert!(
        message(4).contains("1040") && message(4).contains("Telepathy"),
        "{}",
        message(4)
    );
    assert!(
        message(5).contains("line 6") && message(5).contains("6 cells"),
        "{}",
        message(5)
    );
    assert!(
        message(6).contains("1040") && message(6).contains("nine"),
        "{}",
        message(6)
    );
    assert!(
        message(7).contains("line 8, column `Why`") && message(7).contains("HTML"),
        "{}",
        message(7)
    );
    assert!(
        message(8).contains("line 9, column `Email`") && message(8).contains("empty"),
        "{}",
        message(8)
    );

    let state = sandbox.sandbox.state();
    assert_eq!(state.referrals.len(), 3);
    let first = state.referral(5001).expect("stored");
    assert_eq!(first.attendee_id, 653);
    assert_eq!(first.reason.as_deref(), Some("good one"));
    assert_eq!(first.workarea_ids, [11]);
    let custom = serde_json::to_value(&first.custom).expect("JSON");
    assert_eq!(
        custom["Support needed"],
        serde_json::json!(["Confidence", "Education"])
    );
    assert_eq!(custom["school year"], "9");
    let second = serde_json::to_value(&state.referral(5002).expect("stored").custom).expect("JSON");
    assert_eq!(
        second["How did you hear"], "Other",
        "the default fills an empty cell"
    );
    assert_eq!(
        state
            .referral(5003)
            .and_then(|r| r.reason.clone())
            .as_deref(),
        Some("good\nthree")
    );

    // A second run sends nothing again, and says so.
    let again = sandbox
        .run(&[
            "--json",
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&results_path),
        ])
        .expect(3)
        .json();
    assert_eq!(again["stored"], 0);
    assert_eq!(again["stored_earlier"], 3);
    assert_eq!(again["failed_earlier"], 6);
    assert_eq!(sandbox.sandbox.state().referrals.len(), 3);
    let rerun = results(&results_path);
    assert_eq!(rerun.len(), 9);
    assert_eq!(rerun[0][3], "5001");
    assert!(rerun[2][4].contains("--retry-failed"), "{}", rerun[2][4]);

    // --retry-failed sends the failed rows again: they fail the same way, nothing is stored.
    let retried = sandbox
        .run(&[
            "--json",
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--retry-failed",
        ])
        .expect(3)
        .json();
    assert_eq!(retried["failed"], 6);
    assert_eq!(sandbox.sandbox.state().referrals.len(), 3);
    let default_results = dir.path().join("referrals.results.csv");
    assert_eq!(results(&default_results).len(), 9);
    assert!(dir.path().join("referrals.csv.journal").exists());
}

#[test]
fn a_cell_and_a_map_file_are_taken_at_their_limit_and_refused_one_past_it() {
    use lamplight_cli::import::MAX_CELL_BYTES;
    use lamplight_cli::import::map::MAX_MAP_BYTES;
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let at = "a".repeat(MAX_CELL_BYTES);
    let past = "a".repeat(MAX_CELL_BYTES + 1);
    let csv = write(
        dir.path(),
        "long.csv",
        &format!("First,Last\nSam,{at}\nJo,{past}\n"),
    );
    let head = "kind = \"person\"\nrole = \"user\"\n[fields]\nfirst_name = \"First\"\nsurname = \"Last\"\n#";
    let padded = |size: u64| format!("{head}{}\n", "x".repeat(size as usize - head.len() - 1));
    let map = write(dir.path(), "long.toml", &padded(MAX_MAP_BYTES));
    let run = sandbox
        .run(&[
            "--json",
            "import",
            "people",
            arg(&csv),
            "--map",
            arg(&map),
            "--dry-run",
        ])
        .expect(3);
    let dry = run.json();
    assert_eq!(
        (dry["checked"].as_u64(), dry["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let rows = results(&dir.path().join("long.results.csv"));
    let text = rows[1][4].clone();
    assert!(
        text.contains(&format!(
            "line 3, column `Last` (field `surname`): the cell holds {} bytes",
            MAX_CELL_BYTES + 1
        )),
        "{text}"
    );
    let too_big = write(dir.path(), "big.toml", &padded(MAX_MAP_BYTES + 1));
    let refused = sandbox.run(&[
        "import",
        "people",
        arg(&csv),
        "--map",
        arg(&too_big),
        "--dry-run",
    ]);
    let output = format!("{refused:?}");
    assert!(output.contains("is larger than 1048576 bytes"), "{output}");
}

#[test]
fn people_import_creates_profiles_and_dry_run_sends_nothing() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = write(
        dir.path(),
        "people.csv",
        "First,Last,Postcode,Hobbies\n\
         Sam,Patel,sw1a1aa,Art;Music\n\
         Alex,Jones,NOT A POSTCODE,\n\
         Jo,Bloggs,,Sport\n",
    );
    let map = write(
        dir.path(),
        "people.toml",
        "kind = \"person\"\nrole = \"user\"\n\
         [fields]\nfirst_name = \"First\"\nsurname = \"Last\"\npostcode = \"Postcode\"\n\
         Interests = { column = \"Hobbies\", separator = \";\" }\n\
         [constants]\npublishable = true\n",
    );
    let dry = sandbox
        .run(&[
            "--json",
            "import",
            "people",
            arg(&csv),
            "--map",
            arg(&map),
            "--dry-run",
        ])
        .expect(3)
        .json();
    assert_eq!(dry["checked"], 2);
    assert_eq!(dry["failed"], 1);
    let created_before = sandbox.sandbox.state().profiles.len();
    assert!(!dir.path().join("people.csv.journal").exists());

    let run = sandbox
        .run(&["--json", "import", "people", arg(&csv), "--map", arg(&map)])
        .expect(3)
        .json();
    assert_eq!(run["stored"], 2);
    let rows = results(&dir.path().join("people.results.csv"));
    assert!(
        rows[1][4].contains("line 3, column `Postcode` (field `postcode`)"),
        "{}",
        rows[1][4]
    );
    let state = sandbox.sandbox.state();
    assert_eq!(state.profiles.len(), created_before + 2);
    let sam_id: u64 = rows[0][3].parse().expect("an id");
    let sam = state.profile(sam_id).expect("stored");
    assert_eq!(sam.core("postcode"), Some("SW1A 1AA"));
    assert!(sam.publishable);
    let interests = serde_json::to_value(&sam.custom).expect("JSON");
    assert_eq!(interests["Interests"], serde_json::json!(["Art", "Music"]));
}

#[test]
fn map_and_csv_mistakes_are_named_before_anything_is_sent() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = write(dir.path(), "r.csv", "Email,Why\n653,x\n");
    let cases = [
        (
            "[fields]\nattendee = \"Email\"\n[feilds]\nreason = \"Why\"\n",
            "feilds",
        ),
        ("[fields]\nattendee = \"Mail\"\n", "column `Mail`"),
        (
            "[fields]\nattendee = \"Email\"\n\"school  year\" = \"Why\"\n",
            "school  year",
        ),
        ("[fields]\nreason = \"Why\"\n", "attendee"),
        ("[fields\nattendee = \"Email\"\n", "line 1"),
    ];
    for (text, expected) in cases {
        let map = write(dir.path(), "map.toml", text);
        let run = sandbox
            .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
            .expect(2);
        assert!(run.stderr.contains(expected), "{text}: {}", run.stderr);
        assert!(run.stderr.contains("map"), "{text}: {}", run.stderr);
    }
    let unknown = write(
        dir.path(),
        "map.toml",
        "colour = \"red\"\n[fields]\nattendee = \"Email\"\n",
    );
    let run = sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&unknown)])
        .expect(2);
    assert!(
        run.stderr.contains("colour") && run.stderr.contains("line 1"),
        "{}",
        run.stderr
    );

    let map = write(dir.path(), "map.toml", REFERRAL_MAP);
    let missing = sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
        .expect(2);
    assert!(
        missing.stderr.contains("column `Source`") && missing.stderr.contains("`Email`, `Why`"),
        "{}",
        missing.stderr
    );
    let none = sandbox
        .run(&["import", "referrals", "no-such.csv", "--map", arg(&map)])
        .expect(2);
    assert!(none.stderr.contains("no-such.csv"), "{}", none.stderr);

    // A cell that is not UTF-8 fails its row, naming line and column; the import goes on.
    let simple = write(
        dir.path(),
        "simple.toml",
        "[fields]\nattendee = \"Email\"\nreason = \"Why\"\n",
    );
    let bytes = dir.path().join("latin1.csv");
    std::fs::write(&bytes, b"Email,Why\n653,caf\xe9\n654,fine\n".as_slice()).expect("written");
    let results_path = dir.path().join("latin1.out.csv");
    sandbox
        .run(&[
            "import",
            "referrals",
            arg(&bytes),
            "--map",
            arg(&simple),
            "--results",
            arg(&results_path),
        ])
        .expect(3);
    let rows = results(&results_path);
    assert_eq!(rows[0][2], "failed");
    assert!(
        rows[0][4].contains("line 2, column `Why`"),
        "{}",
        rows[0][4]
    );
    assert_eq!(rows[1][2], "done");
    assert_eq!(sandbox.sandbox.state().referrals.len(), 1);
}

fn many_rows(dir: &Path, prefix: &str, count: usize) -> PathBuf {
    write(
        dir,
        "many.csv",
        &format!("{HEADER}{}", rows_text(prefix, 1..=count)),
    )
}

const HEADER: &str = "Email,Why\n";

/// Rows `rows` of a referral file, without the header.
fn rows_text(prefix: &str, rows: std::ops::RangeInclusive<usize>) -> String {
    let mut text = String::new();
    for row in rows {
        let _ = writeln!(text, "653,{prefix} {row}");
    }
    text
}

const SIMPLE_MAP: &str = "[fields]\nattendee = \"Email\"\nreason = \"Why\"\n";

/// Kills an import with SIGKILL at a moment chosen by events, then resumes it, and checks the
/// sandbox's stored state: no row lost, and no more duplicates than rows in flight.
///
/// The import reads its CSV from a named pipe, so that rows exist only when the test writes
/// them. The first `done_before` rows are written and awaited as `done` in the journal; then
/// the sandbox is made to hold every request, `in_flight` more rows are written and awaited as
/// `started`, and the import is killed with those rows in flight.
fn kill_and_resume(done_before: usize, in_flight: usize, rows: usize) {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let prefix = format!("kill{done_before}");
    let csv = many_rows(dir.path(), &prefix, rows);
    let map = write(dir.path(), "map.toml", SIMPLE_MAP);
    let journal = dir.path().join("many.csv.journal");
    let results_path = dir.path().join("many.results.csv");
    let pipe_path = dir.path().join("pipe.csv");
    let mut pipe = common::fifo(&pipe_path);
    let common_args = [
        "--map",
        arg(&map),
        "--journal",
        arg(&journal),
        "--results",
        arg(&results_path),
        "--concurrency",
        "4",
    ];
    let mut first: Vec<&str> = vec!["import", "referrals", arg(&pipe_path)];
    first.extend(common_args);
    let mut child = common::Running(Some(sandbox.spawn(&first)));

    pipe.write_all(HEADER.as_bytes()).expect("header written");
    common::wait_for("the journal to be opened", || {
        common::journal_text(&journal).starts_with("# lamplight import journal")
    });
    if done_before > 0 {
        pipe.write_all(rows_text(&prefix, 1..=done_before).as_bytes())
            .expect("rows written");
        common::wait_for("the first rows to be stored", || {
            journal_rows(&journal).0.len() == done_before
        });
    }
    if in_flight > 0 {
        sandbox
            .sandbox
            .inject_random(Fault::delay(Duration::from_secs(3600)), 1.0, 7);
        let more = rows_text(&prefix, done_before + 1..=done_before + in_flight);
        pipe.write_all(more.as_bytes()).expect("rows written");
        common::wait_for("rows to be in flight", || {
            journal_rows(&journal).1.len() == in_flight
        });
    }
    child.kill();
    drop(pipe);
    sandbox.sandbox.clear_faults();

    let (done, started) = journal_rows(&journal);
    assert_eq!(done.len(), done_before, "{done:?}");
    assert_eq!(started.len(), in_flight, "{started:?}");
    let stored_before = sandbox.sandbox.state().referrals.len();
    assert!(stored_before <= done_before + in_flight);

    // The same import, from the whole file: the rows in flight are reported, not resent.
    let mut again: Vec<&str> = vec!["--json", "import", "referrals", arg(&csv)];
    again.extend(common_args);
    let expected_exit = if in_flight > 0 { 3 } else { 0 };
    let second = sandbox.run(&again).expect(expected_exit).json();
    assert_eq!(second["uncertain_earlier"], in_flight as u64, "{second}");
    assert_eq!(second["stored_earlier"], done_before as u64, "{second}");
    assert_eq!(
        second["stored"],
        (rows - done_before - in_flight) as u64,
        "{second}"
    );
    let results_rows = results(&results_path);
    for row in &started {
        let cells = &results_rows[usize::try_from(*row).expect("small") - 1];
        assert_eq!(cells[2], "uncertain", "{cells:?}");
    }

    // Asked to, it sends them again: now every row is stored, none lost, and no more
    // duplicates than there were rows in flight.
    again.push("--resend-uncertain");
    let third = sandbox.run(&again).expect(0).json();
    assert_eq!(third["stored"], in_flight as u64, "{third}");
    for row in 1..=rows as u64 {
        let count = sandbox.referrals_with_reason(&format!("{prefix} {row}"));
        if started.contains(&row) {
            assert!((1..=2).contains(&count), "row {row} stored {count} times");
        } else {
            assert_eq!(count, 1, "row {row}");
        }
    }
    let stored = sandbox.sandbox.state().referrals.len();
    assert!(
        stored >= rows && stored - rows <= in_flight,
        "{stored} stored"
    );
    let (_, still_in_flight) = journal_rows(&journal);
    assert!(still_in_flight.is_empty(), "{still_in_flight:?}");
}

#[test]
fn killed_before_the_first_row_the_import_resumes_from_the_start() {
    kill_and_resume(0, 0, 20);
}

#[test]
fn killed_mid_run_the_import_loses_no_row_and_resends_none_unasked() {
    kill_and_resume(40, 4, 120);
}

#[test]
fn killed_during_the_last_rows_the_import_loses_no_row() {
    kill_and_resume(36, 4, 40);
}

#[test]
fn ctrl_c_finishes_rows_in_flight_and_the_rest_follow_on_a_rerun() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let rows = 30;
    let csv = many_rows(dir.path(), "interrupt", rows);
    let map = write(dir.path(), "map.toml", SIMPLE_MAP);
    let journal = dir.path().join("many.csv.journal");
    let pipe_path = dir.path().join("pipe.csv");
    let mut pipe = common::fifo(&pipe_path);
    let out = dir.path().join("out.csv");
    let tail = [
        "--map",
        arg(&map),
        "--journal",
        arg(&journal),
        "--results",
        arg(&out),
    ];
    let mut first: Vec<&str> = vec!["import", "referrals", arg(&pipe_path)];
    first.extend(tail);
    let mut child = common::Running(Some(sandbox.spawn(&first)));
    pipe.write_all(format!("{HEADER}{}", rows_text("interrupt", 1..=8)).as_bytes())
        .expect("rows written");
    common::wait_for("eight rows stored", || journal_rows(&journal).0.len() == 8);

    let signalled = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let mut stderr = child
        .0
        .as_mut()
        .and_then(|child| child.stderr.take())
        .expect("stderr");
    let (said, heard) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let mut line = String::new();
        let mut lines = std::io::BufReader::new(&mut stderr);
        while std::io::BufRead::read_line(&mut lines, &mut line).unwrap_or(0) > 0 {
            if line.contains("stopping") {
                let _ = said.send(());
            }
            text.push_str(&line);
            line.clear();
        }
        text
    });
    heard
        .recv_timeout(common::DEADLINE)
        .expect("the import says it is stopping");
    // Only now can more rows arrive: the import must read them and send none.
    pipe.write_all(rows_text("interrupt", 9..=rows).as_bytes())
        .expect("rows written");
    drop(pipe);
    let run = child.finish().expect(130);
    let stderr = reader.join().expect("stderr read");
    assert!(
        run.stdout.contains("Interrupted after row 8"),
        "{}",
        run.stdout
    );
    assert!(stderr.contains("stopping"), "{stderr}");

    let (done, in_flight) = journal_rows(&journal);
    assert!(in_flight.is_empty(), "rows left in flight: {in_flight:?}");
    assert_eq!(done.len(), 8);
    assert_eq!(sandbox.sandbox.state().referrals.len(), 8);

    let mut rerun: Vec<&str> = vec!["--json", "import", "referrals", arg(&csv)];
    rerun.extend(tail);
    let rerun = sandbox.run(&rerun).expect(0).json();
    assert_eq!(rerun["stored"], (rows - 8) as u64);
    for row in 1..=rows {
        assert_eq!(
            sandbox.referrals_with_reason(&format!("interrupt {row}")),
            1,
            "row {row}"
        );
    }
}

#[test]
fn a_second_import_of_the_same_journal_refuses_naming_the_lock() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = many_rows(dir.path(), "locked", 3);
    let map = write(dir.path(), "map.toml", SIMPLE_MAP);
    let journal = dir.path().join("many.csv.journal");
    let pipe_path = dir.path().join("pipe.csv");
    let mut pipe = common::fifo(&pipe_path);
    let mut first = common::Running(Some(sandbox.spawn(&[
        "import",
        "referrals",
        arg(&pipe_path),
        "--map",
        arg(&map),
        "--journal",
        arg(&journal),
    ])));
    pipe.write_all(HEADER.as_bytes()).expect("header written");
    common::wait_for("the first import to open its journal", || {
        !common::journal_text(&journal).is_empty()
    });
    let second = sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
        .expect(2);
    let lock = format!("{}.lock", journal.display());
    assert!(second.stderr.contains(&lock), "{}", second.stderr);
    assert!(
        second.stderr.contains("another import"),
        "{}",
        second.stderr
    );
    assert!(sandbox.sandbox.state().referrals.is_empty());

    pipe.write_all(rows_text("locked", 1..=3).as_bytes())
        .expect("rows written");
    drop(pipe);
    first.finish().expect(0);
    // Once the first has finished, the lock is free, and the file's rows are all stored.
    sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
        .expect(0);
    assert_eq!(sandbox.sandbox.state().referrals.len(), 3);
}

#[test]
fn a_journal_that_cannot_be_written_stops_the_import_before_the_row_is_sent() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = many_rows(dir.path(), "full", 5);
    let map = write(dir.path(), "map.toml", SIMPLE_MAP);
    let journal = dir.path().join("many.csv.journal");
    // A journal 500 bytes long, under a file-size limit of 512 bytes: its next line, the first
    // row's `started`, cannot be written whole, as on a full disk.
    let mut text = String::from("# lamplight import journal 1: referrals\nrow 999 unsent: ");
    while text.len() < 499 {
        text.push('x');
    }
    text.push('\n');
    std::fs::write(&journal, &text).expect("journal written");
    let limited = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_lamplight"),
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&dir.path().join("out.csv")),
        ])
        .env_clear()
        .envs(
            sandbox
                .command(&[])
                .get_envs()
                .filter_map(|(name, value)| Some((name.to_owned(), value?.to_owned()))),
        )
        .output()
        .expect("runs");
    let run = common::Run::from(limited).expect(1);
    assert!(
        run.stderr
            .contains("stopped before sending row 1 (line 2), which was not sent")
            && run.stderr.contains("cannot write to the journal"),
        "{}",
        run.stderr
    );
    assert!(sandbox.sandbox.state().referrals.is_empty());

    // With room again, the import goes on: the cut line is dropped and every row is sent once.
    sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
        .expect(0);
    for row in 1..=5 {
        assert_eq!(sandbox.referrals_with_reason(&format!("full {row}")), 1);
    }

    // A journal that is not a plain file (here a device that is always full) is refused before
    // anything is sent.
    let dev_full = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--journal",
            "/dev/full",
            "--results",
            arg(&dir.path().join("out2.csv")),
        ])
        .expect(2);
    assert!(
        dev_full
            .stderr
            .contains("the journal /dev/full is not a plain file"),
        "{}",
        dev_full.stderr
    );
    assert_eq!(sandbox.sandbox.state().referrals.len(), 5);
}

#[test]
fn a_changed_file_is_refused_and_a_lost_server_stops_the_import() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let map = write(
        dir.path(),
        "map.toml",
        "[fields]\nattendee = \"Email\"\nreason = \"Why\"\n",
    );
    let csv = write(dir.path(), "r.csv", "Email,Why\n653,first\n654,second\n");
    let journal = dir.path().join("r.csv.journal");
    sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
        .expect(0);
    write(dir.path(), "r.csv", "Email,Why\n653,changed\n654,second\n");
    let changed = sandbox
        .run(&["import", "referrals", arg(&csv), "--map", arg(&map)])
        .expect(2);
    assert!(
        changed.stderr.contains("changed since"),
        "{}",
        changed.stderr
    );
    assert_eq!(sandbox.sandbox.state().referrals.len(), 2);

    let other = write(dir.path(), "o.csv", "Email,Why\n653,a\n654,b\n");
    let unreachable = sandbox
        .command(&[
            "import",
            "referrals",
            arg(&other),
            "--map",
            arg(&map),
            "--concurrency",
            "1",
        ])
        .env("LAMPLIGHT_BASE_URL", "http://127.0.0.1:1/api/")
        .output()
        .expect("runs");
    let unreachable = common::Run::from(unreachable).expect(1);
    assert!(
        unreachable.stderr.contains("stopped at row 1"),
        "{}",
        unreachable.stderr
    );
    // The row never reached a server, so a later run sends it without being asked.
    sandbox
        .run(&["import", "referrals", arg(&other), "--map", arg(&map)])
        .expect(0);
    assert_eq!(sandbox.referrals_with_reason("a"), 1);
    assert_eq!(sandbox.referrals_with_reason("b"), 1);
    assert!(journal.exists());
}

#[test]
fn the_documented_example_maps_import_their_example_files() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let maps = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps");
    for (what, name) in [("referrals", "referrals"), ("people", "people")] {
        let csv = dir.path().join(format!("{name}.csv"));
        std::fs::copy(maps.join(format!("{name}.csv")), &csv).expect("copied");
        let map = maps.join(format!("{name}.toml"));
        let run = sandbox
            .run(&["--json", "import", what, arg(&csv), "--map", arg(&map)])
            .expect(0)
            .json();
        assert_eq!(run["stored"], 2, "{what}: {run}");
    }
    let state = sandbox.sandbox.state();
    let by_reason = |reason: &str| {
        state
            .referrals
            .iter()
            .find(|r| r.reason.as_deref() == Some(reason))
            .unwrap_or_else(|| panic!("no referral `{reason}`"))
    };
    let referral = by_reason("Finding school hard");
    assert_eq!(referral.referrer_id, Some(658));
    let custom = serde_json::to_value(&referral.custom).expect("JSON");
    assert_eq!(
        custom["Support needed"],
        serde_json::json!(["Confidence", "Education"])
    );
    assert_eq!(custom["Contact preferences"], serde_json::json!(["Email"]));
    let second = by_reason("Moved to the area, knows nobody");
    let second = serde_json::to_value(&second.custom).expect("JSON");
    assert_eq!(second["How did you hear"], "Other");
    let sam = state
        .profiles
        .iter()
        .find(|p| p.core("email") == Some("sam.patel@example.org"))
        .expect("Sam stored");
    let sam_custom = serde_json::to_value(&sam.custom).expect("JSON");
    assert_eq!(sam_custom["First language"], "English");
    let alex = state
        .profiles
        .iter()
        .find(|p| p.core("first_name") == Some("Alex"))
        .expect("Alex stored");
    assert_eq!(
        serde_json::to_value(&alex.custom).expect("JSON")["First language"],
        "Polish"
    );
}

#[test]
fn auto_concurrency_backs_off_under_a_rate_limit_and_stores_every_row_once() {
    let mut config = lamplight_sandbox::Config::demo();
    config.rate_limit = Some(40.0);
    let sandbox = TestSandbox::with(config);
    let dir = tempfile::tempdir().expect("a temp dir");
    let rows = 160;
    let mut text = String::from("Email,Why,Source,Needs,Year\n");
    for row in 1..=rows {
        writeln!(text, "654,rate limited {row},School,,").expect("formatted");
    }
    let csv = write(dir.path(), "referrals.csv", &text);
    let map = write(dir.path(), "map.toml", REFERRAL_MAP);
    let results_path = dir.path().join("out.csv");
    let journal = dir.path().join("journal");
    let run = sandbox
        .run(&[
            "--json",
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&results_path),
            "--journal",
            arg(&journal),
            "--concurrency",
            "auto",
        ])
        .expect(0);
    let summary = run.json();
    assert_eq!(summary["stored"], rows, "{summary}");
    let concurrency = &summary["concurrency"];
    assert_eq!(concurrency["mode"], "auto", "{summary}");
    // The first second's burst passes; the rest of the file meets the limit.
    assert!(concurrency["busy_replies"].as_u64() > Some(0), "{summary}");
    assert!(concurrency["decreases"].as_u64() > Some(0), "{summary}");
    assert!(
        concurrency["lowest"].as_u64() < concurrency["highest"].as_u64(),
        "{summary}"
    );
    // Little's law: at 40 replies a second and well under a second each, far fewer than the
    // ceiling were in flight on average.
    let settled = concurrency["settled"].as_f64().expect("a number");
    assert!(settled > 0.0 && settled < 64.0, "{summary}");
    assert!(concurrency["limit"].as_u64() <= Some(64), "{summary}");

    // Every row stored exactly once, though many were refused and sent again.
    for row in 1..=rows {
        assert_eq!(
            sandbox.referrals_with_reason(&format!("rate limited {row}")),
            1,
            "row {row}"
        );
    }
    assert_eq!(sandbox.sandbox.state().referrals.len(), rows);
    let results = results(&results_path);
    assert_eq!(results.len(), rows);
    for (index, result) in results.iter().enumerate() {
        assert_eq!(result[0], (index + 1).to_string(), "in row order");
        assert_eq!(result[2], "done", "{result:?}");
    }
    let (done, started) = journal_rows(&journal);
    assert_eq!(done.len(), rows);
    assert!(started.is_empty(), "{started:?}");
    // A refused row is journalled as not sent before it is started again, so a crash in
    // between never leaves it uncertain.
    let journal_text = std::fs::read_to_string(&journal).expect("the journal");
    assert!(journal_text.contains("unsent: HTTP 429"), "{journal_text}");
}

#[test]
fn a_row_refused_with_503_is_sent_again_at_a_fixed_concurrency() {
    let sandbox = TestSandbox::demo();
    // The next three requests are refused unprocessed, the first with a Retry-After of zero.
    sandbox
        .sandbox
        .inject(Fault::status(503).with_retry_after(0), 1);
    sandbox.sandbox.inject(Fault::status(503), 2);
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = write(
        dir.path(),
        "referrals.csv",
        "Email,Why,Source,Needs,Year\n654,busy one,School,,\n654,busy two,School,,\n",
    );
    let map = write(dir.path(), "map.toml", REFERRAL_MAP);
    let journal = dir.path().join("journal");
    let run = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--journal",
            arg(&journal),
            "--concurrency",
            "1",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("Lamplight was busy 3 times"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("concurrency: auto"), "{}", run.stdout);
    assert_eq!(sandbox.referrals_with_reason("busy one"), 1);
    assert_eq!(sandbox.referrals_with_reason("busy two"), 1);
    let text = std::fs::read_to_string(&journal).expect("the journal");
    // A refused row waits its turn behind the rows already waiting, so which rows were
    // refused depends on timing; how many times, and that each was journalled, does not.
    assert_eq!(text.matches("unsent: HTTP 503").count(), 3, "{text}");
    assert_eq!(text.matches(" started ").count(), 5, "{text}");
    assert_eq!(text.matches(" done id ").count(), 2, "{text}");
}
