//! No output of any command, successful or not, in human or `--json` form, with the request
//! log on at `RUST_LOG=trace`, nor any file an import writes, contains the API key.

mod common;

use std::process::Command;

use common::TestSandbox;
use lamplight_sandbox::Fault;

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
    let traced = |args: &[&str]| {
        let output = sandbox
            .command(args)
            .env("RUST_LOG", "trace")
            .output()
            .expect("lamplight runs");
        (
            args.join(" "),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    for args in &commands {
        outputs.push(traced(args));
        if !args.contains(&"--json") {
            let json: Vec<&str> = std::iter::once("--json")
                .chain(args.iter().copied())
                .collect();
            outputs.push(traced(&json));
        }
    }
    // Imports that meet each failure of the server, and of the files they are given.
    for (index, fault) in [
        Fault::status(500),
        Fault::status(429).with_retry_after(0),
        Fault::DropConnection,
        Fault::DropAfterProcessing,
        Fault::TruncatedBody,
        Fault::html_body(),
    ]
    .into_iter()
    .enumerate()
    {
        let faulty = dir.path().join(format!("fault{index}.csv"));
        std::fs::write(&faulty, "Email,Why,Source\n653,a,Website\n654,b,Website\n")
            .expect("written");
        let faulty = faulty.to_str().expect("UTF-8").to_owned();
        for json in [false, true] {
            sandbox.sandbox.inject(fault.clone(), 2);
            let mut args = vec!["import", "referrals", faulty.as_str(), "--map", map];
            if json {
                args.insert(0, "--json");
            }
            outputs.push(traced(&args));
        }
    }
    sandbox.sandbox.clear_faults();
    let typo_map = dir.path().join("typo.toml");
    std::fs::write(
        &typo_map,
        "[fields]\nattendee = \"Email\"\n\"How did you here\" = \"Source\"\n",
    )
    .expect("written");
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../lamplight-sandbox/sandbox.example.toml"
    );
    for args in [
        vec![
            "import",
            "referrals",
            csv,
            "--map",
            typo_map.to_str().expect("UTF-8"),
            "--schema",
            schema,
        ],
        vec![
            "import",
            "referrals",
            csv,
            "--map",
            map,
            "--schema",
            schema,
            "--dry-run",
        ],
        vec![
            "import",
            "referrals",
            csv,
            "--map",
            map,
            "--date-format",
            "YY",
        ],
        vec![
            "import",
            "referrals",
            csv,
            "--map",
            map,
            "--journal",
            "/dev/full",
        ],
        vec!["schema", "check", schema],
        vec!["schema", "rust", schema],
        vec!["schema", "check", csv],
    ] {
        outputs.push(traced(&args));
        let json: Vec<&str> = std::iter::once("--json")
            .chain(args.iter().copied())
            .collect();
        outputs.push(traced(&json));
    }
    // A journal that cannot be written (the file-size limit stands in for a full disk).
    let limited_csv = dir.path().join("limited.csv");
    std::fs::write(&limited_csv, "Email,Why,Source\n653,limited,Website\n").expect("written");
    let mut padding = String::from("# lamplight import journal 1: referrals\nrow 999 unsent: ");
    while padding.len() < 499 {
        padding.push('x');
    }
    padding.push('\n');
    std::fs::write(dir.path().join("limited.csv.journal"), padding).expect("written");
    let limited = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_lamplight"),
            "import",
            "referrals",
            limited_csv.to_str().expect("UTF-8"),
            "--map",
            map,
        ])
        .env_clear()
        .envs(
            sandbox
                .command(&[])
                .get_envs()
                .filter_map(|(name, value)| Some((name.to_owned(), value?.to_owned()))),
        )
        .env("RUST_LOG", "trace")
        .output()
        .expect("runs");
    assert_eq!(limited.status.code(), Some(1));
    outputs.push((
        "a journal that cannot be written".into(),
        String::from_utf8_lossy(&limited.stdout).into_owned(),
        String::from_utf8_lossy(&limited.stderr).into_owned(),
    ));
    // The log was on: the canary had every chance to appear.
    assert!(
        outputs
            .iter()
            .any(|(_, _, stderr)| stderr.contains(" DEBUG ") || stderr.contains(" TRACE ")),
        "RUST_LOG=trace printed no request log"
    );
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
