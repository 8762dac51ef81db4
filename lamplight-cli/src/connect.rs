//! Building the client from flags and the environment.

use std::time::Duration;

use lamplight_client::{Client, Credentials};

use crate::cli::GlobalArgs;
use crate::error::CliError;

/// A client for the credentials the flags or the environment give (clap has already merged the
/// two: a flag wins over its variable).
pub fn client(global: &GlobalArgs) -> Result<Client, CliError> {
    let missing = |flag: &str, variable: &str| {
        CliError::usage(format!("no {flag} given: set {variable} or pass --{flag}"))
    };
    let lampid = global
        .lampid
        .ok_or_else(|| missing("lampid", "LAMPLIGHT_LAMPID"))?;
    let project = global
        .project
        .ok_or_else(|| missing("project", "LAMPLIGHT_PROJECT"))?;
    let key = global
        .key
        .as_ref()
        .filter(|key| !key.expose().trim().is_empty())
        .ok_or_else(|| missing("key", "LAMPLIGHT_KEY"))?;
    let mut builder = Client::builder().credentials(Credentials::new(
        lampid,
        project,
        key.expose().trim().to_owned(),
    ));
    if let Some(base_url) = global
        .base_url
        .as_deref()
        .filter(|url| !url.trim().is_empty())
    {
        builder = builder.base_url(base_url.trim());
    }
    if let Some(seconds) = global.timeout {
        builder = builder.timeout(Duration::from_secs(seconds));
    }
    Ok(builder.build()?)
}
