//! The `lamplight-sandbox` binary: prints its URL, serves, stops cleanly on SIGINT and SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::reads::{assert_state_has_one_of_everything, write_one_of_everything};

struct Running {
    child: Child,
    base_url: String,
    lines: Vec<String>,
}

fn spawn(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lamplight-sandbox"))
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .env_remove("LAMPLIGHT_SANDBOX_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(4)
        .map(|line| line.expect("a line"))
        .collect();
    let first = lines.first().cloned().unwrap_or_default();
    let base_url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL on the first line: {first}"))
        .to_owned();
    Running {
        child,
        base_url,
        lines,
    }
}

fn stop(mut running: Running, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), running.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = running.child.wait().expect("the binary exits");
    assert!(exit.success(), "{signal}: {exit:?}");
}

#[tokio::test]
async fn the_binary_serves_the_demo_and_stops_on_sigint() {
    let running = spawn(&[]);
    assert!(
        running.base_url.starts_with("http://127.0.0.1:") && running.base_url.ends_with("/api/")
    );
    assert!(
        running.lines[1].contains("lampid=1234")
            && running.lines[1].contains("key=sandbox-demo-key")
    );
    let url = format!(
        "{}work/one/format/json?lampid=1234&project=1&key=sandbox-demo-key&id=30936",
        running.base_url
    );
    let body: Value = reqwest::get(url)
        .await
        .expect("a reply")
        .json()
        .await
        .expect("JSON");
    assert_eq!(body["data"]["id"], "30936");
    stop(running, "INT");
}

#[tokio::test]
async fn flags_override_the_config_and_sigterm_stops_it() {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/sandbox.example.toml");
    let running = spawn(&[
        "--config",
        config,
        "--key",
        "other-key",
        "--lampid",
        "7",
        "--project",
        "8",
        "--clean-shape",
        "--strict",
    ]);
    let url = format!(
        "{}work/one/format/json?lampid=7&project=8&key=other-key&id=30936",
        running.base_url
    );
    let body: Value = reqwest::get(url)
        .await
        .expect("a reply")
        .json()
        .await
        .expect("JSON");
    assert_eq!(body["data"][0]["id"], 30936, "clean shape");
    let client = reqwest::Client::new();
    let strict: Value = client
        .post(format!(
            "{}referral/add/format/json?lampid=7&project=8&key=other-key",
            running.base_url
        ))
        .form(&[("attendee", "653"), ("Shoe_size", "5")])
        .send()
        .await
        .expect("a reply")
        .json()
        .await
        .expect("JSON");
    assert_eq!(strict["error"], 1040, "strict: {strict}");
    stop(running, "TERM");
}

#[tokio::test]
async fn the_binary_serves_what_it_stored_at_the_state_endpoint() {
    let running = spawn(&[]);
    let state_url = running.base_url.replace("/api/", "/__sandbox/state");
    assert!(
        running.lines[2].contains(&state_url),
        "the state URL is printed: {:?}",
        running.lines
    );
    let http = reqwest::Client::new();
    let credentials = [
        ("lampid", "1234".to_owned()),
        ("project", "1".to_owned()),
        ("key", "sandbox-demo-key".to_owned()),
    ];
    write_one_of_everything(&http, &running.base_url, &credentials).await;
    let state: Value = http
        .get(&state_url)
        .send()
        .await
        .expect("a reply")
        .json()
        .await
        .expect("JSON");
    assert_state_has_one_of_everything(&state);
    stop(running, "INT");
}

#[tokio::test]
async fn latency_ms_holds_every_api_request_back() {
    let running = spawn(&["--latency-ms", "600000"]);
    assert!(
        running.lines[3].contains("latency: 600000 ms"),
        "{:?}",
        running.lines
    );
    let http = reqwest::Client::new();
    let url = format!(
        "{}workarea/all/format/json?lampid=1234&project=1&key=sandbox-demo-key",
        running.base_url
    );
    let held = http
        .get(&url)
        .timeout(std::time::Duration::from_millis(200))
        .send()
        .await;
    assert!(held.expect_err("held back").is_timeout());
    let state_url = running.base_url.replace("/api/", "/__sandbox/state");
    let state = http.get(&state_url).send().await.expect("a reply");
    assert_eq!(
        state.status().as_u16(),
        200,
        "the state endpoint is not held back"
    );
    stop(running, "INT");
    // Without the flag the same request is answered.
    let prompt = spawn(&[]);
    assert!(
        prompt.lines[3].contains("latency: 0 ms"),
        "{:?}",
        prompt.lines
    );
    let url = format!(
        "{}workarea/all/format/json?lampid=1234&project=1&key=sandbox-demo-key",
        prompt.base_url
    );
    let reply = http.get(&url).send().await.expect("answered");
    assert_eq!(reply.status().as_u16(), 200);
    stop(prompt, "INT");
}

#[test]
fn a_bad_config_is_reported_not_served() {
    let output = Command::new(env!("CARGO_BIN_EXE_lamplight-sandbox"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--config",
            "/nonexistent/sandbox.toml",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/nonexistent/sandbox.toml"), "{stderr}");
}

#[tokio::test]
async fn rate_limit_and_max_records_flags_bound_the_server() {
    let running = spawn(&["--rate-limit", "0.001", "--max-records", "0"]);
    assert!(
        running.lines[3].contains("rate limit: 0.001/s, max records: 0"),
        "{:?}",
        running.lines
    );
    let http = reqwest::Client::new();
    let url = format!(
        "{}referral/add/format/json?lampid=1234&project=1&key=sandbox-demo-key",
        running.base_url
    );
    let first = http
        .post(&url)
        .form(&[("attendee", "653")])
        .send()
        .await
        .expect("a reply");
    assert_eq!(first.status().as_u16(), 507, "full from the start");
    let second = http
        .post(&url)
        .form(&[("attendee", "653")])
        .send()
        .await
        .expect("a reply");
    assert_eq!(second.status().as_u16(), 429);
    assert!(second.headers().contains_key("retry-after"));
    stop(running, "INT");
    let output = Command::new(env!("CARGO_BIN_EXE_lamplight-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--rate-limit", "0"])
        .env_remove("LAMPLIGHT_SANDBOX_CONFIG")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("rate_limit"), "{stderr}");
}
