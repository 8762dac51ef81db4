//! The fault matrix: every failure a network, a proxy or the server can produce, met by a read
//! and by a write, against the real sandbox over loopback.
//!
//! For every cell the test checks what the caller gets (the typed error, or success after
//! retries), how many attempts the client made and the sandbox saw, and how many records the
//! sandbox stored: a write is stored once or not at all, never twice.
//!
//! With `LAMPLIGHT_WRITE_MATRIX=path` set, the observed matrix is also written to `path` as a
//! Markdown table; RELIABILITY.md's "Fault matrix" is that table.

mod common;

use std::time::{Duration, Instant};

use lamplight_client::{Client, DynamicRecord, Error, ProfileRef, Role};
use lamplight_sandbox::{Config, Fault, Sandbox};

/// The client's timeout in the timeout row. The sandbox holds that request for
/// [`HELD_FOR`], so the timeout always fires first; the read's retry meets no fault and has the
/// whole timeout to complete.
const TIMEOUT: Duration = Duration::from_secs(2);
const HELD_FOR: Duration = Duration::from_secs(5);

/// How long to wait for the sandbox to finish a request the client gave up on.
const SETTLE_DEADLINE: Duration = Duration::from_secs(60);

/// What each row does to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    Refused,
    DroppedBefore,
    DroppedAfter,
    Timeout,
    TooManyRequests,
    Status500,
    Status502,
    Html503,
    Truncated,
    ErrorBody200,
}

impl Failure {
    fn describe(self) -> &'static str {
        match self {
            Failure::Refused => "connection refused (nothing listens)",
            Failure::DroppedBefore => "connection dropped before processing",
            Failure::DroppedAfter => "connection dropped after processing (reply lost)",
            Failure::Timeout => "timeout (reply held past the client's timeout)",
            Failure::TooManyRequests => "429 with `Retry-After: 1`",
            Failure::Status500 => "500",
            Failure::Status502 => "502",
            Failure::Html503 => "503 with an HTML body",
            Failure::Truncated => "truncated body",
            Failure::ErrorBody200 => "200 with a Lamplight error body",
        }
    }

    /// The sandbox fault for the first request, if this row injects one.
    fn fault(self) -> Option<Fault> {
        match self {
            Failure::Refused | Failure::ErrorBody200 => None,
            Failure::DroppedBefore => Some(Fault::DropConnection),
            Failure::DroppedAfter => Some(Fault::DropAfterProcessing),
            Failure::Timeout => Some(Fault::delay(HELD_FOR)),
            Failure::TooManyRequests => Some(Fault::status(429).with_retry_after(1)),
            Failure::Status500 => Some(Fault::status(500)),
            Failure::Status502 => Some(Fault::status(502)),
            Failure::Html503 => Some(Fault::html_body().with_status(503)),
            Failure::Truncated => Some(Fault::TruncatedBody),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Read,
    Write,
}

/// What one cell should show.
struct Expected {
    outcome: &'static str,
    /// Attempts the client made; the sandbox sees as many, except when nothing listens.
    attempts: u32,
    stored: usize,
}

const fn expect(outcome: &'static str, attempts: u32, stored: usize) -> Expected {
    Expected {
        outcome,
        attempts,
        stored,
    }
}

/// The matrix as it must be. The client retries three times (`common::quick_retries`).
/// Reads retry whatever may pass; writes only what provably never reached the server.
const MATRIX: [(Failure, Expected, Expected); 10] = [
    (
        Failure::Refused,
        expect("Transport (no connection)", 4, 0),
        expect("Transport (no connection)", 4, 0),
    ),
    (
        Failure::DroppedBefore,
        expect("ok", 2, 0),
        expect("Transport", 1, 0),
    ),
    (
        Failure::DroppedAfter,
        expect("ok", 2, 0),
        expect("Transport", 1, 1),
    ),
    (
        Failure::Timeout,
        expect("ok", 2, 0),
        expect("Timeout", 1, 1),
    ),
    (
        Failure::TooManyRequests,
        expect("ok", 2, 0),
        expect("Http 429, Retry-After 1s", 1, 0),
    ),
    (
        Failure::Status500,
        expect("Http 500", 1, 0),
        expect("Http 500", 1, 0),
    ),
    (
        Failure::Status502,
        expect("ok", 2, 0),
        expect("Http 502", 1, 0),
    ),
    (
        Failure::Html503,
        expect("ok", 2, 0),
        expect("Http 503", 1, 0),
    ),
    (
        Failure::Truncated,
        expect("ok", 2, 0),
        expect("Transport", 1, 1),
    ),
    (
        Failure::ErrorBody200,
        expect("Api 1007 (HTTP 200)", 1, 0),
        expect("PartlySaved 1058", 1, 1),
    ),
];

/// What one cell showed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    outcome: String,
    client_attempts: u32,
    sandbox_attempts: usize,
    stored: usize,
}

fn outcome_name<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(Error::Api { code, status, .. }) => format!("Api {} (HTTP {status})", code.number()),
        Err(Error::PartlySaved { code, .. }) => format!("PartlySaved {}", code.number()),
        Err(Error::Http {
            status,
            retry_after: Some(after),
            ..
        }) => format!("Http {status}, Retry-After {}s", after.as_secs()),
        Err(Error::Http { status, .. }) => format!("Http {status}"),
        Err(Error::Transport { connect: true, .. }) => "Transport (no connection)".into(),
        Err(Error::Transport { .. }) => "Transport".into(),
        Err(Error::Timeout { .. }) => "Timeout".into(),
        Err(Error::Decode { .. }) => "Decode".into(),
        Err(other) => format!("unexpected: {other:?}"),
    }
}

/// The attempts the client recorded on its request span.
fn client_attempts(logs: &common::Logs) -> u32 {
    let text = logs.text();
    let line = text.lines().rev().find(|line| {
        line.contains("lamplight request succeeded") || line.contains("lamplight request failed")
    });
    line.and_then(|line| {
        let rest = &line[line.find("attempts=")? + "attempts=".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })
    .unwrap_or(0)
}

fn stored(sandbox: &Sandbox) -> usize {
    let state = sandbox.state();
    state.profiles.len() + state.referrals.len()
}

/// Waits until the sandbox has logged `count` requests: a request held by a delay is logged
/// only once it has been processed.
async fn settle(sandbox: &Sandbox, count: usize) {
    let deadline = Instant::now() + SETTLE_DEADLINE;
    while sandbox.requests().len() < count {
        assert!(
            Instant::now() < deadline,
            "the sandbox logged {} of {count} requests within {SETTLE_DEADLINE:?}",
            sandbox.requests().len()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn run_cell(failure: Failure, call: Call) -> Observed {
    let sandbox = Sandbox::start(Config::demo())
        .await
        .expect("the sandbox starts");
    let mut builder = common::builder_for(&sandbox);
    if failure == Failure::Refused {
        builder = builder.base_url(&format!("http://127.0.0.1:{}/api/", common::closed_port()));
    }
    if failure == Failure::Timeout {
        builder = builder.timeout(TIMEOUT);
    }
    let client: Client = builder.build().expect("the client builds");
    let before = stored(&sandbox);
    if let Some(fault) = failure.fault() {
        sandbox.inject(fault, 1);
    }
    let (logs, guard) = common::capture_logs();
    let outcome = match (failure, call) {
        (Failure::ErrorBody200, Call::Read) => {
            // No such person: Lamplight answers 1007 with HTTP 200.
            outcome_name(&client.person(Role::User, 999_999).await)
        }
        (Failure::ErrorBody200, Call::Write) => {
            // A field the API may not write: the person is saved, and the answer is 1058 with
            // HTTP 200.
            let person = DynamicRecord::person(Role::User)
                .set("first_name", "Al")
                .set("Membership number", "X-1");
            outcome_name(&client.create(&person).await)
        }
        (_, Call::Read) => outcome_name(&client.workareas().await),
        (_, Call::Write) => {
            let referral = DynamicRecord::referral()
                .set("attendee", ProfileRef::id(653))
                .set("reason", "Fault matrix");
            outcome_name(&client.create(&referral).await)
        }
    };
    drop(guard);
    let client_attempts = client_attempts(&logs);
    if failure != Failure::Refused {
        settle(&sandbox, client_attempts as usize).await;
    }
    Observed {
        outcome,
        client_attempts,
        sandbox_attempts: sandbox.requests().len(),
        stored: stored(&sandbox) - before,
    }
}

/// Runs one cell on a thread of its own, so that its log capture is its own.
fn run_on_thread(failure: Failure, call: Call) -> Observed {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run_cell(failure, call))
}

fn markdown(rows: &[(Failure, Observed, Observed)]) -> String {
    let mut table = String::from(
        "| Fault | Read: result | Read: attempts | Write: result | Write: attempts | Write: records stored |\n\
         |---|---|---|---|---|---|\n",
    );
    let attempts = |observed: &Observed| {
        if observed.sandbox_attempts == 0 && observed.client_attempts > 0 {
            format!("{} (none reached the sandbox)", observed.client_attempts)
        } else {
            observed.sandbox_attempts.to_string()
        }
    };
    let result = |observed: &Observed| match observed.outcome.as_str() {
        "ok" if observed.client_attempts > 1 => "recovered".to_owned(),
        "ok" => "ok".to_owned(),
        error => match error.split_once(' ') {
            Some((kind, detail)) => format!("`Error::{kind}` {detail}"),
            None => format!("`Error::{error}`"),
        },
    };
    for (failure, read, write) in rows {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            failure.describe(),
            result(read),
            attempts(read),
            result(write),
            attempts(write),
            write.stored,
        ));
    }
    table
}

#[test]
fn the_fault_matrix() {
    let observed: Vec<(Failure, Observed, Observed)> = std::thread::scope(|scope| {
        let handles: Vec<_> = MATRIX
            .iter()
            .map(|(failure, _, _)| {
                let failure = *failure;
                (
                    failure,
                    scope.spawn(move || run_on_thread(failure, Call::Read)),
                    scope.spawn(move || run_on_thread(failure, Call::Write)),
                )
            })
            .collect();
        handles
            .into_iter()
            .map(|(failure, read, write)| {
                let read = read.join().expect("the read cell ran");
                let write = write.join().expect("the write cell ran");
                (failure, read, write)
            })
            .collect()
    });

    let mut wrong = Vec::new();
    for ((failure, read, write), (_, expected_read, expected_write)) in
        observed.iter().zip(MATRIX.iter())
    {
        for (call, seen, expected) in [
            (Call::Read, read, expected_read),
            (Call::Write, write, expected_write),
        ] {
            let sandbox_expected = if *failure == Failure::Refused {
                0
            } else {
                expected.attempts as usize
            };
            let stored_expected = if call == Call::Read {
                0
            } else {
                expected.stored
            };
            if seen.outcome != expected.outcome
                || seen.client_attempts != expected.attempts
                || seen.sandbox_attempts != sandbox_expected
                || seen.stored != stored_expected
            {
                wrong.push(format!(
                    "{failure:?} {call:?}: expected {} after {} attempts ({sandbox_expected} seen \
                     by the sandbox), {stored_expected} stored; got {seen:?}",
                    expected.outcome, expected.attempts
                ));
            }
            assert!(
                seen.stored <= 1,
                "{failure:?} {call:?} stored twice: {seen:?}"
            );
        }
    }
    let table = markdown(&observed);
    if let Some(path) = std::env::var_os("LAMPLIGHT_WRITE_MATRIX") {
        std::fs::write(&path, &table).expect("the matrix file can be written");
    }
    assert!(wrong.is_empty(), "{}\n\n{table}", wrong.join("\n"));
}
