//! `lamplight-sandbox`: run the Lamplight emulator as a process.
//!
//! Prints the base URL on its first line of standard output, then the credentials, and serves
//! until Ctrl-C (SIGINT) or SIGTERM.

#![forbid(unsafe_code)]

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use lamplight_sandbox::{Config, STATE_PATH, Sandbox, Shape, StopSignals};

/// A local emulator of the Lamplight publishing API, for tests and demos.
#[derive(Debug, Parser)]
#[command(name = "lamplight-sandbox", version, about)]
struct Args {
    /// A TOML configuration (see sandbox.example.toml); without it, the built-in demo charity.
    #[arg(long, value_name = "FILE.toml", env = "LAMPLIGHT_SANDBOX_CONFIG")]
    config: Option<PathBuf>,
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Override the configured lampid.
    #[arg(long)]
    lampid: Option<u64>,
    /// Override the configured project.
    #[arg(long)]
    project: Option<u64>,
    /// Override the configured API key.
    #[arg(long)]
    key: Option<String>,
    /// Add this many milliseconds to every API request.
    #[arg(long, value_name = "N")]
    latency_ms: Option<u64>,
    /// Answer HTTP 429 with `Retry-After` above this many requests a second.
    #[arg(long, value_name = "N")]
    rate_limit: Option<f64>,
    /// Store at most this many records added by requests; past it, writes get HTTP 507.
    #[arg(long, value_name = "N")]
    max_records: Option<usize>,
    /// The reply shape: live (the live server's, endpoint by endpoint), clean (the documented
    /// shape) or chaos (every known quirk at random, seeded by --chaos-seed).
    #[arg(long, value_name = "live|clean|chaos", value_parser = parse_shape)]
    shape: Option<Shape>,
    /// The seed of the chaos shape.
    #[arg(long, value_name = "N")]
    chaos_seed: Option<u64>,
    /// Reply in the documented clean shape: the same as `--shape clean`.
    #[arg(long, conflicts_with = "shape")]
    clean_shape: bool,
    /// Refuse custom fields the configuration does not define, naming them.
    #[arg(long)]
    strict: bool,
}

fn parse_shape(text: &str) -> Result<Shape, String> {
    match text {
        "live" | "quirky" => Ok(Shape::Live),
        "clean" => Ok(Shape::Clean),
        "chaos" => Ok(Shape::Chaos),
        other => Err(format!(
            "'{other}' is not a shape: use live, clean or chaos"
        )),
    }
}

impl Args {
    fn config(&self) -> Result<Config, lamplight_sandbox::ConfigError> {
        let mut config = match &self.config {
            Some(path) => Config::from_file(path)?,
            None => Config::demo(),
        };
        if let Some(lampid) = self.lampid {
            config.credentials.lampid = lampid;
        }
        if let Some(project) = self.project {
            config.credentials.project = project;
        }
        if let Some(key) = &self.key {
            config.credentials.key.clone_from(key);
        }
        if let Some(latency) = self.latency_ms {
            config.latency_ms = latency;
        }
        if let Some(rate) = self.rate_limit {
            config.rate_limit = Some(rate);
        }
        if let Some(max) = self.max_records {
            config.max_records = max;
        }
        if let Some(shape) = self.shape {
            config.shape = shape;
        }
        if self.clean_shape {
            config.shape = Shape::Clean;
        }
        if let Some(seed) = self.chaos_seed {
            config.chaos_seed = seed;
        }
        if self.strict {
            config.strict = true;
        }
        Ok(config)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = match args.config() {
        Ok(config) => config,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "lamplight-sandbox: {error}");
            return ExitCode::from(2);
        }
    };
    let mut signals = match StopSignals::register() {
        Ok(signals) => signals,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "lamplight-sandbox: cannot listen for signals: {error}"
            );
            return ExitCode::FAILURE;
        }
    };
    let sandbox = match Sandbox::start_on(config, args.addr).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "lamplight-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    let credentials = sandbox.credentials();
    let config = sandbox.config();
    // A closed standard output (a reader that went away) must not stop the server.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "lamplight-sandbox listening on {}", sandbox.base_url());
    let _ = writeln!(
        out,
        "credentials: lampid={} project={} key={}",
        credentials.lampid, credentials.project, credentials.key
    );
    let _ = writeln!(out, "stored records: http://{}{STATE_PATH}", sandbox.addr());
    let _ = writeln!(
        out,
        "shape: {:?}, strict: {}, latency: {} ms, rate limit: {}, max records: {}. Press Ctrl-C to stop.",
        config.shape,
        config.strict,
        config.latency_ms,
        config
            .rate_limit
            .map_or_else(|| "none".to_owned(), |rate| format!("{rate}/s")),
        config.max_records,
    );
    let _ = out.flush();
    drop(out);
    let name = signals.wait().await;
    sandbox.shutdown().await;
    let _ = writeln!(
        std::io::stderr(),
        "lamplight-sandbox: {name} received, stopped"
    );
    ExitCode::SUCCESS
}
