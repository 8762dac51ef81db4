//! Runs the real `lamplight` binary against a real sandbox started in the test.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use lamplight_sandbox::{Config, Sandbox};

/// A sandbox on its own runtime, so that tests can block on child processes.
pub struct TestSandbox {
    pub sandbox: Sandbox,
    runtime: tokio::runtime::Runtime,
}

impl TestSandbox {
    pub fn demo() -> TestSandbox {
        TestSandbox::with(Config::demo())
    }

    pub fn with_key(key: &str) -> TestSandbox {
        let mut config = Config::demo();
        config.credentials.key = key.to_owned();
        TestSandbox::with(config)
    }

    pub fn with(config: Config) -> TestSandbox {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(config))
            .expect("the sandbox starts");
        TestSandbox { sandbox, runtime }
    }

    /// The `lamplight` binary with this sandbox's base URL and credentials in its environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let credentials = self.sandbox.credentials();
        let mut command = Command::new(env!("CARGO_BIN_EXE_lamplight"));
        command
            .args(args)
            .env_clear()
            .env("LAMPLIGHT_BASE_URL", self.sandbox.base_url())
            .env("LAMPLIGHT_LAMPID", credentials.lampid.to_string())
            .env("LAMPLIGHT_PROJECT", credentials.project.to_string())
            .env("LAMPLIGHT_KEY", credentials.key)
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("lamplight runs"))
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lamplight starts")
    }

    /// How many referrals carry this reason.
    pub fn referrals_with_reason(&self, reason: &str) -> usize {
        self.sandbox
            .state()
            .referrals
            .iter()
            .filter(|referral| referral.reason.as_deref() == Some(reason))
            .count()
    }
}

/// What a finished command printed, and its exit code.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing the output when it is not the one expected.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|err| panic!("not JSON ({err}):\n{}", self.stdout))
    }
}

/// The import's results file as rows of cells, without the header.
pub fn results(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).expect("a results file");
    let header = reader.headers().expect("a header").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["row", "line", "status", "id", "message"]
    );
    reader
        .records()
        .map(|record| record.expect("a row").iter().map(str::to_owned).collect())
        .collect()
}

/// The rows a journal has `started` lines for but no outcome after the last one.
pub fn journal_rows(path: &Path) -> (Vec<u64>, Vec<u64>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut state = std::collections::BTreeMap::new();
    for line in text.lines().filter(|line| line.starts_with("row ")) {
        let mut words = line.split([' ', ':']).skip(1);
        let row: u64 = words
            .next()
            .and_then(|w| w.parse().ok())
            .expect("a row number");
        let verb = words.find(|w| !w.is_empty()).unwrap_or_default().to_owned();
        state.insert(row, verb);
    }
    let done = state
        .iter()
        .filter(|(_, verb)| *verb == "done")
        .map(|(row, _)| *row)
        .collect();
    let started = state
        .iter()
        .filter(|(_, verb)| *verb == "started")
        .map(|(row, _)| *row)
        .collect();
    (done, started)
}

/// How long a test waits for an event before it fails: long enough for a loaded machine,
/// short enough that a hang fails instead of eating the CI's time.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

/// Waits until `ready` holds, checking every few milliseconds, and fails the test if it has
/// not held by [`DEADLINE`]. Correctness never depends on the interval: it only bounds how
/// soon an event already happened is noticed.
pub fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + DEADLINE;
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "gave up waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// A child process killed (SIGKILL) if the test ends without reaping it.
pub struct Running(pub Option<Child>);

impl Running {
    pub fn id(&self) -> u32 {
        self.0.as_ref().map_or(0, Child::id)
    }

    pub fn kill(&mut self) {
        if let Some(mut child) = self.0.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    pub fn finish(&mut self) -> Run {
        let child = self.0.take().expect("still running");
        Run::from(child.wait_with_output().expect("exits"))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A named pipe at `path`, opened for reading and writing so that neither this test nor the
/// import blocks on opening it: the import reads the CSV from it as the test writes rows, so
/// the test decides exactly which rows exist when.
pub fn fifo(path: &Path) -> std::fs::File {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("the pipe opens")
}

/// The journal's lines, or nothing if it does not exist yet.
pub fn journal_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}
