//! `lamplight import` on files as UK charities export them from Excel: Windows-1252 text with
//! £ and é, a UTF-8 byte-order mark, CRLF line endings, and `DD/MM/YYYY` dates, with and
//! without a time. Run as the real binary against a real sandbox.

mod common;

use std::path::{Path, PathBuf};

use common::{TestSandbox, results};
use serde_json::json;

const MAP: &str = r#"
[fields]
attendee = "Email"
reason = "Why"
date = "Referred on"
"Additional notes" = "Notes"
"#;

fn fixture(dir: &Path, name: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let copy = dir.join(name);
    std::fs::copy(&source, &copy).expect("fixture copied");
    copy
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// What the sandbox received for a referral's parameter, as JSON.
fn sent(sandbox: &TestSandbox, reason: &str, name: &str) -> serde_json::Value {
    let state = sandbox.sandbox.state();
    let referral = state
        .referrals
        .iter()
        .find(|referral| referral.reason.as_deref() == Some(reason))
        .unwrap_or_else(|| {
            let stored: Vec<_> = state.referrals.iter().map(|r| r.reason.clone()).collect();
            panic!("no referral {reason:?} among {stored:?}")
        });
    serde_json::to_value(&referral.fields).expect("JSON")[name].clone()
}

#[test]
fn a_windows_1252_export_with_uk_dates_imports_and_bad_dates_name_line_column_and_format() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = fixture(dir.path(), "excel-windows-1252.csv");
    let map = dir.path().join("map.toml");
    std::fs::write(&map, MAP).expect("map written");
    let out = dir.path().join("out.csv");

    // Read as UTF-8, the £ is not text: the row fails, naming the line, the column and the fix.
    let wrong = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&out),
            "--dry-run",
        ])
        .expect(3);
    assert!(
        wrong
            .stdout
            .contains("line 2, column `Why`: the text is not valid UTF-8")
            && wrong.stdout.contains("--encoding"),
        "{}",
        wrong.stdout
    );

    let run = sandbox
        .run(&[
            "--json",
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&out),
            "--encoding",
            "windows-1252",
        ])
        .expect(3)
        .json();
    assert_eq!(
        (run["stored"].clone(), run["failed"].clone()),
        (json!(2), json!(2)),
        "{run}"
    );

    let reason = "Fee of £5 for the café trip";
    assert_eq!(sent(&sandbox, reason, "date_from"), "2026-01-31 13:15:00");
    assert_eq!(
        sent(&sandbox, reason, "Additional_notes"),
        "Renée's mum called"
    );
    assert_eq!(
        sent(&sandbox, "Needs help with forms", "date_from"),
        "2026-02-01"
    );

    let rows = results(&out);
    assert_eq!(rows[2][2], "failed");
    assert!(
        rows[2][4].starts_with("line 4, column `Referred on` (field `date`): `31/02/2026`")
            && rows[2][4].contains("February 2026 has no day 31")
            && rows[2][4].contains("expected DD/MM/YYYY (optionally with HH:MM)"),
        "{}",
        rows[2][4]
    );
    assert!(
        rows[3][4].starts_with("line 5, column `Referred on`")
            && rows[3][4].contains("two-digit year")
            && rows[3][4].contains("DD/MM/YYYY"),
        "{}",
        rows[3][4]
    );
}

#[test]
fn a_utf8_export_with_a_byte_order_mark_and_crlf_imports_with_its_lines_counted() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = fixture(dir.path(), "excel-utf8-bom-crlf.csv");
    let map = dir.path().join("map.toml");
    std::fs::write(
        &map,
        "[fields]\nattendee = \"Email\"\nreason = \"Why\"\ndate = \"Referred on\"\n",
    )
    .expect("map written");
    let out = dir.path().join("out.csv");
    let run = sandbox
        .run(&[
            "--json",
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&out),
        ])
        .expect(0)
        .json();
    assert_eq!(run["stored"], 2, "{run}");
    assert_eq!(
        sent(&sandbox, "Saved from Excel as UTF-8", "date_from"),
        "2026-03-02"
    );
    // A line break inside a quoted cell arrives as Excel writes one within a cell: `\n`.
    assert_eq!(
        sent(&sandbox, "Two\nlines", "date_from"),
        "2026-03-03 09:05:00"
    );
    let rows = results(&out);
    assert_eq!(
        rows.iter()
            .map(|row| (row[1].as_str(), row[2].as_str()))
            .collect::<Vec<_>>(),
        [("2", "done"), ("3", "done")]
    );
}

#[test]
fn another_date_format_is_named_with_date_format() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = dir.path().join("us.csv");
    std::fs::write(
        &csv,
        "Email,Why,Referred on\n653,American export,12/31/2025 23:59\n654,Day first,31/12/2025\n",
    )
    .expect("written");
    let map = dir.path().join("map.toml");
    std::fs::write(
        &map,
        "[fields]\nattendee = \"Email\"\nreason = \"Why\"\ndate = \"Referred on\"\n",
    )
    .expect("map written");
    let out = dir.path().join("out.csv");
    sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--results",
            arg(&out),
            "--date-format",
            "MM/DD/YYYY HH:MM",
        ])
        .expect(3);
    assert_eq!(
        sent(&sandbox, "American export", "date_from"),
        "2025-12-31 23:59:00"
    );
    let rows = results(&out);
    assert!(
        rows[1][4].contains("line 3") && rows[1][4].contains("expected MM/DD/YYYY HH:MM"),
        "{}",
        rows[1][4]
    );
    let bad = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--date-format",
            "DD/MM/YY",
        ])
        .expect(2);
    assert!(bad.stderr.contains("--date-format"), "{}", bad.stderr);
    let encoding = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--encoding",
            "klingon",
        ])
        .expect(2);
    assert!(
        encoding.stderr.contains("--encoding"),
        "{}",
        encoding.stderr
    );
    assert_eq!(sandbox.sandbox.state().referrals.len(), 1);
}

#[test]
fn a_date_with_minutes_goes_out_with_seconds() {
    let sandbox = TestSandbox::demo();
    sandbox
        .run(&[
            "referral",
            "add",
            "--attendee",
            "653",
            "--reason",
            "Phoned in",
            "--date",
            "2022-01-01 13:13",
        ])
        .expect(0);
    assert_eq!(
        sent(&sandbox, "Phoned in", "date_from"),
        "2022-01-01 13:13:00"
    );
    let bad = sandbox
        .run(&[
            "referral",
            "add",
            "--attendee",
            "653",
            "--date",
            "31/02/2026",
        ])
        .expect(2);
    assert!(
        bad.stderr.contains("field `date`") && bad.stderr.contains("February 2026 has no day 31"),
        "{}",
        bad.stderr
    );
}
