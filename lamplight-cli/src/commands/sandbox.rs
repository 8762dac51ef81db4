//! `lamplight sandbox`: the emulator, in this process, until Ctrl-C.

use lamplight_sandbox::{Config, STATE_PATH, Sandbox};
use serde_json::json;

use crate::cli::SandboxArgs;
use crate::error::{CliError, Exit};
use crate::interrupt::Interrupt;
use crate::output;

/// Runs the sandbox with the demo charity or `--config`, prints how to reach it, and serves
/// until `interrupt` is raised (the binary raises it on Ctrl-C).
///
/// The sandbox's own test key is printed: it is the emulator's, not a Lamplight system's.
pub async fn run(args: &SandboxArgs, json: bool, interrupt: &Interrupt) -> Result<Exit, CliError> {
    let config = match &args.config {
        Some(path) => Config::from_file(path).map_err(|err| CliError::usage(err.to_string()))?,
        None => Config::demo(),
    };
    let sandbox = Sandbox::start_on(config, args.addr)
        .await
        .map_err(|err| CliError::failed(format!("the sandbox could not start: {err}")))?;
    let credentials = sandbox.credentials();
    let state_url = format!("http://{}{STATE_PATH}", sandbox.addr());
    if json {
        output::print_json(&json!({
            "base_url": sandbox.base_url(),
            "lampid": credentials.lampid,
            "project": credentials.project,
            "key": credentials.key,
            "state_url": state_url,
        }));
    } else {
        output::print(&format!(
            "Lamplight sandbox listening on {base}\n\
             stored records: {state_url}\n\
             Use it from another terminal with:\n\
             \x20 export LAMPLIGHT_BASE_URL={base}\n\
             \x20 export LAMPLIGHT_LAMPID={lampid}\n\
             \x20 export LAMPLIGHT_PROJECT={project}\n\
             \x20 export LAMPLIGHT_KEY={key}\n\
             Press Ctrl-C to stop.",
            base = sandbox.base_url(),
            lampid = credentials.lampid,
            project = credentials.project,
            key = credentials.key,
        ));
    }
    interrupt.wait().await;
    sandbox.shutdown().await;
    eprintln!("lamplight sandbox stopped");
    Ok(Exit::Success)
}
