//! What a test pays for its own sandbox: `Sandbox::start` with the demo configuration plus its
//! first request answered, and the memory each idle sandbox adds to the process.
//!
//! `cargo bench -p lamplight-sandbox --bench start` (Linux: memory is read from
//! `/proc/self/status`). Settings: `STARTS` (how many timed start-ups, 500) and `IDLE` (how many
//! sandboxes are kept running for the memory figure, 100).
//!
//! A test starts its sandbox inside `#[tokio::test]`, a current-thread runtime, so this does too.
//! The first request is sent over a raw socket, so the figure is the sandbox's and not an HTTP
//! client's: connect, `GET workarea/all`, read the whole reply.

use std::error::Error;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use lamplight_sandbox::{Config, Sandbox};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn setting(name: &str, default: usize) -> Result<usize> {
    match std::env::var(name) {
        Ok(text) => Ok(text
            .parse()
            .map_err(|_| format!("{name} must be a whole number, not '{text}'"))?),
        Err(_) => Ok(default),
    }
}

/// Sends one request on a fresh connection and returns the reply's status line; the reply is
/// read to its end (the request asks the server to close).
async fn first_request(addr: SocketAddr, credentials: &str) -> Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!(
        "GET /api/workarea/all/format/json?{credentials} HTTP/1.1\r\nHost: sandbox\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await?;
    let reply = String::from_utf8_lossy(&reply);
    Ok(reply.lines().next().unwrap_or_default().to_owned())
}

fn credentials(sandbox: &Sandbox) -> String {
    let c = sandbox.credentials();
    format!("lampid={}&project={}&key={}", c.lampid, c.project, c.key)
}

/// Starts a demo sandbox and has it answer one request.
async fn start_and_ask() -> Result<Sandbox> {
    let sandbox = Sandbox::start(Config::demo()).await?;
    let status = first_request(sandbox.addr(), &credentials(&sandbox)).await?;
    if !status.starts_with("HTTP/1.1 200") {
        return Err(format!("the first request was answered '{status}'").into());
    }
    Ok(sandbox)
}

/// The resident set size of this process, in KiB.
fn rss_kib() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmRSS line in /proc/self/status".into())
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let at = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[at]
}

async fn run(quick: bool) -> Result<()> {
    let (starts, idle) = if quick {
        (3, 3)
    } else {
        (setting("STARTS", 500)?.max(1), setting("IDLE", 100)?.max(1))
    };

    // Warm-up: the first start in a process pays for lazy statics and the first page faults.
    start_and_ask().await?.shutdown().await;

    let mut times = Vec::with_capacity(starts);
    for _ in 0..starts {
        let began = Instant::now();
        let sandbox = start_and_ask().await?;
        times.push(began.elapsed());
        // Shut down outside the timed part: a test's sandbox stops after the test.
        sandbox.shutdown().await;
    }
    times.sort();
    println!(
        "Sandbox::start(Config::demo()) + first request answered, {starts} start-ups: \
         median {:.3} ms, p10 {:.3} ms, p90 {:.3} ms, max {:.3} ms",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.1).as_secs_f64() * 1e3,
        percentile(&times, 0.9).as_secs_f64() * 1e3,
        percentile(&times, 1.0).as_secs_f64() * 1e3,
    );

    let before = rss_kib()?;
    let mut running = Vec::with_capacity(idle);
    for _ in 0..idle {
        running.push(start_and_ask().await?);
    }
    let after = rss_kib()?;
    let per = (after.saturating_sub(before)) as f64 / idle as f64;
    println!(
        "RSS: {before} KiB before, {after} KiB with {idle} idle sandboxes (each has answered \
         one request): {per:.0} KiB ({:.3} MiB) per sandbox",
        per / 1024.0
    );
    for sandbox in running {
        sandbox.shutdown().await;
    }
    Ok(())
}

fn main() -> Result<()> {
    // Without `--bench` (`cargo test --benches`), a quick pass that checks the bench still works.
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(quick))
}
