//! No output of any command, successful or not, nor any file an import writes, contains the
//! API key.

mod common;

use std::process::Command;

use common::TestSandbox;

const CANARY: &str = "CANARY-k3y&5150+zz";

#[test]
fn the_key_never_appears_in_any_output() {
    let sandbox = TestSandbox::with_key(CANARY);
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "Email,Why,Source\n653,ok,Website\nnot-an-email,bad,x\n654,refused,Telepathy\n",
    )
    .expect("written");
    let map = dir.path().join("map.toml");
    std::fs::write(
        &map,
        "[fields]\nattendee = \"Email\"\nreason = \"Why\"\n\"How did you hear\" = \"Source\"\n",
    )
    .expect("written");
    let csv = csv.to_str().expect("UTF-8");
    let map = map.to_str().expect("UTF-8");

    let commands: Vec<Vec<&str>> = vec![
        vec!["workareas"],
        vec!["--json", "workareas"],
        vec!["work", "list", "--all"],
        vec!["work", "show", "30936"],
        vec!["work", "show", "99999"],
        vec!["people", "list", "--full"],
        vec!["people", "show", "662"],
        vec!["orgs", "list", "--role", "staff"],
        vec!["families", "show", "801"],
        vec![
            "referral",
            "add",
            "--attendee",
            "653",
            "--field",
            "How did you hear=Telepathy",
        ],
        vec![
            "referral",
            "add",
            "--attendee",
            "653",
            "--reason",
            "<b>x</b>",
        ],
        vec!["profile", "add", "--role", "user", "--first-name", "Sam"],
        vec![
            "profile",
            "update",
            "663",
            "--role",
            "user",
            "--surname",
            "X",
        ],
        vec!["attend", "--work", "30938", "--attendee", "653"],
        vec!["import", "referrals", csv, "--map", map],
        vec![
            "--json",
            "import",
            "referrals",
            csv,
            "--map",
            map,
            "--retry-failed",
        ],
        vec!["no-such-command"],
        vec!["workareas", "--bogus"],
        vec!["--help"],
    ];
    let mut outputs = Vec::new();
    for args in &commands {
        let run = sandbox.run(args);
        outputs.push((args.join(" "), run.stdout, run.stderr));
    }
    // The key on the command line, misused, and against servers that fail.
    let key_flag = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .env_clear()
        .args([
            "--lampid",
            "1234",
            "--project",
            "1",
            "--key",
            CANARY,
            "workareas",
            "extra",
        ])
        .output()
        .expect("runs");
    outputs.push((
        "--key on the command line".into(),
        String::from_utf8_lossy(&key_flag.stdout).into_owned(),
        String::from_utf8_lossy(&key_flag.stderr).into_owned(),
    ));
    for (name, base_url) in [
        ("unreachable", "http://127.0.0.1:1/api/"),
        ("plain http", "http://lamplight.example.org/api/"),
        (
            "a query in the URL",
            "https://lamplight.example.org/api/?key=CANARY-k3y&5150+zz",
        ),
    ] {
        let output = sandbox
            .command(&["people", "list"])
            .env("LAMPLIGHT_BASE_URL", base_url)
            .output()
            .expect("runs");
        assert_ne!(output.status.code(), Some(0), "{name}");
        outputs.push((
            name.into(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    let wrong_key = sandbox
        .command(&["workareas"])
        .env("LAMPLIGHT_KEY", "CANARY-k3y&5150+zz-wrong")
        .output()
        .expect("runs");
    assert_eq!(wrong_key.status.code(), Some(1));
    outputs.push((
        "a wrong key".into(),
        String::from_utf8_lossy(&wrong_key.stdout).into_owned(),
        String::from_utf8_lossy(&wrong_key.stderr).into_owned(),
    ));

    let encoded = "CANARY-k3y%265150%2Bzz";
    let mut failures = 0;
    for (name, stdout, stderr) in &outputs {
        for text in [stdout, stderr] {
            assert!(
                !text.contains("CANARY-k3y") && !text.contains(encoded),
                "`{name}` showed the key:\n{text}"
            );
        }
        failures += usize::from(!stderr.is_empty());
    }
    assert!(
        failures >= 8,
        "the failing commands said something on stderr"
    );
    for entry in std::fs::read_dir(dir.path()).expect("the dir") {
        let path = entry.expect("an entry").path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("readable")).into_owned();
        assert!(
            !text.contains("CANARY-k3y"),
            "{} holds the key",
            path.display()
        );
    }
    assert!(dir.path().join("r.results.csv").exists());
    assert!(dir.path().join("r.csv.journal").exists());
}
