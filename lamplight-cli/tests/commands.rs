//! Every command but `import`, run as the real binary against a real sandbox.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::TestSandbox;

#[test]
fn workareas_as_a_table_and_as_json() {
    let sandbox = TestSandbox::demo();
    let table = sandbox.run(&["workareas"]).expect(0);
    assert!(
        table.stdout.contains("Junior club (8-12)"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("Youth clubs"), "{}", table.stdout);
    let json = sandbox.run(&["workareas", "--json"]).expect(0).json();
    let areas = json.as_array().expect("a list");
    assert_eq!(areas.len(), 4);
    assert_eq!(areas[0]["id"], 1);
    assert_eq!(areas[0]["children"][0]["text"], "Junior club (8-12)");
}

#[test]
fn work_list_pages_and_show() {
    let sandbox = TestSandbox::demo();
    let first = sandbox
        .run(&["--json", "work", "list", "--num", "2"])
        .expect(0)
        .json();
    assert_eq!(first["records"].as_array().map(Vec::len), Some(2));
    assert_eq!(first["total"], 5);
    let second = sandbox
        .run(&["--json", "work", "list", "--num", "2", "--start", "2"])
        .expect(0)
        .json();
    assert_ne!(first["records"][0]["id"], second["records"][0]["id"]);
    let all = sandbox
        .run(&["--json", "work", "list", "--num", "2", "--all"])
        .expect(0)
        .json();
    let ids: Vec<u64> = all["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|w| w["id"].as_u64())
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    let filtered = sandbox
        .run(&[
            "--json",
            "work",
            "list",
            "--workarea",
            "12",
            "--search",
            "senior",
        ])
        .expect(0)
        .json();
    assert_eq!(filtered["records"][0]["id"], 30937);
    let table = sandbox.run(&["work", "list"]).expect(0);
    assert!(table.stdout.contains("Junior club: Tuesday session"));
    assert!(table.stdout.contains("2 of 20"), "{}", table.stdout);

    let show = sandbox.run(&["work", "show", "30936"]).expect(0);
    assert!(
        show.stdout.contains("Riverside Youth Centre"),
        "{}",
        show.stdout
    );
    let json = sandbox
        .run(&["work", "show", "30936", "--json"])
        .expect(0)
        .json();
    assert_eq!(json["id"], 30936);
    assert_eq!(json["places_left"], 18);
    assert_eq!(json["custom"]["Age range"], "8-12");

    let missing = sandbox.run(&["work", "show", "99999"]).expect(1);
    assert!(missing.stderr.contains("1007"), "{}", missing.stderr);
}

#[test]
fn people_orgs_and_families_list_and_show() {
    let sandbox = TestSandbox::demo();
    let short = sandbox.run(&["people", "list"]).expect(0);
    assert!(short.stdout.contains("Aisha Khan"), "{}", short.stdout);
    let full = sandbox
        .run(&[
            "--json",
            "people",
            "list",
            "--full",
            "--filter",
            "First language=English",
        ])
        .expect(0)
        .json();
    let records = full["records"].as_array().expect("records");
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r["custom"]["First language"] == "English")
    );
    let near = sandbox
        .run(&[
            "--json", "people", "list", "--near", "SE11 6LU", "--radius", "500",
        ])
        .expect(0)
        .json();
    assert_eq!(near["records"][0]["id"], 653);
    assert!(near["centre"]["lat"].is_number(), "{near}");
    let search = sandbox
        .run(&[
            "--json", "people", "list", "--role", "staff", "--search", "Okoro",
        ])
        .expect(0)
        .json();
    assert_eq!(search["records"][0]["id"], 659);
    let all = sandbox
        .run(&["--json", "people", "list", "--num", "1", "--all"])
        .expect(0)
        .json();
    assert_eq!(
        all["records"].as_array().map(Vec::len),
        all["total"].as_u64().map(|n| n as usize)
    );

    let show = sandbox.run(&["people", "show", "653"]).expect(0);
    assert!(
        show.stdout.contains("aisha.khan@example.org"),
        "{}",
        show.stdout
    );
    let json = sandbox
        .run(&["--json", "people", "show", "653"])
        .expect(0)
        .json();
    assert_eq!(json["first_name"], "Aisha");
    assert_eq!(
        json["custom"]["Interests"],
        serde_json::json!(["Music", "Art"])
    );

    let orgs = sandbox.run(&["orgs", "list", "--role", "org"]).expect(0);
    assert!(orgs.stdout.contains("Southbank Academy"), "{}", orgs.stdout);
    let org = sandbox
        .run(&["--json", "orgs", "show", "702", "--role", "funder"])
        .expect(0)
        .json();
    assert_eq!(org["name"], "Lambeth Community Trust");
    let families = sandbox
        .run(&["--json", "families", "list"])
        .expect(0)
        .json();
    assert_eq!(families["total"], 2);
    let family = sandbox.run(&["families", "show", "801"]).expect(0);
    assert!(
        family.stdout.contains("The Smith family"),
        "{}",
        family.stdout
    );

    let unpublished = sandbox.run(&["people", "show", "662"]).expect(1);
    assert!(
        unpublished.stderr.contains("1002"),
        "{}",
        unpublished.stderr
    );
    let bad_role = sandbox.run(&["people", "list", "--role", "boss"]).expect(2);
    assert!(bad_role.stderr.contains("boss"), "{}", bad_role.stderr);
}

#[test]
fn referral_add_with_custom_and_multi_select_fields() {
    let sandbox = TestSandbox::demo();
    let run = sandbox
        .run(&[
            "referral",
            "add",
            "--attendee",
            "aisha.khan@example.org",
            "--referrer",
            "658",
            "--reason",
            "Needs help with confidence",
            "--date",
            "2026-01-05",
            "--workarea",
            "11,12",
            "--field",
            "How did you hear=Website",
            "--field",
            "Support needed=Confidence",
            "--field",
            "Support needed=Education",
            "--field",
            "Contact preferences[]=Email",
            "--field",
            "school year=9",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("referral 5001 created"),
        "{}",
        run.stdout
    );
    let state = sandbox.sandbox.state();
    let referral = state.referral(5001).expect("stored");
    assert_eq!(referral.attendee_id, 653);
    assert_eq!(referral.referrer_id, Some(658));
    assert_eq!(referral.workarea_ids, [11, 12]);
    assert_eq!(referral.date_from, "2026-01-05 00:00:00");
    let custom = serde_json::to_value(&referral.custom).expect("JSON");
    assert_eq!(custom["How did you hear"], "Website");
    assert_eq!(
        custom["Support needed"],
        serde_json::json!(["Confidence", "Education"])
    );
    assert_eq!(custom["Contact preferences"], serde_json::json!(["Email"]));

    let json = sandbox
        .run(&["--json", "referral", "add", "--attendee", "654"])
        .expect(0)
        .json();
    assert_eq!(json, serde_json::json!({"kind": "referral", "id": 5002}));

    let refused = sandbox
        .run(&[
            "referral",
            "add",
            "--attendee",
            "654",
            "--field",
            "How did you hear=Telepathy",
        ])
        .expect(1);
    assert!(refused.stderr.contains("1040"), "{}", refused.stderr);
    let html = sandbox
        .run(&[
            "referral",
            "add",
            "--attendee",
            "654",
            "--reason",
            "<b>urgent</b>",
        ])
        .expect(2);
    assert!(html.stderr.contains("HTML"), "{}", html.stderr);
    let label = sandbox
        .run(&[
            "referral",
            "add",
            "--attendee",
            "654",
            "--field",
            "school  year=9",
        ])
        .expect(2);
    assert!(label.stderr.contains("school  year"), "{}", label.stderr);
    let email = sandbox
        .run(&["referral", "add", "--attendee", "not-an-email"])
        .expect(2);
    assert!(email.stderr.contains("not-an-email"), "{}", email.stderr);
    assert_eq!(sandbox.sandbox.state().referrals.len(), 2);
}

#[test]
fn profile_add_and_update() {
    let sandbox = TestSandbox::demo();
    let added = sandbox
        .run(&[
            "--json",
            "profile",
            "add",
            "--role",
            "user",
            "--first-name",
            "Sam",
            "--surname",
            "Patel",
            "--postcode",
            "sw1a1aa",
            "--address",
            "1 High Street",
            "--address",
            "London",
            "--email",
            "sam@example.org",
            "--publishable",
            "true",
            "--publish-update",
            "true",
            "--field",
            "Interests=Art",
            "--field",
            "Interests=Music",
            "--field-id",
            "123=option_54",
        ])
        .expect(0)
        .json();
    assert_eq!(added["kind"], "person");
    let id = added["id"].as_u64().expect("an id");
    let state = sandbox.sandbox.state();
    let profile = state.profile(id).expect("stored");
    assert_eq!(profile.core("postcode"), Some("SW1A 1AA"));
    assert_eq!(profile.core("address_line_2"), Some("London"));
    assert!(profile.publishable);
    let custom = serde_json::to_value(&profile.custom).expect("JSON");
    assert_eq!(custom["Interests"], serde_json::json!(["Art", "Music"]));
    assert_eq!(custom["Gender"], "Female");

    let updated = sandbox
        .run(&[
            "profile",
            "update",
            &id.to_string(),
            "--role",
            "user",
            "--mobile",
            "07700 900456",
        ])
        .expect(0);
    assert!(updated.stdout.contains("updated"), "{}", updated.stdout);
    let state = sandbox.sandbox.state();
    let profile = state.profile(id).expect("stored");
    assert_eq!(profile.core("mobile"), Some("07700 900456"));
    assert_eq!(profile.core("first_name"), Some("Sam"));

    let org = sandbox
        .run(&[
            "--json",
            "profile",
            "add",
            "--kind",
            "organisation",
            "--role",
            "org",
            "--name",
            "Acme Trust",
        ])
        .expect(0)
        .json();
    let org_id = org["id"].as_u64().expect("an id");
    assert_eq!(
        sandbox
            .sandbox
            .state()
            .profile(org_id)
            .and_then(|p| p.core("name").map(str::to_owned)),
        Some("Acme Trust".to_owned())
    );
    let postcode = sandbox
        .run(&[
            "profile",
            "add",
            "--role",
            "user",
            "--first-name",
            "X",
            "--postcode",
            "nope",
        ])
        .expect(2);
    assert!(postcode.stderr.contains("postcode"), "{}", postcode.stderr);
    let locked = sandbox
        .run(&[
            "profile",
            "update",
            "663",
            "--role",
            "user",
            "--surname",
            "Y",
        ])
        .expect(1);
    assert!(locked.stderr.contains("1053"), "{}", locked.stderr);
    let wrong_role = sandbox
        .run(&[
            "profile",
            "add",
            "--kind",
            "organisation",
            "--role",
            "staff",
            "--name",
            "Acme",
        ])
        .expect(2);
    assert!(wrong_role.stderr.contains("role"), "{}", wrong_role.stderr);
}

#[test]
fn attend_reports_each_work_record() {
    let sandbox = TestSandbox::demo();
    let partial = sandbox
        .run(&["attend", "--work", "30936,30938", "--attendee", "653"])
        .expect(1);
    assert!(partial.stdout.contains("added"), "{}", partial.stdout);
    assert!(partial.stdout.contains("1026"), "{}", partial.stdout);
    let json = sandbox
        .run(&[
            "--json",
            "attend",
            "--work",
            "30941",
            "--attendee",
            "654",
            "--notes",
            "First visit",
        ])
        .expect(0)
        .json();
    assert_eq!(json["results"][0]["attended"], true);
    let state = sandbox.sandbox.state();
    assert_eq!(state.attendances.len(), 2);
    assert!(state.attendances.iter().any(|a| a.work_id == 30941
        && a.profile_id == 654
        && a.notes.as_deref() == Some("First visit")));
}

#[test]
fn credentials_are_required_and_errors_use_exit_code_2() {
    let sandbox = TestSandbox::demo();
    let missing = sandbox
        .command(&["workareas"])
        .env_remove("LAMPLIGHT_KEY")
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("LAMPLIGHT_KEY"));
    let flags = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .env_clear()
        .args(["--lampid", "1234", "--project", "1", "--key"])
        .arg(sandbox.sandbox.credentials().key)
        .args([
            "--base-url",
            &sandbox.sandbox.base_url(),
            "workareas",
            "--json",
        ])
        .output()
        .expect("runs");
    assert_eq!(flags.status.code(), Some(0));
    let unknown = sandbox.run(&["volunteers"]).expect(2);
    assert!(unknown.stderr.contains("volunteers"), "{}", unknown.stderr);
    let plain_http = sandbox
        .command(&["workareas"])
        .env("LAMPLIGHT_BASE_URL", "http://lamplight.example.org/api/")
        .output()
        .expect("runs");
    assert_eq!(plain_http.status.code(), Some(2));
}

#[test]
fn sandbox_command_serves_until_interrupted() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .args(["sandbox", "--addr", "127.0.0.1:0"])
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let base_url = first
        .rsplit(' ')
        .next()
        .filter(|url| url.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    let printed: Vec<String> = lines.by_ref().take(7).map_while(Result::ok).collect();
    assert!(
        printed
            .iter()
            .any(|line| line.contains("LAMPLIGHT_KEY=sandbox-demo-key")),
        "{printed:?}"
    );
    let areas = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .env_clear()
        .env("LAMPLIGHT_BASE_URL", &base_url)
        .env("LAMPLIGHT_LAMPID", "1234")
        .env("LAMPLIGHT_PROJECT", "1")
        .env("LAMPLIGHT_KEY", "sandbox-demo-key")
        .args(["--json", "workareas"])
        .output()
        .expect("runs");
    assert_eq!(areas.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&areas.stdout).contains("Youth clubs"));
    let signalled = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(0));
}
