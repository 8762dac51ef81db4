//! `lamplight schema check|rust` and `lamplight import --schema`, run as the real binary: the
//! CLI reads the same `lamplight.toml` as the sandbox and the derive.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestSandbox, results};
use lamplight_client::RecordKind;
use lamplight_schema::Schema;

fn demo_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../lamplight-sandbox/sandbox.example.toml")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

#[test]
fn schema_check_summarises_the_demo_system_and_names_line_and_column_of_a_mistake() {
    let sandbox = TestSandbox::demo();
    let schema = Schema::from_file(demo_schema()).expect("the demo schema");
    let summary = sandbox
        .run(&["--json", "schema", "check", arg(&demo_schema())])
        .expect(0)
        .json();
    for (kind, name) in [
        (RecordKind::Referral, "referral"),
        (RecordKind::Person, "person"),
        (RecordKind::Organisation, "organisation"),
        (RecordKind::Family, "family"),
    ] {
        assert_eq!(
            summary["fields"][name]["fields"],
            schema.fields(kind).len(),
            "{summary}"
        );
    }
    assert_eq!(summary["workareas"], schema.workareas.len());
    let human = sandbox
        .run(&["schema", "check", arg(&demo_schema())])
        .expect(0);
    assert!(
        human.stdout.contains("is a valid schema"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("Youth clubs"), "{}", human.stdout);

    let dir = tempfile::tempdir().expect("a temp dir");
    let broken = write(
        dir.path(),
        "lamplight.toml",
        "[[fields.referral]]\nlabel = \"Heard via\"\ntype = \"colour\"\n",
    );
    let error = sandbox.run(&["schema", "check", arg(&broken)]).expect(2);
    assert!(
        error.stderr.contains(&format!("{}:3:", broken.display())),
        "{}",
        error.stderr
    );
    // Without a file named, LAMPLIGHT_SCHEMA is read.
    let from_env = sandbox
        .command(&["schema", "check"])
        .env("LAMPLIGHT_SCHEMA", &broken)
        .output()
        .expect("runs");
    assert_eq!(from_env.status.code(), Some(2));
    let none = sandbox
        .command(&["schema", "check"])
        .current_dir(dir.path().join(".."))
        .output()
        .expect("runs");
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no schema"));
}

#[test]
fn import_checks_the_map_and_every_row_against_the_schema_before_sending() {
    let sandbox = TestSandbox::demo();
    let dir = tempfile::tempdir().expect("a temp dir");
    let schema = demo_schema();
    let typo_map = write(
        dir.path(),
        "typo.toml",
        "[fields]\nattendee = \"Email\"\n\"How did you here\" = \"Source\"\n",
    );
    let csv = write(
        dir.path(),
        "r.csv",
        "Email,Source,Year,First contact,Needs\n\
         653,Website,9,31/01/2026,Confidence;Education\n\
         654,Webiste,nine,31/02/2026,Confidense\n\
         655,word of mouth,10,2026-02-01,\n",
    );
    let typo = sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&typo_map),
            "--schema",
            arg(&schema),
        ])
        .expect(2);
    assert!(
        typo.stderr.contains("did you mean `How did you hear`?")
            && typo.stderr.contains("nothing was sent"),
        "{}",
        typo.stderr
    );
    assert!(sandbox.sandbox.state().referrals.is_empty());

    let map = write(
        dir.path(),
        "map.toml",
        "[fields]\nattendee = \"Email\"\n\"How did you hear\" = \"Source\"\n\
         \"school year\" = \"Year\"\n\"Date of first contact\" = \"First contact\"\n\
         \"Support needed\" = { column = \"Needs\", separator = \";\" }\n",
    );
    // The dry run reports every problem of every row, and sends nothing.
    let dry = sandbox
        .command(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--dry-run",
            "--results",
            arg(&dir.path().join("dry.csv")),
        ])
        .env("LAMPLIGHT_SCHEMA", &schema)
        .output()
        .expect("runs");
    let dry = common::Run::from(dry).expect(3);
    for problem in [
        "line 3, column `Source` (field `How did you hear`): `Webiste` is not an option of `How did you hear`; did you mean `Website`?",
        "line 3, column `Year` (field `school year`): `nine` is not a number",
        "line 3, column `First contact` (field `Date of first contact`): `31/02/2026` is not a real date",
        "line 3, column `Needs` (field `Support needed`): `Confidense` is not an option of `Support needed`; did you mean `Confidence`?",
    ] {
        assert!(dry.stdout.contains(problem), "{problem}\n{}", dry.stdout);
    }
    assert!(sandbox.sandbox.state().referrals.is_empty());

    let out = dir.path().join("out.csv");
    sandbox
        .run(&[
            "import",
            "referrals",
            arg(&csv),
            "--map",
            arg(&map),
            "--schema",
            arg(&schema),
            "--results",
            arg(&out),
        ])
        .expect(3);
    let rows = results(&out);
    let statuses: Vec<&str> = rows.iter().map(|row| row[2].as_str()).collect();
    assert_eq!(statuses, ["done", "failed", "done"]);
    let state = sandbox.sandbox.state();
    assert_eq!(state.referrals.len(), 2);
    let third = state
        .referrals
        .iter()
        .find(|referral| referral.attendee_id == 655)
        .expect("row 3 stored");
    let custom = serde_json::to_value(&third.custom).expect("JSON");
    // Sent in the schema's spelling, whatever case the cell used.
    assert_eq!(custom["How did you hear"], "Word of mouth", "{custom}");
    let first = state
        .referrals
        .iter()
        .find(|referral| referral.attendee_id == 653)
        .expect("row 1 stored");
    let fields = serde_json::to_value(&first.fields).expect("JSON");
    assert_eq!(fields["Date_of_first_contact"], "2026-01-31", "{fields}");
}

/// The generated structs compile against the workspace's `lamplight`, with the same file as
/// the crate's `lamplight.toml` (so that the derive checks them against it too).
#[test]
fn schema_rust_output_compiles() {
    let sandbox = TestSandbox::demo();
    let source = sandbox
        .run(&["schema", "rust", arg(&demo_schema())])
        .expect(0)
        .stdout;
    for expected in [
        "#[lamplight(referral)]",
        "#[lamplight(person, role = \"user\")]",
        "#[lamplight(organisation, role = \"org\")]",
        "pub enum HowDidYouHear",
        "#[derive(Debug, Clone, LamplightRecord)]",
    ] {
        assert!(source.contains(expected), "{expected}\n{source}");
    }
    let only = sandbox
        .run(&["schema", "rust", arg(&demo_schema()), "--kind", "referral"])
        .expect(0)
        .stdout;
    assert!(only.contains("pub struct Referral") && !only.contains("pub struct Person"));

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_owned();
    let dir = tempfile::tempdir().expect("a temp dir");
    let krate = dir.path().join("generated");
    std::fs::create_dir_all(krate.join("src")).expect("src");
    write(
        &krate,
        "Cargo.toml",
        &format!(
            "[package]\nname = \"generated\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nlamplight = {{ path = {:?} }}\ntime = \"0.3\"\n\n\
             [workspace]\n",
            workspace.display().to_string()
        ),
    );
    std::fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("lock copied");
    std::fs::copy(demo_schema(), krate.join("lamplight.toml")).expect("schema copied");
    write(&krate.join("src"), "lib.rs", &source);
    // The workspace's own target directory, so that the dependencies are not built again.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("LAMPLIGHT_SCHEMA")
        .output()
        .expect("cargo runs");
    assert!(
        check.status.success(),
        "the generated source does not compile:\n{}\n{source}",
        String::from_utf8_lossy(&check.stderr)
    );
}
